"""The hot pages read participants and sessions through indexes, not by scanning the tables.

A study of 12,000 participants and 6,000 sessions beside another study of 3,000; every SELECT
a page runs is explained by the database itself (PostgreSQL: EXPLAIN after ANALYZE, with the
planner's own choice, no enable_seqscan tricks; SQLite: EXPLAIN QUERY PLAN) and no plan may
read the whole participants or sessions table.
"""
import re

import pytest
import sqlalchemy as sa

from app.core.extensions import db
from app.fieldwork.models import FieldSession, SessionStaff, StaffRole
from app.recruitment.models import Organisation, Participant
from app.studies.models import Role
from tests.builders.bulk import populate

WATCHED = ("participants", "field_sessions")


def _full_scans(plan: str, dialect: str) -> list[str]:
    found = []
    for table in WATCHED:
        if dialect == "postgresql":
            pattern = rf"Seq Scan on {table}\b"
        else:  # SQLite: "SCAN participants" without an index is a full table scan
            pattern = rf"\bSCAN {table}(?: AS \w+)?$"
        found += [line.strip() for line in plan.splitlines() if re.search(pattern, line.strip())]
    return found


class Recorder:
    def __init__(self):
        self.statements = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not executemany and statement.lstrip().upper().startswith("SELECT"):
            self.statements.append((statement, parameters))


def recorded(client, path: str):
    """The response to a GET of `path` and the SELECT statements (with their parameters) it ran."""
    recorder = Recorder()
    sa.event.listen(db.engine, "before_cursor_execute", recorder)
    try:
        response = client.get(path)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", recorder)
    return response, recorder.statements


def _explain(statement, parameters) -> str:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters)
        return "\n".join(r[0] for r in rows)
    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
    return "\n".join(r[-1] for r in rows)


@pytest.fixture
def large(build):
    team = build.team()
    crew = [team["fieldworker"], team["coordinator"]] + [build.member(team["study"], Role.FIELDWORKER)
                                                        for _ in range(6)]
    # no page here searches by name or contact: the bulk participants stay out of the search index
    populate(team["study"], organisations=30, participants=12000, sessions=6000, staff=crew, searchable=False)
    populate(team["other_study"], organisations=10, participants=3000, sessions=1000, searchable=False)
    # a note-taker on 12 of the 6,000 sessions, half of them over (added through the ORM, whose
    # flush gives the staff rows their session's study and end)
    team["sparse"] = build.member(team["study"], Role.FIELDWORKER)
    ids = list(db.session.scalars(sa.select(FieldSession.id).where(FieldSession.study_id == team["study"].id)
                                  .order_by(FieldSession.ends_at)))
    for sid in ids[::500]:
        db.session.add(SessionStaff(session_id=sid, user_id=team["sparse"].id, role=StaffRole.NOTE_TAKER))
    db.session.commit()
    # the planner sees the real sizes (the app's tables: a bare ANALYZE on PostgreSQL would read
    # every schema of the database, the other test workers' too)
    db.session.connection().exec_driver_sql(analyze_statement())
    db.session.commit()
    return team


def analyze_statement() -> str:
    """ANALYZE of the app's tables (SQLite: its one database)."""
    if db.session.connection().dialect.name != "postgresql":
        return "ANALYZE"
    return "ANALYZE " + ", ".join(table.name for table in db.metadata.sorted_tables)


def _problems(client, path: str, dialect: str) -> list[str]:
    """The full scans in the plans of every SELECT the page runs."""
    response, statements = recorded(client, path)
    assert response.status_code == 200, path
    assert statements, path
    problems = []
    for statement, parameters in statements:
        plan = _explain(statement, parameters)
        scans = _full_scans(plan, dialect)
        if scans:
            problems.append(f"{path}: {scans}\n  {statement[:300]}\n{plan}")
    return problems


def _next_link(page: str) -> str:
    return re.search(r'rel="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")


def test_hot_pages_use_indexes_and_read_in_index_order(large, login):
    """One large world (building it is most of the time) for both checks."""
    _check_hot_pages_use_indexes(large, login)
    _check_my_sessions_and_the_form_selects_read_in_index_order(large, login)


def _check_hot_pages_use_indexes(large, login):
    study = large["study"]
    base = f"/studies/{study.id}"
    client = login(large["coordinator"])
    someone = db.session.scalar(sa.select(Participant.id).where(Participant.study_id == study.id).limit(1))
    session = db.session.scalar(sa.select(FieldSession.id).where(FieldSession.study_id == study.id).limit(1))
    org = db.session.scalar(sa.select(Organisation.id).where(Organisation.study_id == study.id).limit(1))
    pages = [f"{base}/", f"{base}/participants", f"{base}/participants?last=1", f"{base}/participants?status=contacted",
             f"{base}/participants?sort=name&dir=desc", f"{base}/participants?sort=changed",
             f"{base}/participants?sort=status&status=agreed", f"{base}/participants?organisation={org}",
             f"{base}/sessions", f"{base}/sessions?last=1", f"{base}/sessions?status=planned",
             f"{base}/sessions?sort=code&dir=desc", f"{base}/sessions?type=focus_group",
             f"{base}/participants/{someone}", f"{base}/sessions/{session}", f"{base}/organisations/{org}",
             f"{base}/consent", f"{base}/audit", f"{base}/ethics", f"{base}/ethics?filtered=1",
             f"{base}/ethics?filtered=1&kind=missing_scan&sector=civil_society", f"{base}/ethics?review=not_reviewed",
             f"{base}/ethics?filtered=1&session={session}", f"{base}/sessions/{session}/consent",
             # form pages: capped selects read through indexes; My sessions of the one who runs most
             f"{base}/sessions/new", f"{base}/sessions/{session}/edit", f"{base}/participants/new",
             f"{base}/my-sessions", f"{base}/my-sessions?when=past"]
    for first in (f"{base}/participants", f"{base}/sessions"):  # the third page, by its cursor
        second = _next_link(client.get(first).get_data(as_text=True))
        pages.append(_next_link(client.get(second).get_data(as_text=True)))
    dialect = db.session.connection().dialect.name
    problems = []
    for path in pages:
        problems += _problems(client, path, dialect)
    for who in ("fieldworker", "sparse"):
        fieldworker = login(large[who])
        for path in (f"{base}/", f"{base}/my-sessions", f"{base}/my-sessions?when=past"):
            problems += _problems(fieldworker, path, dialect)
    assert not problems, "\n\n".join(problems)


def test_the_plan_check_sees_a_full_scan(ctx):
    """The check itself: a search no index serves is reported."""
    statement = "SELECT id FROM participants WHERE notes IS NOT NULL"
    assert _full_scans(_explain(statement, {} if db.session.connection().dialect.name == "postgresql" else ()),
                       db.session.connection().dialect.name)


def _sorted_reads(client, path: str, table: str) -> list[str]:
    """The plans of the page's SELECTs from `table` with an ORDER BY that sort rows instead of
    reading them in the order of an index (SQLite: a temporary B-tree; PostgreSQL: a Sort)."""
    response, statements = recorded(client, path)
    assert response.status_code == 200, path
    sorted_plans = []
    for statement, parameters in statements:
        if not re.search(rf"\bFROM {table}\b", statement) or "ORDER BY" not in statement:
            continue
        plan = _explain(statement, parameters)
        if "TEMP B-TREE FOR ORDER BY" in plan or re.search(r"\bSort\b", plan):
            sorted_plans.append(f"{path}\n  {statement[:300]}\n{plan}")
    return sorted_plans


def _check_my_sessions_and_the_form_selects_read_in_index_order(large, login):
    """Issue 18: "My sessions" pages and the forms' organisation select read their rows in the
    order of an index and stop after the page, rather than sorting every match of the study."""
    base = f"/studies/{large['study'].id}"
    coordinator = login(large["coordinator"])  # runs an eighth of the 6,000 sessions
    problems = []
    if db.session.connection().dialect.name == "sqlite":  # PostgreSQL rightly sorts 40 rows in memory
        for path in (f"{base}/sessions/new", f"{base}/participants/new"):
            problems += _sorted_reads(coordinator, path, "organisations")
    assert not problems, "\n\n".join(problems)
    _check_my_sessions_seek_for_few_and_many(large, login)


def _page_plans(client, path: str) -> list[str]:
    """The plans of the page's own query ("My sessions" in the order its sessions end)."""
    response, statements = recorded(client, path)
    assert response.status_code == 200, path
    return [f"{statement[:400]}\n{_explain(statement, parameters)}" for statement, parameters in statements
            if "ORDER BY session_staff.ends_at" in statement]


def _check_my_sessions_seek_for_few_and_many(large, login):
    """Issue 18: a page of "My sessions" is one range of the user's staff index, read in its
    order and stopped after the page, for someone on 12 of the study's 6,000 sessions as for
    someone on 750 of them: no session or staff row of the study is walked, none sorted."""
    base = f"/studies/{large['study'].id}/my-sessions"
    dialect = db.session.connection().dialect.name
    problems = []
    for who in ("sparse", "coordinator"):
        client = login(large[who])
        paths = [base, f"{base}?when=past"]
        if who == "coordinator":  # the second page, by its cursor
            paths.append(_next_link(client.get(base).get_data(as_text=True)))
        for path in paths:
            plans = _page_plans(client, path)
            if len(plans) != 1:
                problems.append(f"{who} {path}: {len(plans)} page queries")
            for plan in plans:
                # PostgreSQL may read the sparse user's dozen rows by bitmap and sort them: no walk
                sorting = r"|\bSort\b|TEMP B-TREE" if who == "coordinator" or dialect == "sqlite" else ""
                walked = [line for line in plan.splitlines()
                          if re.search(r"Seq Scan on (field_sessions|session_staff)\b"
                                       r"|\bSCAN (field_sessions|session_staff)\b" + sorting, line)]
                if "ix_session_staff_user_study_ends" not in plan or walked:
                    problems.append(f"{who} {path}: {walked}\n{plan}")
    assert not problems, "\n\n".join(problems)
