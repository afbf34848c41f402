"""Who may build, see and download bundles, the key and protocols; what the pages say."""
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.core import storage
from app.core.audit.models import AuditEvent
from app.exports.models import Bundle
from app.core.extensions import db


def _url(world, path):
    return f"/studies/{world['study'].id}{path}"


def _build(client, world, **data):
    return client.post(_url(world, "/bundles"), data={"format": "zip", **data})


def test_coordinator_builds_downloads_and_sees_what_was_left_out(world, login):
    client = login(world["coordinator"])
    response = _build(client, world)
    assert response.status_code == 302
    bundle = db.session.scalar(sa.select(Bundle))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "SSI-01" in page and "no speaker consents to archiving and sharing" in page
    download = client.get(_url(world, f"/bundles/{bundle.id}/download"))
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert download.headers["Content-Disposition"] == f"attachment; filename=dala-study{world['study'].id}-bundle{bundle.id}.zip"
    data = download.data
    download.close()
    assert len(data) == bundle.size_bytes == int(download.headers["Content-Length"])
    assert hashlib.sha256(data).hexdigest() == bundle.checksum
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "transcripts/FG-01.txt" in archive.namelist()
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"bundle.build", "bundle.download"} <= actions


def _a_bundle_built_before_stored_files(app, client, world) -> tuple[Bundle, bytes]:
    """As an install upgraded from before app.core.storage has it: the file only in the bundle folder."""
    assert _build(client, world).status_code == 302
    bundle = db.session.scalar(sa.select(Bundle))
    data = storage.current().read_bytes("bundles", bundle.checksum)
    storage.current().delete("bundles", bundle.checksum)
    db.session.commit()
    legacy = Path(app.config["BUNDLE_FOLDER"]) / bundle.file_name
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_bytes(data)
    return bundle, data


def test_a_bundle_built_before_stored_files_still_downloads_and_is_then_stored(app, world, login):
    client = login(world["coordinator"])
    bundle, data = _a_bundle_built_before_stored_files(app, client, world)
    download = client.get(_url(world, f"/bundles/{bundle.id}/download"))
    assert download.status_code == 200 and download.data == data
    assert storage.current().read_bytes("bundles", bundle.checksum) == data


def test_a_bundle_whose_file_is_lost_or_altered_is_not_served(app, world, login):
    client = login(world["coordinator"])
    bundle, data = _a_bundle_built_before_stored_files(app, client, world)
    (Path(app.config["BUNDLE_FOLDER"]) / bundle.file_name).write_bytes(data[:-1] + b"!")
    response = client.get(_url(world, f"/bundles/{bundle.id}/download"), follow_redirects=True)
    assert "The bundle file is missing on the server; build it again." in response.get_data(as_text=True)
    assert not storage.current().exists("bundles", bundle.checksum)
    assert "bundle.download" not in set(db.session.scalars(sa.select(AuditEvent.action)))


def test_reviewer_sees_the_record_but_cannot_build_or_download(world, login):
    login(world["coordinator"]).post(_url(world, "/bundles"), data={"format": "zip"})
    bundle = db.session.scalar(sa.select(Bundle))
    reviewer = login(world["reviewer"])
    assert bundle.checksum in reviewer.get(_url(world, f"/bundles/{bundle.id}")).get_data(as_text=True)
    assert reviewer.get(_url(world, f"/bundles/{bundle.id}/download")).status_code == 403
    assert _build(reviewer, world).status_code == 403
    assert reviewer.get(_url(world, "/transcripts/key.csv")).status_code == 403


@pytest.mark.parametrize("role", ["fieldworker", "reviewer"])
def test_only_coordinators_get_the_key(world, login, role):
    assert login(world[role]).get(_url(world, "/transcripts/key.csv")).status_code == 403


def test_key_download_is_audited_and_excel_ready(world, login):
    response = login(world["coordinator"]).get(_url(world, "/transcripts/key.csv"))
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffcategory,category_code,name,pseudonym")
    assert "Person,person,Гульмира Сатпаева,P01" in text
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "key.download"))


def test_fieldworker_cannot_see_bundles(world, login):
    assert login(world["fieldworker"]).get(_url(world, "/bundles")).status_code == 403


def test_a_leak_is_shown_with_file_and_line_and_nothing_is_recorded(world, login):
    from app.transcripts.models import Turn

    turn = db.session.scalars(sa.select(Turn).where(Turn.transcript_id == world["fg_transcript"].id)
                              .order_by(Turn.position)).all()[1]
    turn.anonymised_text = "Позвоните g.satpayeva@contact.example"
    db.session.commit()
    response = _build(login(world["coordinator"]), world)
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "transcripts/FG-01.txt" in page and "satpayeva" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Bundle)) == 0


def test_bad_filters_re_render_with_an_error(world, login):
    response = _build(login(world["coordinator"]), world, date_from="2026-06-01", date_to="2026-05-01")
    assert response.status_code == 400 and "before the start date" in response.get_data(as_text=True)


def test_bundle_of_another_study_is_not_found(world, login, build):
    login(world["coordinator"]).post(_url(world, "/bundles"), data={"format": "zip"})
    bundle = db.session.scalar(sa.select(Bundle))
    outsider = login(world["outsider"])
    other = world["other_study"].id
    assert outsider.get(f"/studies/{other}/bundles/{bundle.id}").status_code == 404
    assert outsider.get(f"/studies/{other}/bundles/{bundle.id}/download").status_code == 404


def test_fieldworker_prints_a_protocol_and_a_week(world, login):
    client = login(world["fieldworker"])
    one = client.get(_url(world, f"/sessions/{world['fg'].id}/protocol.pdf?lang=ru"))
    assert one.status_code == 200 and one.mimetype == "application/pdf"
    assert "Протокол сессии FG-01" in PdfReader(io.BytesIO(one.data)).pages[0].extract_text()
    week = client.get(_url(world, "/protocols?date_from=2026-05-11&date_to=2026-06-07&lang=en"))
    assert week.status_code == 200 and week.mimetype == "application/pdf"
    empty = client.get(_url(world, "/protocols?date_from=2020-01-01&date_to=2020-01-07&lang=en"))
    assert empty.status_code == 200 and "No session starts between these dates." in empty.get_data(as_text=True)


def test_reviewer_does_not_print_protocols(world, login):
    assert login(world["reviewer"]).get(_url(world, f"/sessions/{world['fg'].id}/protocol.pdf")).status_code == 403


def test_session_page_offers_the_protocol_to_staff_only(world, login):
    page = login(world["fieldworker"]).get(_url(world, f"/sessions/{world['fg'].id}")).get_data(as_text=True)
    assert f"/sessions/{world['fg'].id}/protocol.pdf?lang=kk" in page
    reviewer = login(world["reviewer"]).get(_url(world, f"/sessions/{world['fg'].id}")).get_data(as_text=True)
    assert "protocol.pdf" not in reviewer
