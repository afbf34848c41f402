"""Demo transcripts: a Russian focus group half reviewed, an English interview approved, and a
Russian interview whose speakers are not mapped yet. Every name, number and address is invented."""
import re

from app.core.extensions import db
from app.demo.context import DemoContext
from app.fieldwork.models import Attendance, SessionStatus, SessionType, StaffRole
from app.transcripts import review, services
from app.transcripts.models import Decision

FOCUS_GROUP = """Модератор: Добрый день, коллеги. Сегодня говорим о цифровых услугах.
{a}: Меня зовут {a}, я работаю в {org_a}. Портал eGov у нас работает, \
но жители звонят по телефону +7 701 555 12 34, когда не могут войти.
{b}: Согласна с {a_first}. У нас в {org_b} похожая история.
Модератор: А кто отвечает за обучение сотрудников?
{c}: Этим занимается Серик Жаксылыков, наш методист. Его почта serik.zh@example.kz, можно написать.
{b}: Да, Серик Жаксылыков приезжал к нам в марте.
{a}: Ещё есть горячая линия 8 (727) 555-44-33, но она перегружена.
Модератор: Спасибо. {c_first}, что бы вы изменили?
{c}: Я бы упростила вход через ЭЦП и добавила помощь в ЦОНе на улице Абая, 15.
"""

INTERVIEW_EN = """Interviewer: Thank you for agreeing to talk. Could you describe your role?
{a}: Sure. I am {a}, I coordinate digital services at {org_a}.
Interviewer: Who else is involved?
{a}: Mostly my colleague Laura Bennett from the donor side; you can reach her at laura.bennett@example.org.
{a}: And our office number is +7 727 555 01 02 if you need the documents.
Interviewer: That is very helpful, thank you.
"""

INTERVIEW_RU = """Интервьюер: Расскажите, пожалуйста, как устроена работа с обращениями.
Респондент: Обращения приходят через портал, потом их распределяет {a}.
Интервьюер: Сколько времени занимает ответ?
Респондент: Обычно неделю. Если срочно, звоните мне: 8 701 555 77 66.
"""


def build_transcripts(ctx: DemoContext) -> None:
    completed = [s for s in ctx.sessions if s.status == SessionStatus.COMPLETED and s.attendees]
    focus = next(s for s in completed if s.type == SessionType.FOCUS_GROUP)
    interviews = [s for s in completed if s.type == SessionType.SEMI_STRUCTURED_INTERVIEW]
    _focus_group(ctx, focus)
    if interviews:
        _english_interview(ctx, interviews[0])
    if len(interviews) > 1:
        _upload(ctx, interviews[1], INTERVIEW_RU.format(a=_attendees(interviews[1])[0].name), "ru")


def _org(participant) -> str:
    """The organisation as people say it, without the demo's "(fictional)" note."""
    return re.sub(r"\s*\([^)]*\)$", "", participant.organisation.name)


def _attendees(session):
    return [a.participant for a in session.attendees if a.attendance == Attendance.ATTENDED]


def _facilitator(session):
    return next(s.user for s in session.staff if s.role == StaffRole.FACILITATOR)


def _upload(ctx, session, text, language, name="transcript.txt"):
    return services.upload_transcript(
        session, name, text.encode("utf-8"), language, _facilitator(session), max_bytes=5 * 1024 * 1024)


def _map(session, transcript):
    by_name = {p.name: f"p:{p.id}" for p in _attendees(session)}
    mapping = {s.id: by_name.get(s.label, f"u:{_facilitator(session).id}")
               for s in transcript.speakers}
    services.map_speakers(transcript, mapping, _facilitator(session))


def _focus_group(ctx, session) -> None:
    a, b, c = _attendees(session)[:3]
    text = FOCUS_GROUP.format(a=a.name, b=b.name, c=c.name, a_first=a.name.split()[0],
                              c_first=c.name.split()[0], org_a=_org(a), org_b=_org(b))
    transcript = _upload(ctx, session, text, "ru")
    _map(session, transcript)
    spans = review.load_spans(transcript)
    actor = _facilitator(session)
    for span in spans[: len(spans) // 2]:
        decision = Decision.REJECTED if span.category.value == "date" else Decision.ACCEPTED
        review.decide(transcript, span, decision, actor)
    db.session.flush()


def _english_interview(ctx, session) -> None:
    a = _attendees(session)[0]
    text = INTERVIEW_EN.format(a=a.name, org_a=_org(a))
    transcript = _upload(ctx, session, text, "en", "interview-en.txt")
    _map(session, transcript)
    actor = _facilitator(session)
    for span in review.load_spans(transcript):
        review.decide(transcript, span, Decision.ACCEPTED, actor)
    services.approve(transcript, actor)
