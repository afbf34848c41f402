"""Concurrent edits: one mechanism for every edit form of a versioned record.

A form carries two hidden fields (the ``edit_guard`` macro of ``templates/_concurrency.html``):
``version``, the record's version counter when the page was loaded, and ``loaded``, a signed
snapshot of the fields the form edits as they were then. A service calls ``check()`` before it
changes anything: if the counter moved, it raises ``StaleEdit`` with, field by field, the value
now stored and the value the user loaded, so nothing is overwritten and the view re-renders the
user's own input beside the differences. ``flush()`` turns the database's own refusal (a true
race: both passed the check, the second UPDATE matches no row) into the same error.
"""
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from app.core.audit import services as audit
from app.core.audit.models import AuditEvent
from app.core.audit.redaction import MASK, SENSITIVE_KEYS
from app.core.extensions import db

SALT = "dala.concurrency.loaded"


@dataclass(frozen=True)
class Change:
    """One field someone else changed: what is stored now and what the user had loaded."""

    field: str
    stored: Any
    loaded: Any

    @property
    def sensitive(self) -> bool:
        """Contact details or raw text: masked for ethics reviewers (app/audit/redaction.py)."""
        return self.field in SENSITIVE_KEYS

    @property
    def stored_text(self) -> str:
        return shown(self.stored)

    @property
    def loaded_text(self) -> str:
        return shown(self.loaded)


class StaleEdit(ValueError):
    """The record changed since the form was opened; ``changes`` says how."""

    def __init__(self, changes: list[Change] | None = None, message: str | None = None):
        self.changes = changes or []
        super().__init__(message or _("Someone else saved this record after you opened it. Nothing "
                                      "of yours was saved: compare the changes below, merge them "
                                      "into your input and save again."))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def state(obj: Any, fields: list[str], values: dict | None = None) -> dict[str, Any]:
    """What an edit form must carry: the version counter and the signed loaded snapshot."""
    snap = values if values is not None else audit.snapshot(obj, fields)
    return {"version": getattr(obj, "version", None),
            "loaded": _serializer().dumps({"id": getattr(obj, "id", None), "values": snap})}


def _loaded(obj: Any, token: str | None) -> dict | None:
    if not token:
        return None
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    # a token made before the record existed (id None) still tells what the user loaded: nothing
    return data["values"] if data.get("id") in (None, getattr(obj, "id", None)) else None


def _from_audit(obj: Any) -> dict | None:
    """Without a snapshot from the form: the last audited change's `before` values."""
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.entity_type == obj.__tablename__,
                                    AuditEvent.entity_id == str(obj.id))
        .order_by(AuditEvent.id.desc()).limit(1))
    return audit.readable(event.before) if event is not None else None


def changes(obj: Any, fields: list[str], loaded: dict | None,
            redact: bool = False, values: dict | None = None) -> list[Change]:
    """The fields whose stored value differs from the loaded one, masked for reviewers."""
    stored = values if values is not None else audit.snapshot(obj, fields)
    loaded = loaded or {}
    found = []
    for name in fields:
        if name not in loaded or _blank(loaded[name]) == _blank(stored.get(name)):
            continue
        now, then = stored.get(name), loaded[name]
        if redact and name in SENSITIVE_KEYS:
            now, then = MASK, MASK
        found.append(Change(name, now, then))
    return found


def _blank(value: Any) -> Any:
    """An empty text, list or mapping counts as nothing stored, as the form shows it."""
    return None if value in ("", [], {}) else value


def check(obj: Any, version: Any, token: str | None, fields: list[str],
          redact: bool = False, values: dict | None = None) -> None:
    """Refuse (StaleEdit) when the record's counter is no longer the one the form was loaded with.

    A form without a version (an old page, an API client) is not checked here; the database's
    version counter still refuses a change that races with another at the same instant.
    """
    if version in (None, "") or str(version) == str(getattr(obj, "version", None)):
        return
    loaded = _loaded(obj, token)
    if loaded is None and getattr(obj, "id", None) is not None:
        loaded = _from_audit(obj)
    raise StaleEdit(changes(obj, fields, loaded, redact, values))


def touch(obj: Any) -> None:
    """Make the row's counter move although only related rows changed (staff, spans...)."""
    column = next(a.key for a in sa_inspect(type(obj)).column_attrs if a.key not in ("id", "version"))
    getattr(obj, column)  # loaded, so it can be flagged
    flag_modified(obj, column)


def flush() -> None:
    """Flush; a row someone else updated in the meantime becomes a StaleEdit (caller rolls back)."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise StaleEdit() from error


def guard(obj: Any, fields: list[str], submitted: Any = None, values: dict | None = None) -> dict:
    """The hidden fields to render: the ones the user submitted (a form re-rendered for another
    mistake keeps the version it was loaded at), else the record as stored now."""
    if submitted is not None and submitted.get("version") not in (None, ""):
        return {"version": submitted.get("version"), "loaded": submitted.get("loaded", "")}
    return state(obj, fields, values)


def shown(value: Any) -> str:
    """A stored value as the differences table shows it."""
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {shown(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value)
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value)


def summary(stale: StaleEdit, labels: dict | None = None) -> str:
    """The refusal as one line, for a flash message where a form is not re-rendered."""
    parts = [_("%(field)s: now %(now)s (when you opened the page: %(then)s)",
               field=(labels or {}).get(c.field, c.field), now=c.stored_text, then=c.loaded_text)
             for c in stale.changes]
    return " ".join([str(stale), *parts])


def labels_of(form: Any) -> dict[str, str]:
    """Field name → the label the user sees on the form."""
    return {f.name: str(f.label.text) for f in form}
