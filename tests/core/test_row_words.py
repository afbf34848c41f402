"""What a table's rows share is built once a table (issue 18): a row's detail address from a
stem (url_stem) and a translated message's words around the row's value (row_slot,
around_slot) write what url_for and _() write for each row, the value escaped alike."""
import pytest
from flask import render_template_string, url_for
from flask_babel import force_locale

ROWS = [7, 42, 987654321, 1234567890]


@pytest.mark.parametrize("base_url", ["http://dala.example/", "http://dala.example/field/"])
def test_a_row_address_from_the_stem_is_the_one_url_for_builds(app, base_url):
    with app.test_request_context("/", base_url=base_url):
        written = render_template_string(
            "{% set stem = url_stem('recruitment.participant_detail', 'participant_id', study_id=3) %}"
            "{% for id in rows %}{{ stem ~ id }}|{% endfor %}", rows=ROWS)
        built = [url_for("recruitment.participant_detail", study_id=3, participant_id=i) for i in ROWS]
    assert written.split("|")[:-1] == built


def test_a_stem_needs_the_variable_that_ends_the_address(app):
    with app.test_request_context("/"):
        with pytest.raises(ValueError):
            render_template_string("{{ url_stem('recruitment.participant_detail', 'study_id', participant_id=1) }}")


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_words_around_the_row_value_are_the_message_with_it_escaped(app, language):
    values = ["P01", "<b>Tom & Jerry</b>", '"quoted"']
    with app.test_request_context("/"), force_locale(language):
        written = render_template_string(
            "{% set before, after = _('Choose %(who)s', who=row_slot)|around_slot %}"
            "{% for v in values %}<i aria-label=\"{{ before }}{{ v }}{{ after }}\">{% endfor %}", values=values)
        expected = render_template_string(
            "{% for v in values %}<i aria-label=\"{{ _('Choose %(who)s', who=v) }}\">{% endfor %}", values=values)
    assert written == expected
    assert "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;" in written
    assert {"en": "Choose P01", "ru": "Выбрать P01", "kk": "P01 таңдау"}[language] in written
