"""Benchmark every GET page of a study at 500, 5,000 and 50,000 participants.

    python bench/pages.py [--database URL] [--requests N] [--sizes 500,5000,50000]

Builds, in a scratch database (a temporary SQLite file unless --database is given; the
database is emptied first, so never point it at real data; on PostgreSQL the run works in a
scratch schema it drops afterwards), one study per size: the test world's records of every
kind (tests/world.py: consent, instruments, transcripts, a bundle, jobs...) plus, in bulk,
the size's participants, a twentieth as many organisations and two fifths as many sessions
(50,000 participants: 2,500 organisations, 20,000 sessions). Then asks every GET page of the
study, form pages included, as its coordinator, the sizes interleaved request by request (so
the machine's load falls on all alike), and prints per page the SQL queries per request and
the median and 95th-percentile latency at each size, beside a bare Flask endpoint measured in
the same run, and the machine's load at the top. Ends with an error when a page needs more
queries at a larger size, or when its p95 at the largest size is more than 1.5x its p95 at
the smallest (issue 18), except for the downloads of the whole study (WHOLE_STUDY: their
time follows their size; their queries are still checked). Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
ALLOWED_GROWTH = 1.5
# Downloads whose content is the whole study (every participant in the CSV, every record in
# the ethics report): their time grows with it by nature; their queries must not.
WHOLE_STUDY = {"recruitment.export_participants", "recruitment.export_organisations", "consent.ethics_report",
               "transcripts.key_csv", "fieldwork.feed"}

import sqlalchemy as sa  # noqa: E402

from app import create_app  # noqa: E402
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
from tests.support.pages import study_pages  # noqa: E402
from tests.world import PASSWORD as WORLD_PASSWORD  # noqa: E402

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
        self.count, self.engine = 0, engine
        sa.event.listen(engine, "before_cursor_execute", self._hit)

    def _hit(self, *args, **kwargs):
        self.count += 1

    def close(self):
        sa.event.remove(self.engine, "before_cursor_execute", self._hit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="scratch database URL (emptied first)")
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--sizes", default="500,5000,50000", help="participants per study, comma-separated")
    parser.add_argument("--skip", default="", help="endpoints left out, comma-separated (reported as skipped)")
    args = parser.parse_args()
    logging.getLogger("app").setLevel(logging.WARNING)  # one line per request would drown the figures
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    scratch = None
    if not args.database:
        scratch = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        args.database = f"sqlite:///{scratch.name}"
    schema = f"bench_pages_{os.getpid()}" if args.database.startswith("postgresql") else None
    app = make_app(args.database, schema)
    try:
        with app.test_request_context():
            if schema:
                with db.engine.begin() as conn:
                    conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            db.drop_all()
            db.create_all()
            worlds = {}
            for size in sizes:
                began = time.perf_counter()
                worlds[size] = sized_world(size)
                print(f"study of {size:,} participants built in {time.perf_counter() - began:.1f} s "
                      f"on {db.engine.dialect.name}")
            paths = {size: study_pages(app, world) for size, world in worlds.items()}
            logins = {size: world["coordinator"].email for size, world in worlds.items()}
            db.session.remove()
        skipped = {e for e in args.skip.split(",") if e}
        for size in sizes:
            paths[size] = {e: p for e, p in paths[size].items() if e not in skipped}
        if skipped:
            print(f"skipped: {', '.join(sorted(skipped))}")
        problems = report(app, sizes, paths, logins, args.requests)
    finally:
        with app.app_context():
            db.session.remove()
            if schema:
                with db.engine.begin() as conn:
                    conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            db.engine.dispose()
        if scratch:
            os.unlink(scratch.name)
    if problems:
        sys.exit("over the limits of issue 18:\n  " + "\n  ".join(problems))
    print(f"\nqueries per page constant; every page's p95 at {max(sizes):,} within {ALLOWED_GROWTH}x "
          f"its p95 at {min(sizes):,}.")


def sized_world(participants: int) -> dict:
    """The test world's study, grown in bulk to `participants` (see the module)."""
    from tests.builders import Builder
    from tests.builders.bulk import populate
    from tests.world import build_world

    tag = f"n{participants}"
    world = build_world(tag)
    build = Builder()
    crew = [world["fieldworker"], world["coordinator"]] + [build.member(world["study"], Role.FIELDWORKER)
                                                           for _ in range(6)]
    populate(world["study"], organisations=max(1, participants // 20), participants=participants,
             sessions=participants * 2 // 5, staff=crew)
    return world


def _one(client, counter: QueryCounter, path: str) -> tuple[int, float, int]:
    counter.count = 0
    began = time.perf_counter()
    response = client.get(path)
    response.get_data()
    elapsed = (time.perf_counter() - began) * 1000
    response.close()
    return response.status_code, elapsed, counter.count


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def report(app, sizes: list[int], paths: dict, logins: dict, requests: int) -> list[str]:
    with app.app_context():
        counter = QueryCounter(db.engine)
    clients = {}
    for size in sizes:
        clients[size] = app.test_client()
        assert clients[size].post("/login", data={"email": logins[size], "password": WORLD_PASSWORD}).status_code == 302
    bare = app.test_client()
    problems = []
    header = " ".join(f"{f'{s:,}: q  med  p95':>22}" for s in sizes)
    print(f"\n{'page':38} {header}  p95 ratio")
    bare_times = [_one(bare, counter, "/_bench/bare")[1] for _ in range(requests)]
    print(f"{'bare Flask endpoint':38} {'':>22} median {statistics.median(bare_times):.1f} ms, "
          f"p95 {_p95(bare_times):.1f} ms")
    for endpoint in paths[sizes[0]]:
        seen = {size: ([], set(), set()) for size in sizes}  # times, query counts, statuses
        for size in sizes:  # warm-up
            _one(clients[size], counter, paths[size][endpoint])
        for _ in range(requests):
            for size in sizes:  # interleaved: the load of the moment falls on every size
                status, ms, queries = _one(clients[size], counter, paths[size][endpoint])
                seen[size][0].append(ms)
                seen[size][1].add(queries)
                seen[size][2].add(status)
        cells = " ".join(f"{max(q):>5} {statistics.median(t):>6.1f} {_p95(t):>7.1f}  " for t, q, _st in seen.values())
        ratio = _p95(seen[sizes[-1]][0]) / max(_p95(seen[sizes[0]][0]), 0.001)
        print(f"{endpoint:38} {cells} {ratio:>6.2f}")
        queries = [max(seen[size][1]) for size in sizes]
        if any(b > a for a, b in zip(queries, queries[1:])):
            problems.append(f"{endpoint}: queries grow {queries}")
        if ratio > ALLOWED_GROWTH and endpoint not in WHOLE_STUDY:
            problems.append(f"{endpoint}: p95 {ratio:.2f}x at {sizes[-1]:,} participants")
        if any(status >= 500 for size in sizes for status in seen[size][2]):
            problems.append(f"{endpoint}: server error")
    with app.app_context():
        counter.close()
    return problems


if __name__ == "__main__":
    main()
