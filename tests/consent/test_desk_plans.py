"""Issue 18: the ethics desk reads its session flags through the marks' index, not by scanning
the study's attended invitees. A study of 3,000 participants whose 1,200 past sessions were
attended with valid consent, three attendees without it,, beside another study whose thousands
of attendees all lack consent (so the marks table is large); every SELECT the desk runs is
explained by the database itself (PostgreSQL: EXPLAIN after ANALYZE, the planner's own choice;
SQLite: EXPLAIN QUERY PLAN): none reads the whole session_participants, field_sessions or
session_flag_marks table, and the flag query reads the marks of the study by their index."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.consent import desk_marks
from app.core.extensions import db
from app.core.models_base import utcnow
from app.fieldwork.models import Attendance, FieldSession, SessionParticipant
from tests.builders import TODAY
from tests.builders.bulk import populate
from tests.core.test_query_plans import _explain, recorded

WATCHED = ("session_participants", "field_sessions", "session_flag_marks")


def _full_scans(plan: str, dialect: str) -> list[str]:
    found = []
    for table in WATCHED:
        pattern = rf"Seq Scan on {table}\b" if dialect == "postgresql" else rf"\bSCAN {table}(?: AS \w+)?$"
        found += [line.strip() for line in plan.splitlines() if re.search(pattern, line.strip())]
    return found


@pytest.fixture
def large(build, cb):
    team = build.team()
    study, other, coordinator = team["study"], team["other_study"], team["coordinator"]
    version = cb.version(study, coordinator, reviewer=team["reviewer"])
    # the desk never searches by name or contact: the bulk participants stay out of the search index
    populate(study, organisations=20, participants=3000, sessions=2400, consented_on=version, searchable=False)
    populate(other, organisations=10, participants=1500, sessions=1500, searchable=False)
    past = sa.select(FieldSession.id).where(FieldSession.study_id == other.id,
                                            FieldSession.starts_at < utcnow())
    db.session.execute(sa.update(SessionParticipant).where(SessionParticipant.session_id.in_(past))
                       .values(attendance=Attendance.ATTENDED))  # bulk: the marks are recounted below
    desk_marks.recount(other.id)
    db.session.commit()
    unconsented = [build.participant(study, f"Без Согласия {n}") for n in range(3)]
    cb.session(study, TODAY - timedelta(days=2), unconsented, code="SSI-9999")
    db.session.connection().exec_driver_sql("ANALYZE")  # the planner sees the real sizes
    db.session.commit()
    return team, unconsented


def test_the_desk_reads_its_flags_by_the_marks_index(large, login):
    team, unconsented = large
    study = team["study"]
    assert len(desk_marks.stored(study.id)) == 3 and len(desk_marks.stored(team["other_study"].id)) > 1000
    client = login(team["coordinator"])
    dialect = db.session.connection().dialect.name
    problems, flag_plans = [], []
    for path in (f"/studies/{study.id}/ethics", f"/studies/{study.id}/ethics?filtered=1&kind=attended_without_consent"):
        response, statements = recorded(client, path)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert all(p.pseudonym in page for p in unconsented)  # the flags are shown
        for statement, parameters in statements:
            plan = _explain(statement, parameters)
            if scans := _full_scans(plan, dialect):
                problems.append(f"{path}: {scans}\n  {statement[:300]}\n{plan}")
            if re.search(r"\bJOIN session_flag_marks\b", statement):
                flag_plans.append(plan)
    assert not problems, "\n\n".join(problems)
    assert flag_plans and all("ix_session_flag_marks_study" in plan for plan in flag_plans), flag_plans
