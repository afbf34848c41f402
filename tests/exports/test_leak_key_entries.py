"""The leak check searches every entity of the study's key, not only the study's own
participants, organisations and staff: a third person, a place or a telephone number a
reviewer masked in one transcript must not leave in another (DESIGN rule 1; the key holds
"every real entity ... third person named in a transcript")."""
import pytest
import sqlalchemy as sa

from app.core.extensions import db
from app.exports import bundles as service
from app.exports.models import Bundle, BundleFormat
from app.exports.selection import BundleFilters
from app.transcripts.models import KeyEntry, SpanCategory, Turn


def _plant(world, text: str) -> None:
    """Put `text` in a consenting participant's turn of the focus group (it goes into the bundle)."""
    turn = db.session.scalars(sa.select(Turn).where(Turn.transcript_id == world["fg_transcript"].id)
                              .order_by(Turn.position)).all()[1]
    turn.anonymised_text = text
    db.session.commit()


def _refused(world, fmt=BundleFormat.ZIP) -> set[str]:
    bundles_before = db.session.scalar(sa.select(sa.func.count(Bundle.id)))
    with pytest.raises(service.BundleLeak) as caught:
        service.build_bundle(world["study"], BundleFilters(), fmt, world["coordinator"])
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Bundle.id))) == bundles_before
    return {leak.what for leak in caught.value.leaks}


def _key_holds(world, category, name) -> bool:
    return name in [e.name for e in db.session.scalars(sa.select(KeyEntry).where(
        KeyEntry.study_id == world["study"].id, KeyEntry.category == category,
        KeyEntry.participant_id.is_(None), KeyEntry.organisation_id.is_(None), KeyEntry.user_id.is_(None)))]


@pytest.mark.parametrize("fmt", [BundleFormat.ZIP, BundleFormat.QDPX])
def test_a_third_person_of_the_key_left_in_a_turn_stops_the_bundle(world, fmt):
    assert _key_holds(world, SpanCategory.PERSON, "Ерлан Сапаров")  # masked when the transcript was approved
    _plant(world, "Я спросила у Сапарова, он тоже так думает.")
    assert _refused(world, fmt) == {"person"}


def test_a_place_of_the_key_left_in_a_turn_stops_the_bundle(world):
    db.session.add(KeyEntry(study_id=world["study"].id, category=SpanCategory.PLACE, name="Шалқар",
                            pseudonym="PLACE-1"))
    db.session.commit()
    _plant(world, "Мы жили тогда в Шалқаре, у реки.")
    assert _refused(world) == {"place"}


@pytest.mark.parametrize("said, planted", [
    ("+7 777 010 20 30", "Звоните соседке: 8 (777) 010-20-30."),
    ("someone@mail.example", "Пишите на SOMEONE@mail.example, она ответит."),
    ("870612301234", "Её ИИН 870612301234, записала."),
])
def test_a_contact_or_number_of_the_key_left_in_a_turn_stops_the_bundle(world, said, planted):
    """Contacts and numbers a reviewer masked in a transcript (nobody's on the participant list)."""
    db.session.add(KeyEntry(study_id=world["study"].id, category=SpanCategory.IDENTIFIER if said.isdigit()
                            else SpanCategory.CONTACT, name=said, pseudonym="CONTACT-9"))
    db.session.commit()
    _plant(world, planted)
    assert _refused(world) & {"phone", "contact"}


def test_words_of_no_key_entry_are_released(world):
    _plant(world, "Я спросила у соседки, она тоже так думает. Мы жили тогда у реки.")
    bundle = service.build_bundle(world["study"], BundleFilters(), BundleFormat.ZIP, world["coordinator"])
    db.session.commit()
    assert bundle.transcript_count == 1
