"""Every GET page of the app runs as many SQL queries for a study ten times larger: one world
(the same records of every kind as the other suites', then dozens of participants,
organisations and sessions in bulk) measured, then grown to ten times that many in bulk and
measured again, each page asked by the coordinator (the admin pages by its admin, the login
page and the calendar feed by nobody signed in). The app keeps no study's rows between
requests, so the second measure reads the grown study as a first would."""
import sqlalchemy as sa

from app.core.extensions import db
from app.recruitment.models import Participant
from app.studies.models import Role
from tests.builders.bulk import populate
from tests.support.pages import LEFT_OUT, QueryCounter, every_page
from tests.world import PASSWORD, build_world

SMALL = {"organisations": 3, "participants": 60, "sessions": 30}
LARGE = {"organisations": 45, "participants": 900, "sessions": 400}  # the bulk records once grown


def test_queries_per_page_do_not_grow_with_the_study(app, build):
    """Building the world is most of the time: one world, grown in place, instead of two (a
    second world of the same shape costs a build of every kind of record again, PDFs included).
    The small world also shows every page is asked."""
    world = build_world("s")
    crew = [world["fieldworker"], world["coordinator"]] + [build.member(world["study"], Role.FIELDWORKER)
                                                           for _ in range(3)]
    populate(world["study"], **SMALL, staff=crew, seed=1)
    _check_every_get_page_of_the_app_is_asked(app, world)
    counter = QueryCounter(db.engine)
    grew, failed = [], []
    try:
        counts = {}
        for name in ("small", "large"):
            if name == "large":  # the same study, ten times the participants, organisations and sessions
                populate(world["study"], **{key: LARGE[key] - SMALL[key] for key in LARGE}, staff=crew, seed=2)
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
    assert _participants(world["study"]) >= 900 + len(world["participants"])  # grown as said


def _participants(study) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Participant).where(Participant.study_id == study.id))


def _check_every_get_page_of_the_app_is_asked(app, world):
    """No GET rule is left out of the pages measured (a page whose ids the world cannot give
    would be skipped silently), but the app's own static files."""
    asked = every_page(app, world)
    rules = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert rules - set(asked) == set(LEFT_OUT)
    assert len(asked) > 80  # 75 pages of a study and 12 outside (December 2026), form pages included
