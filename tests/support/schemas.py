"""The tables of a test or bench database: created (in a PostgreSQL schema of their own when one
is named) and dropped with that schema. Called inside the app's context."""
import sqlalchemy as sa

from app.core.extensions import db


def create_tables(schema: str | None = None) -> None:
    if schema:
        with db.engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    db.create_all()


def drop_tables(schema: str | None = None) -> None:
    """Ends the session, drops the schema (SQLite: the file or memory goes with the engine) and
    disposes of the engine's connections."""
    db.session.remove()
    if schema:
        with db.engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    db.engine.dispose()
