"""Every GET page of a study, with the ids of a world (tests/world.py) filled in: for the
query-count test (tests/core/test_page_queries.py) and bench/pages.py."""
import sqlalchemy as sa

STUDY_PREFIX = "/studies/<int:study_id>"
ARGUMENTS = {  # URL argument -> key of the world (as tests/security/test_matrix.py)
    "organisation_id": "organisation", "participant_id": "participant", "session_id": "session",
    "transcript_id": "transcript", "span_id": "span", "bundle_id": "bundle", "record_id": "consent_record",
    "target_id": "target", "membership_id": "membership", "section_id": "section",
    "question_id": "question", "attendee_id": "attendee", "user_id": "spare",
    "bundle_job_id": "bundle_job", "protocols_job_id": "protocols_job",
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
