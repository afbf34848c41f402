"""Instruments and versions: editing drafts, approval by a reviewer, immutability, copies."""
import pytest

from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.instruments import services
from app.instruments.models import QuestionType, VersionLocked, VersionStatus
from app.instruments.texts import pick

from tests.instruments.conftest import make_instrument


def test_a_new_instrument_starts_with_an_empty_draft(team):
    version = make_instrument(team["study"], questions=[])
    assert version.number == 1 and version.status == VersionStatus.DRAFT
    assert version.questions == []


def test_questions_keep_their_order_and_can_be_moved_and_removed(team):
    version = make_instrument(team["study"])
    names = [q.name for q in version.questions]
    assert names == ["intro", "role", "channel", "services", "trust", "egov", "staff"]
    role = version.questions[1]
    services.move_question(role, -1, actor=None)
    services.move_question(role, -1, actor=None)  # already first: nothing happens
    db.session.commit()
    db.session.refresh(version)
    assert [q.name for q in version.sections[0].questions][:2] == ["role", "intro"]
    services.remove_question(version.questions[0], actor=None)
    db.session.commit()
    assert len(version.questions) == 6


def test_question_checks_refuse_what_cannot_be_asked(team):
    version = make_instrument(team["study"], questions=[])
    section = version.sections[0]
    bad = [
        ({"type": "text", "text": {"en": "  "}}, "at least one language"),
        ({"type": "single_choice", "text": {"en": "Pick"}, "choices": [{"value": "a", "label": {"en": "A"}}]},
         "at least two choices"),
        ({"type": "scale", "text": {"en": "Rate"}, "scale_min": 5, "scale_max": 1}, "scale"),
        ({"type": "text", "text": {"en": "Q"}, "name": "1bad name"}, "short name"),
    ]
    for fields, message in bad:
        with pytest.raises(services.InstrumentError, match=message):
            services.add_question(section, fields, actor=None)
    services.add_question(section, {"type": "text", "text": {"en": "Q"}, "name": "same"}, actor=None)
    with pytest.raises(services.InstrumentError, match="already named"):
        services.add_question(section, {"type": "text", "text": {"en": "Q2"}, "name": "same"}, actor=None)


def test_only_a_reviewer_of_the_study_approves(team):
    version = make_instrument(team["study"])
    for user in (team["coordinator"], team["fieldworker"], team["outsider"]):
        with pytest.raises(services.InstrumentError, match="ethics reviewer"):
            services.approve(version, user)
    services.approve(version, team["reviewer"])
    db.session.commit()
    assert version.status == VersionStatus.APPROVED and version.approved_by == team["reviewer"]
    assert db.session.query(AuditEvent).filter_by(action="instrument_version.approve").count() == 1


def test_an_empty_version_cannot_be_approved(team):
    version = make_instrument(team["study"], questions=[])
    with pytest.raises(services.InstrumentError, match="without questions"):
        services.approve(version, team["reviewer"])


def test_an_approved_version_never_changes(team, approved):
    section, question = approved.sections[0], approved.questions[1]
    refused = [
        lambda: services.add_question(section, {"type": "text", "text": {"en": "New"}}, None),
        lambda: services.update_question(question, {"type": "text", "text": {"en": "Changed"}}, None),
        lambda: services.remove_question(question, None),
        lambda: services.move_question(question, 1, None),
        lambda: services.add_section(approved, {"en": "More"}, None),
        lambda: services.remove_section(section, None),
        lambda: services.delete_draft(approved, None),
    ]
    for attempt in refused:
        with pytest.raises(services.InstrumentError, match="can no longer change"):
            attempt()
    db.session.rollback()
    assert question.text["en"] == "Describe your role." and len(approved.questions) == 7


def test_the_database_layer_refuses_a_change_that_bypasses_the_services(team, approved):
    approved.questions[1].text = {"en": "Sneaky edit"}
    with pytest.raises(VersionLocked):
        db.session.flush()
    db.session.rollback()


def test_retire_and_copy_into_a_new_draft(team, approved):
    services.retire(approved, team["reviewer"])
    draft = services.copy_to_draft(approved, team["coordinator"])
    db.session.commit()
    assert approved.status == VersionStatus.RETIRED
    assert draft.number == 2 and draft.status == VersionStatus.DRAFT and draft.based_on_id == approved.id
    assert [q.name for q in draft.questions] == [q.name for q in approved.questions]
    services.update_question(draft.questions[1], {"type": "text", "text": {"en": "Changed"}, "name": "role"}, None)
    db.session.commit()
    assert approved.questions[1].text["en"] == "Describe your role."
    assert draft.questions[1].type == QuestionType.TEXT


def test_display_falls_back_to_another_language_and_says_so():
    shown = pick({"ru": "Опишите вашу роль."}, "en")
    assert str(shown) == "Опишите вашу роль." and shown.is_fallback and shown.lang == "ru"
    assert not pick({"en": "Role", "ru": "Роль"}, "ru").is_fallback
    assert pick({}, "kk").text == ""


def test_sections_move_and_choice_values_are_single_words(team):
    version = make_instrument(team["study"])
    second = services.add_section(version, {"en": "Closing"}, None)
    services.move_section(second, -1, None)
    db.session.commit()
    db.session.refresh(version)
    assert [s.title["en"] for s in version.sections] == ["Closing", "Background"]
    with pytest.raises(services.InstrumentError, match="one word"):
        services.add_question(second, {"type": "single_choice", "text": {"en": "Pick"},
                                       "choices": [{"value": "a b", "label": {"en": "A"}},
                                                   {"value": "c", "label": {"en": "C"}}]}, None)
