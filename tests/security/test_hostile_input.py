"""Every form and upload of Dala driven with hostile input (hypothesis).

The forms are found by crawling the world's study (tests/world.py) as its coordinator, reviewer and fieldworker
and the admin pages as the administrator, from pages only some states show (drafts, transcripts
in review, answers) and through good uploads to the confirm steps; a new form is covered
without changing this file. For every submission: no unhandled
exception and no 500; when it is refused (400/404/409/413, or the form re-rendered with errors)
no table and no file under UPLOAD_FOLDER changed. DALA_HYPOTHESIS_EXAMPLES raises the budget.
"""
import io
import os
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from werkzeug.test import EnvironBuilder

from app.core.extensions import db
from tests.security.hostile import EXAMPLES, crawl, fingerprint, is_rejection, parse_page, study_start
from tests.world import PASSWORD
from tests.support.snapshot import snapshot_world

ADMIN_START = ["/admin/users", "/admin/studies", "/account", "/"]


@pytest.fixture
def world(app, ctx):
    return snapshot_world()


def preview_forms(client, world) -> list:
    """The forms shown only after a good upload: confirming a CSV import and an XLSForm import."""
    base, version = f"/studies/{world['study'].id}", world["questionnaire"]
    workbook = client.get(f"{base}/instruments/versions/{version.id}/xlsform").data
    csv_text = "name,sector,region,notes\r\nAkimat of Nowhere,local_authority,Abai,fictional\r\n"
    uploads = [(f"{base}/import", {"kind": "organisations", "file": (io.BytesIO(csv_text.encode()), "o.csv")}),
               (f"{base}/instruments/import", {"kind": "questionnaire", "instrument": "0",
                                               "file": (io.BytesIO(workbook), "form.xlsx")})]
    forms = []
    for url, data in uploads:
        response = client.post(url, data=data, content_type="multipart/form-data")
        assert response.status_code == 200, url
        forms += [f for f in parse_page(url, response.get_data(as_text=True)).forms
                  if f.method == "post" and ("token" in f.fields or "content" in f.fields)]
    assert len(forms) == 2, [f.action for f in forms]
    return forms


def _payload(values):
    data = {}
    for name, value in values.items():
        if isinstance(value, tuple):
            content, filename, mimetype = value
            data[name] = (io.BytesIO(content), filename, mimetype)
        else:
            data[name] = value
    return data


def _submit(client, form, values):
    if form.method == "get":
        path = urlsplit(form.action).path
        return client.get(path, query_string=values)
    # Werkzeug's builder spools a large body to a temporary file it never closes: close it here.
    environ = EnvironBuilder(path=form.action, method="POST", data=_payload(values)).get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()


def _drive(app, client, form, failures):
    folder = app.config["UPLOAD_FOLDER"]

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(values=form.strategy())
    def one(values):
        before = fingerprint(folder)
        try:
            response = _submit(client, form, values)
        except Exception as error:  # noqa: BLE001 - any unhandled exception is the finding
            failures.append((form.action, form.method, repr(values)[:300], f"{type(error).__name__}: {error}"[:300]))
            db.session.rollback()
            return
        if "/login" in response.headers.get("Location", ""):
            failures.append((form.action, form.method, "logged out", response.status))
        elif response.status_code >= 500:
            failures.append((form.action, form.method, repr(values)[:300], response.status))
        elif is_rejection(response):
            after = fingerprint(folder)
            if after != before:
                changed = [k for k in before[0] if before[0][k] != after[0].get(k)]
                files = set(before[1]) ^ set(after[1])
                failures.append((form.action, form.method, repr(values)[:300],
                                 f"rejected ({response.status_code}) but stored: {changed} {sorted(files)[:3]}"))

    one()


def test_no_form_answers_500_or_stores_a_rejected_submission(app, world, login):
    failures, counts = [], {}
    for who in ("coordinator", "reviewer", "fieldworker", "admin"):
        client = login(world[who], PASSWORD)
        forms = crawl(app, client, ADMIN_START if who == "admin" else study_start(world["study"].id))
        if who == "coordinator":
            forms += preview_forms(client, world)
        counts[who] = len(forms)
        if os.environ.get("DALA_HYPOTHESIS_LIST"):
            print(who, *sorted(f"{f.method} {f.action} {sorted(f.fields)}" for f in forms), sep="\n")
        for form in forms:
            _drive(app, client, form, failures)
    assert not failures, "\n".join(map(str, failures))
    assert counts["coordinator"] >= 40 and counts["reviewer"] >= 2 and counts["admin"] >= 4, counts


def test_a_refused_consent_record_leaves_no_scan_on_disk(app, world, login):
    participant, version = world["alia"], world["consent_version"]  # no consent yet; an approved version
    client = login(world["coordinator"], PASSWORD)
    before = fingerprint(app.config["UPLOAD_FOLDER"])
    data = {"consent_date": "1970-01-01", "method": "written", "obtained_by": str(world["coordinator"].id),
            "scan": (io.BytesIO(b"%PDF-1.4\n% a fictional signed form\n"), "scan.pdf", "application/pdf"),
            **{f"item_{key}": "yes" for key in version.item_keys}}
    response = client.post(f"/studies/{participant.study_id}/participants/{participant.id}/consent/new"
                           f"?version={version.id}", data=data, content_type="multipart/form-data")
    assert response.status_code == 200 and is_rejection(response)
    assert "cannot be dated earlier" in response.get_data(as_text=True)
    assert fingerprint(app.config["UPLOAD_FOLDER"]) == before
