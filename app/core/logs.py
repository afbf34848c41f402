"""Structured request logs that carry no personal data.

One JSON line per request: method, the URL rule (never the query string, which may hold a
searched name), status, duration and the user's id. Werkzeug's own access log, which prints
full URLs, is silenced.
"""
import json
import logging
import time

from flask import Flask, g, request


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                   "logger": record.name, "event": record.getMessage()}
        payload.update(getattr(record, "fields", {}))
        return json.dumps(payload, ensure_ascii=False)


def _user_id() -> str | None:
    """The id of the user the request already loaded; logging never queries the database."""
    user = g.get("_login_user")
    return user.get_id().split(":")[0] if user is not None and user.is_authenticated else None


def register_logging(app: Flask) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(logging.INFO)
    app.logger.propagate = False
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # SQL statements and their parameters (names, e-mails) stay out even under a root logger at INFO.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)

    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = g.get("request_started", time.perf_counter())
        fields = {
            "method": request.method,
            "rule": request.url_rule.rule if request.url_rule else "(no route)",
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "user": _user_id(),
        }
        app.logger.info("request", extra={"fields": fields})
        return response
