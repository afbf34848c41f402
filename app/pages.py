"""The home page redirect and a liveness check."""
import sqlalchemy as sa
from flask import Flask, redirect, url_for
from sqlalchemy.exc import OperationalError

from app.extensions import db


def register_pages(app: Flask) -> None:
    @app.route("/")
    def home():
        return redirect(url_for("studies.index"))

    @app.route("/healthz")
    def healthz():
        try:
            db.session.execute(sa.text("SELECT 1"))
        except OperationalError:
            db.session.rollback()
            return {"status": "unavailable", "database": "unreachable"}, 503
        return {"status": "ok"}
