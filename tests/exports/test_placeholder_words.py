"""Pseudonym placeholders in the transcript's language, where the study wants them, and the
README in each of the study's languages: read from the bundle as a researcher would."""
import re
import zipfile

from app.anonymise import PREFIX, relabel
from app.core import storage
from app.core.extensions import db
from app.exports import bundles as service
from app.exports.contents import WITHHELD
from app.exports.labels import PLACEHOLDER_LABELS
from app.exports.models import BundleFormat
from app.exports.selection import BundleFilters
from app.studies.models import PlaceholderWords
from app.transcripts.keys import STAFF_PREFIX

RU = {"PERSON": "ЧЕЛОВЕК", "CONTACT": "КОНТАКТ", "STAFF": "СОТРУДНИК"}


def _files(world, tmp_path) -> dict[str, str]:
    bundle = service.build_bundle(world["study"], BundleFilters(), BundleFormat.ZIP, world["coordinator"])
    db.session.commit()
    path = tmp_path / f"bundle-{bundle.id}.zip"
    path.write_bytes(storage.current().read_bytes("bundles", bundle.checksum))
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_relabel_writes_category_words_and_leaves_participant_and_organisation_codes():
    text = "STAFF-1: [P07] из [LA-03] звонил [PERSON-2], пишите [CONTACT-3]; [PERSON-12]. XPERSON-2 PERSON-2x"
    assert relabel(text, RU) == ("СОТРУДНИК-1: [P07] из [LA-03] звонил [ЧЕЛОВЕК-2], пишите [КОНТАКТ-3]; "
                                 "[ЧЕЛОВЕК-12]. XPERSON-2 PERSON-2x")
    assert relabel(text, {}) == text


def test_every_code_word_of_the_engine_and_the_staff_has_a_placeholder_word():
    assert set(PLACEHOLDER_LABELS) == {*PREFIX.values(), STAFF_PREFIX}


def test_codes_stay_as_they_are_by_default(world, tmp_path):
    text = _files(world, tmp_path)["transcripts/FG-01.txt"]
    assert "[PERSON-" in text and re.search(r"^STAFF-\d+: ", text, re.M) and "ЧЕЛОВЕК" not in text
    assert WITHHELD in text


def test_a_study_that_wants_them_gets_placeholders_in_the_transcripts_language(world, tmp_path):
    world["study"].placeholder_words = PlaceholderWords.TRANSCRIPT_LANGUAGE
    db.session.commit()
    files = _files(world, tmp_path)
    text = files["transcripts/FG-01.txt"]
    assert "[ЧЕЛОВЕК-" in text and re.search(r"^СОТРУДНИК-\d+: ", text, re.M) and "P01: " in text
    assert "PERSON" not in text and "STAFF" not in text
    assert "P02: [реплика скрыта: нет согласия на архивирование и передачу]" in text
    assert re.search(r"СОТРУДНИК-\d+ \(staff\)", files["metadata.csv"])


def test_readme_comes_in_each_of_the_studys_languages(world, tmp_path):
    world["study"].languages = ["ru", "kk"]
    world["study"].placeholder_words = PlaceholderWords.TRANSCRIPT_LANGUAGE
    db.session.commit()
    readme = _files(world, tmp_path)["README.txt"]
    assert "Основание: согласие участников" in readme and "Негіз: қатысушылардың келісімі" in readme
    assert "ЧЕЛОВЕК-12" in readme and "АДАМ-12" in readme
    assert "Consent basis" not in readme and "focus_group" not in readme
    assert "Фокус-группа: 1" in readme and "Фокус-топ: 1" in readme


def test_coordinator_chooses_the_placeholder_words_in_the_study_settings(world, login):
    study = world["study"]
    client = login(world["coordinator"])
    page = client.get(f"/studies/{study.id}/edit").get_data(as_text=True)
    assert 'name="placeholder_words"' in page
    client.post(f"/studies/{study.id}/edit", data={
        "title": study.title, "status": study.status.value, "timezone": study.timezone,
        "languages": ["ru", "kk"], "placeholder_words": "transcript"})
    db.session.refresh(study)
    assert study.placeholder_words == PlaceholderWords.TRANSCRIPT_LANGUAGE
