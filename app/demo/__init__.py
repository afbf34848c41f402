"""The fictional demo study, shaped like the reference e-government study.

Each feature adds its own step to STEPS; a step takes the DemoContext and adds to it.
Every name, e-mail and phone number here is invented.
"""
import sqlalchemy as sa

from app.auth.models import User
from app.core.extensions import db
from app.demo.consent import build_consent
from app.demo.context import DEMO_PASSWORD, DemoContext
from app.demo.foundation import (
    DEMO_USERS,
    build_organisations_and_participants,
    build_people_and_study,
)
from app.demo.instruments import build_instruments
from app.demo.sessions import build_sessions, build_targets
from app.demo.transcripts import build_transcripts

STEPS = [
    build_people_and_study,
    build_organisations_and_participants,
    build_targets,
    build_sessions,
    build_consent,
    build_instruments,
    build_transcripts,
]


def database_is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def existing_demo_logins() -> list[tuple[str, str]]:
    """The demo accounts still present and active in the database."""
    emails = {email: key for key, _name, email, _role in DEMO_USERS}
    found = db.session.scalars(sa.select(User.email).where(User.email.in_(emails), User.active))
    return sorted(((emails[e], e) for e in found), key=lambda login: list(emails.values()).index(login[0]))


def build_demo() -> list[tuple[str, str]]:
    """Run every demo step in one transaction (the caller commits); return the logins."""
    ctx = DemoContext()
    for step in STEPS:
        step(ctx)
        db.session.flush()
    return ctx.logins


__all__ = ["DEMO_PASSWORD", "build_demo", "database_is_empty"]
