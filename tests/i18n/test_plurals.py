"""Plurals: a number and its noun agree in Russian (three forms) and Kazakh (the noun stays
singular after a number) for 1, 2, 5 and 21, in messages and on a real page."""
import io

import pytest
from flask_babel import force_locale, ngettext

from tests.recruitment import factories as make

COUNTS = [1, 2, 5, 21]

# What a Russian or Kazakh reader expects, written out by hand from the grammar.
SPANS_ADDED = {
    "ru": ["Добавлен 1 фрагмент.", "Добавлено 2 фрагмента.", "Добавлено 5 фрагментов.", "Добавлен 21 фрагмент."],
    "kk": ["1 үзінді қосылды.", "2 үзінді қосылды.", "5 үзінді қосылды.", "21 үзінді қосылды."],
    "en": ["1 span added.", "2 spans added.", "5 spans added.", "21 spans added."],
}
TRANSCRIPTS_BUILT = {  # the finished bundle job's link (issue 18: bundles are built in a job)
    "ru": ["Открыть пакет данных (1 транскрипт)", "Открыть пакет данных (2 транскрипта)",
           "Открыть пакет данных (5 транскриптов)", "Открыть пакет данных (21 транскрипт)"],
    "kk": ["Деректер пакетін ашу (1 транскрипт)", "Деректер пакетін ашу (2 транскрипт)",
           "Деректер пакетін ашу (5 транскрипт)", "Деректер пакетін ашу (21 транскрипт)"],
    "en": ["Open the bundle (1 transcript)", "Open the bundle (2 transcripts)", "Open the bundle (5 transcripts)",
           "Open the bundle (21 transcripts)"],
}
DAYS_LEFT = {
    "ru": ["через 1 день.", "через 2 дня.", "через 5 дней.", "через 21 день."],
    "kk": ["1 күннен кейін аяқталады.", "2 күннен кейін аяқталады.", "5 күннен кейін аяқталады.",
           "21 күннен кейін аяқталады."],
}
ROWS_CHECKED = {
    "ru": ["1 строка, ошибок нет.", "2 строки, ошибок нет.", "5 строк, ошибок нет.", "21 строка, ошибок нет."],
    "kk": ["1 жол, қате табылмады.", "2 жол, қате табылмады.", "5 жол, қате табылмады.", "21 жол, қате табылмады."],
    "en": ["1 row, no problems found.", "2 rows, no problems found.", "5 rows, no problems found.",
           "21 rows, no problems found."],
}
IMPORT_BUTTON = {
    "ru": ["Импортировать 1 строку", "Импортировать 2 строки", "Импортировать 5 строк", "Импортировать 21 строку"],
    "kk": ["1 жолды импорттау", "2 жолды импорттау", "5 жолды импорттау", "21 жолды импорттау"],
    "en": ["Import 1 row<", "Import 2 rows<", "Import 5 rows<", "Import 21 rows<"],
}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_added_spans_agree_with_their_number(app, lang):
    with app.test_request_context(), force_locale(lang):
        said = [ngettext("%(num)d span added.", "%(num)d spans added.", n) for n in COUNTS]
    assert said == SPANS_ADDED[lang]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_a_built_bundle_counts_its_transcripts(app, lang):
    with app.test_request_context(), force_locale(lang):
        said = [ngettext("Open the bundle (%(num)d transcript)", "Open the bundle (%(num)d transcripts)", n)
                for n in COUNTS]
    assert said == TRANSCRIPTS_BUILT[lang]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_days_until_the_approval_expires(app, lang):
    with app.test_request_context(), force_locale(lang):
        said = [ngettext("The ethics approval expires on %(day)s, in %(num)d day.",
                         "The ethics approval expires on %(day)s, in %(num)d days.", n, day="1.1.2027")
                for n in COUNTS]
    assert [s.endswith(end) for s, end in zip(said, DAYS_LEFT[lang])] == [True] * 4, said


def _organisations_csv(count: int) -> bytes:
    rows = "".join(f"Акимат района {n};LA\n" for n in range(count))
    return ("name;sector\n" + rows).encode("utf-8")


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_import_preview_counts_rows_in_the_interface_language(build, login, lang):
    team = build.team()
    client = login(team["coordinator"])
    for count, checked, button in zip(COUNTS, ROWS_CHECKED[lang], IMPORT_BUTTON[lang]):
        page = client.post(f"/studies/{team['study'].id}/import", headers={"Accept-Language": lang},
                           data={"kind": "organisations", "file": (io.BytesIO(_organisations_csv(count)), "o.csv")},
                           content_type="multipart/form-data").get_data(as_text=True)
        assert checked in page and button in page, (count, lang)


FIGURES = {  # 1 organisation, 21 participants, 0 sessions, 3 team members
    "ru": ["1</span> организация", "21</span> участник<", "0</span> сессий", "3</span> члена команды"],
    "kk": ["1</span> ұйым", "21</span> қатысушы<", "0</span> сессия", "3</span> команда мүшесі"],
    "en": ["1</span> organisation<", "21</span> participants", "0</span> sessions", "3</span> team members"],
}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_dashboard_figures_agree_with_their_nouns(build, login, lang):
    team = build.team()
    study = team["study"]
    make.organisation(study)
    for n in range(21):
        make.participant(study, name=f"Участник Счёта {n}")
    page = login(team["coordinator"]).get(f"/studies/{study.id}/", headers={"Accept-Language": lang})
    text = " ".join(page.get_data(as_text=True).split())
    assert [f in text for f in FIGURES[lang]] == [True] * 4, text[text.find('class="stats"'):][:900]
