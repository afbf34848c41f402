"""SQLite as strict as PostgreSQL: foreign keys enforced on every connection.

SQLite ignores foreign keys (and so every `ondelete` rule) unless each connection asks for them
with `PRAGMA foreign_keys=ON`. The factory installs `enforce_foreign_keys` on the connect event
of every engine, so the app, the CLI, backups and the tests all get it; migrations switch it off
for their own connection while SQLite rebuilds tables (migrations/env.py) and check afterwards.
"""
import sqlite3

import sqlalchemy as sa
from sqlalchemy.engine import Engine


def _foreign_keys_on(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def enforce_foreign_keys() -> None:
    """Every new SQLite connection enforces foreign keys (idempotent)."""
    if not sa.event.contains(Engine, "connect", _foreign_keys_on):
        sa.event.listen(Engine, "connect", _foreign_keys_on)


def foreign_keys_enabled(connection) -> bool:
    """Does this connection enforce foreign keys? (True on other databases, which always do.)"""
    if connection.dialect.name != "sqlite":
        return True
    return connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
