"""The world: one study in fieldwork with something on every page, for the browser, crawl and
matrix suites, built with the builders through the real services.

`build_world(tag)` returns what it made under explicit keys (users, the study, organisations,
participants, sessions past and coming, consent versions and records, instruments and answers,
transcripts in each state, the key, a bundle); a test navigates by those objects' ids, e-mails,
pseudonyms and codes. A second call with another tag builds a second study of the same shape
(the matrix takes foreign ids from it). Everything is fictional; the contact details of
`participant` and the raw-transcript phrases are distinctive so a response can be searched for them.
"""
from datetime import timedelta
from types import SimpleNamespace

import sqlalchemy as sa

from app.consent.models import ConsentMethod
from app.fieldwork.models import SessionType
from app.instruments.models import InstrumentKind
from app.recruitment.models import RecruitmentStatus, Sector, TargetKind
from app.studies import services as studies
from app.studies.models import Role, StudyStatus
from tests.builders import DEFAULT_PASSWORD, Builder, day_at, today
from tests.world_content import (FOCUS_GROUP, GUIDE, INTERVIEW, PEOPLE, QUESTIONNAIRE, RAW_NOTES, contacts,
                                 interview, raw_phrase)

PASSWORD = DEFAULT_PASSWORD
STAFF = [("coordinator", Role.COORDINATOR), ("fieldworker", Role.FIELDWORKER),
         ("fieldworker2", Role.FIELDWORKER), ("reviewer", Role.ETHICS_REVIEWER), ("spare", Role.FIELDWORKER)]

__all__ = ["PASSWORD", "build_world", "contacts", "plain", "raw_phrase"]


def _team(build: Builder, w: dict) -> None:
    tag = w["tag"]
    for key, _role in STAFF:
        w[key] = build.user(f"{key.title()} {tag.upper()}", email=f"{key}.{tag}@staff.example")
    w["admin"] = build.user(f"Admin {tag.upper()}", email=f"admin.{tag}@staff.example", admin=True)
    w["study"] = build.study(f"Цифровые услуги {tag.upper()}", ethics_ref=f"IRB-TEST-{tag.upper()}",
                             approving_body="Fictional Research Ethics Board", status=StudyStatus.FIELDWORK,
                             approval_valid_until=today() + timedelta(days=20), timezone="Asia/Almaty",
                             languages=["ru", "kk", "en"])
    for key, role in STAFF:
        build.member(w["study"], role, w[key])
    w["membership"] = studies.membership_of(w["spare"], w["study"].id)


def _recruitment(build: Builder, w: dict, extra: int) -> None:
    study, coord, tag = w["study"], w["coordinator"], w["tag"].upper()
    w["organisations"] = [
        build.organisation(study, f"Акимат района {tag}", Sector.LOCAL_AUTHORITY, actor=coord),
        build.organisation(study, f"Министерство цифровых услуг {tag} (вымышленное)", Sector.CENTRAL_GOVERNMENT,
                           region="Астана", actor=coord),
        build.organisation(study, f"ОФ «Открытый диалог {tag}» (вымышленный)", Sector.CIVIL_SOCIETY,
                           region="Алматы", notes="Партнёр по пилоту.", actor=coord)]
    w["organisation"] = w["organisations"][0]
    for key, name, org, status in PEOPLE:
        fields = contacts(w["tag"]) if key == "participant" else {}
        w[key] = build.participant(study, name, organisation=w["organisations"][org], status=status,
                                   position="главный специалист", languages=["ru"], actor=coord, **fields)
    w["participants"] = [w[key] for key, *_rest in PEOPLE]
    w["participants"] += [build.participant(study, organisation=w["organisations"][n % 3], actor=coord,
                                            status=RecruitmentStatus.CONTACTED) for n in range(extra)]
    w["target"] = build.target(study, 5, sector=Sector.LOCAL_AUTHORITY, actor=coord)
    w["targets"] = [w["target"], build.target(study, 2, kind=TargetKind.SESSIONS, sector=Sector.CIVIL_SOCIETY,
                                              session_type=SessionType.FOCUS_GROUP, actor=coord)]


def _consent(build: Builder, w: dict) -> None:
    study, coord, rev, fw, fw2 = (w[k] for k in ("study", "coordinator", "reviewer", "fieldworker", "fieldworker2"))
    w["consent_v1"] = build.consent_version(study, coord, rev, approved_on=today() - timedelta(days=70))
    version = w["consent_version"] = build.consent_version(study, coord, rev, based_on=w["consent_v1"],
                                                           approved_on=today() - timedelta(days=14))
    records = [build.consent(w["renewer"], w["consent_v1"], fw, day=today() - timedelta(days=40))]
    build.retire_consent_version(w["consent_v1"], rev, today() - timedelta(days=10))
    w["consent_record"] = build.consent(w["participant"], version, fw, day=today() - timedelta(days=10),
                                        method=ConsentMethod.WRITTEN, scan=build.scan())
    records.append(w["consent_record"])
    records += [build.consent(w["aidos"], version, fw, day=today() - timedelta(days=12), no=("archiving",)),
                build.consent(w["maria"], version, fw2, day=today() - timedelta(days=12),
                              method=ConsentMethod.ELECTRONIC),
                build.consent(w["gaukhar"], version, fw2, day=today() - timedelta(days=12), no=("audio",),
                              method=ConsentMethod.WRITTEN),  # written, its scan never attached: a flag
                build.consent(w["withdrawn"], version, fw, day=today() - timedelta(days=13)),
                build.consent(w["dmitry"], version, fw, day=today() - timedelta(days=11))]
    w["consent_records"] = records
    build.consent_query(w["consent_record"], rev, "Кто присутствовал?")
    build.consent_query(records[2], rev, "Как зафиксирован отказ от архивирования?", answered_by=coord,
                        answer="Отмечено в бланке и на записи.")
    for record in (records[0], records[3]):
        build.consent_reviewed(record, rev)
    w["consent_draft"] = build.consent_version(study, coord, approve=False, title="Согласие на фотосъёмку")


def _instruments(build: Builder, w: dict) -> None:
    study, coord, rev = w["study"], w["coordinator"], w["reviewer"]
    version = w["instrument_version"] = w["questionnaire"] = build.instrument(
        study, QUESTIONNAIRE, title="Анкета: электронные услуги", actor=coord, approved_by=rev)
    w["section"] = version.sections[0]
    w["question"] = next(q for q in version.questions if q.name == "role")
    w["guide"] = build.instrument(study, title="Гайд интервью: электронные услуги", sections=GUIDE,
                                  kind=InstrumentKind.SEMI_STRUCTURED_INTERVIEW, actor=coord, approved_by=rev)
    w["guide_draft"] = build.instrument_draft(w["guide"], coord)


def _past_sessions(build: Builder, w: dict) -> None:
    study, coord, fw, fw2 = w["study"], w["coordinator"], w["fieldworker"], w["fieldworker2"]
    la, cga, cso = w["organisations"]
    common = {"actor": coord, "audio": True, "location": "Астана, переговорная 5"}
    w["interview"] = build.completed_session(study, days_ago=8, type=SessionType.SEMI_STRUCTURED_INTERVIEW,
                                             facilitators=[fw], participants=[w["withdrawn"]], host=cso, **common)
    w["observation"] = build.completed_session(
        study, days_ago=6, type=SessionType.OBSERVATION, facilitators=[fw2], participants=[w["gaukhar"]], host=la,
        notes="Наблюдение в ЦОНе: очередь к терминалам.", actor=coord, location="ЦОН, зал ожидания")
    w["focus_group"] = build.completed_session(
        study, days_ago=5, type=SessionType.FOCUS_GROUP, hours=2, facilitators=[fw], note_taker=coord,
        participants=[w["aidos"], w["maria"], w["renewer"], w["gaukhar"]], no_show=[w["gaukhar"]], host=cga,
        notes="Живая дискуссия, один участник не пришёл.", **common)
    # fieldworker facilitates, fieldworker2 takes notes: both share this session.
    w["session"] = build.completed_session(study, days_ago=4, type=SessionType.STRUCTURED_INTERVIEW,
                                           facilitators=[fw], note_taker=fw2, participants=[w["participant"]],
                                           host=la, **common)
    # fieldworker2 alone: fieldworker must never read its raw transcript.
    w["session2"] = build.completed_session(study, days_ago=3, type=SessionType.SEMI_STRUCTURED_INTERVIEW,
                                            facilitators=[fw2], participants=[w["participant"]], host=la, **common)
    w["awaiting"] = build.session(study, starts=day_at(-1), type=SessionType.SEMI_STRUCTURED_INTERVIEW,
                                  facilitators=[fw], participants=[w["dmitry"]], host=cga, **common)
    w["attendee"] = w["session"].attendees[0]


def _coming_sessions(build: Builder, w: dict) -> None:
    study, coord, fw, fw2 = w["study"], w["coordinator"], w["fieldworker"], w["fieldworker2"]
    w["coming"] = build.session(study, starts=day_at(3), hours=2, type=SessionType.FOCUS_GROUP, facilitators=[fw],
                                note_taker=coord, participants=[w["maria"], w["alia"]], audio=True,
                                host=w["organisations"][0], location="Акимат, зал заседаний", actor=coord)
    w["confirmed"] = build.confirm(build.session(
        study, starts=day_at(6), type=SessionType.SEMI_STRUCTURED_INTERVIEW, facilitators=[fw2],
        participants=[w["sabina"]], location="Онлайн-встреча", actor=coord), coord)


def _answers(build: Builder, w: dict) -> None:
    coord, fw = w["coordinator"], w["fieldworker"]
    build.use_instrument(w["session"], w["questionnaire"], coord)
    for session in (w["session2"], w["interview"]):
        build.use_instrument(session, w["guide"], coord)
    w["answers"] = [build.answers(w["session"], w["participant"], {
        "role": "Главный специалист", "years": "6", "uses_egov": "yes", "channels": ["portal", "office"],
        "main_barrier": "skills", "satisfaction": "4"}, actor=fw)]


def _transcripts(build: Builder, w: dict) -> None:
    tag, fw, fw2 = w["tag"], w["fieldworker"], w["fieldworker2"]
    zarina = {"Модератор": fw, "Зарина": w["participant"]}
    w["transcript"] = build.transcript(w["session"], interview(tag, 1), by=fw, speakers=zarina)
    w["approved"] = build.transcript(w["session"], interview(tag, 2), by=fw, speakers=zarina, approve=True)
    w["transcript2"] = build.transcript(w["session2"], interview(tag, 3), by=fw2,
                                        speakers={"Модератор": fw2, "Зарина": w["participant"]})
    w["fg_transcript"] = build.transcript(w["focus_group"], FOCUS_GROUP, by=fw, approve=True, speakers={
        "Модератор": fw, "Айдос": w["aidos"], "Мария": w["maria"], "Ерболат": w["renewer"]})
    w["interview_transcript"] = build.transcript(w["interview"], INTERVIEW, by=fw, approve=True,
                                                 speakers={"Интервьюер": fw, "Нурлан": w["withdrawn"]})
    w["raw_transcript"] = build.transcript(w["focus_group"], RAW_NOTES, by=fw, filename="fg-part2.txt")
    w["span"], w["span2"] = (build.spans(w[key])[0] for key in ("transcript", "transcript2"))


def build_world(tag: str = "w", extra_participants: int = 0) -> dict:
    """A study in fieldwork with its team and at least one object of every kind (see the module)."""
    build, w = Builder(), {"tag": tag, "password": PASSWORD}
    _team(build, w)
    _recruitment(build, w, extra_participants)
    _consent(build, w)
    _instruments(build, w)
    _past_sessions(build, w)
    _coming_sessions(build, w)
    _answers(build, w)
    _transcripts(build, w)
    build.withdrawal(w["withdrawn"], w["coordinator"], on=today() - timedelta(days=2), note="Сообщил по телефону.")
    w["key"] = build.key(w["study"], w["coordinator"])
    w["bundle"] = build.bundle(w["study"], w["coordinator"])
    w["bundle_job"] = build.bundle_job(w["study"], w["coordinator"])
    # the protocols of one day, the observation's: a finished job with its file, as the web makes
    # it (the whole year's eight protocols took 40% of the world's time; tests/exports render periods)
    observed = w["observation"].starts_at.date()
    w["protocols_job"] = build.protocols_job(w["study"], w["coordinator"], first=observed, last=observed)
    w["report_job"] = build.report_job(w["study"], w["coordinator"])
    w["feed_token"] = build.feed_token(w["fieldworker"])
    w["sessions"] = [w[k] for k in ("interview", "observation", "focus_group", "session", "session2", "awaiting",
                                    "coming", "confirmed")]
    return w


def plain(world: dict) -> dict:
    """The world's values as plain records (each model's columns), readable outside the
    database session that built them: what a browser test needs to navigate."""
    return {key: _plain(value) for key, value in world.items()}


def _plain(value):
    if isinstance(value, list):
        return [_plain(item) for item in value]
    state = sa.inspect(value, raiseerr=False)
    if state is None or not hasattr(state, "mapper"):
        return value
    return SimpleNamespace(**{attr.key: getattr(value, attr.key) for attr in state.mapper.column_attrs})
