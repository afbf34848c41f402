"""Demo users, the study, its organisations and participants."""
from datetime import date, timedelta

from app.auth import services as accounts
from app.core.extensions import db
from app.core.models_base import utcnow
from app.demo.context import DEMO_PASSWORD, DemoContext
from app.recruitment.models import (
    SECTOR_PREFIX,
    Gender,
    Organisation,
    Participant,
    PseudonymCounter,
    RecruitmentStatus,
    Sector,
    StatusChange,
)
from app.studies import services as studies
from app.studies.models import Role, StudyStatus

DEMO_USERS = [
    ("admin", "Admin Demo", "admin@dala.example", None),
    ("coordinator", "Айгуль Демеуова", "coordinator@dala.example", Role.COORDINATOR),
    ("fieldworker", "Тимур Есенов", "fieldworker@dala.example", Role.FIELDWORKER),
    ("fieldworker2", "Dana Karimova", "fieldworker2@dala.example", Role.FIELDWORKER),
    ("reviewer", "Марина Ольховская", "reviewer@dala.example", Role.ETHICS_REVIEWER),
]

ORGANISATIONS = [
    ("Министерство цифрового развития (демо)", Sector.CENTRAL_GOVERNMENT, "Астана"),
    ("Агентство по делам госслужбы (демо)", Sector.CENTRAL_GOVERNMENT, "Астана"),
    ("Комитет по статистике (демо)", Sector.CENTRAL_GOVERNMENT, "Астана"),
    ("Министерство юстиции (демо)", Sector.CENTRAL_GOVERNMENT, "Астана"),
    ("Акимат района Сарыбел (вымышленный)", Sector.LOCAL_AUTHORITY, "Область Жетысу"),
    ("Акимат города Тасқала (вымышленный)", Sector.LOCAL_AUTHORITY, "Карагандинская область"),
    ("Маслихат района Көкжиек (вымышленный)", Sector.LOCAL_AUTHORITY, "Туркестанская область"),
    ("Акимат села Жаңатұрмыс (вымышленный)", Sector.LOCAL_AUTHORITY, "Алматинская область"),
    ("ОФ «Цифровой мост» (вымышленный)", Sector.CIVIL_SOCIETY, "Алматы"),
    ("ОО «Ашық қала» (вымышленное)", Sector.CIVIL_SOCIETY, "Шымкент"),
    ("Ассоциация «Гражданский контроль» (вымышленная)", Sector.CIVIL_SOCIETY, "Караганда"),
    ("Open Data Circle (fictional)", Sector.CIVIL_SOCIETY, "Алматы"),
]

FIRST_F = ["Айгерим", "Динара", "Салтанат", "Жанар", "Ольга", "Гульнара", "Асем", "Мадина", "Анна", "Сауле"]
FIRST_M = ["Ержан", "Болат", "Ильяс", "Нурлан", "Сергей", "Даурен", "Арман", "Руслан", "Канат", "Алексей"]
SURNAMES = ["Сапаров", "Тлеубергенов", "Оспанов", "Кенжебаев", "Жумагалиев", "Ахметов", "Байтасов",
            "Смагулов", "Ермеков", "Касымов", "Нурпеисов", "Волков", "Исаев", "Мусин", "Орлов"]
POSITIONS = ["главный эксперт", "руководитель отдела", "заместитель акима", "специалист ЦОН",
             "директор фонда", "координатор проектов", "аналитик", "юрист"]
STATUS_MIX = ([RecruitmentStatus.PARTICIPATED] * 12 + [RecruitmentStatus.SCHEDULED] * 8
              + [RecruitmentStatus.AGREED] * 6 + [RecruitmentStatus.CONTACTED] * 7
              + [RecruitmentStatus.IDENTIFIED] * 3 + [RecruitmentStatus.DECLINED] * 2
              + [RecruitmentStatus.UNREACHABLE] + [RecruitmentStatus.WITHDRAWN])


def build_people_and_study(ctx: DemoContext) -> None:
    for key, name, email, role in DEMO_USERS:
        ctx.users[key] = accounts.create_user(email, name, DEMO_PASSWORD, is_admin=role is None)
        ctx.logins.append((key, email))
    ctx.study = studies.create_study(
        ctx.users["admin"],
        title="Цифровое правительство в Казахстане: взгляд изнутри (демо)",
        ethics_ref="IRB-DEMO-2026-014",
        approving_body="Fictional University Research Ethics Committee",
        approval_valid_until=date.today() + timedelta(days=20),
        status=StudyStatus.FIELDWORK,
        timezone="Asia/Almaty",
        languages=["ru", "kk", "en"],
    )
    for key, _name, _email, role in DEMO_USERS:
        if role is not None:
            studies.add_member(ctx.study, ctx.users[key], role, actor=ctx.users["admin"])


def build_organisations_and_participants(ctx: DemoContext) -> None:
    counters: dict[str, int] = {}
    for name, sector, region in ORGANISATIONS:
        prefix = SECTOR_PREFIX[sector]
        counters[prefix] = counters.get(prefix, 0) + 1
        org = Organisation(study_id=ctx.study.id, name=name, sector=sector, region=region,
                           pseudonym=f"{prefix}-{counters[prefix]:02d}")
        ctx.organisations.append(org)
    counters["P"] = 0
    for index, status in enumerate(STATUS_MIX):
        counters["P"] += 1
        ctx.participants.append(_participant(ctx, index, status, counters["P"]))
    db.session.add_all(ctx.organisations + ctx.participants)
    for prefix, value in counters.items():
        db.session.add(PseudonymCounter(study_id=ctx.study.id, prefix=prefix, last_value=value))


def _participant(ctx: DemoContext, index: int, status: RecruitmentStatus, number: int) -> Participant:
    female = index % 2 == 0
    first = ctx.rng.choice(FIRST_F if female else FIRST_M)
    surname = ctx.rng.choice(SURNAMES) + ("а" if female else "")
    changed = utcnow() - timedelta(days=ctx.rng.randint(1, 40))
    participant = Participant(
        study_id=ctx.study.id, organisation=ctx.organisations[index % len(ctx.organisations)],
        name=f"{first} {surname}", position=ctx.rng.choice(POSITIONS),
        gender=Gender.FEMALE if female else Gender.MALE, languages=["ru", "kk"][: 1 + index % 2],
        email=f"p{number:02d}@example.org", phone=f"+7 700 000 {number:02d} {number:02d}",
        status=status, status_changed_at=changed, pseudonym=f"P{number:02d}",
    )
    participant.history.append(StatusChange(to_status=status, changed_at=changed,
                                            actor_id=ctx.users["coordinator"].id,
                                            reason="demo"))
    return participant
