"""The committed Alembic revisions build the schema the models describe."""
import os
import uuid
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app import create_app
from app.core.extensions import db
from config import TestingConfig
from tests.support.schemas import drop_tables


def _empty_database(tmp_path: Path):
    """A fresh SQLite file, or a fresh PostgreSQL schema when the suite runs on PostgreSQL."""
    url = os.environ.get("DALA_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrated.sqlite3'}"}, None
    schema = f"dala_mig_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return {"SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}}}, schema


def test_upgrade_from_empty_matches_the_models(tmp_path):
    settings, schema = _empty_database(tmp_path)
    app = create_app(type("Migrated", (TestingConfig,), settings))
    runner = app.test_cli_runner()
    try:
        result = runner.invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        with app.app_context(), db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                    db.metadata)
            assert diff == [], f"models and migrations disagree: {diff}"
        result = runner.invoke(args=["db", "downgrade", "base"])
        assert result.exit_code == 0, result.output
    finally:
        with app.app_context():
            drop_tables(schema)
