"""Keyset pages: walking Next from the first page and Previous from the last shows every row
of a list exactly once, in the order of the whole list, for every sort and direction."""
import re
from datetime import timedelta

import pytest

from app.core import keyset
from app.core.models_base import natural_key
from app.recruitment.models import RecruitmentStatus, Sector
from tests.builders import day_at
from tests.support.snapshot import snapshot


def _url(study, path):
    return f"/studies/{study.id}{path}"


TABLE = ("<tbody", "</tbody>")
TRAIL = ('<ol class="audit-trail">', "</ol>")  # the audit trail is a list of events, not a table


def _rows(page: str, pattern: str, region=TABLE) -> list[str]:
    body = page[page.index(region[0]):page.index(region[1])]
    return re.findall(pattern, body)


def _link(page: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def _walk(client, start: str, pattern: str, rel: str, region=TABLE) -> list[str]:
    seen, path, pages = [], start, 0
    while path:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        rows = _rows(page, pattern, region)
        seen = seen + rows if rel == "next" else rows + seen
        path, pages = _link(page, rel), pages + 1
        assert pages < 100
    return seen


def _check_list(app, client, path: str, pattern: str, per_page: int = 3, region=TABLE) -> list[str]:
    joiner = "&" if "?" in path else "?"
    app.config["PER_PAGE"] = 1000
    try:
        whole = _rows(client.get(path).get_data(as_text=True), pattern, region)
        app.config["PER_PAGE"] = per_page
        forwards = _walk(client, path, pattern, "next", region)
        backwards = _walk(client, path + joiner + "last=1", pattern, "prev", region)
    finally:
        app.config["PER_PAGE"] = 50
    assert forwards == whole, path
    assert backwards == whole, path
    return whole


@pytest.fixture
def crowd(build):
    """Built once per test process, then put back from its copy for each test (tests/support/snapshot.py)."""
    return snapshot(("keyset_crowd",), lambda: _crowd(build))


def _crowd(build) -> dict:
    team = build.team()
    study = team["study"]
    la = build.organisation(study, "Акимат Бета (вымышленный)")
    cso = build.organisation(study, "Альфа НКО (вымышленная)", Sector.CIVIL_SOCIETY, region=None)
    statuses = [RecruitmentStatus.CONTACTED, RecruitmentStatus.AGREED, None]
    people = []
    for n in range(11):  # same names twice, some without an organisation: ties and NULLs
        people.append(build.participant(study, f"Тестовый Участник {n % 4}", organisation=[la, cso, None][n % 3],
                                        status=statuses[n % 3]))
    for n in range(8):
        build.session(study, starts=day_at(n - 4 if n % 2 else 4 - n), participants=people[n:n + 2],
                      facilitators=[team["fieldworker"]], override=True)
    return team


PARTICIPANT_SORTS = ["pseudonym", "name", "status", "organisation", "changed"]


@pytest.mark.parametrize("sort", PARTICIPANT_SORTS)
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_participant_list_pages_show_every_row_once_in_order(app, crowd, login, sort, direction):
    client = login(crowd["coordinator"])
    whole = _check_list(app, client, _url(crowd["study"], f"/participants?sort={sort}&dir={direction}"),
                        r">(P\d+)</a>")
    assert len(whole) == 11 and len(set(whole)) == 11
    if sort == "pseudonym":
        numbers = [int(p[1:]) for p in whole]
        assert numbers == sorted(numbers, reverse=direction == "desc")


def test_filtered_participant_list_pages(app, crowd, login):
    client = login(crowd["coordinator"])
    whole = _check_list(app, client, _url(crowd["study"], "/participants?status=scheduled"), r">(P\d+)</a>", 2)
    assert len(whole) >= 5  # the invitees of the sessions


@pytest.mark.parametrize("sort", ["starts", "code", "type", "status"])
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_session_list_pages_show_every_row_once_in_order(app, crowd, login, sort, direction):
    client = login(crowd["coordinator"])
    whole = _check_list(app, client, _url(crowd["study"], f"/sessions?sort={sort}&dir={direction}"),
                        r">([A-Z]+-\d+)</a></td>")
    assert len(whole) == 8 and len(set(whole)) == 8


@pytest.mark.parametrize("sort", ["name", "sector", "pseudonym", "region", "participants"])
def test_organisation_list_pages(app, crowd, login, build, sort):
    for n in range(5):
        build.organisation(crowd["study"], f"Организация {n} (вымышленная)", region=None if n % 2 else "Область")
    client = login(crowd["coordinator"])
    whole = _check_list(app, client, _url(crowd["study"], f"/organisations?sort={sort}&dir=desc"),
                        r">([A-Z]+-\d+)<", 2)
    assert len(whole) == 7 and len(set(whole)) == 7


def test_audit_trail_and_consent_pages(app, crowd, login):
    client = login(crowd["coordinator"])
    events = _check_list(app, client, _url(crowd["study"], "/audit"), r'data-event="(\d+)"', 7, TRAIL)
    assert [int(e) for e in events] == sorted((int(e) for e in events), reverse=True) and len(events) > 20
    people = _check_list(app, client, _url(crowd["study"], "/consent?sort=name"), r">(P\d+)<", 4)
    assert len(set(people)) == 11


def test_a_forged_or_foreign_cursor_shows_the_first_page(app, crowd, login):
    client = login(crowd["coordinator"])
    first = client.get(_url(crowd["study"], "/participants")).get_data(as_text=True)
    for cursor in ["%%%", "bm90IGpzb24", keyset.encode([1, 2, 3]), keyset.encode([{"x": 1}, 2]), "A" * 5000]:
        response = client.get(_url(crowd["study"], f"/participants?after={cursor}"))
        assert response.status_code == 200
        assert _rows(response.get_data(as_text=True), r">(P\d+)</a>") == _rows(first, r">(P\d+)</a>")


def test_cursor_round_trip_keeps_types():
    moment = day_at(1) + timedelta(microseconds=7)
    values = ["P000000000007", 3, None, moment, moment.date(), RecruitmentStatus.AGREED]
    assert keyset.decode(keyset.encode(values), 6) == ["P000000000007", 3, None, moment, moment.date(), "agreed"]
    assert keyset.decode(keyset.encode(values), 5) is None


def test_natural_key_orders_pseudonyms_by_number():
    keys = [natural_key(p) for p in ["P9", "P10", "P100", "P1000", "LA-2", "LA-10"]]
    assert keys[0] < keys[1] < keys[2] < keys[3] and keys[4] < keys[5]
    assert natural_key("P07") == natural_key("P7") and natural_key(None) is None
