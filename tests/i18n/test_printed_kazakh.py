"""A protocol, a consent form and an ethics report printed in Kazakh, read back with pypdf:
every fixed word on the page is Kazakh, none English or Russian.

The study's own content (title, names, the consent text, the questions) is written in Kazakh
too, so that whatever Latin letters or Russian words remain can only be the documents' fixed
words. Codes (P01, FG-01, the ethics reference) and the study's time-zone name are allowed.
"""
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from app.consent.models import ConsentMethod, WithdrawalScope
from app.core import timezones
from app.fieldwork.models import SessionType
from app.studies.models import Role
from tests.builders.fieldwork import day_at
from tests.support.report import ask_report

ROOT = Path(__file__).resolve().parents[2]
CODES = re.compile(r"\b[A-ZА-ЯӘҒҚҢӨҰҮҺІ]{1,4}(-[A-ZА-ЯӘҒҚҢӨҰҮҺІ]{1,4})?-?\d+\b|Asia/Almaty")
LATIN = re.compile(r"[A-Za-z]")
WORD = re.compile(r"[^\W\d_]+")

KK_TEXTS = {"kk": "Сізді зерттеуге қатысуға шақырамыз. Сұхбат бір сағатқа созылады.",
            "ru": "Приглашаем вас принять участие.", "en": "You are invited to take part."}
CONTENT = ["Ауылдағы цифрлық қызметтер", "Зерттеу этикасы жөніндегі комитет", "Келісім нысаны",
           "Айгүл Сейтқалиева", "Ерлан Тұрсынбеков", "Жанар Әбенова", "Мәдениет үйі", "Сұхбат жоспары",
           "Порталды қалай пайдаланасыз?", "Не кедергі келтіреді?", "Жалпы мәліметтер", *KK_TEXTS["kk"].split()]


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def _catalogue_words(lang: str) -> set[str]:
    with (ROOT / f"app/translations/{lang}/LC_MESSAGES/messages.po").open(encoding="utf-8") as f:
        catalogue = read_po(f)
    words = set()
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            words |= _words(re.sub(r"%\([a-z_]+\)[sd]", " ", string or ""))
    return words


@pytest.fixture(scope="module")
def russian_only() -> set[str]:
    """Words the Russian catalogue uses and the Kazakh one never does."""
    return _catalogue_words("ru") - _catalogue_words("kk")


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _assert_all_kazakh(text: str, russian_only: set[str]):
    fixed = CODES.sub(" ", text)
    content = _words(" ".join(CONTENT))
    latin = sorted({w for w in WORD.findall(fixed) if LATIN.search(w) and w.lower() not in content})
    assert not latin, f"English left in a Kazakh document: {latin}"
    russian = sorted(_words(fixed) & russian_only - content)
    assert not russian, f"Russian left in a Kazakh document: {russian}"


@pytest.fixture
def kazakh_study(build):
    study = build.study(CONTENT[0], ethics_ref="ЭК-12", approving_body=CONTENT[1],
                        approval_valid_until=timezones.today() + timedelta(days=20), languages=["kk"])
    team = {"study": study}
    for role, name in ((Role.COORDINATOR, CONTENT[3]), (Role.FIELDWORKER, CONTENT[4]),
                       (Role.ETHICS_REVIEWER, CONTENT[5])):
        team[role.value] = build.member(study, role, build.user(name))
    coordinator, fieldworker = team["coordinator"], team["fieldworker"]
    version = build.consent_version(study, coordinator, team["ethics_reviewer"], title=CONTENT[2], texts=KK_TEXTS)
    consenting = build.participant(study, "Сәуле Мұратқызы")
    withdrawn = build.participant(study, "Бауыржан Кенжеұлы")
    without = build.participant(study, "Гүлнар Сәрсенова")
    build.consent(consenting, version, fieldworker, method=ConsentMethod.ORAL_RECORDED)
    build.consent(withdrawn, version, fieldworker, no=("archiving",))
    guide = build.instrument(study, title=CONTENT[7], sections=[({"kk": CONTENT[10]}, [
        {"type": "text", "text": {"kk": CONTENT[8]}, "probes": {"kk": CONTENT[9]}},
        {"type": "yes_no", "text": {"kk": CONTENT[8]}}])], actor=coordinator, approved_by=team["ethics_reviewer"])
    held = build.completed_session(study, days_ago=6, participants=[consenting, withdrawn], facilitators=[fieldworker],
                                   note_taker=coordinator, audio=True, location=CONTENT[6], actor=coordinator)
    planned = build.session(study, type=SessionType.SEMI_STRUCTURED_INTERVIEW, starts=day_at(2),
                            participants=[consenting, without], facilitators=[fieldworker], location=CONTENT[6],
                            actor=coordinator)
    build.use_instrument(planned, guide, coordinator)
    build.withdrawal(withdrawn, coordinator, on=timezones.today() - timedelta(days=1),
                     scope=WithdrawalScope.WITHDRAW_DATA)
    team.update(participant=consenting, withdrawn=withdrawn, held=held, planned=planned, version=version)
    return team


def test_protocol_printed_in_kazakh_has_only_kazakh_fixed_words(kazakh_study, login, russian_only):
    study, session = kazakh_study["study"], kazakh_study["planned"]
    response = login(kazakh_study["coordinator"]).get(
        f"/studies/{study.id}/sessions/{session.id}/protocol.pdf?lang=kk",
        headers={"Accept-Language": "en"})
    assert response.status_code == 200
    text = _pdf_text(response.data)
    assert "Сессия хаттамасы" in text and "Хаттама жүргізуші" in text and "Жартылай құрылымдалған сұхбат" in text
    assert "Порталды қалай пайдаланасыз?" in text and "Бет 1 / " in text
    _assert_all_kazakh(text, russian_only)


def test_consent_form_printed_in_kazakh_has_only_kazakh_fixed_words(kazakh_study, login, russian_only):
    study, participant = kazakh_study["study"], kazakh_study["participant"]
    response = login(kazakh_study["coordinator"]).get(
        f"/studies/{study.id}/participants/{participant.id}/consent/form.pdf?lang=kk",
        headers={"Accept-Language": "ru"})
    assert response.status_code == 200
    text = _pdf_text(response.data)
    assert "Зерттеуге қатысуға келісім нысаны" in text and "Қатысушының қолы" in text and "Тегі, аты" in text
    assert KK_TEXTS["kk"].split(".")[0] in text
    _assert_all_kazakh(text, russian_only)


def test_ethics_report_printed_in_kazakh_has_only_kazakh_fixed_words(kazakh_study, login, russian_only):
    study = kazakh_study["study"]
    # asked for in Kazakh from an English interface: a background job prints it (issue 18)
    pdf = ask_report(login(kazakh_study["ethics_reviewer"]), study.id, "kk", headers={"Accept-Language": "en"})
    text = _pdf_text(pdf)
    assert kazakh_study["held"].code in text and kazakh_study["withdrawn"].pseudonym in text
    assert "Этикалық есеп" in text and "Келісімді кері қайтарып алулар (1)" in text
    _assert_all_kazakh(text, russian_only)


def test_the_command_line_prints_in_the_language_asked_for_too(app):
    """`flask protocol --lang kk` and `flask bundle build` run without a request; their
    documents still take the words of the language asked for."""
    from flask import has_request_context
    from flask_babel import gettext

    from app.core.locales import in_locale

    with app.app_context():
        assert not has_request_context()
        with in_locale("kk"):
            assert gettext("Session protocol") == "Сессия хаттамасы"
        with in_locale("ru"):
            assert gettext("Consent basis") == "Основание: согласие участников"
