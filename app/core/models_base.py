"""Shared column helpers and the enum type every model uses."""
import enum
import re
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


def natural_key(text: str | None) -> str | None:
    """A text whose plain order is the natural order of `text`: every run of digits padded
    to 12, so P7 < P12 < P100. Stored beside a pseudonym as its sort
    key, so lists order and seek through an index rather than by length(pseudonym)."""
    if text is None:
        return None
    return re.sub(r"\d+", lambda m: m.group().lstrip("0").rjust(12, "0"), text)


def natural_key_default(source: str):
    """A column default computing natural_key of another column of the same insert (ORM or
    Core, one row or many)."""
    def default(context):
        return natural_key(context.get_current_parameters().get(source))
    return default


def attrs_changed(obj, *attrs) -> bool:
    """Whether a flush changes any of these attributes of `obj` (their history, in a flush listener)."""
    state = sa.inspect(obj)
    return any(state.attrs[a].history.has_changes() for a in attrs)
