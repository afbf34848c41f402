"""Organisations, participants, their recruitment history and targets."""
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, load_only

from app.core import concurrency, keyset
from app.core.audit import services as audit
from app.core.crypto import keyring
from app.core.domain import DomainError
from app.core.extensions import db
from app.core.hooks import Slot
from app.core.models_base import natural_key, utcnow
from app.recruitment.models import (
    SECTOR_PREFIX,
    Organisation,
    Participant,
    PseudonymCounter,
    RecruitmentStatus,
    RecruitmentTarget,
    Sector,
    StatusChange,
    TargetKind,
)
from app.recruitment import search
from app.recruitment.search import casefold
from app.studies.models import Membership, Role

ORGANISATION_FIELDS = ["name", "sector", "region", "notes", "pseudonym"]
PARTICIPANT_FIELDS = ["name", "organisation_id", "position", "gender", "languages", "email",
                      "phone", "referred_by_id", "notes", "pseudonym", "status"]
TARGET_FIELDS = ["kind", "session_type", "sector", "target_count"]
STALE_AFTER = timedelta(days=7)
NAME_MAX = 200  # Participant.name


class RecruitmentError(DomainError):
    """A user-facing reason why a recruitment change was refused."""


StaleEdit = concurrency.StaleEdit  # the record changed since the form was opened


def next_pseudonym(study_id: int, prefix: str, width: int = 2, sep: str = "") -> str:
    """The next never-used pseudonym for this prefix in the study (`P07`, `LA-03`)."""
    counter = db.session.scalar(
        sa.select(PseudonymCounter)
        .where(PseudonymCounter.study_id == study_id, PseudonymCounter.prefix == prefix)
        .with_for_update()
    )
    if counter is None:
        counter = PseudonymCounter(study_id=study_id, prefix=prefix, last_value=0)
        db.session.add(counter)
    counter.last_value += 1
    db.session.flush()
    return f"{prefix}{sep}{counter.last_value:0{width}d}"


# --- organisations -----------------------------------------------------------------------

def create_organisation(study, actor, *, name: str, sector: Sector, region=None, notes=None) -> Organisation:
    """Add an organisation with a stable pseudonym from its sector (`LA-03`)."""
    org = Organisation(study_id=study.id, name=name, sector=sector, region=region, notes=notes,
                       pseudonym=next_pseudonym(study.id, SECTOR_PREFIX[sector], sep="-"))
    db.session.add(org)
    db.session.flush()
    audit.record(actor, "organisation.create", org, after=audit.snapshot(org, ORGANISATION_FIELDS))
    return org


def update_organisation(org: Organisation, actor, **fields) -> Organisation:
    """Edit an organisation; its pseudonym stays what it was, even if the sector changes."""
    before = audit.snapshot(org, ORGANISATION_FIELDS)
    for name, value in fields.items():
        setattr(org, name, value)
    audit.record(actor, "organisation.update", org, before=before,
                 after=audit.snapshot(org, ORGANISATION_FIELDS))
    return org


def participant_counts(organisation_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(sa.select(Participant.organisation_id, sa.func.count())
                              .where(Participant.organisation_id.in_(organisation_ids))
                              .group_by(Participant.organisation_id))
    return dict(rows.all())


def organisations_of(study) -> list[Organisation]:
    return list(db.session.scalars(
        sa.select(Organisation).where(Organisation.study_id == study.id)
        .order_by(Organisation.pseudonym_order, Organisation.id)))


def organisation_list(study, sort: str = "name", direction: str = "asc", sector=None, q: str | None = None):
    """Organisations, sortable by their participant counts, as a select for pagination."""
    query = sa.select(Organisation).where(Organisation.study_id == study.id)
    if known(Sector, sector):
        query = query.where(Organisation.sector == sector)
    wanted = " ".join((q or "").split()).lower()[:NAME_MAX]
    if wanted:  # issue 15: the organisations list is searched too (name, pseudonym, region)
        by_text = [matches_text(column, wanted) for column in (Organisation.pseudonym, Organisation.region)]
        if keyring.active() is None:
            by_text.append(matches_text(Organisation.name, wanted))
        else:  # names are sealed: opened and compared for the study's few organisations
            by_text.append(Organisation.id.in_(search.organisations_named(study.id, wanted)))
        query = query.where(sa.or_(*by_text))
    return query.order_by(*[k.order() for k in organisation_order(sort, direction)])


def organisation_order(sort: str = "name", direction: str = "asc") -> list[keyset.Key]:
    """The organisation list's order as seek keys (the participant count is computed: the
    organisations of one study are few, and that sort reads them all). Names are sealed
    (app.core.crypto): "name" sorts by the pseudonym, which reveals nothing."""
    count = (sa.select(sa.func.count(Participant.id))
             .where(Participant.organisation_id == Organisation.id).scalar_subquery())
    code = Organisation.pseudonym
    terms = {"name": [code], "sector": [Organisation.sector, code],
             "pseudonym": [code], "region": [(Organisation.region, True), code],
             "participants": [count, code]}.get(sort, [code])
    return keyset.keys(*terms, Organisation.id, direction=direction)


# --- participants ------------------------------------------------------------------------

def _check_links(study_id: int, fields: dict) -> None:
    """A participant's organisation and referrer belong to the participant's study."""
    for key, model, message in (
            ("organisation_id", Organisation, _("Choose an organisation of this study.")),
            ("referred_by_id", Participant, _("Choose a referrer among this study's participants."))):
        value = fields.get(key)
        if value is not None:
            linked = db.session.get(model, value)
            if linked is None or linked.study_id != study_id:
                raise RecruitmentError(message)


def create_participant(study, actor, **fields) -> Participant:
    """Add a participant with the next `P` pseudonym and the first step of their history."""
    _check_links(study.id, fields)
    participant = Participant(study_id=study.id, pseudonym=next_pseudonym(study.id, "P"),
                              status=RecruitmentStatus.IDENTIFIED, **fields)
    participant.history.append(StatusChange(to_status=RecruitmentStatus.IDENTIFIED,
                                            actor_id=getattr(actor, "id", None)))
    db.session.add(participant)
    db.session.flush()
    audit.record(actor, "participant.create", participant,
                 after=audit.snapshot(participant, PARTICIPANT_FIELDS))
    return participant


def guarded_values(participant: Participant) -> dict:
    """The participant as the edit form's guard compares and shows it: names, not ids."""
    values = audit.snapshot(participant, PARTICIPANT_FIELDS)
    values["organisation_id"] = participant.organisation.name if participant.organisation else None
    values["referred_by_id"] = participant.referred_by.pseudonym if participant.referred_by else None
    return values


def update_participant(participant: Participant, actor, expected_version=None, loaded=None,
                       **fields) -> Participant:
    """Edit a participant's details (status changes go through change_status).

    `expected_version` and `loaded` are the form's guard (app/concurrency.py): a participant
    someone else saved since the form was opened is refused with StaleEdit.
    """
    concurrency.check(participant, expected_version, loaded, PARTICIPANT_FIELDS,
                      values=guarded_values(participant))
    if fields.get("referred_by_id") == participant.id:
        raise RecruitmentError(_("A participant cannot refer themselves."))
    _check_links(participant.study_id, fields)
    before = audit.snapshot(participant, PARTICIPANT_FIELDS)
    for name, value in fields.items():
        setattr(participant, name, value)
    concurrency.flush()
    audit.record(actor, "participant.update", participant, before=before,
                 after=audit.snapshot(participant, PARTICIPANT_FIELDS))
    return participant


def change_status(participant: Participant, to_status: RecruitmentStatus, actor,
                  reason: str | None = None) -> StatusChange:
    """Move a participant to another recruitment status, with a dated history entry."""
    if participant.status == to_status:
        raise RecruitmentError(_("The participant already has this status."))
    step = StatusChange(from_status=participant.status, to_status=to_status, changed_at=utcnow(),
                        actor_id=getattr(actor, "id", None), reason=reason or None)
    participant.history.append(step)
    before = {"status": participant.status}
    participant.status, participant.status_changed_at = to_status, step.changed_at
    db.session.flush()
    audit.record(actor, "participant.status", participant, before=before,
                 after={"status": to_status, "reason": reason or None})
    return step


# --- issue 15: bulk actions on the participant list (each change its own audit event) ---------

def participants_by_ids(study, ids) -> list[Participant]:
    """The study's participants among `ids` (others' ids are ignored), in pseudonym order."""
    wanted = {int(i) for i in ids}
    if not wanted:
        return []
    return list(db.session.scalars(
        sa.select(Participant).where(Participant.study_id == study.id, Participant.id.in_(wanted))
        .order_by(sa.func.length(Participant.pseudonym), Participant.pseudonym)))


def bulk_change_status(participants, to_status: RecruitmentStatus, actor, reason: str | None) -> tuple[list, list]:
    """Each participant to `to_status` with the one reason; those already there are skipped.
    Returns (changed, skipped)."""
    changed, skipped = [], []
    for participant in participants:
        if participant.status == to_status:
            skipped.append(participant)
            continue
        change_status(participant, to_status, actor, reason)
        changed.append(participant)
    return changed, skipped


def assign_fieldworker(participant: Participant, user, actor) -> bool:
    """The fieldworker who looks after the participant (None: nobody); False when unchanged."""
    new_id = user.id if user is not None else None
    if participant.fieldworker_id == new_id:
        return False
    if user is not None and not _is_staff(participant.study_id, user.id):
        raise RecruitmentError(_("Only a coordinator or fieldworker of the study can be assigned."))
    before = {"fieldworker": participant.fieldworker.name if participant.fieldworker else None}
    participant.fieldworker_id = new_id
    db.session.flush()
    db.session.refresh(participant, ["fieldworker"])
    audit.record(actor, "participant.assign", participant, before=before,
                 after={"fieldworker": user.name if user is not None else None})
    return True


def _is_staff(study_id: int, user_id: int) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Membership).where(
        Membership.study_id == study_id, Membership.user_id == user_id,
        Membership.role.in_([Role.COORDINATOR, Role.FIELDWORKER]))) > 0


def history_of(participant: Participant) -> list[StatusChange]:
    return list(db.session.scalars(
        sa.select(StatusChange).options(joinedload(StatusChange.actor))
        .where(StatusChange.participant_id == participant.id)
        .order_by(StatusChange.changed_at.desc(), StatusChange.id.desc())))


# Sessions are a higher area: app.wiring provides these two from app.fieldwork.queries.
SESSIONS_OF_PARTICIPANT = Slot("a participant's sessions with their attendance", lambda participant: [])
INVITABLE_SESSIONS = Slot("a study's sessions still to be held, for the bulk invite (issue 15)",
                          lambda study: [])
PARTICIPANTS_OF_FIELDWORKER = Slot("ids of the participants in a fieldworker's sessions",
                                   lambda user_id: sa.select(Participant.id).where(sa.false()))


@dataclass
class ParticipantFilter:
    status: str | None = None
    sector: str | None = None
    organisation_id: int | None = None
    fieldworker_id: int | None = None
    q: str | None = None
    stale: bool = False
    study_id: int | None = None  # set by participant_list: the study whose blind index to search
    stale_before: datetime | None = None  # `stale`: changed before this (None: STALE_AFTER ago, now)


# Names are sealed (app.core.crypto): sorting "by name" sorts by pseudonym, which reveals nothing.
PARTICIPANT_SORTS = {
    "pseudonym": Participant.pseudonym_order, "name": Participant.pseudonym_order, "status": Participant.status,
    "organisation": Organisation.pseudonym, "changed": Participant.status_changed_at,
}


def participant_order(sort: str = "pseudonym", direction: str = "asc") -> list[keyset.Key]:
    """The participant list's order as seek keys: the sort column, then pseudonym and id."""
    sort = sort if sort in PARTICIPANT_SORTS else "pseudonym"
    terms = {"pseudonym": [Participant.pseudonym_order], "status": [Participant.status, Participant.pseudonym_order],
             "organisation": [(Organisation.pseudonym, True), Participant.pseudonym_order]}.get(sort, [PARTICIPANT_SORTS[sort]])
    return keyset.keys(*terms, Participant.id, direction=direction)


def known(enum_cls, value):
    """The enum member for a value from a URL, or None when it is not one (filters ignore it)."""
    try:
        return enum_cls(value) if value else None
    except ValueError:
        return None


# What the participant list (and the dashboard's stale contacts) show of a participant and of
# their organisation: issue 18, the other columns (notes sealed, languages as JSON, the desk's
# marks, dates) were read and converted for fifty rows at every page and never shown.
LISTED = (Participant.id, Participant.study_id, Participant.version, Participant.organisation_id, Participant.name,
          Participant.pseudonym, Participant.position, Participant.email, Participant.phone, Participant.status,
          Participant.status_changed_at)
LISTED_ORGANISATION = (Organisation.id, Organisation.study_id, Organisation.name, Organisation.pseudonym)


def participant_list(study, flt: ParticipantFilter, sort: str = "pseudonym", direction: str = "asc"):
    """The filtered, sorted participants of a study, as a select for pagination, with only the
    columns a list shows (LISTED) loaded."""
    query = (sa.select(Participant).outerjoin(Organisation, Participant.organisation_id == Organisation.id)
             .options(load_only(*LISTED), joinedload(Participant.organisation).load_only(*LISTED_ORGANISATION))
             .where(Participant.study_id == study.id))
    flt.study_id = study.id
    query = _apply_filter(query, flt)
    return query.order_by(*[k.order() for k in participant_order(sort, direction)])


def _apply_filter(query, flt: ParticipantFilter):
    if known(RecruitmentStatus, flt.status):
        query = query.where(Participant.status == flt.status)
    if known(Sector, flt.sector):
        query = query.where(Organisation.sector == flt.sector)
    if flt.organisation_id:
        query = query.where(Participant.organisation_id == flt.organisation_id)
    if flt.q:
        wanted = flt.q.strip().lower()
        if len(wanted) > NAME_MAX:  # matches no name, and SQLite refuses a LIKE pattern that long
            return query.where(sa.false())
        by_pseudonym = casefold(Participant.pseudonym).contains(wanted, autoescape=True)
        sealed = search.matching(flt.study_id, wanted) if flt.study_id else None
        if sealed is None and keyring.active() is None:  # encryption off: the values are plain
            sealed = casefold(Participant.name).contains(wanted, autoescape=True)
        query = query.where(sa.or_(by_pseudonym, sealed) if sealed is not None else by_pseudonym)
    if flt.fieldworker_id:
        query = query.where(Participant.id.in_(PARTICIPANTS_OF_FIELDWORKER(flt.fieldworker_id)))
    if flt.stale:
        before = flt.stale_before if flt.stale_before is not None else utcnow() - STALE_AFTER
        query = query.where(Participant.status == RecruitmentStatus.CONTACTED, Participant.status_changed_at < before)
    return query


PICK_LIMIT = 20


GONE = (RecruitmentStatus.DECLINED, RecruitmentStatus.WITHDRAWN, RecruitmentStatus.UNREACHABLE)


def pick_participants(study, q: str, limit: int = PICK_LIMIT, invitable_only: bool = False) -> list[dict]:
    """Issue 15: the people picker's answer: participants whose pseudonym, name or organisation
    (name or pseudonym) contains `q`, an exact pseudonym first, then in pseudonym order. Names
    and pseudonyms only, which every role of the study may see; never contact details. Two
    queries, whatever the study's size.

    Cheap for short queries too: one letter matches nearly everyone, so the matches are not
    gathered and sorted; the study's participants are walked in their stored sort key's index
    (pseudonym_order) and the walk stops at the `limit`-th match, and only those rows' sealed
    names are opened. The exact pseudonym is looked up through the (study, pseudonym) index.
    `invitable_only` leaves out those who declined, withdrew or cannot be reached."""
    typed = " ".join((q or "").split())
    wanted = typed.lower()
    if not wanted or len(wanted) > NAME_MAX:
        return []
    columns = sa.select(Participant.id, Participant.pseudonym, Participant.name, Organisation.pseudonym,
                        Organisation.name).outerjoin(Organisation, Participant.organisation_id == Organisation.id)
    base = columns.where(Participant.study_id == study.id,
                         Participant.status.not_in(GONE) if invitable_only else sa.true())
    order = (Participant.pseudonym_order, Participant.id)
    # pseudonyms are made by next_pseudonym (P07, LA-03): the exact one is among these spellings
    exact = sorted((row for row in db.session.execute(
        base.where(Participant.pseudonym.in_(sorted({typed, wanted, wanted.upper()}))))
        if row[1].lower() == wanted), key=lambda row: (natural_key(row[1]), row[0]))[:limit]
    like = []
    if keyring.active() is None:  # encryption off: the values are plain
        like += [casefold(Participant.name).contains(wanted, autoescape=True),
                 casefold(Organisation.name).contains(wanted, autoescape=True)]
    else:  # names are sealed: participants through the blind index, organisations opened
        sealed = search.matching(study.id, wanted)
        like += ([sealed] if sealed is not None else []) + [
            Participant.organisation_id.in_(search.organisations_named(study.id, wanted))]
    like += [matches_text(column, wanted) for column in (Participant.pseudonym, Organisation.pseudonym)]
    rest = []
    if len(exact) < limit:
        rest = db.session.execute(
            base.where(sa.or_(*like), Participant.id.not_in([row[0] for row in exact]) if exact else sa.true())
            .order_by(*order).limit(limit - len(exact))).all()
    return [{"value": pid, "text": f"{pseudonym} · {name}",
             "org": f"{org_pseudonym} · {org_name}" if org_pseudonym else ""}
            for pid, pseudonym, name, org_pseudonym, org_name in [*exact, *rest]]


def matches_text(column, wanted: str):
    """`column` contains `wanted` (already lower case), ignoring case. An ASCII query uses the
    database's own case-blind LIKE (SQLite's LIKE, PostgreSQL's ILIKE); any other goes through
    casefold (Cyrillic, Kazakh), on SQLite only for values that are not plain ASCII (their
    length in bytes differs from their length in letters)."""
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    if wanted.isascii():
        if sqlite:  # SQLite's LIKE ignores ASCII case itself
            return column.contains(wanted, autoescape=True)
        return column.icontains(wanted, autoescape=True)
    folded = casefold(column).contains(wanted, autoescape=True)
    if sqlite:  # a value of ASCII only (a pseudonym, a code) cannot hold it: no Python call for it
        return sa.and_(sa.func.length(sa.cast(column, sa.LargeBinary)) != sa.func.length(column), folded)
    return folded


def stale_contacts(study, limit: int = 10) -> list[Participant]:
    """Contacted more than a week ago and no answer since: the ones to chase."""
    return list(db.session.scalars(_stale_contacts(limit), {"study_id": study.id,
                                                             "stale_before": utcnow() - STALE_AFTER}))


class _Bound:
    """A study as a statement built once sees it: its id a bound parameter."""

    def __init__(self, name: str):
        self.id = sa.bindparam(name)


@cache
def _stale_contacts(limit: int) -> sa.Select:
    """The stale contacts' statement, built once (issue 18: the dashboard built the participant
    list's joins, loader options and order at every request); the study and the moment bound."""
    flt = ParticipantFilter(stale=True, stale_before=sa.bindparam("stale_before"))
    return participant_list(_Bound("study_id"), flt, "changed", "asc").limit(limit)


def likely_duplicates(study, name: str, email: str | None, exclude_id: int | None = None) -> list[Participant]:
    """Participants of the study with the same name (ignoring case) or the same e-mail."""
    if keyring.active() is not None:
        condition = search.exact_matches(study.id, name=name, email=email)
    else:
        conditions = [casefold(Participant.name) == " ".join(name.split()).lower()]
        if email:
            conditions.append(casefold(Participant.email) == email.strip().lower())
        condition = sa.or_(*conditions)
    query = sa.select(Participant).where(Participant.study_id == study.id, condition)
    if exclude_id:
        query = query.where(Participant.id != exclude_id)
    return list(db.session.scalars(query.limit(5)))


# A select of people renders at most this many options (the people picker searches the rest),
# plus the ones already chosen: a form page costs the same at 50,000 participants as at 50.
CHOICES_CAP = 200


def participant_choices(study, keep=(), limit: int = CHOICES_CAP, where=None) -> list[tuple[int, str]]:
    """(id, 'P07 · name') for selects: the first `limit` in pseudonym order, and those in
    `keep` (the chosen ones) wherever they are; one or two queries."""
    query = (sa.select(Participant.id, Participant.pseudonym, Participant.name)
             .where(Participant.study_id == study.id))
    rows = list(db.session.execute((query if where is None else query.where(where))
                                   .order_by(Participant.pseudonym_order, Participant.id).limit(limit)))
    wanted = {int(k) for k in keep if k is not None}
    if wanted:  # asked whether or not the first rows hold them: as many queries at any study size
        shown = {row[0] for row in rows}
        rows += [row for row in db.session.execute(query.where(Participant.id.in_(wanted))
                                                   .order_by(Participant.pseudonym_order, Participant.id))
                 if row[0] not in shown]
    return [(pid, f"{pseudonym} · {name}") for pid, pseudonym, name in rows]


# Issue 18: organisations are chosen through their picker (a search over them all); the select
# under it, all that shows without script, holds the first fifty: its length, and the sealed
# names opened for it, then stop growing with the study at fifty organisations, not two hundred.
ORGANISATION_CHOICES_CAP = 50


def organisation_choices(study, keep=(), limit: int = ORGANISATION_CHOICES_CAP) -> list[Organisation]:
    """Organisations for a select: the first `limit` in pseudonym order, and those in `keep`
    (the chosen ones, if of this study) wherever they are; one or two queries. Issue 18: a
    study's thousands of organisations are found through the organisation picker instead.
    In natural pseudonym order through its index (not a sort of every organisation of the
    study), with only what the selects show (no other sealed column opened)."""
    rows = list(db.session.scalars(_organisation_choices(limit), {"study_id": study.id}))
    wanted = {int(k) for k in keep if k is not None}
    if wanted:  # asked whether or not the first rows hold them: as many queries at any study size
        shown = {o.id for o in rows}
        rows += [o for o in db.session.scalars(_organisation_choices(None), {"study_id": study.id,
                                                                             "ids": sorted(wanted)})
                 if o.id not in shown]
    return rows


@cache
def _organisation_choices(limit: int | None) -> sa.Select:
    """organisation_choices' statements, built once (issue 18), the study (and the chosen ids)
    bound: the first `limit`, or (None) those of the chosen ids."""
    query = (sa.select(Organisation).where(Organisation.study_id == sa.bindparam("study_id"))
             .options(load_only(Organisation.id, Organisation.pseudonym, Organisation.name))
             .order_by(Organisation.pseudonym_order, Organisation.id))
    if limit is None:
        return query.where(Organisation.id.in_(sa.bindparam("ids", expanding=True)))
    return query.limit(limit)


def pick_organisations(study, q: str, limit: int = PICK_LIMIT) -> list[dict]:
    """Issue 18: the organisation picker's answer: organisations whose pseudonym or name
    contains `q`, exact pseudonyms first. Names are sealed, so they are opened and compared
    (search.organisations_named); pseudonyms are matched in SQL."""
    wanted = " ".join((q or "").split()).lower()
    if not wanted or len(wanted) > NAME_MAX:
        return []
    like = [casefold(Organisation.pseudonym).contains(wanted, autoescape=True)]
    if keyring.active() is None:  # encryption off: the values are plain
        like.append(casefold(Organisation.name).contains(wanted, autoescape=True))
    else:
        like.append(Organisation.id.in_(search.organisations_named(study.id, wanted)))
    exact = sa.case((casefold(Organisation.pseudonym) == wanted, 0), else_=1)
    rows = db.session.execute(
        sa.select(Organisation.id, Organisation.pseudonym, Organisation.name)
        .where(Organisation.study_id == study.id, sa.or_(*like))
        .order_by(exact, Organisation.pseudonym_order, Organisation.id)
        .limit(limit))
    return [{"value": oid, "text": f"{pseudonym} · {name}"} for oid, pseudonym, name in rows]


# --- targets -----------------------------------------------------------------------------

def create_target(study, actor, *, kind: TargetKind, sector, session_type, target_count: int) -> RecruitmentTarget:
    if kind == TargetKind.SESSIONS and not session_type:
        raise RecruitmentError(_("A target for sessions needs a session type."))
    target = RecruitmentTarget(study_id=study.id, kind=kind, sector=sector or None,
                               session_type=session_type if kind == TargetKind.SESSIONS else None,
                               target_count=target_count)
    db.session.add(target)
    db.session.flush()
    audit.record(actor, "target.create", target, after=audit.snapshot(target, TARGET_FIELDS))
    return target


def delete_target(target: RecruitmentTarget, actor) -> None:
    audit.record(actor, "target.delete", target, before=audit.snapshot(target, TARGET_FIELDS))
    db.session.delete(target)
    db.session.flush()


def targets_of(study) -> list[RecruitmentTarget]:
    return list(db.session.scalars(
        sa.select(RecruitmentTarget).where(RecruitmentTarget.study_id == study.id)
        .order_by(RecruitmentTarget.kind, RecruitmentTarget.session_type, RecruitmentTarget.sector)))
