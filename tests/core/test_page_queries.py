"""Every GET page of the app runs as many SQL queries for a study ten times larger: a small
world and a large one (the same records of every kind, then hundreds more participants,
organisations and sessions in bulk), each page asked by the coordinator of each (the admin
pages by its admin, the login page and the calendar feed by nobody signed in)."""
from app.core.extensions import db
from app.studies.models import Role
from tests.builders.bulk import populate
from tests.support.pages import LEFT_OUT, QueryCounter, every_page
from tests.world import PASSWORD, build_world


def _sized(tag: str, participants: int, sessions: int, build) -> dict:
    world = build_world(tag)
    crew = [world["fieldworker"], world["coordinator"]] + [build.member(world["study"], Role.FIELDWORKER)
                                                           for _ in range(3)]
    populate(world["study"], organisations=participants // 20, participants=participants, sessions=sessions,
             staff=crew, seed=len(tag))
    return world


def test_queries_per_page_do_not_grow_with_the_study(app, build):
    """Building the worlds is most of the time: the small one also shows every page is asked."""
    small = _sized("s", 60, 30, build)
    _check_every_get_page_of_the_app_is_asked(app, small)
    large = _sized("l", 900, 400, build)
    counter = QueryCounter(db.engine)
    grew, failed = [], []
    try:
        counts = {}
        for name, world in (("small", small), ("large", large)):
            clients = {None: app.test_client()}
            for who in ("coordinator", "admin"):
                clients[who] = app.test_client()
                assert clients[who].post("/login", data={"email": world[who].email,
                                                         "password": PASSWORD}).status_code == 302
            for endpoint, (who, path) in every_page(app, world).items():
                status, queries = counter.measure(clients[who], path)
                if status >= 400:  # an error page is not the page
                    failed.append(f"{endpoint} {path}: {status}")
                counts.setdefault(endpoint, {})[name] = (status, queries)
    finally:
        counter.close()
    for endpoint, sizes in counts.items():
        if sizes["large"][1] > sizes["small"][1]:
            grew.append(f"{endpoint}: {sizes['small'][1]} -> {sizes['large'][1]} queries")
    assert not failed, failed
    assert not grew, "\n".join(grew)


def _check_every_get_page_of_the_app_is_asked(app, world):
    """No GET rule is left out of the pages measured (a page whose ids the world cannot give
    would be skipped silently), but the app's own static files."""
    asked = every_page(app, world)
    rules = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert rules - set(asked) == set(LEFT_OUT)
    assert len(asked) > 80  # 75 pages of a study and 12 outside (December 2026), form pages included
