"""Column types that seal identifying values at rest, transparently for services and templates.

`EncryptedText` (and `EncryptedJSON` for mappings) stores `dala1:...` (app.core.crypto.keyring) and gives back the plain text.
Sealing needs the study whose key to use; a column type sees only the value, so before each
INSERT or UPDATE a mapper listener tags the plain strings of a row's encrypted columns with the
row's study (`StudyText`, a str that knows its study): the study is the row's `study_id`, or
what the model's `study_of(target, connection)` says for rows below a study (a transcript's
spans). A plain string that reaches the column untagged (a WHERE clause comparing an encrypted
column, a bulk UPDATE) is refused: such a query cannot work on sealed values and must use the
blind index (app.core.crypto.blind) instead.
"""
import json

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapper

from app.core.crypto import keyring
from app.core.crypto.keys import KeyProblem
from app.core.extensions import db


class StudyText(str):
    """A plain value bound for an encrypted column, with the study whose key seals it."""

    study_id: int
    connection: object | None  # the flush's connection, which sees a key created in it

    def __new__(cls, value: str, study_id: int, connection=None):
        text = super().__new__(cls, value)
        text.study_id, text.connection = study_id, connection
        return text


class StudyDict(dict):
    """A plain mapping bound for an EncryptedJSON column, with the study whose key seals it."""

    study_id: int
    connection: object | None

    def __init__(self, value: dict, study_id: int, connection=None):
        super().__init__(value)
        self.study_id, self.connection = study_id, connection


class UntaggedValue(KeyProblem):
    """A plain value was sent to an encrypted column without its study."""


class EncryptedText(sa.types.TypeDecorator):
    """Text sealed under the row's study key (identifying values: names, contacts, notes, raw text)."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None or value == "" or keyring.is_sealed(value) or str(value).startswith(keyring.DESTROYED):
            return None if value is None else str(value)  # nothing, or the destroyed sign: no secret
        ring = keyring.active()
        if ring is None:
            return str(value)
        study_id = getattr(value, "study_id", None)
        if study_id is None:
            raise UntaggedValue("An encrypted column was compared or written without its study: "
                                "search sealed values through the blind index.")
        return ring.seal_text(study_id, str(value), _connection(value))

    def process_result_value(self, value, dialect):
        if value is None or not keyring.is_sealed(value):
            return value
        ring = keyring.current()
        if ring is None:
            raise KeyProblem("A sealed value was read outside the app: no keys to open it.")
        try:
            return ring.open_text(value)
        except keyring.StudyKeyDestroyed:
            return keyring.DESTROYED  # unreadable for ever; shown as such, never an error page


class EncryptedJSON(sa.types.TypeDecorator):
    """A JSON mapping sealed under the row's study key (instrument answers): stored as one JSON
    string `dala1:...` holding the sealed JSON text. An empty mapping is stored as it is (it says
    nothing); a mapping whose study key was destroyed reads as empty."""

    impl = sa.JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None or keyring.is_sealed(value) or (isinstance(value, dict) and not value):
            return value
        ring = keyring.active()
        if ring is None:
            return value
        study_id = getattr(value, "study_id", None)
        if study_id is None:
            raise UntaggedValue("An encrypted column was compared or written without its study.")
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        return ring.seal_text(study_id, text, _connection(value))

    def process_result_value(self, value, dialect):
        if not keyring.is_sealed(value):
            return value
        ring = keyring.current()
        if ring is None:
            raise KeyProblem("A sealed value was read outside the app: no keys to open it.")
        try:
            return json.loads(ring.open_text(value))
        except keyring.StudyKeyDestroyed:
            return {}


SEALED_TYPES = (EncryptedText, EncryptedJSON)


def _connection(value):
    connection = getattr(value, "connection", None)
    if connection is not None and not connection.closed:
        return connection
    return db.session.connection()


_ENCRYPTED: dict[Mapper, list[str]] = {}


def encrypted_keys(mapper: Mapper) -> list[str]:
    """The attributes of a model whose columns are EncryptedText."""
    cached = _ENCRYPTED.get(mapper)
    if cached is None:
        cached = [prop.key for prop in mapper.column_attrs
                  if any(isinstance(col.type, SEALED_TYPES) for col in prop.columns)]
        _ENCRYPTED[mapper] = cached
    return cached


def study_of(target, connection) -> int | None:
    finder = getattr(type(target), "study_of", None)
    if finder is not None:
        return finder(target, connection)
    return getattr(target, "study_id", None)


def _tag(mapper, connection, target) -> None:
    names = encrypted_keys(mapper)
    if not names or keyring.active() is None:
        return
    values = target.__dict__
    study_id = None
    for name in names:
        value = values.get(name)
        if not (isinstance(value, str) or (isinstance(value, dict) and value)) or keyring.is_sealed(value):
            continue
        if study_id is None:
            study_id = study_of(target, connection)
            if study_id is None:
                raise UntaggedValue(f"{mapper.class_.__name__}.{name} needs its study to be sealed.")
        if getattr(value, "study_id", None) != study_id or getattr(value, "connection", None) is not connection:
            tagged = StudyText if isinstance(value, str) else StudyDict
            values[name] = tagged(value, study_id, connection)


_installed = False


def install_listeners() -> None:
    """Tag encrypted values before every INSERT and UPDATE (once per process, for every model)."""
    global _installed
    if _installed:
        return
    event.listen(Mapper, "before_insert", _tag)
    event.listen(Mapper, "before_update", _tag)
    _installed = True
