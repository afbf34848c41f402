"""Appends to the audit chain are serialised per chain (app.core.audit.services._lock_chain).

On PostgreSQL an advisory lock belongs to the whole database, not to a schema: two deployments,
two test runs or two xdist workers with the chain in schemas of their own must not wait on each
other's appends, while two appends to one chain still take turns (else both read the same tail
and the chain forks). A waiting append is told apart from a free one by a lock timeout."""
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from app.core.audit import services as audit
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from tests.conftest import fresh_app


def _append_within(seconds: str, entity_id: str) -> None:
    """One append in this context's session, refused if it waits longer than `seconds`."""
    db.session.execute(sa.text(f"SET LOCAL lock_timeout = '{seconds}'"))
    audit.record(None, "test.append", entity_type="system", entity_id=entity_id)


def test_an_append_waits_for_its_own_chain_only(app, tmp_path):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite: one database file, one writer; the schemas' shared lock is PostgreSQL's")
    with fresh_app(tmp_path, "OtherChainConfig") as other, app.app_context():
        _append_within("5s", "held")  # an append in the suite's schema, its transaction left open
        with other.app_context():  # another schema of the same database: it does not wait
            _append_within("5s", "other schema")
            db.session.commit()
            assert db.session.scalars(sa.select(AuditEvent.entity_id)).all() == ["other schema"]
            assert audit.verify_chain().intact
        with app.app_context():  # a second append to the held chain waits for the first
            with pytest.raises(OperationalError, match="lock timeout"):
                _append_within("300ms", "same schema")
            db.session.rollback()
        db.session.commit()
        with app.app_context():  # once the first is committed, the second goes through
            _append_within("5s", "same schema")
            db.session.commit()
            assert db.session.scalars(sa.select(AuditEvent.entity_id).order_by(AuditEvent.id)).all() == [
                "held", "same schema"]
            assert audit.verify_chain().intact
