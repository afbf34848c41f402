"""Protocols read as a fieldworker would: open the PDF, read the text."""
import io
from datetime import date

import pytest
from pypdf import PdfReader

from app.exports import protocols
from app.core.extensions import db
from app.instruments import services as instruments
from app.instruments.models import InstrumentKind


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _guide(world):
    instrument = instruments.create_instrument(world["study"], "Гайд фокус-группы",
                                               InstrumentKind.FOCUS_GROUP_GUIDE, world["coordinator"])
    version = instruments.new_draft(instrument, world["coordinator"])
    section = instruments.add_section(version, {"ru": "Опыт работы", "kk": "Жұмыс тәжірибесі", "en": "Work"},
                                      world["coordinator"])
    instruments.add_question(section, {"type": "text", "text": {"ru": "Как вы пользуетесь порталом?",
                                                                     "kk": "Порталды қалай пайдаланасыз?"},
                                       "probes": {"ru": "Что мешает?\nЧто помогает?"}}, world["coordinator"])
    instruments.approve(version, world["reviewer"])
    world["fg"].instrument_version_id = version.id
    db.session.commit()
    return version


def test_protocol_has_times_attendees_by_pseudonym_consent_items_and_questions(world):
    _guide(world)
    pdf = protocols.render_protocols(world["study"], [protocols.one_session(world["fg"].id)], "ru")
    text = _text(pdf)
    assert "Протокол сессии FG-01" in text and "14 мая 2026" in text and "10:00–12:00" in text
    assert "P01" in text and "P02" in text and "Гульмира" not in text and "Бахыт" not in text
    assert "архивирование" in text or "archiv" in text
    assert "Как вы пользуетесь порталом?" in text and "Что мешает?" in text
    assert "Страница 1 из" in text


def test_kazakh_protocol_keeps_kazakh_letters(world):
    _guide(world)
    text = _text(protocols.render_protocols(world["study"], [protocols.one_session(world["fg"].id)], "kk"))
    assert "Сессия хаттамасы" in text and "Порталды қалай пайдаланасыз?" in text and "Қатысушылар" in text


def test_a_weeks_protocols_come_in_one_pdf_with_a_page_per_session_at_least(world):
    sessions = protocols.sessions_between(world["study"], date(2026, 5, 11), date(2026, 6, 7))
    assert [s.code for s in sessions] == ["FG-01", "SSI-01"]
    pdf = protocols.render_protocols(world["study"], sessions, "en")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    assert "Session protocol FG-01" in reader.pages[0].extract_text()
    assert "Session protocol SSI-01" in _text(pdf)


def test_an_empty_period_is_refused_with_a_message(world):
    with pytest.raises(protocols.ProtocolError):
        protocols.sessions_between(world["study"], date(2020, 1, 1), date(2020, 1, 7))
    with pytest.raises(protocols.ProtocolError):
        protocols.sessions_between(world["study"], date(2026, 5, 20), date(2026, 5, 1))
