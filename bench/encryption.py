"""Benchmark encryption at rest: pages, a bundle and participant search, with and without it.

    python bench/encryption.py [--requests N] [--transcripts N] [--words N] [--searches N]

Builds two instances in the same process, ENCRYPTION off (the anchor) and on, each in a
scratch SQLite file and a scratch key folder, and asks each page of both in turn: the large study of bench/pages.py (50
organisations, 5,000 participants, 2,000 sessions) and the bundle study of bench/bundle.py.
Prints, side by side, the median and 95th-percentile latency of the dashboard, participant list
and detail and session list pages, the time to build a ZIP bundle, and the 95th-percentile
time of participant searches (by name, name prefix, e-mail and phone) over the 5,000
participants: through the blind index when encryption is on, by LIKE on plain names when off.
Targets (issue 17): pages within 1.15x, bundles within 1.3x, search under 50 ms p95.
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
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))

import sqlalchemy as sa  # noqa: E402

import bundle as bundle_bench  # noqa: E402
from scratch import sized_world  # noqa: E402
from app import create_app  # noqa: E402
from app.core import keyset  # noqa: E402
from app.core.crypto import keys  # noqa: E402
from app.core.extensions import db  # noqa: E402
from app.exports import bundles  # noqa: E402
from app.exports.models import BundleFormat  # noqa: E402
from app.exports.selection import BundleFilters  # noqa: E402
from app.recruitment import services as recruitment  # noqa: E402
from app.recruitment.models import Participant, ParticipantSearchToken  # noqa: E402
from app.studies.models import Study  # noqa: E402
from config import TestingConfig  # noqa: E402
from tests.world import PASSWORD  # noqa: E402

PAGES = [("dashboard", "/studies/{id}/"), ("participant list", "/studies/{id}/participants"),
         ("participant detail", "/studies/{id}/participants/{pid}"),
         ("participant search", "/studies/{id}/participants?q=Участник+12"),
         ("session list", "/studies/{id}/sessions")]


def _app(encryption: bool, folder: Path):
    config = type("EncBench", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}", "UPLOAD_FOLDER": str(folder / "uploads"),
        "RATELIMIT_ENABLED": False, "ENCRYPTION": encryption, "KEY_FOLDER": str(folder / "keys"),
        "MASTER_KEY": keys.encode_key(os.urandom(32))})
    app = create_app(config)
    app.add_url_rule("/_bench/bare", "bench_bare", lambda: "ok")
    return app


def _percentile(times: list[float], share: float) -> float:
    times = sorted(times)
    return times[max(0, int(round(share * len(times))) - 1)]


def build(encryption: bool, args) -> dict:
    """A scratch instance with the large study, its search figures and its bundle time."""
    folder = Path(tempfile.mkdtemp(prefix=f"dala-bench-enc-{'on' if encryption else 'off'}-"))
    app = _app(encryption, folder)
    rng = random.Random(7)
    figures = {"app": app}
    with app.test_request_context():
        db.create_all()
        began = time.perf_counter()
        world = sized_world(5000, staff=1)  # the test world's study grown to 5,000 (bench/scratch.py)
        study = world["study"]
        # the bulk world writes its blind index itself (tests/builders/bulk.populate): counted, not redone
        figures["indexed"] = db.session.scalar(sa.select(sa.func.count(sa.distinct(ParticipantSearchToken.participant_id)))
                                               .where(ParticipantSearchToken.study_id == study.id))
        figures["login"] = world["coordinator"].email
        db.session.commit()
        figures["build"] = time.perf_counter() - began
        figures["study"] = study.id
        figures["pid"] = db.session.scalar(sa.select(Participant.id).where(Participant.study_id == study.id).limit(1))
        figures["queries"] = ([f"Участник {n}" for n in rng.sample(range(5000), args.searches // 4)]
                              + [f"участ {n}" for n in rng.sample(range(1, 500), args.searches // 4)]
                              + [f"p{n}@contact.example" for n in rng.sample(range(5000), args.searches // 4)]
                              + [f"700 {n:07d}"[:9] for n in rng.sample(range(5000), args.searches // 4)])
    with app.test_request_context():
        study, _coordinator = bundle_bench.setup(args.words, args.transcripts, random.Random(7))
        db.session.commit()
        figures["bundle_study"] = study.id
    return figures


def search_once(figures: dict, q: str) -> float:
    """One participant search on the service, as the list page runs it: the first page of 50 in
    pseudonym order, its names and e-mails opened, the total counted up to keyset.COUNT_CAP."""
    with figures["app"].test_request_context():
        began = time.perf_counter()
        select = recruitment.participant_list(db.session.get(Study, figures["study"]), recruitment.ParticipantFilter(q=q))
        page = keyset.paginate(select, recruitment.participant_order("pseudonym", "asc"), per_page=50)
        [(p.name, p.email) for p in page.items]
        return (time.perf_counter() - began) * 1000


def measure_search(off: dict, on: dict) -> None:
    """Each query asked of both instances in turn (off: LIKE on plain names; on: the blind index)."""
    times = {"off": [], "on": []}
    for q in on["queries"]:
        for label, figures in (("off", off), ("on", on)):
            times[label].append(search_once(figures, q))
    for label, figures in (("off", off), ("on", on)):
        figures["search"] = (statistics.median(times[label]), _percentile(times[label], 0.95))


def bundle_time(figures: dict) -> float:
    with figures["app"].test_request_context():
        study = db.session.get(Study, figures["bundle_study"])
        began = time.perf_counter()
        built = bundles.build_bundle(study, BundleFilters(), BundleFormat.ZIP, None)
        elapsed = time.perf_counter() - began
        figures["bundle_transcripts"] = built.transcript_count
        db.session.rollback()
    return elapsed


def measure_pages(off: dict, on: dict, requests: int) -> None:
    """Each page asked of both instances in turn, so load on the machine falls on both alike."""
    clients = {}
    for label, figures in (("off", off), ("on", on)):
        client = figures["app"].test_client()
        assert client.post("/login", data={"email": figures["login"], "password": PASSWORD}).status_code == 302
        clients[label] = (client, figures)
    for name, pattern in [("bare Flask endpoint", "/_bench/bare")] + PAGES:
        times = {"off": [], "on": []}
        for label, (client, figures) in clients.items():
            client.get(pattern.format(id=figures["study"], pid=figures["pid"]))  # warm-up
        for _ in range(requests):
            for label, (client, figures) in clients.items():
                began = time.perf_counter()
                response = client.get(pattern.format(id=figures["study"], pid=figures["pid"]))
                times[label].append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200, (name, response.status_code)
        for label in ("off", "on"):
            clients[label][1][name] = (statistics.median(times[label]), _percentile(times[label], 0.95))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--transcripts", type=int, default=100)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--searches", type=int, default=80)
    args = parser.parse_args()
    off, on = build(False, args), build(True, args)
    measure_pages(off, on, args.requests)
    measure_search(off, on)
    runs = {"off": [], "on": []}
    for _ in range(3):  # alternated, the median of three each
        runs["off"].append(bundle_time(off))
        runs["on"].append(bundle_time(on))
    off["bundle"], on["bundle"] = statistics.median(runs["off"]), statistics.median(runs["on"])
    print(f"build: off {off['build']:.1f} s, on {on['build']:.1f} s ({on['indexed']} participants indexed)")
    print(f"\n{'page (large study)':28} {'off median':>11} {'on median':>10} {'ratio':>6} {'off p95':>8} {'on p95':>7}")
    for name, _pattern in [("bare Flask endpoint", "")] + PAGES:
        (om, op), (nm, np_) = off[name], on[name]
        print(f"{name:28} {om:>9.1f}ms {nm:>8.1f}ms {nm / om:>6.2f} {op:>6.1f}ms {np_:>5.1f}ms")
    print(f"\nbundle of {on['bundle_transcripts']} transcripts x {args.words} words (median of 3): off {off['bundle']:.2f} s, "
          f"on {on['bundle']:.2f} s, ratio {on['bundle'] / off['bundle']:.2f}")
    print(f"participant search on 5,000 participants ({args.searches} queries: names, prefixes, e-mails, phones): "
          f"off median {off['search'][0]:.1f} ms p95 {off['search'][1]:.1f} ms (LIKE on plain names); "
          f"on median {on['search'][0]:.1f} ms p95 {on['search'][1]:.1f} ms (blind index); "
          f"ratio p95 {on['search'][1] / off['search'][1]:.2f}; bare endpoint p95 (machine load) "
          f"{on['bare Flask endpoint'][1]:.1f} ms")


if __name__ == "__main__":
    main()
