"""Every form and upload of Dala driven with hostile input (hypothesis).

The forms are found by crawling the demo study as its coordinator and as the administrator
(so a new form is covered without changing this file). For every submission: no unhandled
exception and no 500; when it is refused (400/404/409/413, or the form re-rendered with errors)
no table and no file under UPLOAD_FOLDER changed. DALA_HYPOTHESIS_EXAMPLES raises the budget.
"""
import io
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings

from app.demo import DEMO_PASSWORD, build_demo
from app.extensions import db
from tests.security.hostile import EXAMPLES, crawl, fingerprint, is_rejection

START = {"coordinator": ["/"], "admin": ["/admin/users", "/admin/studies", "/account", "/"]}


@pytest.fixture
def demo_app(app, ctx):
    logins = dict(build_demo())
    db.session.commit()
    return app, logins


def _payload(form, values):
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
    return client.post(form.action, data=_payload(form, values), content_type="multipart/form-data")


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
        if response.status_code >= 500:
            failures.append((form.action, form.method, repr(values)[:300], response.status))
        elif is_rejection(response):
            after = fingerprint(folder)
            if after != before:
                changed = [k for k in before[0] if before[0][k] != after[0].get(k)]
                files = set(before[1]) ^ set(after[1])
                failures.append((form.action, form.method, repr(values)[:300],
                                 f"rejected ({response.status_code}) but stored: {changed} {sorted(files)[:3]}"))

    one()


@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_no_form_answers_500_or_stores_a_rejected_submission(demo_app, login, who):
    app, logins = demo_app
    from app.auth.models import User
    user = db.session.scalar(db.select(User).filter_by(email=logins[who]))
    client = login(user, DEMO_PASSWORD)
    forms = crawl(app, client, START[who])
    assert len(forms) >= (20 if who == "coordinator" else 3), [f.action for f in forms]
    failures = []
    print(who, len(forms), *sorted(f"{f.method} {f.action} {sorted(f.fields)}" for f in forms), sep="\n")
    for form in forms:
        _drive(app, client, form, failures)
    assert not failures, "\n".join(map(str, failures))
