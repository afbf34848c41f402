"""English and Russian: every string is in the Russian catalogue, and users pick a language."""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "app/translations/ru/LC_MESSAGES/messages.po"


def _extract(tmp_path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def test_every_marked_string_has_a_russian_translation(tmp_path):
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    translated = {(m.id if isinstance(m.id, str) else m.id[0]) for m in catalogue
                  if m.id and m.string and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])}
    missing = sorted(_extract(tmp_path) - translated)
    assert missing == [], f"{len(missing)} strings lack a Russian translation, e.g. {missing[:10]}"


def test_browser_language_picks_russian(client):
    page = client.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get_data(as_text=True)
    assert "Войти" in page and 'lang="ru"' in page


def test_user_switches_language_and_it_sticks(client):
    client.post("/language", data={"locale": "ru", "next": "/login"})
    assert "Войти" in client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    client.post("/language", data={"locale": "en", "next": "/login"})
    assert "Log in" in client.get("/login").get_data(as_text=True)


def test_a_new_catalogue_is_offered_without_code_changes(tmp_path):
    from app import available_languages

    (tmp_path / "ru" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "kk" / "LC_MESSAGES").mkdir(parents=True)
    assert available_languages(tmp_path) == ["en", "kk", "ru"]


def test_language_menu_names_each_language_in_itself(client):
    page = client.get("/login").get_data(as_text=True)
    assert ">English<" in page and ">Русский<" in page


def test_dates_follow_the_locale(build, login):
    from datetime import date

    team = build.team(build.study("Даты", ethics_ref="E-1", approval_valid_until=date(2026, 12, 18)))
    client = login(team["fieldworker"])
    english = client.get("/studies/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    russian = client.get("/studies/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Dec 18, 2026" in english
    assert "18 дек. 2026" in russian
