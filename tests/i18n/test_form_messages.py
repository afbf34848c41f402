"""WTForms' own messages (a required field left empty) are in the reader's language, request
after request in alternating languages: each language's catalogue is read once per process
(app.core.locales.WTFormsWords, issue 18), and one language's words are never served to
another."""
import re

REQUIRED = {"ru": "Обязательное поле.", "en": "This field is required."}  # WTForms' own catalogue


def test_a_required_field_left_empty_is_told_in_each_requests_language(build, login):
    team = build.team()
    client = login(team["coordinator"])
    path = f"/studies/{team['study'].id}/targets"
    for language in ["ru", "en", "ru", "en"]:
        page = client.post(path, data={}, headers={"Accept-Language": language}).get_data(as_text=True)
        errors = re.findall(r'class="error"[^>]*>([^<]+)<', page)
        assert REQUIRED[language] in errors, (language, errors)
        other = "en" if language == "ru" else "ru"
        assert REQUIRED[other] not in page
