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

from app.consent import desk_marks, desk_state
from app.consent.models import ConsentMethod, ConsentNote, ConsentRecord, NoteKind
from app.core.extensions import db
from app.core.models_base import utcnow
from app.fieldwork.models import Attendance, FieldSession, SessionParticipant
from app.recruitment.models import Participant
from tests.builders import TODAY
from tests.builders.bulk import populate
from tests.core.test_query_plans import _explain, recorded

WATCHED = ("session_participants", "field_sessions", "session_flag_marks")


def _full_scans(plan: str, dialect: str, watched=WATCHED) -> list[str]:
    """The lines of a query plan that read one of the watched tables whole."""
    found = []
    for table in watched:
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


# --- the stored desk state (app.consent.desk_state): open items, reviews, missing scans --------

STATE_WATCHED = ("consent_records", "consent_notes", "participants")


def _state_scans(plan: str, dialect: str) -> list[str]:
    return _full_scans(plan, dialect, STATE_WATCHED)


@pytest.fixture
def reviewed(build, cb):
    """3,000 participants, the attended ones with consent (over a thousand records); a third of
    the records written (half of those without a scan), a quarter reviewed, some queried and
    answered; beside another study with as many records, none reviewed."""
    team = build.team()
    study, other, coordinator = team["study"], team["other_study"], team["coordinator"]
    version = cb.version(study, coordinator, reviewer=team["reviewer"])
    populate(study, organisations=20, participants=3000, sessions=2400, consented_on=version)
    other_version = cb.version(other, coordinator, reviewer=team["reviewer"])
    populate(other, organisations=10, participants=3000, sessions=2400, consented_on=other_version)
    ids = list(db.session.scalars(sa.select(ConsentRecord.id).where(ConsentRecord.study_id == study.id)
                                  .order_by(ConsentRecord.id)))
    assert len(ids) > 1000
    # bulk, as a migration or an import would: the state is recounted below
    db.session.execute(sa.update(ConsentRecord).where(ConsentRecord.id.in_(ids[::3]))
                       .values(method=ConsentMethod.WRITTEN, scan_sha256=None))
    db.session.execute(sa.update(ConsentRecord).where(ConsentRecord.id.in_(ids[::6]))
                       .values(scan_sha256="cd" * 32, scan_mime="application/pdf", scan_size=100))
    notes = [{"study_id": study.id, "record_id": rid, "kind": NoteKind.REVIEWED} for rid in ids[::4]]
    notes += [{"study_id": study.id, "record_id": rid, "kind": NoteKind.QUERY} for rid in ids[1::10]]
    notes += [{"study_id": study.id, "record_id": rid, "kind": NoteKind.ANSWER} for rid in ids[1::20]]
    db.session.execute(sa.insert(ConsentNote), notes)
    desk_state.recount(study.id)
    db.session.commit()
    db.session.connection().exec_driver_sql("ANALYZE")
    db.session.commit()
    scanless = len(set(ids[::3]) - set(ids[::6]))
    return team, scanless


DESK_PATHS = ("", "?filtered=1", "?filtered=1&open=1", "?filtered=1&kind=missing_scan&open=1",
              "?filtered=1&review=not_reviewed", "?filtered=1&review=reviewed", "?filtered=1&review=query",
              "?filtered=1&open=1&sector=central_government", "?filtered=1&sector=local_authority")


def test_the_desk_filters_read_the_stored_state_by_index(reviewed, login):
    """Every SELECT of the desk's pages (the default "only open items", everyone, a flag kind,
    each review state, a sector) and of the consent list has an index path: SQLite's own plan
    reads none of consent_records, consent_notes or participants whole. PostgreSQL's planner
    rightly prefers a sequential scan of tables of a few thousand rows, even for fifty of them,
    so there the plans are asked with sequential scans priced out (enable_seqscan off): a
    "Seq Scan" left in a plan is a read no index can serve, which would grow with the study."""
    team, scanless = reviewed
    study = team["study"]
    assert desk_state.missing_scan_count(study.id) == scanless
    client = login(team["coordinator"])
    dialect = db.session.connection().dialect.name
    if dialect == "postgresql":
        db.session.connection().exec_driver_sql("SET enable_seqscan = off")
    problems, open_plans = [], []
    paths = [f"/studies/{study.id}/ethics{query}" for query in DESK_PATHS] + [f"/studies/{study.id}/consent"]
    for path in paths:
        response, statements = recorded(client, path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        if path.endswith("/ethics"):  # the count of missing scans, stored, on the default page
            assert re.search(rf'kind=missing_scan[^>]*>[^<]*</a> <span class="badge error">{scanless}</span>', page)
        for statement, parameters in statements:
            plan = _explain(statement, parameters)
            if scans := _state_scans(plan, dialect):
                problems.append(f"{path}: {scans}\n  {statement[:400]}\n{plan}")
            if (path.endswith("/ethics") and "participants.desk_open =" in statement
                    and "ORDER BY participants.pseudonym_order" in statement):  # the page of open items
                open_plans.append(plan)
    if dialect == "postgresql":
        db.session.connection().exec_driver_sql("RESET enable_seqscan")
    assert not problems, "\n\n".join(problems)
    assert open_plans and all("ix_participants_desk_open" in plan for plan in open_plans), open_plans


def test_recount_finds_and_repairs_a_drifted_desk_state(build, cb, runner):
    team = build.team()
    study, coordinator = team["study"], team["coordinator"]
    version = cb.version(study, coordinator, reviewer=team["reviewer"])
    person = cb.participant(study, "Письменное Согласие")
    cb.consent(person, version, coordinator, day=TODAY - timedelta(days=20))
    record = db.session.scalar(sa.select(ConsentRecord).where(ConsentRecord.participant_id == person.id))
    assert runner.invoke(args=["dashboard", "recount", "--check"]).exit_code == 0
    # drift: a bulk write told the desk the review is done and a scan is missing
    db.session.execute(sa.update(Participant).where(Participant.id == person.id)
                       .values(desk_review="reviewed", desk_open=False, desk_scanless=True))
    db.session.commit()
    checked = runner.invoke(args=["dashboard", "recount", "--check"])
    assert checked.exit_code == 1, checked.output
    assert (f"desk state of {person.pseudonym} stored record {record.id}, review reviewed, scanless, "
            f"rule record {record.id}, review not_reviewed, open") in checked.output
    repaired = runner.invoke(args=["dashboard", "recount"])
    assert repaired.exit_code == 0 and "1 needed repair" in repaired.output, repaired.output
    assert db.session.execute(sa.select(Participant.desk_review, Participant.desk_open, Participant.desk_scanless)
                              .where(Participant.id == person.id)).one() == ("not_reviewed", True, False)
    assert runner.invoke(args=["dashboard", "recount", "--check"]).exit_code == 0
