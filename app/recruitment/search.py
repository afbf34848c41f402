"""Case-insensitive matching that works for Cyrillic and Kazakh letters on both databases.

SQLite's lower() folds ASCII only, so on SQLite `casefold(x)` calls Python's str.lower,
registered on every new SQLite connection; PostgreSQL's lower() is Unicode-aware already.
"""
import sqlite3

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction


class casefold(GenericFunction):  # noqa: N801  (SQL function names are lower case)
    type = sa.String()
    inherit_cache = True


@compiles(casefold)
def _casefold_default(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(casefold, "sqlite")
def _casefold_sqlite(element, compiler, **kw):
    return f"dala_lower({compiler.process(element.clauses, **kw)})"


def _lower(value):
    return value.lower() if isinstance(value, str) else value


@sa.event.listens_for(Engine, "connect")
def _register_sqlite_lower(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("dala_lower", 1, _lower, deterministic=True)
