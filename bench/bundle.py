"""Benchmark building a bundle: 1,000 approved transcripts of 10,000 words.

    python bench/bundle.py [--transcripts N] [--words N]

Builds, in a scratch SQLite file, a study whose participants consent to archiving (every
tenth does not), N completed sessions and one approved transcript each (two speakers, turns
of about 100 words), then builds the ZIP bundle through the real service (selection by
consent, metadata, leak check on every file, manifest) and prints the time, the size and the
peak Python memory during the build, next to the total words. Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from app import create_app  # noqa: E402
from app.auth import services as accounts  # noqa: E402
from app.consent import services as consent  # noqa: E402
from app.consent import versions
from app.consent.models import ConsentMethod  # noqa: E402
from app.core.extensions import db  # noqa: E402
from app.exports import bundles  # noqa: E402
from app.exports.models import BundleFormat  # noqa: E402
from app.exports.selection import BundleFilters  # noqa: E402
from app.fieldwork.models import FieldSession, SessionStatus, SessionType  # noqa: E402
from app.recruitment.models import Participant  # noqa: E402
from app.studies import services as studies  # noqa: E402
from app.studies.models import Role  # noqa: E402
from app.transcripts.models import (  # noqa: E402
    SourceFormat,
    Transcript,
    TranscriptSpeaker,
    TranscriptStatus,
    Turn,
)
from config import TestingConfig  # noqa: E402

WORDS = ("портал услуга заявка обращение цифровой процесс граждане данные время работа "
         "service application citizens data process platform office request").split()
PEOPLE = 100


def setup(study_count_words: int, transcripts: int, rng: random.Random):
    coordinator = accounts.create_user("bench-coordinator@bench.example", "Bench Coordinator", "bench-password-x")
    reviewer = accounts.create_user("bench-reviewer@bench.example", "Bench Reviewer", "bench-password-x")
    study = studies.create_study(None, title="Bench study")
    studies.add_member(study, coordinator, Role.COORDINATOR, None)
    studies.add_member(study, reviewer, Role.ETHICS_REVIEWER, None)
    people = [Participant(study_id=study.id, name=f"Участник{n} Бенчмарков", pseudonym=f"P{n:03d}")
              for n in range(1, PEOPLE + 1)]
    db.session.add_all(people)
    db.session.flush()
    _consent(study, coordinator, reviewer, people)
    for n in range(transcripts):
        _transcript(study, coordinator, people[n % PEOPLE], n, study_count_words, rng)
        if n % 50 == 0:
            db.session.commit()
    db.session.commit()
    return study, coordinator


def _consent(study, coordinator, reviewer, people):
    version = versions.create_form(study, "Bench consent", coordinator)
    versions.update_draft(version, coordinator, {"en": "Consent."}, version.items)
    versions.submit(version, coordinator)
    versions.approve(version, reviewer, date.today() - timedelta(days=90), "ok")
    for n, person in enumerate(people):
        answers = {key: (key != "archiving" or n % 10 != 0) for key in version.item_keys}
        consent.record_consent(person, version, date.today() - timedelta(days=60), ConsentMethod.ELECTRONIC,
                               coordinator, answers, coordinator)


def _transcript(study, staff, person, n, words, rng):
    starts = datetime(2026, 1, 1, 5) + timedelta(hours=3 * n)
    session = FieldSession(study_id=study.id, code=f"SSI-{n + 1:04d}", type=SessionType.SEMI_STRUCTURED_INTERVIEW,
                           starts_at=starts, ends_at=starts + timedelta(hours=1), status=SessionStatus.COMPLETED)
    db.session.add(session)
    db.session.flush()
    t = Transcript(study_id=study.id, session_id=session.id, language="ru", source_format=SourceFormat.TXT,
                   file_sha256=f"{n:064d}", file_size=0, raw_text="", status=TranscriptStatus.APPROVED,
                   replacement_counts={"person": 3}, approved_at=starts)
    db.session.add(t)
    db.session.flush()
    speakers = [TranscriptSpeaker(transcript_id=t.id, label="I", user_id=staff.id),
                TranscriptSpeaker(transcript_id=t.id, label="R", participant_id=person.id)]
    db.session.add_all(speakers)
    db.session.flush()
    for position in range(words // 100):
        text = " ".join(rng.choice(WORDS) for _ in range(100))
        db.session.add(Turn(transcript_id=t.id, position=position, speaker_id=speakers[position % 2].id,
                            start=0, end=0, anonymised_text=text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=1000)
    parser.add_argument("--words", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dala-bench-bundle-"))
    config = type("BenchConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                                                    "UPLOAD_FOLDER": str(folder / "uploads")})
    app = create_app(config)
    with app.test_request_context():
        db.create_all()
        started = time.perf_counter()
        study, coordinator = setup(args.words, args.transcripts, random.Random(7))
        print(f"setup: {args.transcripts} transcripts x {args.words} words in {time.perf_counter() - started:.1f} s")
        db.session.expunge_all()
        study = db.session.merge(study)
        tracemalloc.start()
        started = time.perf_counter()
        bundle = bundles.build_bundle(study, BundleFilters(), BundleFormat.ZIP, None)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        total_words = bundle.transcript_count * args.words
        print(f"bundle: {bundle.transcript_count} transcripts in, {len(bundle.left_out)} left out, "
              f"{bundle.withheld_turns} turns withheld")
        print(f"build time: {elapsed:.1f} s ({total_words / elapsed:,.0f} words/s, leak check included)")
        print(f"zip size: {bundle.size_bytes / 1e6:.1f} MB; peak Python memory during the build: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
