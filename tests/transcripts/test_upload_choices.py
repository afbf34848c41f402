"""The upload page offers the latest sessions only (a capped list), yet an older session the
member may upload to is still offered when asked for by id and accepted when posted; another
member's session is refused; the page runs as many queries for a large study as for a small one."""
import io

import sqlalchemy as sa

from app.core.extensions import db
from app.fieldwork.models import FieldSession
from app.studies.models import Role
from app.transcripts import services
from app.transcripts.models import Transcript
from tests.builders.bulk import populate
from tests.support.pages import QueryCounter


def _url(world, suffix="new"):
    return f"/studies/{world['study'].id}/transcripts/{suffix}"


def _offered(page: str) -> int:
    select = page[page.index('name="session_id"'):]
    return select[:select.index("</select>")].count("<option")


def _post(client, world, session_id):
    return client.post(_url(world), data={
        "session_id": str(session_id), "language": "auto", "part_label": "",
        "file": (io.BytesIO("Модератор: Начнём.\n".encode()), "fg.txt")}, content_type="multipart/form-data")


def test_more_sessions_than_the_cap_show_the_capped_list_and_an_older_one_is_still_accepted(world, login, app):
    client = login(world["fieldworker"])
    counter = QueryCounter(db.engine)
    try:
        _status, small = counter.measure(client, _url(world) + f"?session_id={world['session'].id}")
        world["session"].code = "FG-900"  # out of the way of the bulk sessions' numbering
        db.session.commit()
        populate(world["study"], organisations=0, participants=0, sessions=2 * services.UPLOAD_SESSION_CHOICES + 100,
                 staff=[world["fieldworker"]])
        oldest = db.session.scalar(sa.select(FieldSession).where(FieldSession.study_id == world["study"].id)
                                   .order_by(FieldSession.starts_at).limit(1))
        status, large = counter.measure(client, _url(world) + f"?session_id={oldest.id}")
    finally:
        counter.close()
    assert status == 200 and large <= small
    page = client.get(_url(world)).get_data(as_text=True)
    assert _offered(page) == services.UPLOAD_SESSION_CHOICES and oldest.code not in page
    asked = client.get(_url(world) + f"?session_id={oldest.id}").get_data(as_text=True)
    assert _offered(asked) == services.UPLOAD_SESSION_CHOICES + 1
    assert f'<option selected value="{oldest.id}">' in asked or f'value="{oldest.id}" selected' in asked
    preview = _post(client, world, oldest.id)
    assert preview.status_code == 200 and "Начнём." in preview.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Transcript)) == 0


def test_a_session_of_another_member_is_neither_offered_nor_accepted(world, login, build):
    other = build.member(world["study"], Role.FIELDWORKER)
    client = login(other)
    page = client.get(_url(world) + f"?session_id={world['session'].id}").get_data(as_text=True)
    assert world["session"].code not in page
    refused = _post(client, world, world["session"].id)
    assert refused.status_code == 200 and "Начнём." not in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Transcript)) == 0
