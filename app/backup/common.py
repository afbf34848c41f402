"""What both database kinds of backup share: the error, row counts, revisions, the version."""
import importlib.metadata

import sqlalchemy as sa


class BackupError(Exception):
    """A reason, in one line, why no backup was written or nothing was restored."""


def dala_version() -> str:
    try:
        return importlib.metadata.version("dala")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def row_counts(conn: sa.Connection) -> dict[str, int]:
    names = sa.inspect(conn).get_table_names()
    return {name: conn.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) for name in sorted(names)}


def alembic_revision(conn: sa.Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.scalar(sa.text("SELECT version_num FROM alembic_version"))
