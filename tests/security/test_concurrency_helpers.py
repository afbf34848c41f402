"""The shared guard itself (app/concurrency.py): what it compares, shows and masks."""
import pytest
from flask import g, render_template_string

from app.core import concurrency
from app.core.extensions import db
from app.recruitment import services as recruitment
from tests.recruitment import factories as make


def test_a_form_without_a_version_is_not_checked_but_a_wrong_one_is(build):
    team = build.team()
    person = make.participant(team["study"], team["coordinator"])
    concurrency.check(person, None, None, ["position"])
    concurrency.check(person, "", None, ["position"])
    concurrency.check(person, str(person.version), None, ["position"])
    with pytest.raises(concurrency.StaleEdit):
        concurrency.check(person, "not a number", None, ["position"])


def test_a_tampered_snapshot_falls_back_to_the_audit_trail(build):
    team = build.team()
    person = make.participant(team["study"], team["coordinator"], position="Методист")
    loaded = person.version
    recruitment.update_participant(person, None, expected_version=loaded, position="Завуч")
    db.session.commit()
    with pytest.raises(concurrency.StaleEdit) as refused:
        concurrency.check(person, loaded, "forged.token", ["position", "phone"])
    assert [(c.field, c.stored, c.loaded) for c in refused.value.changes] == [("position", "Завуч", "Методист")]


def test_a_snapshot_of_another_record_is_not_trusted(build):
    team = build.team()
    one = make.participant(team["study"], team["coordinator"], "Первый Тестовый", position="A")
    other = make.participant(team["study"], team["coordinator"], "Второй Тестовый", position="B")
    token = concurrency.state(one, ["position"])["loaded"]
    assert concurrency._loaded(other, token) is None


def test_values_are_shown_as_a_person_reads_them():
    shown = concurrency.shown
    assert shown(None) == shown("") == shown([]) == "—"
    assert shown({"en": "Title", "ru": ""}) == "en: Title"
    assert shown(["P01", "P02"]) == "P01, P02"
    assert shown(True) == "yes"


def test_reviewers_never_see_contact_details_in_the_differences(app):
    stale = concurrency.StaleEdit([concurrency.Change("phone", "+7 700 000 0002", "+7 700 000 0001"),
                                   concurrency.Change("position", "Завуч", "Методист")])
    template = '{% from "_concurrency.html" import stale_changes %}{{ stale_changes(stale, {}) }}'
    with app.test_request_context():
        plain = render_template_string(template, stale=stale)
        g.membership = type("Membership", (), {"role": "ethics_reviewer"})()
        masked = render_template_string(template, stale=stale)
    assert "+7 700" not in masked and "•••" in masked and "Завуч" in masked
    assert "+7 700 000 0002" in plain
