"""A study's bundles share one leak check while its key and contacts stay the same; a name or
contact added or changed since the last build is found by the next (a stale check would let
it out)."""
import pytest
import sqlalchemy as sa

from app.anonymise import Roster, RosterEntry
from app.core.extensions import db
from app.exports import bundles as service
from app.exports.leakcheck import leak_check
from app.exports.models import BundleFormat
from app.exports.selection import BundleFilters
from app.recruitment.models import Participant
from app.transcripts import keys
from app.transcripts.models import Turn

PEOPLE = [RosterEntry("person", "Гульмира Сатпаева", "P01"), RosterEntry("person", "Бахыт Жумабеков", "P02")]


def _plant(world, text: str) -> None:
    """Put `text` in a consenting participant's turn of the focus group (it goes into the bundle)."""
    turn = db.session.scalars(sa.select(Turn).where(Turn.transcript_id == world["fg_transcript"].id)
                              .order_by(Turn.position)).all()[1]
    turn.anonymised_text = text
    db.session.commit()


def _build(world, fmt=BundleFormat.ZIP):
    bundle = service.build_bundle(world["study"], BundleFilters(), fmt, world["coordinator"])
    db.session.commit()
    return bundle


@pytest.mark.parametrize("fmt", [BundleFormat.ZIP, BundleFormat.QDPX])
def test_a_participant_added_after_a_build_is_found_by_the_next(world, fmt):
    _plant(world, "Спросите у Омаровой, она знает.")
    assert _build(world, fmt).transcript_count == 1  # nobody called Omarova yet: nothing to find
    db.session.add(Participant(study_id=world["study"].id, name="Айгерим Омарова", pseudonym="P03"))
    db.session.commit()
    keys.sync_roster(world["study"], world["coordinator"])
    db.session.commit()
    with pytest.raises(service.BundleLeak) as caught:
        _build(world, fmt)
    assert {leak.what for leak in caught.value.leaks} == {"person"}


def test_a_participant_renamed_after_a_build_is_found_by_the_next(world):
    _plant(world, "Спросите у Омаровой, она знает.")
    _build(world)
    world["gulmira"].name = "Гульмира Омарова"  # married since: the key keeps both names
    db.session.commit()
    keys.sync_roster(world["study"], world["coordinator"])
    db.session.commit()
    with pytest.raises(service.BundleLeak):
        _build(world)


def test_a_phone_given_after_a_build_is_found_by_the_next(world):
    _plant(world, "Звоните по номеру 8 (701) 123-45-67.")
    _build(world)
    world["gulmira"].phone = "+7 701 123 45 67"
    db.session.commit()
    with pytest.raises(service.BundleLeak) as caught:
        _build(world)
    assert {leak.what for leak in caught.value.leaks} == {"phone"}


def test_the_same_identities_share_a_check_and_other_ones_get_their_own():
    first = leak_check(Roster.from_entries(PEOPLE), ["+7 701 555 12 34"])
    assert leak_check(Roster.from_entries(list(PEOPLE)), ["+7 701 555 12 34"]) is first
    more = leak_check(Roster.from_entries([*PEOPLE, RosterEntry("person", "Айгерим Омарова", "P03")]),
                      ["+7 701 555 12 34"])
    other_phone = leak_check(Roster.from_entries(PEOPLE), ["+7 701 555 12 35"])
    assert first is not more and first is not other_phone
    text = "Пришла Омарова.\nЗвоните +7 701 555 12 35."
    assert first.scan("a.txt", text) == []
    assert [(leak.line, leak.what) for leak in more.scan("a.txt", text)] == [(1, "person")]
    assert [(leak.line, leak.what) for leak in other_phone.scan("a.txt", text)] == [(2, "phone")]


def test_a_pseudonym_or_kind_changed_is_another_check():
    """The whole entry counts, not its name alone: the report names the category."""
    person = leak_check(Roster.from_entries([RosterEntry("person", "Тестовый", "P09")]), [])
    place = leak_check(Roster.from_entries([RosterEntry("place", "Тестовый", "PL-09")]), [])
    assert person is not place
    assert [leak.what for leak in place.scan("a.txt", "Мы были в Тестовом.")] == ["place"]
