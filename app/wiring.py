"""What the areas tell each other, wired once when the app starts.

A lower area never imports a higher one (docs/architecture.md). Where it needs a rule or a
fact only a higher area knows, it declares a hook (app.core.hooks) and this module fills it;
here too are the code words of every area, the study navigation and what "own" means for the
access policy. Reading this file tells every cross-area dependency there is.
"""
import importlib

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.consent import background as consent_jobs
from app.consent import desk_marks
from app.consent import flags as consent_flags
from app.consent import rules as consent_rules
from app.consent import uploads as consent_uploads
from app.core import jobs, labels, policy, storage
from app.core.navigation import add_nav_group, add_study_nav
from app.dashboard import counters as dashboard_counters
from app.exports import background as export_jobs
from app.exports import bundles
from app.fieldwork import checks as fieldwork_checks
from app.fieldwork import own
from app.fieldwork import queries as fieldwork_queries
from app.fieldwork import services as fieldwork
from app.fieldwork.models import FieldSession
from app.recruitment import search as recruitment_search
from app.recruitment import services as recruitment
from app.recruitment.models import Participant
from app.transcripts import flags as transcript_flags
from app.transcripts import services as transcripts
from app.transcripts.models import Transcript

LABEL_PACKAGES = ["studies", "recruitment", "fieldwork", "consent", "instruments", "transcripts", "exports",
                  "retention"]

# label, endpoint, action (the policy decides who sees it), order
STUDY_NAV = [
    (_l("Dashboard"), "dashboard.index", "study.view", 0),
    (_l("Organisations"), "recruitment.organisations", "study.view", 15),
    (_l("Participants"), "recruitment.participants", "participants.view", 20),
    (_l("Sessions"), "fieldwork.sessions", "sessions.view", 30),
    (_l("Calendar"), "fieldwork.calendar", "sessions.view", 32),
    (_l("My sessions"), "fieldwork.my_sessions", "session_records.edit", 34),
    (_l("Targets"), "dashboard.targets", "study.view", 40),
    (_l("Consent forms"), "consent.forms", "versions.view", 40),
    (_l("Instruments"), "instruments.index", "versions.view", 40),
    (_l("Consent"), "consent.index", "consent_records.record", 42),
    (_l("Ethics desk"), "consent.desk", "ethics_desk.view", 44),
    (_l("Transcripts"), "transcripts.index", "raw_transcripts.view", 60),
    (_l("Protocols"), "exports.protocols_batch", "pdfs.protocols", 65),
    (_l("Bundles"), "exports.bundles", "bundles.view", 70),
    (_l("Audit trail"), "audit.trail", "audit_trail.view", 80),
    (_l("Retention"), "retention.index", "destruction.view", 85),
    (_l("Members"), "studies.members", "members.view", 90),
    (_l("Settings"), "studies.edit", "study.edit", 95),
]


def wire(app: Flask) -> None:
    register_labels()
    register_navigation()
    register_rules()
    register_owner_checks()
    register_recruitment_views()
    register_stored_files()
    register_encryption()
    register_counters()
    register_jobs()


def register_labels() -> None:
    for name in LABEL_PACKAGES:
        labels.register(importlib.import_module(f"app.{name}.labels").LABELS)


# Issue 15: the navigation in groups (a menu on narrow screens). An entry not named here is
# shown before the groups.
NAV_GROUPS = [
    ("recruitment", _l("Recruitment"), 10, ["recruitment.organisations", "recruitment.participants",
                                           "dashboard.targets"]),
    ("fieldwork", _l("Fieldwork"), 20, ["fieldwork.sessions", "fieldwork.calendar", "fieldwork.my_sessions",
                                       "instruments.index", "exports.protocols_batch"]),
    ("consent", _l("Consent"), 30, ["consent.forms", "consent.index", "consent.desk"]),
    ("data", _l("Data"), 40, ["transcripts.index", "exports.bundles", "audit.trail"]),
    ("study", _l("Study"), 50, ["studies.members", "studies.edit"]),
]


def register_navigation() -> None:
    group_of = {}
    for key, label, order, endpoints in NAV_GROUPS:
        add_nav_group(key, label, order)
        group_of.update(dict.fromkeys(endpoints, key))
    for label, endpoint, action, order, *_rest in STUDY_NAV:
        add_study_nav(label, endpoint, action, order, group_of.get(endpoint, ""))


def register_rules() -> None:
    """Rule 3 at attendance and completion; the transcripts area's ethics flag."""
    fieldwork_checks.ATTENDANCE_CHECKS.add(consent_rules.consent_for_attendance)
    fieldwork_checks.COMPLETION_CHECKS.add(consent_rules.recording_consent)
    consent_flags.MORE_FLAGS.add(transcript_flags.withdrawn_data_in_approved_transcript)
    # issue 18: the desk's stored open items follow the transcripts' changes that flag depends on
    consent_flags.MORE_FLAGS_REACH.add(transcript_flags.reached)


def register_owner_checks() -> None:
    """A fieldworker's own sessions (facilitator or note-taker), their transcripts and participants."""
    policy.register_owner_check(FieldSession, lambda user, session: own.is_own_session(session, user))
    policy.register_owner_check(Transcript, lambda user, transcript: own.is_own_session(transcript.session, user))
    policy.register_owner_check(Participant, fieldwork_queries.is_own_participant)


def register_recruitment_views() -> None:
    recruitment.SESSIONS_OF_PARTICIPANT.provide(fieldwork_queries.sessions_of_participant)
    recruitment.PARTICIPANTS_OF_FIELDWORKER.provide(fieldwork_queries.participants_of_fieldworker)
    recruitment.INVITABLE_SESSIONS.provide(fieldwork.invitable_sessions)  # issue 15: bulk invite


def register_stored_files() -> None:
    """The files each area's records name, so `flask storage verify` can tell one is missing."""
    storage.REFERENCED.add(consent_uploads.stored_scans)
    storage.REFERENCED.add(transcripts.stored_originals)
    storage.REFERENCED.add(bundles.stored_bundles)


def register_encryption() -> None:
    """Issue 17: the blind index follows every write of a participant's sealed name and contacts."""
    recruitment_search.install_index()


def register_counters() -> None:
    """The dashboard's per-study counters, the staff rows' copies of their session's study and
    end (app.fieldwork.own) and the ethics desk's marks (issue 18) follow every flush that
    changes what they count."""
    own.install()
    dashboard_counters.install()
    desk_marks.install()


def register_jobs() -> None:
    """The exports' long work and the ethics report (issue 18) run as background jobs; their files are
    named for storage verify."""
    export_jobs.register()
    consent_jobs.register()
    storage.REFERENCED.add(_job_files)


def _job_files():
    """The files finished jobs offer (protocols, ethics reports), for `flask storage verify`."""
    return jobs.stored_files(export_jobs.PROTOCOLS, consent_jobs.REPORT)
