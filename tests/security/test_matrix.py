"""Who may do what: every endpoint of the URL map, by GET and by POST, for an anonymous user, a
member of another study and each role of the study, against one realistic study.

The study is built once for this module in a database of its own (the per-test cleaning of the
shared test database does not touch it). Responses are compared by status only, except that the
bodies an ethics reviewer or a fieldworker can read are searched for what they must never see.
"""
import io

import pytest
from pypdf import PdfReader
from werkzeug.exceptions import MethodNotAllowed

from app.core import policy
from app.studies.models import Role
from tests.conftest import fresh_app
from tests.security.endpoints import EXPECTED_ACTION
from tests.world import PASSWORD, build_world, contacts, raw_phrase

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
    "auth.preferences": ("user", "a user's own preferences (issue 15: single-key review shortcuts)"),
    "fieldwork.feed_settings": ("user", "a user's own calendar feed token"),
    "studies.index": ("user", "the studies the user is a member of, and only those"),
}
ROLE_OF = {"coordinator": Role.COORDINATOR, "fieldworker": Role.FIELDWORKER, "reviewer": Role.ETHICS_REVIEWER}
USERS = ["anonymous", "outsider", "admin", "reviewer", "fieldworker", "coordinator"]
# POSTs that remove or retire what later requests use run last; logging out ends the client.
LAST = ["instruments.retire", "consent.version_retire", "studies.member_remove", "dashboard.target_delete",
        "instruments.remove_question", "instruments.remove_section", "instruments.delete", "auth.logout"]
ARGUMENTS = {  # URL argument -> key of the world; version_id depends on the area
    "organisation_id": "organisation", "participant_id": "participant", "session_id": "session",
    "transcript_id": "transcript", "span_id": "span", "bundle_id": "bundle", "record_id": "consent_record",
    "target_id": "target", "membership_id": "membership", "section_id": "section",
    "question_id": "question", "attendee_id": "attendee", "user_id": "spare",
    "bundle_job_id": "bundle_job", "protocols_job_id": "protocols_job", "report_job_id": "report_job",
}


def _ids(world: dict) -> dict:
    ids = {arg: world[key].id for arg, key in ARGUMENTS.items()}
    ids.update(study_id=world["study"].id, consent_version=world["consent_version"].id,
               instrument_version=world["instrument_version"].id, token=world["feed_token"],
               session2=world["session2"].id, transcript2=world["transcript2"].id, span2=world["span2"].id, action="confirm",
               filename="css/dala.css")
    return ids


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    """An app with its own database holding study A (walked) and study B (foreign ids)."""
    with fresh_app(tmp_path_factory.mktemp("matrix"), "MatrixConfig") as app:
        yield from _matrix(app)


def _matrix(app):
    with app.test_request_context():
        a, b = build_world("a"), build_world("b")
        emails = {key: a[key].email for key in [*ROLE_OF, "admin", "fieldworker2"]}
        emails["outsider"] = b["coordinator"].email
        result = {"app": app, "a": _ids(a), "b": _ids(b), "emails": emails}

    def login(key: str):
        client = app.test_client()
        if key != "anonymous":
            assert client.post("/login", data={"email": emails[key], "password": PASSWORD}).status_code == 302
        return client

    clients = {key: login(key) for key in ["anonymous", *emails]}
    yield {**result, "clients": clients, "login": login}


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


def _unanswered(app, method: str, ids: dict) -> list[str]:
    """URLs (with study A's ids) that no rule answers by `method`: they must say 405."""
    adapter, urls = app.url_map.bind("localhost"), []
    for rule in app.url_map.iter_rules():
        url = _url(rule, _values(rule, ids))
        try:
            adapter.match(url, method=method)
        except MethodNotAllowed:
            urls.append(url)
    return urls


def _expected(app, rule, user: str) -> str:
    """'login', 'hidden', 'forbidden' or 'allowed' for this user on this endpoint."""
    view = app.view_functions[rule.endpoint]
    if rule.rule.startswith(STUDY_PREFIX):
        if user == "anonymous":
            return "login"
        if user in ("outsider", "admin"):  # an admin sees nothing inside a study unless a member
            return "hidden"
        # the world's objects are the fieldworker's own, so an own-only grant lets them in here
        return "allowed" if policy.grant(ROLE_OF[user], EXPECTED_ACTION[rule.endpoint]) else "forbidden"
    if getattr(view, "admin_only", False):
        return {"anonymous": "login", "admin": "allowed"}.get(user, "forbidden")
    kind, _reason = NON_STUDY[rule.endpoint]
    return "login" if kind == "user" and user == "anonymous" else "allowed"


def _check(expected: str, response) -> bool:
    status = response.status_code
    if expected == "login":
        return status == 302 and "/login" in response.headers["Location"]
    if expected == "hidden":
        return status == 404
    if expected == "forbidden":
        return status == 403
    redirected_to_login = status == 302 and "/login?" in response.headers.get("Location", "")
    return status not in (403, 404, 405) and status < 500 and not redirected_to_login


def _readable(response) -> bytes:
    """The body as a reader sees it: a PDF's text, anything else as sent."""
    if response.mimetype == "application/pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.get_data())).pages)
        return " ".join(text.split()).encode()
    return response.get_data()


def _extra_gets(ids: dict) -> list[str]:
    """Pages the walk does not reach by itself: the audit trail of the contact and of the key
    (it pages), and the raw transcript of the session the fieldworker does not staff."""
    trail = f"/studies/{ids['study_id']}/audit"
    return [f"{trail}?entity_type=participants&entity_id={ids['participant_id']}",
            f"{trail}?entity_type=pseudonym_key", f"{trail}?entity_type=transcripts",
            f"/studies/{ids['study_id']}/transcripts/{ids['transcript2']}"]


def _never_seen(user: str) -> list[str]:
    """What this user's pages must never contain: contacts and raw text (a name the raw
    transcripts mention is on the key too), or another fieldworker's raw transcript."""
    if user == "fieldworker":
        return [raw_phrase("a", 3)]
    if user == "coordinator":
        return []
    return [contacts("a")["email"], contacts("a")["phone"], raw_phrase("a", 1), raw_phrase("a", 3),
            "Ерлан Сапаров"]


def test_every_endpoint_is_declared(matrix):
    app = matrix["app"]
    assert set(NON_STUDY) <= set(app.view_functions), "the allow-list names an endpoint that is gone"
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.rule.startswith(STUDY_PREFIX):
            assert rule.endpoint in EXPECTED_ACTION, f"{rule.endpoint}: add it to tests/security/endpoints.py"
            assert view.study_action == EXPECTED_ACTION[rule.endpoint], rule.endpoint
        else:
            assert getattr(view, "admin_only", False) or rule.endpoint in NON_STUDY, \
                f"{rule.endpoint} declares no roles and is not in the allow-list"


def _get(client, url: str):
    response = client.get(url)
    response.get_data()  # buffered, so the file behind a download can be closed
    response.close()
    return response


def test_fieldworkers_read_raw_transcripts_only_of_their_sessions(matrix):
    ids, clients = matrix["a"], matrix["clients"]
    own = f"/studies/{ids['study_id']}/transcripts/{ids['transcript_id']}"
    other = f"/studies/{ids['study_id']}/transcripts/{ids['transcript2']}"
    assert raw_phrase("a", 1) in clients["fieldworker"].get(own).get_data(as_text=True)
    # the note-taker of the session shares it with the facilitator
    assert raw_phrase("a", 1) in clients["fieldworker2"].get(own).get_data(as_text=True)
    assert _get(clients["fieldworker"], other).status_code in (403, 404)
    assert raw_phrase("a", 3) in clients["fieldworker2"].get(other).get_data(as_text=True)


def test_no_transcript_url_opens_another_fieldworkers_raw_transcript(matrix):
    """Every transcript endpoint, on a transcript of a session the fieldworker does not staff."""
    app, ids, client = matrix["app"], matrix["a"], matrix["clients"]["fieldworker"]
    wrong, cases = [], 0
    for rule in app.url_map.iter_rules():
        if "transcript_id" not in rule.arguments:
            continue
        url = _url(rule, _values(rule, ids, {"transcript_id": ids["transcript2"], "span_id": ids["span2"]}))
        for method in sorted(rule.methods & {"GET", "POST"}):
            cases += 1
            response = client.open(url, method=method)
            response.close()
            if response.status_code not in (403, 404):
                wrong.append(f"{method} {url}: {response.status_code}")
    assert cases >= 7 and not wrong, "\n".join(wrong)


def test_no_page_of_another_fieldworkers_session_shows_its_raw_transcript(matrix):
    app, ids, client = matrix["app"], matrix["a"], matrix["clients"]["fieldworker"]
    for rule in app.url_map.iter_rules():
        if "session_id" in rule.arguments and "GET" in rule.methods:
            url = _url(rule, _values(rule, ids, {"session_id": ids["session2"]}))
            response = _get(client, url)
            assert response.status_code < 500, url
            assert raw_phrase("a", 3).encode() not in response.get_data(), url


def test_a_span_of_another_transcript_is_not_found(matrix):
    app, ids, client = matrix["app"], matrix["a"], matrix["clients"]["coordinator"]
    for rule in app.url_map.iter_rules():
        if "span_id" in rule.arguments:
            url = _url(rule, _values(rule, ids, {"span_id": ids["span2"]}))
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = client.open(url, method=method)
                response.close()
                assert response.status_code == 404, f"{method} {url}"


def test_the_key_and_bundles_are_the_coordinators_alone(matrix):
    for endpoint in ("transcripts.key", "transcripts.key_csv", "exports.bundle_download"):
        assert policy.roles_for(EXPECTED_ACTION[endpoint]) == {Role.COORDINATOR}, endpoint
    ids, clients = matrix["a"], matrix["clients"]
    for url in (f"/studies/{ids['study_id']}/transcripts/key", f"/studies/{ids['study_id']}/transcripts/key.csv",
                f"/studies/{ids['study_id']}/bundles/{ids['bundle_id']}/download"):
        assert _get(clients["fieldworker"], url).status_code == 403, url
        assert _get(clients["coordinator"], url).status_code == 200, url


def _foreign_cases(app):
    """(rule, argument) for every object id in a study URL."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(STUDY_PREFIX):
            for name in sorted(rule.arguments - {"study_id", "action"}):
                yield rule, name


def test_object_ids_of_another_study_are_not_found(matrix):
    """Study B's ids, one argument at a time, in study A's URLs, by a user A's endpoint admits."""
    app, a, b, clients = matrix["app"], matrix["a"], matrix["b"], matrix["clients"]
    wrong, cases = [], 0
    for rule, name in _foreign_cases(app):
        roles = policy.roles_for(EXPECTED_ACTION[rule.endpoint])
        user = next(u for u in ("coordinator", "fieldworker", "reviewer") if ROLE_OF[u] in roles)
        foreign = _values(rule, b)[name]
        url = _url(rule, _values(rule, a, {name: foreign}))
        for method in sorted(rule.methods & {"GET", "POST"}):
            cases += 1
            response = clients[user].open(url, method=method)
            response.close()
            if response.status_code != 404:
                wrong.append(f"{method} {url} ({rule.endpoint}, {name} of study B) as {user}: "
                             f"{response.status_code}")
    assert cases > 50
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("user", USERS)
def test_matrix_by_get(matrix, user):
    _walk(matrix, "GET", user)


# Last in the module: the coordinator's POSTs may change the study.
@pytest.mark.parametrize("user", USERS)
def test_matrix_by_post(matrix, user):
    _walk(matrix, "POST", user)


def _walk(matrix, method: str, user: str) -> None:
    """Every URL of the map with ids of study A, by `method`, as `user`: statuses, then bodies."""
    app, ids, client = matrix["app"], matrix["a"], matrix["clients"][user]
    wrong = [f"{method} {url} as {user}: {status}, expected 405"  # before the walk: it ends with logging out
             for url, status in ((url, _status(client, url, method)) for url in _unanswered(app, method, ids))
             if status != 405]
    bodies = {}
    wrong += problems(app, ids, client, method, user, _rules(app, method), bodies, matrix["login"])
    if method == "GET":
        bodies.update((url, _get(client, url).get_data()) for url in _extra_gets(ids))
    assert not wrong, "\n".join(wrong)
    leaks = [f"{url}: {s!r}" for url, body in bodies.items() for s in _never_seen(user) if s.encode() in body]
    assert not leaks, "\n".join(leaks)
    if method == "GET" and user == "coordinator":  # the search is real: the coordinator sees it all
        everything = b"".join(bodies.values())
        assert [s for s in _never_seen("reviewer") if s.encode() not in everything] == []


def problems(app, ids: dict, client, method: str, user: str, rules, bodies: dict | None = None,
             login=None) -> list[str]:
    """Each request of `rules` whose answer is not what the role table expects for `user`."""
    wrong = []
    for rule in rules:
        url = _url(rule, _values(rule, ids))
        # logging out ends the user's sessions: a client of its own
        response = (login(user) if rule.endpoint == "auth.logout" else client).open(url, method=method)
        expected = _expected(app, rule, user)
        if not _check(expected, response):
            wrong.append(f"{method} {url} ({rule.endpoint}) as {user}: {response.status_code}, expected {expected}")
        if response.status_code == 200 and bodies is not None:
            bodies[url] = _readable(response)
        response.close()
    return wrong


def _status(client, url: str, method: str) -> int:
    response = client.open(url, method=method)
    response.close()
    return response.status_code
