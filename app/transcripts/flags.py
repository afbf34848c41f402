"""The ethics flag the transcripts area adds: a withdrawal of data whose words are still in an
approved transcript (the transcript must be reviewed again; bundles already withhold them)."""
from flask_babel import gettext as _

from app.consent.flags import ConsentData, Flag
from app.consent.models import WithdrawalScope
from app.transcripts.services import participants_in_approved_transcripts


def withdrawn_data_in_approved_transcript(data: ConsentData) -> list[Flag]:
    withdrew = {pid: ws for pid, ws in data.withdrawals.items()
                if any(w.scope == WithdrawalScope.WITHDRAW_DATA for w in ws)}
    if not withdrew:
        return []
    speaking = participants_in_approved_transcripts(data.study)
    flags = []
    for pid in sorted(withdrew.keys() & speaking):
        who = withdrew[pid][0].participant.pseudonym
        flags.append(Flag("withdrawn_data_in_transcript",
                          _("%(who)s withdrew their data, but their words are still in an approved transcript.",
                            who=who), pid))
    return flags
