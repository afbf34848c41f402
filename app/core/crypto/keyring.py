"""One app's keys: the master key and keystore found from its configuration, each study's data
key unwrapped once and kept in memory, and the sealing of text values.

A sealed value is `dala1:` + base64url(key id (8 bytes) + nonce (12) + AES-GCM ciphertext and
tag), so it names the study key that opens it and nothing else.
"""
import base64
import binascii
import hashlib
import hmac
import secrets
import weakref
from collections import OrderedDict
from pathlib import Path

import sqlalchemy as sa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import appcontext_pushed
from flask.globals import _cv_app

from app.core.crypto import keys
from app.core.crypto.models import StudyKey
from app.core.extensions import db
from app.core.models_base import utcnow

PREFIX = "dala1:"
KEY_ID_BYTES = 8
EXTENSION = "dala_keyring"
CACHE_ENTRIES = 50_000
CACHE_VALUE_CHARS = 1_000
DATA, CONSENT = "data", "consent"  # a study's two keys (StudyKey.purpose)
CONSENT_AREAS = frozenset({"consent"})  # storage areas sealed with the consent key
DESTROYED = "\u2205"  # what a destroyed value reads as when shown (the empty set sign)


class StudyKeyDestroyed(keys.KeyProblem):
    """The study's data key was destroyed: its sealed values can never be read again."""


class Keyring:
    def __init__(self, config):
        self.enabled = bool(config.get("ENCRYPTION", True))
        self.folder = Path(config.get("KEY_FOLDER") or ".")
        self.env_key = config.get("MASTER_KEY") or None
        self._store: keys.Keystore | None = None
        self._keys: dict[str, AESGCM] = {}  # key id (hex) -> the study's data key
        self._index: dict[str, bytes] = {}  # key id -> the study's blind index key
        self._keks: dict[str, str] = {}  # key id -> the keystore file (KEK id) that unwrapped it
        self._seen: int | None = None  # the keystore folder's change time when last checked
        self.legacy = False  # True while a migration before 0018 runs: study_keys has no purpose yet
        # Opened values, by their sealed form: a list page opens the same names again and again.
        self._opened: OrderedDict[str, str] = OrderedDict()

    # --- the master key and the keystore ---------------------------------------------------
    @property
    def store(self) -> keys.Keystore:
        if self._store is None:
            self._store = keys.Keystore(self.folder, keys.load_master(self.env_key, self.folder))
        return self._store

    def master(self) -> keys.MasterKey:
        return self.store.master

    def forget(self) -> None:
        """Drop every key held in memory (after a rotation or a destruction)."""
        self._store, self._keys, self._index, self._keks = None, {}, {}, {}
        self._opened.clear()

    def refresh(self) -> int:
        """Forget the keys whose key-encryption key another process destroyed; how many.

        A destruction removes the study's KEK file from the keystore (after its commit); every
        other worker, job consumer or shell still holds the unwrapped data key and the values it
        opened. Called whenever an app context begins (each request, job and command): one stat
        of the keystore folder, and only when the folder changed since, one of each cached key's
        KEK file. A forgotten key is looked up again and found destroyed.
        """
        if not self._keys:
            return 0
        try:
            seen = (self.folder / keys.KEYSTORE).stat().st_mtime_ns
        except OSError:
            seen = -1
        if seen == self._seen:
            return 0
        self._seen = seen
        gone = [key_id for key_id, kek_id in self._keks.items()
                if not (self.folder / keys.KEYSTORE / f"{kek_id}{keys.KEK_SUFFIX}").exists()]
        for key_id in gone:
            self._drop(key_id)
        return len(gone)

    def _drop(self, key_id: str) -> None:
        self._keys.pop(key_id, None)
        self._index.pop(key_id, None)
        self._keks.pop(key_id, None)
        self._opened.clear()  # values opened under it must not be served from memory either

    # --- study keys ---------------------------------------------------------------------------
    def key_id_for_study(self, study_id: int, connection, purpose: str = DATA) -> str:
        """The study's data (or consent) key id, the key created (and its KEK written) on first use.
        Read once per transaction (a bulk insert seals thousands of values in one)."""
        known = _transaction_key_ids(connection)
        key_id = known.get((study_id, purpose)) if known is not None else None
        if key_id is not None and key_id in self._keys:
            return key_id
        key_id = self._read_key_id(study_id, connection, purpose)
        if known is not None:
            known[(study_id, purpose)] = key_id
        return key_id

    def _read_key_id(self, study_id: int, connection, purpose: str) -> str:
        row = connection.execute(sa.select(StudyKey.key_id, StudyKey.kek_id, StudyKey.wrapped_key)
                                 .where(StudyKey.study_id == study_id, self._purpose(purpose))).first()
        if row is None:
            return self._create(study_id, connection, purpose)
        if row.wrapped_key is None:
            raise StudyKeyDestroyed(f"The identifying data of study {study_id} was destroyed; "
                                    "nothing identifying can be added to it.")
        if row.key_id not in self._keys:
            self._unwrap(row.key_id, row.kek_id, row.wrapped_key)
        return row.key_id

    def _create(self, study_id: int, connection, purpose: str = DATA) -> str:
        if connection.dialect.name == "postgresql":  # one key per study even when two writers race
            connection.execute(sa.text("SELECT id FROM studies WHERE id = :id FOR UPDATE"), {"id": study_id})
            existing = connection.scalar(sa.select(StudyKey.key_id).where(StudyKey.study_id == study_id,
                                                                          self._purpose(purpose)))
            if existing:
                return self.key_id_for_study(study_id, connection, purpose)
        kek_id, kek = self.store.create()
        key_id, data_key = secrets.token_hex(KEY_ID_BYTES), secrets.token_bytes(keys.KEY_BYTES)
        wrapped = keys.seal(kek, data_key, bytes.fromhex(key_id))
        values = {"study_id": study_id, "key_id": key_id, "kek_id": kek_id, "wrapped_key": wrapped,
                  "created_at": utcnow(), **({} if self.legacy else {"purpose": purpose})}
        table = sa.table("study_keys", *map(sa.column, values)) if self.legacy else StudyKey.__table__
        connection.execute(sa.insert(table).values(values))
        self._remember(key_id, data_key, kek_id)
        return key_id

    def _purpose(self, purpose: str):
        return sa.true() if self.legacy else StudyKey.purpose == purpose

    def _remember(self, key_id: str, data_key: bytes, kek_id: str) -> None:
        self._keys[key_id] = AESGCM(data_key)
        self._index[key_id] = hmac.new(data_key, b"dala blind index", hashlib.sha256).digest()
        self._keks[key_id] = kek_id

    def _unwrap(self, key_id: str, kek_id: str, wrapped: bytes) -> None:
        kek = self.store.read(kek_id)
        self._remember(key_id, keys.unseal(kek, wrapped, bytes.fromhex(key_id), "The study's data key"), kek_id)

    def _key(self, key_id: str, connection=None) -> AESGCM:
        found = self._keys.get(key_id)
        if found is not None:
            return found
        connection = connection if connection is not None else db.session.connection()
        row = connection.execute(sa.select(StudyKey.study_id, StudyKey.kek_id, StudyKey.wrapped_key)
                                 .where(StudyKey.key_id == key_id)).first()
        if row is None:
            raise keys.KeyProblem(f"The data key {key_id} is not in this database: the value was "
                                  "copied from another installation, or the database is not the one it belongs to.")
        if row.wrapped_key is None:
            raise StudyKeyDestroyed(f"The identifying data of study {row.study_id} was destroyed.")
        self._unwrap(key_id, row.kek_id, row.wrapped_key)
        return self._keys[key_id]

    def is_destroyed(self, study_id: int, connection, purpose: str = DATA) -> bool:
        return connection.scalar(sa.select(StudyKey.destroyed_at).where(
            StudyKey.study_id == study_id, StudyKey.purpose == purpose)) is not None

    def index_key(self, study_id: int, connection) -> bytes:
        return self._index[self.key_id_for_study(study_id, connection)]

    def destroy_study_key(self, study_id: int, connection, purpose: str = DATA) -> str | None:
        """Erase the wrapped data (or consent) key (in the transaction); the KEK id, to destroy after commit."""
        row = connection.execute(sa.select(StudyKey.key_id, StudyKey.kek_id)
                                 .where(StudyKey.study_id == study_id, StudyKey.purpose == purpose,
                                        StudyKey.wrapped_key.is_not(None))).first()
        if row is None:
            return None
        connection.info.pop(_KEY_IDS, None)
        connection.execute(sa.update(StudyKey).where(StudyKey.study_id == study_id, StudyKey.purpose == purpose)
                           .values(wrapped_key=None, destroyed_at=utcnow()))
        self._drop(row.key_id)
        return row.kek_id

    # --- values -------------------------------------------------------------------------------
    def seal_bytes(self, study_id: int, plain: bytes, connection) -> tuple[str, bytes]:
        key_id = self.key_id_for_study(study_id, connection)
        return key_id, self._seal(key_id, plain)

    def _seal(self, key_id: str, plain: bytes) -> bytes:
        raw_id = bytes.fromhex(key_id)
        nonce = secrets.token_bytes(keys.NONCE_BYTES)
        return raw_id + nonce + self._keys[key_id].encrypt(nonce, plain, PREFIX.encode() + raw_id)

    def seal_text(self, study_id: int, text: str, connection) -> str:
        _key_id, sealed = self.seal_bytes(study_id, text.encode("utf-8"), connection)
        return _text_form(sealed)

    def open_text(self, value: str, connection=None) -> str:
        opened = self._opened.get(value)
        if opened is not None:
            self._opened.move_to_end(value)
            return opened
        opened = self._open_text(value, connection)
        if len(value) <= CACHE_VALUE_CHARS:  # names and contacts, not raw transcripts
            self._opened[value] = opened
            if len(self._opened) > CACHE_ENTRIES:
                self._opened.popitem(last=False)
        return opened

    def _open_text(self, value: str, connection=None) -> str:
        body = value[len(PREFIX):]
        try:
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        except (ValueError, binascii.Error):
            raise keys.KeyProblem("A sealed value is damaged (not base64): it cannot be decrypted.") from None
        if len(raw) < KEY_ID_BYTES + keys.NONCE_BYTES + 16:
            raise keys.KeyProblem("A sealed value is truncated: it cannot be decrypted.")
        raw_id = raw[:KEY_ID_BYTES]
        key = self._key(raw_id.hex(), connection)
        plain = keys.unseal_with(key, raw[KEY_ID_BYTES:], PREFIX.encode() + raw_id, "A sealed value")
        return plain.decode("utf-8")

    def open_bytes(self, key_id: str, sealed: bytes, aad: bytes, what: str) -> bytes:
        return keys.unseal_with(self._key(key_id), sealed, aad, what)

    def seal_with(self, key_id: str, plain: bytes, aad: bytes) -> bytes:
        nonce = secrets.token_bytes(keys.NONCE_BYTES)
        return nonce + self._keys[key_id].encrypt(nonce, plain, aad)


_KEY_IDS = "dala_study_key_ids"


def _transaction_key_ids(connection) -> dict | None:
    """The study key ids read in the connection's current transaction (and savepoint), or None
    outside one: a key created in a savepoint that is rolled back is not remembered past it."""
    transaction = connection.get_transaction()
    if transaction is None:
        return None
    nested = connection.get_nested_transaction()
    held = connection.info.get(_KEY_IDS)
    if held is None or held[0]() is not transaction or held[1]() is not nested:
        # weak references: the pooled connection's info must not keep a transaction (and through
        # it the connection) alive, nor a dead one's address be taken for a new one's
        held = connection.info[_KEY_IDS] = (weakref.ref(transaction), weakref.ref(nested) if nested else _no_savepoint, {})
    return held[2]


def _no_savepoint():
    return None


def _text_form(sealed: bytes) -> str:
    return PREFIX + base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")


def is_sealed(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def init_app(app) -> None:
    app.extensions[EXTENSION] = Keyring(app.config)
    appcontext_pushed.connect(_refresh, app, weak=False)


def _refresh(app, **_extra) -> None:
    """Each request, job or command begins by forgetting keys destroyed by another process."""
    app.extensions[EXTENSION].refresh()


def current_of(app) -> Keyring:
    return app.extensions[EXTENSION]


def current() -> Keyring | None:
    """The running app's keyring; None outside an app (plain scripts). Read from the app
    context itself, not through the `current_app` proxy: every sealed value read asks (a
    list page opens two hundred; issue 18)."""
    context = _cv_app.get(None)
    if context is None:
        return None
    return context.app.extensions.get(EXTENSION)


def active() -> Keyring | None:
    """The keyring when encryption is on."""
    ring = current()
    return ring if ring is not None and ring.enabled else None
