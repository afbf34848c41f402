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

from app.consent import desk_marks, desk_state, review, services, standing
from app.consent.models import ConsentMethod, ConsentNote, ConsentRecord, NoteKind, WithdrawalScope
from app.core.extensions import db
from app.core.models_base import utcnow
from app.fieldwork.models import Attendance, FieldSession, SessionParticipant, SessionStaff, StaffRole
from app.recruitment.models import Organisation, Participant, PseudonymCounter
from tests.builders import today
from tests.builders.bulk import populate
from tests.core.test_query_plans import _explain, analyze_statement, recorded

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
    cb.session(study, today() - timedelta(days=2), unconsented, code="SSI-9999")
    db.session.connection().exec_driver_sql(analyze_statement())  # the planner sees the real sizes
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


CLOSED = 24000  # participants whose consent is settled: a current oral record, reviewed


def _numbers(count: int):
    """1..count as a (recursive) common table expression, the same SQL on SQLite and PostgreSQL."""
    n = sa.select(sa.literal(1, sa.Integer).label("i")).cte("numbers", recursive=True)
    return n.union_all(sa.select(n.c.i + 1).where(n.c.i < count))


def _analyze(*tables) -> None:
    """PostgreSQL: statistics of the tables as they are now. Those an earlier test left (its rows
    since truncated) made the planner loop over the bulk inserts below: 75 s instead of 3."""
    if db.session.connection().dialect.name == "postgresql":
        db.session.execute(sa.text("ANALYZE " + ", ".join(table.name for table in tables)))


def add_closed(study, count: int) -> None:
    """`count` more participants of `study`, spread over its organisations, each with a current
    oral record (a copy of one of the study's records) marked reviewed: the settled bulk of a
    long study, which the desk's open items, review filters and missing scans must not read.
    Bulk INSERT ... SELECT in the database (a few hundred milliseconds for tens of thousands of
    rows; the sealed name and contacts copied from one of the study's participants, so the
    pages still open them); their desk state is recounted by the rules after."""
    people, orgs, records, notes = (Participant.__table__, Organisation.__table__, ConsentRecord.__table__,
                                    ConsentNote.__table__)
    _analyze(people, orgs, records, notes)
    template = db.session.scalar(sa.select(people.c.id).where(people.c.study_id == study.id)
                                 .order_by(people.c.id).limit(1))
    record = db.session.scalar(sa.select(records.c.id).where(records.c.study_id == study.id,
                                                             records.c.method == ConsentMethod.ORAL_RECORDED)
                               .order_by(records.c.id).limit(1))
    counter = sa.and_(PseudonymCounter.study_id == study.id, PseudonymCounter.prefix == "P")
    first = db.session.scalar(sa.select(PseudonymCounter.last_value).where(counter))
    organisations = db.session.scalar(sa.select(sa.func.count()).where(orgs.c.study_id == study.id))
    per_org = -(-count // organisations)
    numbers, other = _numbers(per_org), orgs.alias("other")
    rank = (sa.select(sa.func.count()).where(other.c.study_id == study.id, other.c.id < orgs.c.id)
            .scalar_subquery())  # 0.. for the study's organisations
    number = first + rank * per_org + numbers.c.i
    copied = people.alias("template")
    db.session.execute(people.insert().from_select(
        ["study_id", "organisation_id", "name", "languages", "email", "phone", "status", "pseudonym",
         "pseudonym_order", "version", "status_changed_at", "created_at"],
        sa.select(orgs.c.study_id, orgs.c.id, copied.c.name, copied.c.languages, copied.c.email, copied.c.phone,
                  copied.c.status, "P" + sa.cast(number, sa.String),
                  # models_base.natural_key: the number padded to 12 digits
                  "P" + sa.func.substr(sa.cast(sa.literal(10 ** 12, sa.BigInteger) + number, sa.String), 2),
                  sa.literal(1), copied.c.status_changed_at, copied.c.created_at)
        .select_from(orgs).join(copied, copied.c.id == template).join(numbers, sa.true())
        .where(orgs.c.study_id == study.id)))
    db.session.execute(sa.update(PseudonymCounter).where(counter).values(last_value=first + per_org * organisations))
    added = people.c.pseudonym_order > "P" + str(10 ** 12 + first)[1:]
    _analyze(people)
    original = records.alias("original")
    db.session.execute(records.insert().from_select(
        ["study_id", "participant_id", "version_id", "consent_date", "method", "obtained_by_id", "answers",
         "recorded_by_id", "recorded_at"],
        sa.select(people.c.study_id, people.c.id, original.c.version_id, original.c.consent_date, original.c.method,
                  original.c.obtained_by_id, original.c.answers, original.c.recorded_by_id, original.c.recorded_at)
        .select_from(people).join(original, original.c.id == record)
        .where(people.c.study_id == study.id, added)))
    db.session.execute(notes.insert().from_select(
        ["study_id", "record_id", "kind", "created_at"],
        sa.select(records.c.study_id, records.c.id, sa.literal(NoteKind.REVIEWED, notes.c.kind.type),
                  records.c.recorded_at)
        .where(records.c.study_id == study.id, records.c.id > record,
               records.c.participant_id.in_(sa.select(people.c.id).where(people.c.study_id == study.id, added)))))
    # their desk state by the rules (app.consent.desk_state.state_of): the one record, reviewed,
    # oral, no session: settled (the test checks a sample against the rules)
    current = (sa.select(sa.func.max(records.c.id)).where(records.c.participant_id == people.c.id)
               .scalar_subquery())
    db.session.execute(people.update().where(people.c.study_id == study.id, added).values(
        desk_record_id=current, desk_review=review.REVIEWED, desk_scanless=False, desk_open=False))


def settle() -> None:
    """The tables as a running database keeps them: statistics of the real sizes (ANALYZE) and,
    on PostgreSQL, the visibility map autovacuum sets after a bulk load (VACUUM), without which
    the planner prices an index-only scan as a heap read per row."""
    tables = ", ".join(table.name for table in db.metadata.sorted_tables)  # the app's own, not the database's
    if db.session.connection().dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {tables}")
    else:
        db.session.connection().exec_driver_sql("ANALYZE")
        db.session.commit()


@pytest.fixture
def reviewed(build, cb):
    """A long study: 3,000 participants, the attended ones with consent (over a thousand
    records); a third of the records written (half of those without a scan), a quarter
    reviewed, some queried and answered; and 24,000 more whose consent is settled (reviewed);
    beside another study of 3,000 with as many records, none reviewed."""
    team = build.team()
    study, other, coordinator = team["study"], team["other_study"], team["coordinator"]
    version = cb.version(study, coordinator, reviewer=team["reviewer"])
    # first, while the study is small: reviewed consent, their words in an approved transcript;
    # an open item once they withdraw their data (a higher area's flag, which the desk's open
    # items add by id): the test does so
    team["withdrawn"] = person = build.participant(study, "Слова Остались")
    cb.consent(person, version, coordinator, day=today() - timedelta(days=20))
    session = cb.session(study, today() - timedelta(days=3), [person], code="SSI-9998")
    review.mark_reviewed(standing.current_record(person.id), team["reviewer"])
    db.session.add(SessionStaff(session_id=session.id, user_id=coordinator.id, role=StaffRole.FACILITATOR))
    db.session.commit()
    build.transcript(session, "Модератор: Начнём.\nУчастник: Я из районного акимата.\n", by=coordinator,
                     speakers={"Модератор": coordinator, "Участник": person}, approve=True, ner=False)
    # the desk never searches by name or contact: the bulk participants stay out of the search index
    populate(study, organisations=20, participants=3000, sessions=2400, consented_on=version, searchable=False)
    other_version = cb.version(other, coordinator, reviewer=team["reviewer"])
    populate(other, organisations=10, participants=3000, sessions=2400, consented_on=other_version, searchable=False)
    ids = list(db.session.scalars(sa.select(ConsentRecord.id).where(ConsentRecord.study_id == study.id,
                                                                    ConsentRecord.participant_id != person.id)
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
    add_closed(study, CLOSED)
    db.session.commit()
    people = Participant.__table__
    assert db.session.scalar(sa.select(sa.func.count()).where(people.c.study_id == study.id)) == 1 + 3000 + CLOSED
    # the settled participants' state, written in bulk, is the rules' (a sample of them)
    sample = db.session.scalars(sa.select(people.c.id).where(people.c.study_id == study.id)
                                .order_by(people.c.id.desc()).limit(CLOSED)).all()[::500]
    stored = {row.id: desk_state.State(row.desk_record_id, row.desk_review, row.desk_scanless, row.desk_open)
              for row in db.session.execute(sa.select(people).where(people.c.id.in_(sample)))}
    assert stored == desk_state.work_out(sample) and not any(s.open for s in stored.values())
    settle()
    scanless = len(set(ids[::3]) - set(ids[::6]))
    return team, scanless


DESK_PATHS = ("", "?filtered=1", "?filtered=1&open=1", "?filtered=1&kind=missing_scan&open=1",
              "?filtered=1&review=not_reviewed", "?filtered=1&review=reviewed", "?filtered=1&review=query",
              "?filtered=1&open=1&sector=central_government", "?filtered=1&sector=local_authority",
              "?filtered=1&open=1&last=1")


def test_the_desk_filters_read_the_stored_state_by_index(reviewed, login):
    """Every SELECT of the desk's pages (the default "only open items", everyone, a flag kind,
    each review state, a sector) and of the consent list has an index path, by the database's
    own choice (PostgreSQL: EXPLAIN after VACUUM ANALYZE, no enable_seqscan trick; SQLite:
    EXPLAIN QUERY PLAN): in a study of 27,000 participants, most of them settled, none of
    consent_records, consent_notes or participants is read whole, and a page of open items is
    a range of their index.

    So it stays while a higher area raises a flag (withdrawn data still in an approved
    transcript): the stored open items include it (the transcripts area names the participants
    its changes reach, app.consent.flags.MORE_FLAGS_REACH), so the open items are desk_open
    alone, no "OR one of these ids" (which no index yields in the list's order: both databases
    walked the study's participants in order, filtering, so the last page read the settled
    thousands)."""
    team, scanless = reviewed
    study = team["study"]
    assert desk_state.missing_scan_count(study.id) == scanless
    client = login(team["coordinator"])
    dialect = db.session.connection().dialect.name
    problems, open_pages = [], []
    paths = [f"/studies/{study.id}/ethics{query}" for query in DESK_PATHS] + [f"/studies/{study.id}/consent"]
    for path in paths:
        page, found, plans = _explained(client, path, dialect)
        problems += found
        open_pages += plans
        if path.endswith("/ethics"):  # the count of missing scans, stored, on the default page
            assert re.search(rf'kind=missing_scan[^>]*>[^<]*</a> <span class="badge error">{scanless}</span>', page)
    assert not problems, "\n\n".join(problems)
    assert open_pages and all("ix_participants_desk_open" in plan for _statement, plan in open_pages), open_pages
    assert not any(" OR " in statement for statement, _plan in open_pages)
    # a higher area's flag: the participant withdraws their data, still in an approved transcript
    person = team["withdrawn"]
    services.withdraw(person, today(), WithdrawalScope.WITHDRAW_DATA, team["coordinator"])
    db.session.commit()
    open_pages = []
    for query in OPEN_PAGES:
        page, found, plans = _explained(client, f"/studies/{study.id}/ethics{query}", dialect)
        problems += found
        open_pages += plans
        if not query.endswith("last=1"):  # the first page of open items starts with them
            assert f">{person.pseudonym}<" in page
    assert not problems, "\n\n".join(problems)
    assert open_pages and all("ix_participants_desk_open" in plan for _statement, plan in open_pages), open_pages
    assert not any(" OR " in statement for statement, _plan in open_pages)


OPEN_PAGES = ("", "?filtered=1&open=1", "?filtered=1&open=1&last=1")


def _explained(client, path: str, dialect: str):
    """The page, the full scans in the plans of its SELECTs, and the (statement, plan) of its
    pages of open items."""
    response, statements = recorded(client, path)
    assert response.status_code == 200, path
    problems, open_pages = [], []
    for statement, parameters in statements:
        plan = _explain(statement, parameters)
        if scans := _state_scans(plan, dialect):
            problems.append(f"{path}: {scans}\n  {statement[:400]}\n{plan}")
        if (path.endswith(("/ethics", "open=1", "open=1&last=1")) and "participants.desk_open =" in statement
                and "ORDER BY participants.pseudonym_order" in statement):
            open_pages.append((statement, plan))
    return response.get_data(as_text=True), problems, open_pages


def test_recount_finds_and_repairs_a_drifted_desk_state(build, cb, runner):
    team = build.team()
    study, coordinator = team["study"], team["coordinator"]
    version = cb.version(study, coordinator, reviewer=team["reviewer"])
    person = cb.participant(study, "Письменное Согласие")
    cb.consent(person, version, coordinator, day=today() - timedelta(days=20))
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
