"""The browser journeys' traffic leaves no participant's name, e-mail or phone in any log."""
import io
import logging
import re
import threading
import urllib.request
from collections import Counter
from urllib.parse import quote, quote_plus, urljoin, urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect
from werkzeug.serving import make_server

from app.core.extensions import db
from app.recruitment.models import Participant
from tests.world import PASSWORD, build_world

LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/logout", "/language")
FILES = (".pdf", ".csv", ".ics", ".zip", ".qdpx", "/xlsform", "/docx")
PER_ENDPOINT = 1  # pages of each kind visited: enough to render every template, and quick


STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class Everything(logging.Handler):
    """Every record of every logger, formatted with its exception text if it has one."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record):
        extra = {k: v for k, v in record.__dict__.items() if k not in STANDARD}
        self.lines.append(f"{self.format(record)} {extra!r}" if extra else self.format(record))


@pytest.fixture
def all_logs(app):
    """Captured from the root and from every logger that does not propagate, with the root at INFO
    (an operator turning on informational logs must not turn on personal data)."""
    handler, root = Everything(), logging.getLogger()
    loggers = [root, app.logger] + [logger for logger in logging.root.manager.loggerDict.values()
                                    if isinstance(logger, logging.Logger) and not logger.propagate]
    level = root.level
    root.setLevel(logging.INFO)
    for logger in loggers:
        logger.addHandler(handler)
    yield handler
    root.setLevel(level)
    for logger in loggers:
        logger.removeHandler(handler)


def personal_data() -> list[str]:
    rows = db.session.execute(sa.select(Participant.name, Participant.email, Participant.phone)).all()
    return sorted({value for row in rows for value in row if value})


def crawl(app, client, start: str, downloads: Counter) -> int:
    """Visit the pages linked from `start`, PER_ENDPOINT of each kind; return how many were seen.
    Files (PDFs, spreadsheets, calendars) are shared: fetched once whichever role meets them first."""
    adapter, seen, queue, per_endpoint = app.url_map.bind("localhost"), set(), [start], Counter()
    while queue:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIP):
            continue
        try:
            endpoint, _ = adapter.match(urlsplit(url).path)
        except RequestRedirect as redirect:
            queue.append(urlsplit(redirect.new_url).path)
            continue
        except (NotFound, MethodNotAllowed):
            continue
        counter = downloads if urlsplit(url).path.endswith(FILES) else per_endpoint
        if counter[endpoint] >= PER_ENDPOINT:
            continue
        counter[endpoint] += 1
        seen.add(url)
        response = client.get(url)
        response.close()  # a download (a bundle, a PDF) holds its file open until closed
        assert response.status_code < 500, url
        if response.mimetype == "text/html":
            queue += [urljoin(url, href.replace("&amp;", "&")) for href in LINK.findall(response.get_data(as_text=True))]
    return len(seen)


def journeys(app, world, names: list[str]) -> int:
    """Log in as every role, visit every area, search for people, post forms and upload files."""
    pages, downloads, study_id = 0, Counter(), world["study"].id
    for who in ("admin", "coordinator", "fieldworker", "fieldworker2", "reviewer"):
        client = app.test_client()
        assert client.post("/login", data={"email": world[who].email, "password": PASSWORD}).status_code == 302
        pages += crawl(app, client, "/studies", downloads)
    client = app.test_client()
    client.post("/login", data={"email": world["coordinator"].email, "password": PASSWORD})
    for name in names:
        assert client.get(f"/studies/{study_id}/participants?q={quote(name)}").status_code == 200
    client.post(f"/studies/{study_id}/participants/new", data={"name": names[0], "email": "not an e-mail",
                                                                "phone": names[-1]})
    text = "\n".join(f"{name}: I work at the clinic; write to me." for name in names[:5]).encode()
    client.post(f"/studies/{study_id}/transcripts/new", data={
        "session_id": world["focus_group"].id, "language": "auto", "file": (io.BytesIO(text), f"{names[0]}.txt")},
        content_type="multipart/form-data")
    app.test_client().post("/login", data={"email": names[1], "password": names[2]})  # a failed login
    return pages + len(names) + 3


def test_no_log_line_of_the_journeys_names_a_participant(app, ctx, all_logs):
    world = build_world(extra_participants=27)
    secrets = personal_data()
    assert len(secrets) == 3 * len(world["participants"]) == 120  # 40 participants: names, e-mails and phones
    requests = journeys(app, world, secrets)
    assert requests > 200 and len(all_logs.lines) >= requests
    forms = {form for secret in secrets for form in (secret, quote(secret), quote_plus(secret))}
    found = [(form, line) for line in all_logs.lines for form in forms if form in line]
    assert found == []


def test_an_unexpected_error_is_logged_without_its_message(app, ctx, login, build, all_logs, monkeypatch):
    team = build.team()
    db.session.commit()
    secret = "Гульнара Сапарова +7 701 555 0199"

    def failing(*args, **kwargs):
        raise ValueError(f"cannot list {secret}")

    monkeypatch.setattr("app.recruitment.routes.render_template", failing)
    response = login(team["coordinator"]).get(f"/studies/{team['study'].id}/participants")
    assert response.status_code == 500 and secret not in response.get_data(as_text=True)
    errors = [line for line in all_logs.lines if " ERROR " in line]
    assert errors and "unhandled ValueError at recruitment.participants" in errors[0]
    assert not [line for line in all_logs.lines if "Гульнара" in line or "0199" in line]


def test_the_live_server_prints_no_access_log(app, all_logs):
    """Werkzeug's access log prints whole URLs, query strings (searched names) included: silenced."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/login?q=Aigerim%20Nurlanova") as reply:
            assert reply.status == 200
    finally:
        server.shutdown()
        server.server_close()
    assert [line for line in all_logs.lines if line.startswith("werkzeug")] == []
    assert not [line for line in all_logs.lines if "Nurlanova" in line]
    assert any('"rule": "/login"' in line or line.startswith("app INFO request") for line in all_logs.lines)
