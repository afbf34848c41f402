"""No row points into another study: a last line of defence under the services.

A row belongs to one study: its own `study_id`, and the study of every parent it points to that
belongs to a study (a consent record's participant and form version, an attendee's session and
participant, a transcript speaker's participant...). Before each flush, every new row and every
row whose foreign keys changed is checked: all of these studies must be one. Foreign keys alone
cannot say it (a participant id of another study is a valid id), so the factory installs
`guard_study_boundaries` on every session; the services refuse such input earlier, in words.
"""
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.core.domain import DomainError


class CrossStudyReference(DomainError):
    """A row would point at a record of another study."""


def _parents(mapper) -> list[tuple[str, str | None, type]]:
    """(column key, relationship key or None, parent class) for each foreign key to a table
    whose rows belong to a study."""
    found = []
    tables = {m.local_table: m.class_ for m in mapper.registry.mappers}
    for prop in mapper.column_attrs:
        for column in prop.columns:
            for fk in column.foreign_keys:
                parent = tables.get(fk.column.table)
                if parent is None or "study_id" not in fk.column.table.c or fk.column.name != "id" \
                        or fk.column.table.name == "studies":
                    continue
                relationship = next((r.key for r in mapper.relationships
                                     if r.direction.name == "MANYTOONE" and column in r.local_columns), None)
                found.append((prop.key, relationship, parent))
    return found


_PARENTS: dict[type, list[tuple[str, str | None, type]]] = {}


def _parents_of(mapper) -> list[tuple[str, str | None, type]]:
    if mapper.class_ not in _PARENTS:
        _PARENTS[mapper.class_] = _parents(mapper)
    return _PARENTS[mapper.class_]


def _studies_of(session: Session, row) -> set[int]:
    state = sa.inspect(row)
    studies = set()
    own = getattr(row, "study_id", None) if "study_id" in state.mapper.columns else None
    if own is not None:
        studies.add(own)
    for key, relationship, parent_class in _parents_of(state.mapper):
        value, parent = getattr(row, key), None
        with session.no_autoflush:
            if value is not None:
                parent = session.get(parent_class, value)
            elif relationship is not None:
                parent = getattr(row, relationship)
        if parent is not None and getattr(parent, "study_id", None) is not None:
            studies.add(parent.study_id)
    return studies


def _changed_keys(row) -> bool:
    state = sa.inspect(row)
    keys = {"study_id"} | {k for column, rel, _p in _parents_of(state.mapper) for k in (column, rel) if k}
    return any(state.attrs[key].history.has_changes() for key in keys if key in state.attrs)


def _check(session: Session, _context, _instances) -> None:
    changed = [r for r in session.dirty if session.is_modified(r) and _changed_keys(r)]
    for row in [*session.new, *changed]:
        if len(_studies_of(session, row)) > 1:
            raise CrossStudyReference(
                f"A {type(row).__name__} cannot point at a record of another study.")


def guard_study_boundaries() -> None:
    """Check every flush of every session (idempotent)."""
    if not sa.event.contains(Session, "before_flush", _check):
        sa.event.listen(Session, "before_flush", _check)
