"""English, Russian and Kazakh: every string is in each catalogue, and users pick a language."""
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = {lang: ROOT / f"app/translations/{lang}/LC_MESSAGES/messages.po" for lang in ("ru", "kk")}
# The plural rules the catalogues must declare: Russian has three forms (1, 2-4, 5-20 and so on),
# Kazakh two (a noun after a number does not change, but Babel and gettext expect one and other).
PLURAL_FORMS = {"ru": (3, "n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
                          "(n % 100 < 12 || n % 100 > 14) ? 1 : 2"),
                "kk": (2, "(n != 1)")}


def _extract(tmp_path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def _catalogue(lang: str):
    with CATALOGUES[lang].open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> frozenset[str]:
    """The strings marked in the code, extracted once for both catalogues (a pybabel run over
    every module and template)."""
    return frozenset(_extract(tmp_path_factory.mktemp("pot")))


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_marked_string_has_a_translation(marked, lang):
    catalogue = _catalogue(lang)
    translated = {(m.id if isinstance(m.id, str) else m.id[0]) for m in catalogue
                  if m.id and m.string and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])}
    missing = sorted(marked - translated)
    assert missing == [], f"{len(missing)} strings lack a {lang} translation, e.g. {missing[:10]}"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_catalogue_is_clean(lang):
    """No fuzzy entry, no leftover obsolete one, placeholders kept, the right number of plural forms."""
    catalogue = _catalogue(lang)
    assert (catalogue.num_plurals, catalogue.plural_expr) == PLURAL_FORMS[lang]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert fuzzy == [] and not catalogue.obsolete
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue.check()]
    assert problems == []
    short = [m.id for m in catalogue if m.pluralizable and len(m.string) != catalogue.num_plurals]
    assert short == []


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


def test_browser_language_picks_kazakh(client):
    page = client.get("/login", headers={"Accept-Language": "kk-KZ,kk;q=0.9,ru;q=0.8"}).get_data(as_text=True)
    assert "Dala жүйесіне кіру" in page and 'lang="kk"' in page and "Log in" not in page


def test_kazakh_is_offered_because_its_catalogue_exists(app, client):
    assert app.config["LANGUAGES"] == ["en", "kk", "ru"]
    client.post("/language", data={"locale": "kk", "next": "/login"})
    assert "Құпиясөз" in client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)


@pytest.mark.parametrize("interface", ["en", "ru", "kk"])
def test_language_menu_names_each_language_in_itself(client, interface):
    page = client.get("/login", headers={"Accept-Language": interface}).get_data(as_text=True)
    options = page[page.index('name="locale"'):page.index("</select>")]
    assert ">English<" in options and ">Русский<" in options and ">Қазақша<" in options
    assert "Қазақ тілі" not in options and "Kazakh" not in options


def test_dates_follow_the_locale(build, login):
    from datetime import date

    team = build.team(build.study("Даты", ethics_ref="E-1", approval_valid_until=date(2026, 12, 18)))
    client = login(team["fieldworker"])
    english = client.get("/studies/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    russian = client.get("/studies/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Dec 18, 2026" in english
    assert "18 дек. 2026" in russian
