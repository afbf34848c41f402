"""Every GET page of the app, with the ids of a world (tests/world.py) filled in: for the
query-count test (tests/core/test_page_queries.py) and bench/pages.py. `study_pages` gives the
pages under a study (asked as its coordinator), `app_pages` the others, each with who asks it."""
import sqlalchemy as sa

STUDY_PREFIX = "/studies/<int:study_id>"
ARGUMENTS = {  # URL argument -> key of the world (as tests/security/test_matrix.py)
    "organisation_id": "organisation", "participant_id": "participant", "session_id": "session",
    "transcript_id": "transcript", "span_id": "span", "bundle_id": "bundle", "record_id": "consent_record",
    "target_id": "target", "membership_id": "membership", "section_id": "section",
    "question_id": "question", "attendee_id": "attendee", "user_id": "spare",
    "bundle_job_id": "bundle_job", "protocols_job_id": "protocols_job", "report_job_id": "report_job",
}


def _value(world: dict, endpoint: str, name: str):
    if name == "study_id":
        return world["study"].id
    if name == "version_id":
        return world["consent_version" if endpoint.startswith("consent.") else "instrument_version"].id
    if name == "action":
        return "confirm"
    key = ARGUMENTS.get(name)
    return world[key].id if key and key in world else None


def study_pages(app, world: dict) -> dict[str, str]:
    """endpoint -> path of every GET page under the study (pages needing an argument the
    world cannot give are left out)."""
    pages = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.rule.startswith(STUDY_PREFIX):
            continue
        values = {name: _value(world, rule.endpoint, name) for name in rule.arguments}
        if None in values.values():
            continue
        pages[rule.endpoint] = rule.build(values, append_unknown=False)[1]
    return dict(sorted(pages.items()))


# GET rules no page of the app: the app's own files (CSS, scripts, fonts), the same bytes for any study
LEFT_OUT = {"static": "the app's own files (CSS, scripts, fonts), the same for any study"}
# who asks each page outside the studies (the world's key; None: nobody signed in); the others: "coordinator"
ASKED_BY = {"auth.login": None, "healthz": None, "fieldwork.feed": None,  # the feed: by its secret token
            "studies.admin_index": "admin", "studies.admin_new": "admin", "studies.admin_add_coordinator": "admin",
            "auth.admin_users": "admin", "auth.admin_new_user": "admin"}


def app_pages(app, world: dict) -> dict[str, tuple[str | None, str]]:
    """endpoint -> (who asks it: a key of the world or None, path) of every GET page outside
    the studies (LEFT_OUT aside)."""
    pages = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(STUDY_PREFIX) or rule.endpoint in LEFT_OUT:
            continue
        values = {name: world["feed_token"] if name == "token" else _value(world, rule.endpoint, name)
                  for name in rule.arguments}
        if None in values.values():
            continue
        pages[rule.endpoint] = (ASKED_BY.get(rule.endpoint, "coordinator"), rule.build(values, append_unknown=False)[1])
    return dict(sorted(pages.items()))


def every_page(app, world: dict) -> dict[str, tuple[str | None, str]]:
    """study_pages (asked by the coordinator) and app_pages together."""
    return {**{e: ("coordinator", path) for e, path in study_pages(app, world).items()}, **app_pages(app, world)}


class QueryCounter:
    """Counts the SQL statements the engine runs while `active`."""

    def __init__(self, engine):
        self.count, self.active = 0, False
        sa.event.listen(engine, "before_cursor_execute", self._hit)
        self.engine = engine

    def _hit(self, *args, **kwargs):
        if self.active:
            self.count += 1

    def measure(self, client, path: str):
        self.count, self.active = 0, True
        try:
            response = client.get(path)
            response.get_data()
            response.close()
        finally:
            self.active = False
        return response.status_code, self.count

    def close(self):
        sa.event.remove(self.engine, "before_cursor_execute", self._hit)
