"""Status and attendance words that fit a woman as well as a man: no "Не пришёл" for women.

Russian past-tense verbs take the subject's gender (пришёл / пришла, отказался / отказалась);
the labels of a participant's recruitment status and attendance name the stage instead
(noun + a word agreeing with the noun). Kazakh verbs have no gender.
"""
import re

import pytest
from flask_babel import force_locale

from app.fieldwork.labels import ATTENDANCE_LABELS
from app.recruitment.labels import RECRUITMENT_LABELS, STATUS_ACTIONS

# A personal past-tense verb: -л, -ла, -лся, -лась, -ёл (выбыл, пришла, отказался, согласилась).
PERSONAL_PAST = re.compile(r"(?<!\w)\w+(л|ла|лся|лась|ёл)(?!\w)", re.IGNORECASE)
GENDERED = ("пришёл", "пришла", "не явился", "не явилась", "отказался", "отказалась", "согласился",
            "согласилась", "выбыл", "выбыла", "участвовал", "участвовала", "связались")


@pytest.mark.parametrize("table", [RECRUITMENT_LABELS, ATTENDANCE_LABELS, STATUS_ACTIONS],
                         ids=["recruitment", "attendance", "status actions"])
def test_russian_status_words_take_no_gender(app, table):
    with app.test_request_context(), force_locale("ru"):
        words = {code: str(label) for code, label in table.items()}
    assert all(re.search("[а-яё]", w, re.IGNORECASE) for w in words.values()), words  # translated
    gendered = {code: w for code, w in words.items() if PERSONAL_PAST.search(w)}
    assert not gendered, gendered


def test_no_participant_is_written_as_he_or_she_on_the_session_and_participant_pages(build, login):
    team = build.team()
    woman = build.participant(team["study"], "Айгүл Тестова")
    session = build.session(team["study"], participants=[woman], actor=team["coordinator"])
    client = login(team["coordinator"])
    for path in (f"/studies/{team['study'].id}/sessions/{session.id}",
                 f"/studies/{team['study'].id}/participants/{woman.id}",
                 f"/studies/{team['study'].id}/participants"):
        page = client.get(path, headers={"Accept-Language": "ru"}).get_data(as_text=True).lower()
        assert not [w for w in GENDERED if w in page], path
