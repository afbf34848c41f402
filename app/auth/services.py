"""Accounts: creating, authenticating and deactivating users."""
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from app.auth.models import User, new_nonce
from app.core.audit import services as audit
from app.core.domain import DomainError
from app.core.extensions import db

_HASHERS: dict[tuple, PasswordHasher] = {}
_DUMMY_HASHES: dict[tuple, str] = {}


def _hasher() -> PasswordHasher:
    """argon2id with the configured cost (the test config makes it cheap)."""
    cost = tuple(current_app.config.get("ARGON2_COST", ()))
    if cost not in _HASHERS:
        _HASHERS[cost] = PasswordHasher(*cost) if cost else PasswordHasher()
    return _HASHERS[cost]


def _dummy_hash() -> str:
    """Verifying against this keeps a login for an unknown e-mail as slow as for a known one."""
    cost = tuple(current_app.config.get("ARGON2_COST", ()))
    if cost not in _DUMMY_HASHES:
        _DUMMY_HASHES[cost] = _hasher().hash("dala-timing-equaliser")
    return _DUMMY_HASHES[cost]
MIN_PASSWORD_LENGTH = 10


class AccountError(DomainError):
    """A user-facing reason why an account change was refused."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(email: str, name: str, password: str, *, is_admin: bool = False, actor=None) -> User:
    """Create an account; refuses a duplicate e-mail or a short password."""
    if find_user(email) is not None:
        raise AccountError(_("A user with this e-mail already exists."))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(ngettext("The password must have at least %(num)d character.",
                                    "The password must have at least %(num)d characters.", MIN_PASSWORD_LENGTH))
    user = User(email=normalise_email(email), name=name.strip(), is_admin=is_admin,
                password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.create", user, after=_public(user))
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None, taking the same time either way."""
    user = find_user(email)
    try:
        _hasher().verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def set_active(user: User, active: bool, actor) -> None:
    """Deactivate (or reactivate) an account; deactivation ends its sessions."""
    before = _public(user)
    user.active = active
    user.session_nonce = new_nonce()
    audit.record(actor, "user.activate" if active else "user.deactivate", user,
                 before=before, after=_public(user))


def change_password(user: User, new_password: str, actor) -> None:
    """Set a new password and end the user's other sessions."""
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise AccountError(ngettext("The password must have at least %(num)d character.",
                                    "The password must have at least %(num)d characters.", MIN_PASSWORD_LENGTH))
    user.password_hash = hash_password(new_password)
    user.session_nonce = new_nonce()
    audit.record(actor, "user.password_change", user)


def end_other_sessions(user: User) -> None:
    user.session_nonce = new_nonce()


def load_user(user_id: str) -> User | None:
    """Flask-Login loader: the cookie carries id and nonce; a stale nonce logs out."""
    raw_id, _, nonce = user_id.partition(":")
    if not raw_id.isdigit():
        return None
    return signed_in(db.session.get(User, int(raw_id)), nonce)


def signed_in(user: User | None, nonce: str) -> User | None:
    """The user a session cookie names, if the account is active and the cookie's nonce current."""
    if user is None or not user.active or user.session_nonce != nonce:
        return None
    return user


def _public(user: User) -> dict:
    return {"email": user.email, "name": user.name, "is_admin": user.is_admin, "active": user.active}


def set_review_shortcuts(user: User, on: bool) -> None:
    """Issue 15: the user's choice of single-key shortcuts on the review page (a preference, not
    a record of the study: no audit event)."""
    user.review_shortcuts = bool(on)
    db.session.flush()
