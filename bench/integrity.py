"""Benchmark the study-boundary guard (app/core/integrity.py) on a bulk insert.

    python bench/integrity.py [--rows N]

Inserts N participants of one organisation, and N attendees of one session, into a scratch
SQLite file twice: with the before-flush guard that checks every new row's parents belong to
its study, and (the anchor, same run, same rows) with the guard removed. Prints the times and
their ratio; not a test.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app import create_app  # noqa: E402
from app.core import integrity  # noqa: E402
from app.core.extensions import db  # noqa: E402
from app.fieldwork.models import FieldSession, SessionParticipant  # noqa: E402
from app.recruitment.models import Organisation, Participant  # noqa: E402
from app.studies.models import Study  # noqa: E402
from config import TestingConfig  # noqa: E402


def run(rows: int, folder: Path, guarded: bool) -> float:
    config = type("BenchConfig", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / ('g' if guarded else 'a')}.sqlite3",
        "UPLOAD_FOLDER": str(folder / "uploads")})
    app = create_app(config)
    if not guarded:
        sa.event.remove(Session, "before_flush", integrity._check)
    with app.app_context():
        db.create_all()
        study = Study(title="Bench")
        db.session.add(study)
        db.session.flush()
        organisation = Organisation(study_id=study.id, name="Org", sector="other", pseudonym="OT-01")
        session = FieldSession(study_id=study.id, code="FG-01", type="focus_group",
                               starts_at=datetime(2026, 1, 1), ends_at=datetime(2026, 1, 1) + timedelta(hours=1))
        db.session.add_all([organisation, session])
        db.session.commit()
        started = time.perf_counter()
        for n in range(rows):
            person = Participant(study_id=study.id, name=f"P {n}", pseudonym=f"P{n:05d}",
                                 organisation_id=organisation.id)
            db.session.add(person)
            db.session.flush()
            db.session.add(SessionParticipant(session_id=session.id, participant_id=person.id))
            if n % 500 == 499:
                db.session.commit()
        db.session.commit()
        elapsed = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    if not guarded:
        integrity.guard_study_boundaries()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        anchor = run(args.rows, Path(scratch), guarded=False)
        guarded = run(args.rows, Path(scratch), guarded=True)
    print(f"{args.rows} participants + attendees, one flush each")
    print(f"  without the guard (anchor): {anchor:.2f} s")
    print(f"  with the guard:             {guarded:.2f} s  ({guarded / anchor:.2f}x)")


if __name__ == "__main__":
    main()
