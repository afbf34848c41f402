"""Users, studies, memberships, organisations, participants and recruitment targets."""
import itertools

from app.auth import services as accounts
from app.core.extensions import db
from app.recruitment import services as recruitment
from app.recruitment.models import RecruitmentStatus, Sector, TargetKind
from app.studies import services as studies
from app.studies.models import Role, Study

DEFAULT_PASSWORD = "correct horse battery"
numbers = itertools.count(1)  # shared by the builders: unique e-mails, phones and names


class PeopleBuilder:
    def user(self, name: str | None = None, *, admin: bool = False, email: str | None = None):
        n = next(numbers)
        user = accounts.create_user(email or f"user{n}@test.example", name or f"Bilder Userov {n}",
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

    def organisation(self, study: Study, name: str = "Акимат района Тест (вымышленный)",
                     sector: Sector = Sector.LOCAL_AUTHORITY, *, region: str | None = "Тестовая область",
                     notes: str | None = None, actor=None):
        """An organisation with the next pseudonym of its sector (`LA-01`)."""
        org = recruitment.create_organisation(study, actor, name=name, sector=sector, region=region, notes=notes)
        db.session.commit()
        return org

    def participant(self, study: Study, name: str | None = None, *, organisation=None, email: str | None = "",
                    phone: str | None = "", status: RecruitmentStatus | None = None, actor=None, **fields):
        """A participant with contact details (unique unless given; None leaves one out), the
        next `P` pseudonym and, when `status` is given, a history step to it."""
        n = next(numbers)
        person = recruitment.create_participant(
            study, actor, name=name or f"Тестовый Участник {n}",
            organisation_id=organisation.id if organisation else None,
            email=f"participant{n}@contact.example" if email == "" else email,
            phone=f"+7 700 555 {n:04d}" if phone == "" else phone, **fields)
        if status is not None and status != person.status:
            recruitment.change_status(person, status, actor, "test")
        db.session.commit()
        return person

    def target(self, study: Study, count: int = 5, *, kind: TargetKind = TargetKind.PARTICIPANTS,
               sector: Sector = Sector.LOCAL_AUTHORITY, session_type=None, actor=None):
        target = recruitment.create_target(study, actor, kind=kind, sector=sector, session_type=session_type,
                                           target_count=count)
        db.session.commit()
        return target
