"""Two people at once: reading an edit form's guard, and the audit events of a record."""
import re

import sqlalchemy as sa

from app.core.audit.models import AuditEvent
from app.core.extensions import db


def guard_of(page: str) -> dict:
    """The hidden `version` and `loaded` fields of an edit form, as a browser would send them."""
    version = re.search(r'name="version" value="([^"]*)"', page)
    loaded = re.search(r'name="loaded" value="([^"]*)"', page)
    assert version and loaded, "the edit form carries no guard"
    return {"version": version.group(1), "loaded": loaded.group(1)}


def events(action: str, entity_id) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.entity_id == str(entity_id))))
