"""Recording and verifying audit events. Every domain change goes through record()."""
import enum
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from app.core.audit.models import GENESIS_HASH, AuditEvent
from app.core.audit.redaction import SENSITIVE_KEYS
from app.core.crypto import keyring
from app.core.crypto.keys import KeyProblem
from app.core.extensions import db
from app.core.hashing import sha256_bytes
from app.core.models_base import utcnow


def jsonable(value: Any) -> Any:
    """Turn dates, enums and decimals into the JSON the chain hashes and stores."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set) else items
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The named attributes of a record, ready to store as before or after."""
    return jsonable({name: getattr(obj, name) for name in fields})


# Values under these keys identify a person: sealed under the study's key before they are hashed
# into the chain, so destroying the key makes them unreadable while the chain still verifies.
IDENTIFYING_KEYS = SENSITIVE_KEYS | {"name", "position", "notes", "note", "field_notes", "entity",
                                     "label", "real_name", "body", "reason", "correction_reason"}
# Under these keys every text inside is sealed (instrument answers: a mapping of answers).
IDENTIFYING_WHOLE = frozenset({"values"})


def _seal_one(value: str, study_id: int, ring) -> str:
    try:
        return ring.seal_text(study_id, value, db.session.connection())
    except keyring.StudyKeyDestroyed:  # the study's identifiable data is gone: so is this value
        return keyring.DESTROYED


def _sealed(values: Any, study_id: int, ring, whole: bool = False) -> Any:
    if isinstance(values, dict):
        return {k: (_seal_one(v, study_id, ring)
                    if (whole or k in IDENTIFYING_KEYS) and isinstance(v, str) and v and not keyring.is_sealed(v)
                    else _sealed(v, study_id, ring, whole or k in IDENTIFYING_WHOLE)) for k, v in values.items()}
    if isinstance(values, list):
        return [_seal_one(v, study_id, ring) if whole and isinstance(v, str) and v and not keyring.is_sealed(v)
                else _sealed(v, study_id, ring, whole) for v in values]
    return values


def readable(values: Any) -> Any:
    """An event's values as people read them: sealed ones opened, destroyed ones shown as such."""
    if isinstance(values, dict):
        return {k: readable(v) for k, v in values.items()}
    if isinstance(values, list):
        return [readable(v) for v in values]
    if keyring.is_sealed(values):
        ring = keyring.current()
        try:
            return ring.open_text(values) if ring is not None else keyring.DESTROYED
        except KeyProblem:
            return keyring.DESTROYED
    return values


def _digest(event: AuditEvent) -> str:
    payload = {
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "study_id": event.study_id,
        "action": event.action,
        "entity_type": event.entity_type,
        "entity_id": event.entity_id,
        "before": event.before,
        "after": event.after,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sha256_bytes(canonical.encode("utf-8"))


def _study_of(entity: Any) -> int | None:
    if getattr(entity, "__tablename__", None) == "studies":
        return entity.id
    return getattr(entity, "study_id", None)


CHAIN_LOCK = 7301  # the advisory lock's first key: the audit chain (the second: its table)


def _lock_chain() -> None:
    """Serialise appends: the tail is read only by the one transaction that may write next.

    PostgreSQL: a transaction-scoped advisory lock keyed by the chain's own table (its OID, as
    the search path resolves `audit_events` for the INSERT that follows). Advisory locks belong
    to the whole database, not to a schema: with one fixed key, appends to the chains of other
    schemas (another deployment, another test run or xdist worker) waited on each other for
    nothing; with the table's OID every server appending to this chain takes the same lock and
    no other chain's does (tests/audit/test_chain_lock.py).

    SQLite takes its write lock only at a transaction's first write, so a request that had
    written nothing yet could read the tail, be overtaken by another append and then collide
    with it; a write that changes nothing takes that lock first (waiting for the other writer,
    as every SQLite write does).
    """
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:key, 'audit_events'::regclass::oid::int)"),
                           {"key": CHAIN_LOCK})
    elif dialect == "sqlite":
        db.session.execute(sa.text("UPDATE audit_events SET id = id WHERE 0"))


def record(
    actor: Any,
    action: str,
    entity: Any = None,
    *,
    entity_type: str | None = None,
    entity_id: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    study_id: int | None = None,
) -> AuditEvent:
    """Append one event to the chain: who (actor) did what (action) to which record."""
    _lock_chain()
    db.session.flush()
    study_id = study_id if study_id is not None else _study_of(entity)
    ring = keyring.active()
    if ring is not None and study_id is not None:
        before = _sealed(jsonable(before), study_id, ring) if before is not None else None
        after = _sealed(jsonable(after), study_id, ring) if after is not None else None
    tail = db.session.scalar(sa.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    event = AuditEvent(
        occurred_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        study_id=study_id,
        action=action,
        entity_type=entity_type or (entity.__tablename__ if entity is not None else "system"),
        entity_id=str(entity_id if entity_id is not None else getattr(entity, "id", "")),
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        prev_hash=tail or GENESIS_HASH,
    )
    event.hash = _digest(event)
    db.session.add(event)
    db.session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    checked: int
    broken_event_id: int | None = None
    reason: str | None = None


def verify_chain(batch_size: int = 1000) -> ChainReport:
    """Walk the chain in order; report the first event whose hash or link does not hold."""
    query = sa.select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=batch_size)
    result = db.session.scalars(query)
    try:
        return _walk(result)
    finally:
        result.close()


def _walk(events) -> ChainReport:
    expected_prev = GENESIS_HASH
    checked = 0
    for event in events:
        if event.prev_hash != expected_prev:
            return ChainReport(False, checked, event.id, "link to the previous event is broken")
        if _digest(event) != event.hash:
            return ChainReport(False, checked, event.id, "content does not match its hash")
        expected_prev = event.hash
        checked += 1
    return ChainReport(True, checked)


def events_for(entity_type: str, entity_id: Any, limit: int = 200) -> list[AuditEvent]:
    """The trail of one record, newest first."""
    query = (
        sa.select(AuditEvent)
        .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == str(entity_id))
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
