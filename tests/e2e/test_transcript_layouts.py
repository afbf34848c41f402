"""A fieldworker uploads Teams' .docx of a focus group, checks the preview, maps the speakers,
gives the one line without a speaker to its speaker, reviews and approves; the coordinator's
bundle then holds both approved transcripts of that focus group, in the ZIP and in the .qdpx."""
import io
import re
import zipfile

import docx
import pytest
from lxml import etree

from tests.e2e.journeys import log_in, open_study, open_upload

pytestmark = pytest.mark.e2e
NS = {"q": "urn:QDA-XML:project:1.0"}


def _teams_docx(path):
    document = docx.Document()
    for text in ("Transcript",
                 "Ещё до начала: я хочу сказать про очереди.",
                 "Модератор   0:03", "Добрый день, коллеги. Начнём с портала.",
                 "Айдос Вымыслов   0:12", "Портал работает, но не всегда.",
                 "Мария   0:25", "Согласна, вход через подпись сложный.",
                 "Модератор   0:40", "Спасибо всем."):
        document.add_paragraph(text)
    document.save(path)


def _pending(page) -> int:
    page.locator("#transcript-text[data-ready]").wait_for(state="attached")
    return page.locator("#transcript-text mark.is-pending").count()


def _download(page, tmp_path, name):
    with page.expect_download() as info:
        page.get_by_role("link", name="Download").click()
    path = tmp_path / name
    info.value.save_as(path)
    return zipfile.ZipFile(io.BytesIO(path.read_bytes()))


def test_teams_docx_preview_assign_map_review_approve_and_bundle_two_parts(page, world, tmp_path):
    code = world["focus_group"].code
    log_in(page, world["fieldworker"].email)
    open_study(page, world)
    open_upload(page, code)
    _teams_docx(tmp_path / "meeting.docx")
    page.get_by_label("Transcript file").set_input_files(str(tmp_path / "meeting.docx"))
    page.get_by_role("button", name="Upload").click()

    page.get_by_role("heading", name="Check the transcript before it is stored").wait_for()
    assert "Microsoft Teams" in page.locator("#layout-found").inner_text()
    assert page.locator("#unattributed-count").inner_text() == "1"
    assert page.locator(".turn.is-unattributed").inner_text().endswith("я хочу сказать про очереди.")
    aidos = page.get_by_label("Айдос Вымыслов", exact=True)
    assert aidos.locator("option:checked").inner_text().endswith("Айдос Вымыслов")  # proposed from the name
    assert page.get_by_label("Мария", exact=True).locator("option:checked").inner_text().endswith("Мария Примерова")
    assert page.get_by_label("Мария", exact=True).locator("option", has_text="Гаухар").count() == 0  # a no-show
    page.get_by_label("Модератор", exact=True).select_option(label=world["fieldworker"].name)
    page.get_by_role("button", name="Store the transcript").click()
    page.get_by_text("Transcript uploaded: 6 turns.").wait_for()

    page.get_by_label("Ещё до начала: я хочу сказать про очереди.").select_option(label="Мария")
    page.get_by_role("button", name="Save lines").click()
    page.get_by_text("1 line assigned.").wait_for()
    assert page.locator(".turn.is-unattributed").count() == 0

    for _ in range(100):  # j moves to a span, a accepts it
        if not _pending(page):
            break
        if page.locator("mark.is-current.is-pending").count() == 0:
            page.keyboard.press("j")
            continue
        with page.expect_navigation():
            page.keyboard.press("a")
    page.get_by_role("button", name="Approve transcript").click()
    page.get_by_text("Transcript approved").wait_for()

    page.goto("about:blank")  # the page's last static requests end first: their answers refresh the session cookie
    page.context.clear_cookies()
    log_in(page, world["coordinator"].email)
    page.goto(f"/studies/{world['study'].id}/bundles")
    page.get_by_role("button", name="Build bundle").click()
    # the build runs as a background job; its page offers the bundle when done (issue 18)
    page.get_by_role("link", name=re.compile(r"^Open the bundle")).click()
    page.get_by_role("heading", name=re.compile(r"^Bundle \d+$")).wait_for()
    archive = _download(page, tmp_path, "bundle.zip")
    names = archive.namelist()
    assert f"transcripts/{code}.txt" in names and f"transcripts/{code}-part3.txt" in names
    part3 = archive.read(f"transcripts/{code}-part3.txt").decode()
    assert "я хочу сказать про очереди." in part3 and "Согласна" in part3  # Мария consents
    assert "Портал работает, но не всегда." not in part3  # Айдос said no to archiving

    page.goto(f"/studies/{world['study'].id}/bundles")
    page.get_by_label(re.compile("REFI-QDA project")).check()
    page.get_by_role("button", name="Build bundle").click()
    # the build runs as a background job; its page offers the bundle when done (issue 18)
    page.get_by_role("link", name=re.compile(r"^Open the bundle")).click()
    page.get_by_role("heading", name=re.compile(r"^Bundle \d+$")).wait_for()
    qdpx = _download(page, tmp_path, "bundle.qdpx")
    project = etree.fromstring(qdpx.read("project.qde"))
    sources = {s.get("name") for s in project.findall("q:Sources/q:TextSource", NS)}
    assert {f"{code}.txt", f"{code}-part3.txt"} <= sources
