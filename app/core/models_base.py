"""Shared column helpers and the enum type every model uses."""
import enum
from datetime import datetime, timezone

import sqlalchemy as sa


def utcnow() -> datetime:
    """Naive UTC: every timestamp in the database is naive UTC, shown in the study's zone."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def enum_column(enum_cls: type[enum.Enum], length: int = 32, name: str | None = None) -> sa.Enum:
    """A VARCHAR with a CHECK constraint, storing the enum's lowercase values.

    `name` names the CHECK constraint; give one when a table has two columns of one enum.
    """
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
        name=name or enum_cls.__name__.lower(),
    )
