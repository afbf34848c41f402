"""Demo consent: an approved form in two versions (the first retired), consent records for
everyone who takes part, withdrawals, a written consent without its scan, a review thread.

The demo obeys every rule: each attendee consented before their first session, on a version
approved by then, and whoever attends an audio-recorded session said yes to recording. The
ethics desk's flags come from legitimate histories: the first version is retired after people
consented on it, so those who attend again after the retirement are flagged; a participant who
attended withdraws later; a written consent still waits for its scan."""
import io
from datetime import date, timedelta


from app.consent import review, services, versions
from app.consent.models import ConsentMethod, WithdrawalScope
from app.consent.uploads import store_scan
from app.demo.context import DemoContext
from app.fieldwork.models import Attendance
from app.recruitment.models import RecruitmentStatus

TEXT = {
    "ru": "Вас приглашают принять участие в исследовании цифрового правительства в Казахстане. "
          "Участие добровольное; вы можете отказаться в любой момент без объяснения причин.",
    "kk": "Сізді Қазақстандағы цифрлық үкімет туралы зерттеуге қатысуға шақырамыз. "
          "Қатысу ерікті; кез келген уақытта себебін түсіндірмей бас тарта аласыз.",
    "en": "You are invited to take part in a study of digital government in Kazakhstan. "
          "Taking part is voluntary; you may stop at any time without giving a reason.",
}
CONSENTING = {RecruitmentStatus.PARTICIPATED, RecruitmentStatus.SCHEDULED, RecruitmentStatus.AGREED,
              RecruitmentStatus.WITHDRAWN}
DEMO_SCAN = b"%PDF-1.4\n% fictional scan of a signed consent form\n%%EOF\n"


def _approved(ctx: DemoContext, version, approved_on: date) -> None:
    versions.update_draft(version, ctx.users["coordinator"], TEXT, version.items)
    versions.submit(version, ctx.users["coordinator"])
    versions.approve(version, ctx.users["reviewer"], approved_on, "Одобрено комитетом (демо).")


def build_consent(ctx: DemoContext) -> None:
    today = services.study_today(ctx.study)
    first = versions.create_form(ctx.study, "Информированное согласие", ctx.users["coordinator"])
    _approved(ctx, first, today - timedelta(days=70))
    second = versions.new_version_from(first, ctx.users["coordinator"])
    _approved(ctx, second, today - timedelta(days=14))
    first_day = _first_attended_day(ctx)
    recorded = _recorded_attendees(ctx)
    no_to_audio = next((p.id for p in ctx.participants if p.id not in recorded and p.status in CONSENTING
                        and p.status != RecruitmentStatus.WITHDRAWN), None)
    records = {}
    for index, participant in enumerate(ctx.participants):
        if participant.id in first_day or participant.status in CONSENTING:
            day = first_day.get(participant.id, today) - timedelta(days=3)
            records[participant.id] = _consent(ctx, index, participant, first if day < second.approved_on else second,
                                               day, audio=participant.id != no_to_audio)
    # six local days back: the last attended session (4 UTC days back, app/demo/sessions.py) falls
    # after it even when the study's local date is a day ahead of UTC (evenings in Almaty)
    versions.retire(first, ctx.users["reviewer"], today - timedelta(days=6))
    _withdraw_and_review(ctx, records, today)
    _later_withdrawal(ctx, first_day, today)


def _first_attended_day(ctx: DemoContext) -> dict[int, date]:
    days: dict[int, date] = {}
    for session in ctx.sessions:
        day = services.local_day(session.starts_at, ctx.study.timezone)
        for attendee in session.attendees:
            if attendee.attendance == Attendance.ATTENDED:
                days[attendee.participant_id] = min(day, days.get(attendee.participant_id, day))
    return days


def _recorded_attendees(ctx: DemoContext) -> set[int]:
    """Everyone who attended an audio-recorded session: they all said yes to recording."""
    return {a.participant_id for s in ctx.sessions if s.audio_recorded for a in s.attendees
            if a.attendance == Attendance.ATTENDED}


def _later_withdrawal(ctx: DemoContext, first_day: dict, today: date) -> None:
    """Someone who took part stops taking part afterwards (their data given stays)."""
    attended = [p for p in ctx.participants if p.id in first_day and p.status == RecruitmentStatus.PARTICIPATED]
    if attended:
        services.withdraw(attended[-1], today - timedelta(days=1), WithdrawalScope.STOP,
                          ctx.users["coordinator"], "Больше не может участвовать (демо).")


def _consent(ctx: DemoContext, index: int, participant, version, day: date, audio: bool = True):
    method = [ConsentMethod.ORAL_RECORDED, ConsentMethod.WRITTEN, ConsentMethod.ELECTRONIC][index % 3]
    scan = None
    if method == ConsentMethod.WRITTEN and index != 4:  # participant 5: written, scan missing
        scan = store_scan(io.BytesIO(DEMO_SCAN + f"% P{index}\n".encode()), study_id=participant.study_id)
    answers = {key: True for key in version.item_keys}
    answers["quotation"] = index % 5 != 3
    answers["audio"] = audio  # one participant, never in a recorded session, said no to recording
    fieldworker = ctx.users["fieldworker" if index % 2 else "fieldworker2"]
    return services.record_consent(participant, version, day, method, fieldworker, answers, fieldworker, scan=scan)


def _withdraw_and_review(ctx: DemoContext, records: dict, today: date) -> None:
    for participant in ctx.participants:
        if participant.status == RecruitmentStatus.WITHDRAWN and records.get(participant.id):
            services.withdraw(participant, today - timedelta(days=2), WithdrawalScope.WITHDRAW_DATA,
                              ctx.users["coordinator"], "Сообщила по телефону (демо).")
    kept = [r for r in records.values() if r is not None]
    for record in kept[:6]:
        review.mark_reviewed(record, ctx.users["reviewer"])
    review.raise_query(kept[6], ctx.users["reviewer"], "Кто присутствовал при получении согласия?")
    review.answer_query(kept[6], ctx.users["coordinator"], "Тимур Есенов и переводчик (демо).")
