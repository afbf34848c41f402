"""Builders for test data: small, explicit, fictional."""
import itertools

from app.auth import services as accounts
from app.core.extensions import db
from app.studies import services as studies
from app.studies.models import Role, Study

DEFAULT_PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


class Builder:
    """Creates and commits records so a test client sees them."""

    def user(self, name: str | None = None, *, admin: bool = False, email: str | None = None):
        n = next(_numbers)
        user = accounts.create_user(email or f"user{n}@test.example", name or f"Test User {n}",
                                    DEFAULT_PASSWORD, is_admin=admin)
        db.session.commit()
        return user

    def study(self, title: str = "Test study", **fields) -> Study:
        study = studies.create_study(None, title=title, **fields)
        db.session.commit()
        return study

    def member(self, study: Study, role: Role, user=None):
        user = user or self.user()
        studies.add_member(study, user, role, actor=None)
        db.session.commit()
        return user

    def team(self, study: Study | None = None) -> dict:
        """A study with one member of each role, plus an outsider from another study."""
        study = study or self.study()
        other = self.study("Another study")
        return {
            "study": study,
            "coordinator": self.member(study, Role.COORDINATOR),
            "fieldworker": self.member(study, Role.FIELDWORKER),
            "reviewer": self.member(study, Role.ETHICS_REVIEWER),
            "outsider": self.member(other, Role.COORDINATOR),
            "other_study": other,
        }
