"""Studies and memberships: who belongs to which study, in which role."""
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _

from app.auth.models import User
from app.core.audit import services as audit
from app.core.domain import DomainError
from app.core.extensions import db
from app.studies.models import Membership, Role, Study

STUDY_FIELDS = ["title", "ethics_ref", "approving_body", "approval_valid_until", "status",
                "timezone", "languages", "placeholder_words", "end_date", "retain_identifiable_months",
                "retain_consent_months", "retain_outputs_months"]


class MembershipError(DomainError):
    """A user-facing reason why a membership change was refused."""


def create_study(actor: User, **fields) -> Study:
    """Create a study; the admin who creates it does not become a member."""
    study = Study(**fields)
    db.session.add(study)
    db.session.flush()
    audit.record(actor, "study.create", study, study_id=study.id,
                 after=audit.snapshot(study, STUDY_FIELDS))
    return study


def update_study(study: Study, actor: User, **fields) -> Study:
    before = audit.snapshot(study, STUDY_FIELDS)
    for name, value in fields.items():
        setattr(study, name, value)
    audit.record(actor, "study.update", study, study_id=study.id, before=before,
                 after=audit.snapshot(study, STUDY_FIELDS))
    return study


def studies_for(user: User) -> list[tuple[Study, Role]]:
    """The studies a user belongs to, with their role in each."""
    query = (
        sa.select(Study, Membership.role)
        .join(Membership, Membership.study_id == Study.id)
        .where(Membership.user_id == user.id)
        .order_by(Study.title)
    )
    return [(study, role) for study, role in db.session.execute(query)]


def membership_of(user: User, study_id: int, *, with_study: bool = False) -> Membership | None:
    """The user's membership of the study; `with_study` loads the study in the same query (every
    study page reads it: one round trip and one ORM load fewer per request, issue 18)."""
    query = sa.select(Membership).where(Membership.user_id == user.id, Membership.study_id == study_id)
    if with_study:
        query = query.options(sa.orm.joinedload(Membership.study))
    return db.session.scalar(query)


def user_and_membership(user_id: int, study_id: int) -> tuple[User | None, Membership | None]:
    """A user and their membership of a study (with the study), in one query (issue 18: every
    study page read the signed-in user, then the membership, one round trip and statement each)."""
    row = db.session.execute(_user_and_membership(), {"user_id": user_id, "study_id": study_id}).first()
    return (row[0], row[1]) if row else (None, None)


# Issue 18: the statements every study page (or list) runs are built once, the ids bound at each
# call: building a statement with its joins and loader options, and its cache key, cost more
# CPU than the database took to answer it.
@cache
def _user_and_membership() -> sa.Select:
    user_id, study_id = sa.bindparam("user_id"), sa.bindparam("study_id")
    return (sa.select(User, Membership).outerjoin(Membership, sa.and_(Membership.user_id == User.id,
                                                                      Membership.study_id == study_id))
            .where(User.id == user_id).options(sa.orm.joinedload(Membership.study)))


def staff_of(study: Study) -> list[User]:
    """The coordinators and fieldworkers: the people who run sessions."""
    return [m.user for m in members_of(study) if m.role in (Role.COORDINATOR, Role.FIELDWORKER)]


def staff_names(study: Study) -> list[sa.Row]:
    """The coordinators and fieldworkers as (id, name) rows, by name: a list's choice of
    fieldworker. Issue 18: staff_of read every column of their memberships and accounts."""
    return db.session.execute(_staff_names(), {"study_id": study.id}).all()


@cache
def _staff_names() -> sa.Select:
    return (sa.select(User.id, User.name).join(Membership, Membership.user_id == User.id)
            .where(Membership.study_id == sa.bindparam("study_id"),
                   Membership.role.in_([Role.COORDINATOR, Role.FIELDWORKER]))
            .order_by(User.name))


def members_of(study: Study) -> list[Membership]:
    return list(db.session.scalars(_members_of(), {"study_id": study.id}))


@cache
def _members_of() -> sa.Select:
    return (sa.select(Membership).join(User).where(Membership.study_id == sa.bindparam("study_id"))
            .order_by(User.name)
            .options(sa.orm.contains_eager(Membership.user)))  # the users in the same query, never one by one


def add_member(study: Study, user: User, role: Role, actor: User) -> Membership:
    """Add a user to a study in a role; refuses a second membership."""
    if membership_of(user, study.id) is not None:
        raise MembershipError(_("%(name)s is already a member of this study.", name=user.name))
    if not user.active:
        raise MembershipError(_("%(name)s's account is deactivated.", name=user.name))
    membership = Membership(study=study, user=user, role=role)
    db.session.add(membership)
    db.session.flush()
    audit.record(actor, "membership.add", membership, study_id=study.id,
                 after={"user_id": user.id, "role": role})
    return membership


def set_role(membership: Membership, role: Role, actor: User) -> None:
    """Change a member's role, keeping at least one coordinator."""
    if membership.role == role:
        return
    _keep_a_coordinator(membership)
    before = {"user_id": membership.user_id, "role": membership.role}
    membership.role = role
    audit.record(actor, "membership.role", membership, study_id=membership.study_id,
                 before=before, after={"user_id": membership.user_id, "role": role})


def remove_member(membership: Membership, actor: User) -> None:
    _keep_a_coordinator(membership)
    audit.record(actor, "membership.remove", membership, study_id=membership.study_id,
                 before={"user_id": membership.user_id, "role": membership.role})
    db.session.delete(membership)
    db.session.flush()


def _keep_a_coordinator(membership: Membership) -> None:
    if membership.role != Role.COORDINATOR:
        return
    coordinators = db.session.scalar(
        sa.select(sa.func.count()).select_from(Membership).where(
            Membership.study_id == membership.study_id, Membership.role == Role.COORDINATOR)
    )
    if coordinators <= 1:
        raise MembershipError(_("A study needs at least one coordinator."))


def all_studies() -> list[Study]:
    return list(db.session.scalars(sa.select(Study).order_by(Study.id)))


def coordinators_by_study(study_ids: list[int]) -> dict[int, list[User]]:
    """The coordinators of each of these studies, in one query."""
    result: dict[int, list[User]] = {study_id: [] for study_id in study_ids}
    query = (
        sa.select(Membership.study_id, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.study_id.in_(study_ids), Membership.role == Role.COORDINATOR)
        .order_by(User.name)
    )
    for study_id, user in db.session.execute(query):
        result[study_id].append(user)
    return result
