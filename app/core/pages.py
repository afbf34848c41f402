"""The home page redirect and a liveness check."""
import sqlalchemy as sa
from flask import Flask, redirect, url_for
from sqlalchemy.exc import SQLAlchemyError

from app.core.extensions import db


def register_pages(app: Flask) -> None:
    @app.route("/")
    def home():
        return redirect(url_for("studies.index"))

    @app.route("/healthz")
    def healthz():
        """200 when the database answers; 503 with JSON (for a load balancer) when it does not."""
        try:
            db.session.execute(sa.text("SELECT 1"))
        except SQLAlchemyError:
            db.session.rollback()
            app.logger.error("healthz: database unavailable")
            return {"status": "unavailable", "database": "unreachable"}, 503
        return {"status": "ok", "database": "ok"}
