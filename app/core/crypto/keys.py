"""The master key and the keystore of per-study key-encryption keys (KEKs).

Envelope encryption, three levels:

  master key  (DALA_MASTER_KEY, or a file `master.key` in the user's configuration folder)
    wraps ->  one key-encryption key per study, each a file of the keystore folder beside the
              master key (`keystore/<kek id>.kek`), never in the database or its backups
    wraps ->  the study's data key, kept wrapped in the database (`study_keys`)
    seals ->  the study's identifying values and files (AES-GCM).

Destroying a study's KEK file makes its wrapped data key useless everywhere, in the database
and in every backup taken before: that is how destruction reaches old backups. Rotating the
master key re-wraps the KEK files only; the database does not change.

Every failure is a KeyProblem whose message says in one sentence what is wrong and what to do.
"""
import base64
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12
MASTER_FILE = "master.key"
KEYSTORE = "keystore"
KEK_SUFFIX = ".kek"
ROTATING_SUFFIX = ".new"  # the next master key while `flask keys rotate` re-wraps the keystore


class KeyProblem(RuntimeError):
    """A missing, wrong or unsafe key, or sealed data that cannot be opened: one clear message."""


def encode_key(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def decode_key(text: str, where: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise KeyProblem(f"The master key in {where} is not a Dala key (32 bytes, base64); "
                         "restore the copy you kept apart.")
    return raw


def fingerprint(raw: bytes) -> str:
    """A short public name of a key: says which key it is, reveals nothing of it."""
    return hmac.new(raw, b"dala key fingerprint", hashlib.sha256).hexdigest()[:16]


def seal(key: bytes, plain: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plain, aad)


def unseal(key: bytes, sealed: bytes, aad: bytes, what: str) -> bytes:
    return unseal_with(AESGCM(key), sealed, aad, what)


def unseal_with(aead: AESGCM, sealed: bytes, aad: bytes, what: str) -> bytes:
    if len(sealed) < NONCE_BYTES + 16:
        raise KeyProblem(f"{what} is truncated: it cannot be decrypted.")
    try:
        return aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag:
        raise KeyProblem(f"{what} cannot be decrypted: the key is wrong or the data damaged.") from None


def _check_private(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyProblem(f"{path} can be read by other users (mode {mode:o}); "
                         f"run `chmod 600 {path}` (keys must be private to you).")


def _write_private(path: Path, text: str) -> None:
    """Write a small secret file atomically, mode 0600 from the start."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temp = tempfile.mkstemp(prefix=".part-", dir=path.parent)
    try:
        with os.fdopen(handle, "w") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class MasterKey:
    raw: bytes
    source: str  # "DALA_MASTER_KEY" or the file's path

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)


def master_path(folder: Path) -> Path:
    return Path(folder) / MASTER_FILE


def load_master(env_value: str | None, folder: Path) -> MasterKey:
    """The master key from DALA_MASTER_KEY, else from the key file; KeyProblem when neither."""
    if env_value:
        return MasterKey(decode_key(env_value, "DALA_MASTER_KEY"), "DALA_MASTER_KEY")
    path = master_path(folder)
    if not path.is_file():
        raise KeyProblem(f"No master key: set DALA_MASTER_KEY or create {path} with `flask keys init` "
                         "(`make run` does it on first start).")
    _check_private(path)
    return MasterKey(decode_key(path.read_text(), str(path)), str(path))


def create_master(folder: Path) -> tuple[MasterKey, bool]:
    """The key file, created (mode 0600) when missing; True when it was created now."""
    path = master_path(folder)
    if path.exists():
        return load_master(None, folder), False
    _write_private(path, encode_key(secrets.token_bytes(KEY_BYTES)) + "\n")
    return load_master(None, folder), True


class Keystore:
    """The per-study key-encryption keys, one file each, sealed under the master key."""

    def __init__(self, folder: Path, master: MasterKey):
        self.folder = Path(folder) / KEYSTORE
        self.master = master

    def path(self, kek_id: str) -> Path:
        if not kek_id.isalnum():
            raise KeyProblem("A key-encryption key id is letters and digits only.")
        return self.folder / f"{kek_id}{KEK_SUFFIX}"

    def create(self) -> tuple[str, bytes]:
        kek_id, raw = secrets.token_hex(16), secrets.token_bytes(KEY_BYTES)
        self._write(kek_id, raw, self.master)
        return kek_id, raw

    def _write(self, kek_id: str, raw: bytes, master: MasterKey) -> None:
        sealed = seal(master.raw, raw, kek_id.encode())
        _write_private(self.path(kek_id), json.dumps(
            {"master": master.fingerprint, "kek": base64.b64encode(sealed).decode("ascii")}))

    def read(self, kek_id: str) -> bytes:
        path = self.path(kek_id)
        if not path.is_file():
            raise KeyProblem(f"The study's key-encryption key {kek_id} is not in {self.folder}: "
                             "the study's data was destroyed, or this is not the keystore it was "
                             "written with (restore the keystore you kept with the master key).")
        _check_private(path)
        try:
            entry = json.loads(path.read_text())
            sealed = base64.b64decode(entry["kek"])
        except (ValueError, KeyError, TypeError):
            raise KeyProblem(f"{path} is damaged: restore it from the copy kept with the master key.") from None
        if entry.get("master") != self.master.fingerprint:
            self._follow_rotation(entry.get("master"))
        if entry.get("master") != self.master.fingerprint:
            raise KeyProblem(f"The master key ({self.master.source}, fingerprint {self.master.fingerprint}) "
                             f"is not the one the keystore was written with ({entry.get('master')}): "
                             "use the right master key.")
        return unseal(self.master.raw, sealed, kek_id.encode(), f"The key-encryption key {kek_id}")

    def _follow_rotation(self, wanted: str | None) -> None:
        """Another process rotated the master key file (flask keys rotate): take the new key,
        so a running server keeps reading without a restart."""
        if self.master.source == "DALA_MASTER_KEY":
            return
        for candidate in (Path(self.master.source), Path(self.master.source + ROTATING_SUFFIX)):
            try:
                _check_private(candidate)
                key = MasterKey(decode_key(candidate.read_text(), str(candidate)), str(Path(self.master.source)))
            except (OSError, KeyProblem):
                continue
            if key.fingerprint == wanted:
                self.master = key
                return

    def destroy(self, kek_id: str) -> bool:
        """Overwrite and remove a KEK file; False when it was not there."""
        path = self.path(kek_id)
        if not path.exists():
            return False
        size = path.stat().st_size
        with path.open("r+b") as out:
            out.write(secrets.token_bytes(size))
            out.flush()
            os.fsync(out.fileno())
        path.unlink()
        return True

    def ids(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name[:-len(KEK_SUFFIX)] for p in self.folder.glob(f"*{KEK_SUFFIX}"))

    def rewrap(self, new_master: MasterKey) -> int:
        """Re-seal every KEK under `new_master` (each file replaced atomically); how many."""
        done = 0
        for kek_id in self.ids():
            path = self.path(kek_id)
            entry = json.loads(path.read_text())
            if entry.get("master") == new_master.fingerprint:
                continue  # a rotation interrupted half-way is simply run again
            raw = self.read(kek_id)
            self._write(kek_id, raw, new_master)
            done += 1
        return done


def rotate(folder: Path, current: MasterKey) -> tuple[MasterKey, int]:
    """A new master key file; every KEK re-wrapped under it; the old key retired.

    The new key is written to `master.key.new` first and only replaces `master.key` when every
    KEK is re-wrapped, so an interrupted rotation is finished by running it again; running
    servers follow (Keystore._follow_rotation). With DALA_MASTER_KEY the new key is returned
    for the administrator to set instead, and no file is written but the `.new` one.
    """
    path = master_path(folder)
    pending = Path(str(path) + ROTATING_SUFFIX)
    if pending.exists():
        _check_private(pending)
        new = MasterKey(decode_key(pending.read_text(), str(pending)), str(pending))
    else:
        new = MasterKey(secrets.token_bytes(KEY_BYTES), str(pending))
        _write_private(pending, encode_key(new.raw) + "\n")
    store = Keystore(folder, current)
    count = store.rewrap(new)
    if current.source != "DALA_MASTER_KEY":
        os.replace(pending, path)
        return MasterKey(new.raw, str(path)), count
    return new, count
