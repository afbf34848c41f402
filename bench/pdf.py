"""Benchmark the printed protocol: Dala's safe renderer against WeasyPrint alone.

    python bench/pdf.py [--questions N] [--runs N]

Builds, in a scratch SQLite file, a focus group with six consenting attendees and an approved
instrument long enough for about ten A4 pages, then times (median of N runs) rendering the
protocol through Dala (template, consent checklist, the static-only URL fetcher) and rendering
the very same HTML with WeasyPrint's defaults. Prints the page count and both times.
Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from flask import render_template  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from app import create_app  # noqa: E402
from app.auth import services as accounts  # noqa: E402
from app.consent import services as consent  # noqa: E402
from app.consent import versions
from app.consent.models import ConsentMethod  # noqa: E402
from app.core.extensions import db  # noqa: E402
from app.exports import protocols  # noqa: E402
from app.exports.protocol_words import TYPE_WORDS, WORDS  # noqa: E402
from app.fieldwork.models import (  # noqa: E402
    FieldSession,
    SessionParticipant,
    SessionStatus,
    SessionType,
)
from app.instruments import services as instruments  # noqa: E402
from app.instruments.models import InstrumentKind  # noqa: E402
from app.instruments.texts import pick  # noqa: E402
from app.recruitment.models import Participant  # noqa: E402
from app.studies import services as studies  # noqa: E402
from app.studies.models import Role  # noqa: E402
from config import TestingConfig  # noqa: E402


def build(questions: int):
    coordinator = accounts.create_user("pdf-coordinator@bench.example", "Bench Coordinator", "bench-password-x")
    reviewer = accounts.create_user("pdf-reviewer@bench.example", "Bench Reviewer", "bench-password-x")
    study = studies.create_study(None, title="Цифровые услуги: бенчмарк протокола", ethics_ref="BENCH-1")
    studies.add_member(study, coordinator, Role.COORDINATOR, None)
    studies.add_member(study, reviewer, Role.ETHICS_REVIEWER, None)
    version = versions.create_form(study, "Согласие", coordinator)
    versions.update_draft(version, coordinator, {"ru": "Согласие."}, version.items)
    versions.submit(version, coordinator)
    versions.approve(version, reviewer, date.today() - timedelta(days=90), "ok")
    guide = instruments.create_instrument(study, "Гайд фокус-группы", InstrumentKind.FOCUS_GROUP_GUIDE, coordinator)
    draft = instruments.new_draft(guide, coordinator)
    for s in range(questions // 6):
        section = instruments.add_section(draft, {"ru": f"Раздел {s + 1}: опыт электронных услуг"}, coordinator)
        for q in range(6):
            instruments.add_question(section, {"type": "text", "text": {
                "ru": f"Вопрос {q + 1}: как вы пользуетесь порталом и что в нём можно улучшить для граждан?"},
                "probes": {"ru": "Что мешает?\nЧто помогает?\nПриведите пример."}}, coordinator)
    instruments.approve(draft, reviewer)
    starts = datetime(2026, 5, 14, 5)
    session = FieldSession(study_id=study.id, code="FG-01", type=SessionType.FOCUS_GROUP, starts_at=starts,
                           ends_at=starts + timedelta(hours=2), status=SessionStatus.CONFIRMED,
                           instrument_version_id=draft.id, location="Алматы, переговорная 3")
    for n in range(6):
        person = Participant(study_id=study.id, name=f"Участник {n}", pseudonym=f"P{n + 1:02d}")
        db.session.add(person)
        db.session.flush()
        consent.record_consent(person, version, date.today() - timedelta(days=30), ConsentMethod.WRITTEN,
                               coordinator, {k: True for k in version.item_keys}, coordinator)
        session.attendees.append(SessionParticipant(participant=person))
    db.session.add(session)
    db.session.commit()
    return study, session


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=24)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dala-bench-pdf-"))
    app = create_app(type("BenchConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'b.sqlite3'}"}))
    with app.test_request_context():
        db.create_all()
        study, session = build(args.questions)
        sessions = [protocols.one_session(session.id)]
        pdf = protocols.render_protocols(study, sessions, "ru")
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        html = render_template("pdf/protocol.html", study=study, lang="ru", words=WORDS["ru"], types=TYPE_WORDS["ru"],
                               pick=pick, pages=protocols.protocol_pages(study, sessions, "ru"))
        base = Path(app.static_folder).resolve().as_uri() + "/"
        dala = _median(lambda: protocols.render_protocols(study, protocols_sessions(session), "ru"), args.runs)
        plain = _median(lambda: HTML(string=html, base_url=base).write_pdf(), args.runs)
    print(f"protocol: {pages} A4 pages, {args.questions} questions, 6 attendees")
    print(f"Dala (query + template + safe renderer): {dala * 1000:.0f} ms median of {args.runs}")
    print(f"WeasyPrint alone, same HTML:            {plain * 1000:.0f} ms median of {args.runs}")
    print(f"overhead: {(dala - plain) * 1000:+.0f} ms ({dala / plain:.2f}x)")


def protocols_sessions(session):
    return [protocols.one_session(session.id)]


if __name__ == "__main__":
    main()
