"""Every GET page of a study runs as many SQL queries for a study ten times larger: a small
world and a large one (the same records of every kind, then hundreds more participants,
organisations and sessions in bulk), each page asked by the coordinator of each."""
from app.core.extensions import db
from app.studies.models import Role
from tests.builders.bulk import populate
from tests.support.pages import QueryCounter, study_pages
from tests.world import PASSWORD, build_world


def _sized(tag: str, participants: int, sessions: int, build) -> dict:
    world = build_world(tag)
    crew = [world["fieldworker"], world["coordinator"]] + [build.member(world["study"], Role.FIELDWORKER)
                                                           for _ in range(3)]
    populate(world["study"], organisations=participants // 20, participants=participants, sessions=sessions,
             staff=crew, seed=len(tag))
    return world


def test_queries_per_page_do_not_grow_with_the_study(app, build):
    small = _sized("s", 60, 30, build)
    large = _sized("l", 900, 400, build)
    counter = QueryCounter(db.engine)
    grew, failed = [], []
    try:
        counts = {}
        for name, world in (("small", small), ("large", large)):
            client = app.test_client()
            assert client.post("/login", data={"email": world["coordinator"].email,
                                               "password": PASSWORD}).status_code == 302
            for endpoint, path in study_pages(app, world).items():
                status, queries = counter.measure(client, path)
                if status >= 500:
                    failed.append(f"{endpoint} {path}: {status}")
                counts.setdefault(endpoint, {})[name] = (status, queries)
    finally:
        counter.close()
    for endpoint, sizes in counts.items():
        if sizes["large"][1] > sizes["small"][1]:
            grew.append(f"{endpoint}: {sizes['small'][1]} -> {sizes['large'][1]} queries")
    assert not failed, failed
    assert len(counts) > 60, len(counts)  # every page of a study, form pages included
    assert not grew, "\n".join(grew)
