"""Who may do what: every endpoint of the URL map, by GET and by POST, for an anonymous user, a
member of another study and each role of the study, against one realistic study.

The study is built once for this module in a database of its own (the per-test cleaning of the
shared test database does not touch it). Responses are compared by status only, except that the
bodies an ethics reviewer or a fieldworker can read are searched for what they must never see.
"""
import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from app.studies.models import Role
from config import TestingConfig
from tests.conftest import IsolatedClient, _database_config
from tests.security.world import PASSWORD, build_study, contacts, raw_phrase

STUDY_PREFIX = "/studies/<int:study_id>"
# Endpoints outside any study: who may use them, and why.
NON_STUDY = {
    "static": ("public", "stylesheets, scripts and icons, also for the login page"),
    "healthz": ("public", "the load balancer's probe; answers only whether the database is up"),
    "home": ("public", "only redirects to the study list, which asks for a login"),
    "auth.login": ("public", "the way in"),
    "auth.language": ("public", "the language switch works on the login page too; sets a cookie"),
    "fieldwork.feed": ("public", "calendar apps cannot log in: the secret token in the URL is the key"),
    "auth.logout": ("user", "any logged-in user"),
    "auth.account": ("user", "a user's own name, password and language"),
    "fieldwork.feed_settings": ("user", "a user's own calendar feed token"),
    "studies.index": ("user", "the studies the user is a member of, and only those"),
}
ROLE_OF = {"coordinator": Role.COORDINATOR, "fieldworker": Role.FIELDWORKER, "reviewer": Role.ETHICS_REVIEWER}
USERS = ["anonymous", "outsider", "reviewer", "fieldworker", "coordinator"]
# POSTs that remove or retire what later requests use run last; logging out ends the client.
LAST = ["instruments.retire", "consent.version_retire", "studies.member_remove", "recruitment.target_delete",
        "instruments.remove_question", "instruments.remove_section", "instruments.delete", "auth.logout"]
ARGUMENTS = {  # URL argument -> key of the world; version_id depends on the area
    "organisation_id": "organisation", "participant_id": "participant", "session_id": "session",
    "transcript_id": "transcript", "span_id": "span", "bundle_id": "bundle", "record_id": "consent_record",
    "target_id": "target", "membership_id": "membership", "section_id": "section",
    "question_id": "question", "attendee_id": "attendee", "user_id": "spare",
}


def _ids(world: dict) -> dict:
    ids = {arg: world[key].id for arg, key in ARGUMENTS.items()}
    ids.update(study_id=world["study"].id, consent_version=world["consent_version"].id,
               instrument_version=world["instrument_version"].id, token=world["feed_token"],
               transcript2=world["transcript2"].id, action="confirm", filename="css/dala.css")
    return ids


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    """An app with its own database holding study A (walked) and study B (foreign ids)."""
    folder = tmp_path_factory.mktemp("matrix")
    settings = _database_config()
    config = type("MatrixConfig", (TestingConfig,), {**settings, "UPLOAD_FOLDER": str(folder / "uploads"),
                                                     "BUNDLE_FOLDER": str(folder / "bundles")})
    app = create_app(config)
    app.test_client_class = IsolatedClient
    schema = settings.get("TEST_SCHEMA")
    with app.app_context():
        if schema:
            with db.engine.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        db.create_all()
    with app.test_request_context():
        a, b = build_study("a"), build_study("b")
        emails = {key: a[key].email for key in ROLE_OF} | {"outsider": b["coordinator"].email,
                                                           "fieldworker2": a["fieldworker2"].email}
        result = {"app": app, "a": _ids(a), "b": _ids(b), "emails": emails}
    clients = {"anonymous": app.test_client()}
    for key, email in emails.items():
        clients[key] = app.test_client()
        assert clients[key].post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    yield {**result, "clients": clients}
    with app.app_context():
        db.session.remove()
        if schema:
            with db.engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        db.engine.dispose()


def _values(rule, ids: dict, override: dict | None = None) -> dict:
    values = {}
    for name in rule.arguments:
        if name == "version_id":
            values[name] = ids["consent_version" if rule.endpoint.startswith("consent.") else "instrument_version"]
        else:
            values[name] = ids[name]
    return values | (override or {})


def _url(rule, values: dict) -> str:
    return rule.build(values, append_unknown=False)[1]


def _rules(app, method: str) -> list:
    rules = [r for r in app.url_map.iter_rules() if method in r.methods]
    return sorted(rules, key=lambda r: (LAST.index(r.endpoint) if r.endpoint in LAST else -1, r.rule))


def _expected(app, rule, user: str) -> str:
    """'login', 'hidden', 'forbidden' or 'allowed' for this user on this endpoint."""
    view = app.view_functions[rule.endpoint]
    if rule.rule.startswith(STUDY_PREFIX):
        if user == "anonymous":
            return "login"
        if user == "outsider":
            return "hidden"
        return "allowed" if ROLE_OF[user] in view.study_roles else "forbidden"
    if getattr(view, "admin_only", False):
        return "login" if user == "anonymous" else "forbidden"
    kind, _reason = NON_STUDY[rule.endpoint]
    return "login" if kind == "user" and user == "anonymous" else "allowed"


def _check(expected: str, response) -> bool:
    status = response.status_code
    if expected == "login":
        return status == 302 and "/login" in response.headers["Location"]
    if expected == "hidden":
        return status == 404
    if expected == "forbidden":
        return status in (403, 404)
    redirected_to_login = status == 302 and "/login?" in response.headers.get("Location", "")
    return status not in (403, 404, 405) and status < 500 and not redirected_to_login


def _never_seen(m: dict, user: str) -> list[str]:
    """What this user's pages must never contain."""
    other_fieldworkers_raw = [raw_phrase("a", 3)]
    if user == "reviewer":
        return [contacts("a")["email"], contacts("a")["phone"], raw_phrase("a", 1), "Ерлан Сапаров",
                *other_fieldworkers_raw]
    return other_fieldworkers_raw if user == "fieldworker" else []


def test_every_endpoint_is_declared(matrix):
    app = matrix["app"]
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.rule.startswith(STUDY_PREFIX):
            assert view.study_roles and view.study_roles <= set(Role), rule.endpoint
        else:
            assert getattr(view, "admin_only", False) or rule.endpoint in NON_STUDY, \
                f"{rule.endpoint} declares no roles and is not in the allow-list"


@pytest.mark.parametrize("method,user", [(m, u) for m in ("GET", "POST") for u in USERS])
def test_matrix(matrix, method, user):
    app, client, ids = matrix["app"], matrix["clients"][user], matrix["a"]
    wrong, leaks, seen = [], [], 0
    for rule in _rules(app, method):
        url = _url(rule, _values(rule, ids))
        response = client.open(url, method=method)
        seen += 1
        expected = _expected(app, rule, user)
        if not _check(expected, response):
            wrong.append(f"{method} {url} ({rule.endpoint}) as {user}: {response.status_code}, expected {expected}")
        if method == "GET" and response.status_code == 200:
            body = response.get_data()
            leaks += [f"{url}: {s!r}" for s in _never_seen(matrix, user) if s.encode() in body]
        response.close()
    assert seen > 40
    assert not wrong, "\n".join(wrong)
    assert not leaks, "\n".join(leaks)
