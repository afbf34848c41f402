"""Request logs are structured and carry no personal data."""
import json
import logging


def test_request_log_is_json_without_query_or_names(app, build, login, caplog):
    team = build.team()
    client = login(team["coordinator"])
    with caplog.at_level(logging.INFO, logger=app.logger.name):
        client.get(f"/studies/{team['study'].id}/audit?entity_type=participants&entity_id=Айгерим")
    records = [r for r in caplog.records if r.getMessage() == "request"]
    assert records, "no request log line"
    line = app.logger.handlers[0].formatter.format(records[-1])
    payload = json.loads(line)
    assert payload["rule"] == "/studies/<int:study_id>/audit"
    assert payload["status"] == 200 and payload["user"] == str(team["coordinator"].id)
    assert "Айгерим" not in line and "entity_id" not in line and team["coordinator"].email not in line
