"""Benchmark the recruitment and scheduling pages on a large study.

    python bench/pages.py [--database URL] [--requests N]

Builds, in a scratch database (a temporary SQLite file unless --database is given; the
database is emptied first, so never point it at real data; on PostgreSQL the run works in a
scratch schema it drops afterwards), a small study (5 organisations,
50 participants, 20 sessions) and a large one (50 organisations, 5,000 participants,
2,000 sessions). For the dashboard, participant list, session list and calendar of each,
prints SQL queries per request and the median and 95th-percentile latency, and the same
for a bare Flask endpoint measured in the same run. Queries per page must not grow with
the data: the run ends with an error if a page needs more queries on the large study.
Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import sqlalchemy as sa  # noqa: E402

from app import create_app  # noqa: E402
from app.auth import services as accounts  # noqa: E402
from app.core.crypto.columns import StudyText  # noqa: E402
from app.core.extensions import db  # noqa: E402
from app.core.models_base import utcnow  # noqa: E402
from app.fieldwork.models import (  # noqa: E402
    FieldSession,
    SessionParticipant,
    SessionStaff,
    SessionStatus,
    SessionType,
    StaffRole,
)
from app.recruitment.models import (  # noqa: E402
    SECTOR_PREFIX,
    Organisation,
    Participant,
    RecruitmentStatus,
    RecruitmentTarget,
    Sector,
    StatusChange,
    TargetKind,
)
from app.studies import services as studies  # noqa: E402
from app.studies.models import Role  # noqa: E402
from config import TestingConfig  # noqa: E402

PASSWORD = "bench-password-not-secret"
SECTORS = [Sector.CENTRAL_GOVERNMENT, Sector.LOCAL_AUTHORITY, Sector.CIVIL_SOCIETY]


def make_app(url: str, schema: str | None = None):
    settings = {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False}
    if schema:  # a scratch schema on a shared PostgreSQL server, dropped afterwards
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={schema}"}}
    config = type("BenchConfig", (TestingConfig,), settings)
    app = create_app(config)
    app.add_url_rule("/_bench/bare", "bench_bare", lambda: "ok")
    return app


def build_study(title: str, orgs: int, people: int, sessions: int, staff_users: list, rng: random.Random):
    """One study with bulk-inserted organisations, participants, history and sessions."""
    study = studies.create_study(None, title=title, approval_valid_until=date.today() + timedelta(days=400))
    for user, role in staff_users:
        studies.add_member(study, user, role, actor=None)
    db.session.flush()
    now = utcnow()
    def sealed(text: str) -> StudyText:  # Core INSERTs skip the mapper that tags values for sealing
        return StudyText(text, study.id)

    org_rows = [{"study_id": study.id, "name": sealed(f"Организация {n} (вымышленная)"), "sector": SECTORS[n % 3],
                 "region": "Область", "pseudonym": f"{SECTOR_PREFIX[SECTORS[n % 3]]}-{n:03d}", "created_at": now}
                for n in range(orgs)]
    db.session.execute(sa.insert(Organisation), org_rows)
    org_ids = list(db.session.scalars(sa.select(Organisation.id).where(Organisation.study_id == study.id)))
    statuses = list(RecruitmentStatus)
    person_rows = [{"study_id": study.id, "organisation_id": org_ids[n % orgs], "name": sealed(f"Участник {n} Тестовый"),
                    "languages": ["ru"], "email": sealed(f"p{n}@example.org"), "phone": sealed(f"+7 700 {n:07d}"),
                    "status": statuses[n % len(statuses)], "pseudonym": f"P{n + 1:04d}", "version": 1,
                    "status_changed_at": now - timedelta(days=n % 30), "created_at": now} for n in range(people)]
    db.session.execute(sa.insert(Participant), person_rows)
    person_ids = list(db.session.scalars(sa.select(Participant.id).where(Participant.study_id == study.id)))
    db.session.execute(sa.insert(StatusChange), [{"participant_id": pid, "to_status": RecruitmentStatus.IDENTIFIED,
                                                  "changed_at": now} for pid in person_ids])
    _sessions(study, sessions, org_ids, person_ids, [u for u, _r in staff_users], rng)
    for sector in SECTORS:
        db.session.add(RecruitmentTarget(study_id=study.id, kind=TargetKind.PARTICIPANTS, sector=sector, target_count=12))
        db.session.add(RecruitmentTarget(study_id=study.id, kind=TargetKind.SESSIONS, sector=sector,
                                         session_type=SessionType.FOCUS_GROUP.value, target_count=2))
    db.session.commit()
    return study


def _sessions(study, count: int, org_ids, person_ids, users, rng) -> None:
    start = utcnow().replace(minute=0, second=0, microsecond=0) - timedelta(days=count // 12)
    types = list(SessionType)
    rows = []
    for n in range(count):
        starts = start + timedelta(hours=n * 4 + 3)
        status = SessionStatus.COMPLETED if starts < utcnow() else SessionStatus.PLANNED
        rows.append({"study_id": study.id, "code": f"S-{n + 1:05d}", "type": types[n % 4], "starts_at": starts,
                     "ends_at": starts + timedelta(hours=2), "location": "Переговорная", "status": status,
                     "host_organisation_id": org_ids[n % len(org_ids)], "audio_recorded": True,
                     "version": 1, "created_at": utcnow()})
    db.session.execute(sa.insert(FieldSession), rows)
    ids = list(db.session.scalars(sa.select(FieldSession.id).where(FieldSession.study_id == study.id)))
    staff = [{"session_id": sid, "user_id": users[i % len(users)].id, "role": StaffRole.FACILITATOR}
             for i, sid in enumerate(ids)]
    db.session.execute(sa.insert(SessionStaff), staff)
    invited = [{"session_id": sid, "participant_id": pid, "attendance": "invited"}
               for sid in ids for pid in rng.sample(person_ids, min(len(person_ids), rng.randint(1, 6)))]
    db.session.execute(sa.insert(SessionParticipant), invited)


class QueryCounter:
    def __init__(self, engine):
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._hit)

    def _hit(self, *args, **kwargs):
        self.count += 1


def measure(client, counter: QueryCounter, path: str, requests: int) -> tuple[int, float, float]:
    client.get(path)  # warm-up
    times, queries = [], set()
    for _ in range(requests):
        counter.count = 0
        began = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries.add(counter.count)
    times.sort()
    return max(queries), statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="scratch database URL (emptied first)")
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    scratch = None
    if not args.database:
        scratch = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        args.database = f"sqlite:///{scratch.name}"
    schema = f"bench_pages_{os.getpid()}" if args.database.startswith("postgresql") else None
    app = make_app(args.database, schema)
    rng = random.Random(7)
    with app.app_context():
        if schema:
            with db.engine.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        db.drop_all()
        db.create_all()
        began = time.perf_counter()
        coordinator = accounts.create_user("bench-coordinator@example.org", "Координатор Бенч", PASSWORD)
        team = [(coordinator, Role.COORDINATOR)] + [
            (accounts.create_user(f"bench-fw{i}@example.org", f"Полевик {i}", PASSWORD), Role.FIELDWORKER)
            for i in range(4)]
        small = build_study("Малое исследование", 5, 50, 20, team, rng)
        large = build_study("Большое исследование", 50, 5000, 2000, team, rng)
        print(f"built in {time.perf_counter() - began:.1f} s on {db.engine.dialect.name}: "
              f"small study {small.id} (5 org, 50 participants, 20 sessions), "
              f"large study {large.id} (50 org, 5,000 participants, 2,000 sessions)")
        counter = QueryCounter(db.engine)
        ids = {"small": small.id, "large": large.id}
    try:
        report(app, counter, ids, args.requests)
    finally:
        with app.app_context():
            db.session.remove()
            if schema:
                with db.engine.begin() as conn:
                    conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            db.engine.dispose()
        if scratch:
            os.unlink(scratch.name)


PAGES = [("dashboard", "/studies/{id}/"), ("participant list", "/studies/{id}/participants"),
         ("participant list, filtered", "/studies/{id}/participants?status=contacted&q=1&sort=name"),
         ("session list", "/studies/{id}/sessions"), ("calendar week", "/studies/{id}/calendar"),
         ("calendar month", "/studies/{id}/calendar?view=month")]


def report(app, counter, ids: dict, requests: int) -> None:
    client = app.test_client()
    assert client.post("/login", data={"email": "bench-coordinator@example.org", "password": PASSWORD}).status_code == 302
    print(f"\n{'page':30} {'study':6} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
    grew = []
    with app.app_context():
        bare = measure(client, counter, "/_bench/bare", requests)
    print(f"{'bare Flask endpoint':30} {'-':6} {bare[0]:>8} {bare[1]:>10.1f} {bare[2]:>8.1f}")
    for name, pattern in PAGES:
        seen = {}
        for size in ("small", "large"):
            queries, median, p95 = measure(client, counter, pattern.format(id=ids[size]), requests)
            seen[size] = queries
            print(f"{name:30} {size:6} {queries:>8} {median:>10.1f} {p95:>8.1f}")
        if seen["large"] > seen["small"]:
            grew.append(name)
    if grew:
        sys.exit(f"queries grew with the data on: {', '.join(grew)}")
    print("\nqueries per page do not grow with the data.")


if __name__ == "__main__":
    main()
