"""The upload preview over HTTP: nothing stored before confirming, another layout on request,
proposed speakers, and lines without a speaker assigned on the transcript's page."""
import io
import random
from urllib.parse import urlencode

import docx
import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from app.core import storage
from app.core.extensions import db
from app.transcripts.models import Transcript, TranscriptStatus, TurnKind
from tests.transcripts import layout_files
from tests.transcripts.conftest import preview_form


def _url(world, suffix=""):
    return f"/studies/{world['study'].id}/transcripts/{suffix}"


def _preview(client, world, data, name):
    return client.post(_url(world, "new"), data={
        "session_id": str(world["session"].id), "language": "auto", "part_label": "",
        "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _count():
    return db.session.scalar(sa.select(sa.func.count()).select_from(Transcript))


def test_the_preview_shows_the_layout_speakers_and_unmarked_lines_and_stores_nothing(world, login):
    client = login(world["fieldworker"])
    _name, data, _expected = layout_files.teams_docx()
    page = _preview(client, world, data, "teams.docx").get_data(as_text=True)
    assert "Microsoft Teams" in page and "Гульнара Вымышленная" in page and "Добрый день, коллеги." in page
    assert 'id="unattributed-count">1<' in page and "Without a speaker" in page
    assert _count() == 0 and list(storage.current().keys("transcripts")) == []


def test_another_layout_can_be_chosen_and_cancel_leaves_nothing(world, login):
    client = login(world["fieldworker"])
    _name, data, _expected = layout_files.dala_txt()
    preview = _preview(client, world, data, "fg.txt")
    again = client.post(_url(world, "new/preview"), data=preview_form(preview, action="relayout", layout="plain"))
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and "Plain paragraphs (no speakers)" in page
    assert "No speaker was recognised" in page and _count() == 0


def test_a_label_matching_a_participant_is_proposed_and_stored_once_confirmed(world, login):
    client = login(world["fieldworker"])
    text = "Модератор: Начнём.\nAigerim S.: Работаю в акимате.\nМодератор: Спасибо.\n".encode()
    preview = _preview(client, world, text, "fg.txt")
    page = preview.get_data(as_text=True)
    assert f'<option value="p:{world["aigerim"].id}" selected>' in page
    response = client.post(_url(world, "new/preview"), data=preview_form(preview, **{
        "map-0": f"u:{world['fieldworker'].id}"}))
    assert response.status_code == 302
    transcript = db.session.scalar(sa.select(Transcript))
    assert {s.label: (s.participant_id, s.user_id) for s in transcript.speakers} == {
        "Модератор": (None, world["fieldworker"].id), "Aigerim S.": (world["aigerim"].id, None)}
    assert transcript.status == TranscriptStatus.IN_REVIEW and transcript.layout == "dala"


def test_a_tampered_preview_is_refused(world, login):
    client = login(world["fieldworker"])
    preview = _preview(client, world, b"A: b\nC: d\n", "a.txt")
    response = client.post(_url(world, "new/preview"), data=preview_form(preview, payload="not base64!"))
    assert response.status_code == 302 and _count() == 0


def test_another_fieldworkers_session_cannot_be_confirmed(world, login):
    preview = _preview(login(world["fieldworker"]), world, b"A: b\nC: d\n", "a.txt")
    other = login(world["other_fieldworker"])
    response = other.post(_url(world, "new/preview"), data=preview_form(preview))
    assert response.status_code == 302 and _count() == 0


def test_lines_without_a_speaker_are_assigned_on_the_transcript_page(world, login):
    client = login(world["fieldworker"])
    text = "Модератор: Начнём.\nJohn: Hello.\n\nБез подписи.\n\nЕщё без подписи.\n".encode()
    preview = _preview(client, world, text, "fg.txt")
    response = client.post(_url(world, "new/preview"), data=preview_form(preview, **{
        "map-0": f"u:{world['fieldworker'].id}", "map-1": f"p:{world['john'].id}"}))
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 lines have no speaker" in detail
    transcript = db.session.scalar(sa.select(Transcript))
    first, second = [t for t in transcript.turns if t.kind == TurnKind.UNATTRIBUTED]
    john = next(s for s in transcript.speakers if s.label == "John")
    response = client.post(_url(world, f"{transcript.id}/turns"), data={
        f"turn-{first.id}": f"s:{john.id}", "every": "x"})
    assert response.status_code == 302
    db.session.expire_all()
    assert first.speaker_id == john.id and second.kind == TurnKind.NOT_SPEECH
    assert "2 lines assigned." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_large_file_comes_back_from_its_preview_intact(world, login, app, monkeypatch):
    """The confirming form carries the file: far above the ordinary form limit (500 kB)."""
    monkeypatch.setitem(app.config, "ANONYMISE_NER", False)  # random letters: nothing to find, only time
    words = random.Random(12).choices("абвгдежзиклмнопрстуфхцчшыэюя", k=800_000)
    text = "Модератор: Начнём.\n\n" + "".join(w if i % 9 else " " for i, w in enumerate(words)) + "\n"
    client = login(world["fieldworker"])
    # Encoded in memory: the test client would spool a body this large to a file it never closes.
    body, _length, boundary = stream_encode_multipart({
        "session_id": str(world["session"].id), "language": "auto", "part_label": "",
        "file": FileStorage(io.BytesIO(text.encode()), "long.txt")}, use_tempfile=False)
    preview = client.post(_url(world, "new"), data=body.getvalue(),
                          content_type=f"multipart/form-data; boundary={boundary}")
    form = preview_form(preview, **{"map-0": f"u:{world['fieldworker'].id}"})
    assert len(form["payload"]) > 520_000
    response = client.post(_url(world, "new/preview"), data=urlencode(form),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Transcript)).file_size == len(text.encode())


def _bad_inputs():
    document = docx.Document()
    document.add_paragraph("")
    images_only = io.BytesIO()
    document.save(images_only)
    many = "".join(f"Speaker {n}: words {n}.\n" for n in range(10_000)).encode()
    long_label = ("Модератор: Вопрос.\n" + "Очень " * 20 + "длинная метка: текст.\n").encode()
    mixed = ("Модератор: Начнём.\nАйгерим: Да.\n\nDana Karimova  0:15\nHello.\n\n"
             "WEBVTT\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hi\n").encode()
    empty_cues = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:03.000 --> 00:00:02.000\n\n"
    return [("images.docx", images_only.getvalue(), "no transcript text"),
            ("many.txt", many, "at most 200"),
            ("long.txt", long_label, "Check the transcript before it is stored"),
            ("mixed.txt", mixed, "Check the transcript before it is stored"),
            ("cues.vtt", empty_cues, "no transcript text"),
            ("table.docx", layout_files.table_docx()[1], "Check the transcript before it is stored")]


@pytest.mark.parametrize("name, data, message", _bad_inputs(), ids=lambda v: v if isinstance(v, str) and "." in v else "")
def test_bad_input_gets_a_clear_message_or_a_preview_never_an_error(world, login, name, data, message):
    response = _preview(login(world["fieldworker"]), world, data, name)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert _count() == 0
