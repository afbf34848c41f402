"""The study's pseudonym key in the database, and the engine's roster built from the study."""

import sqlalchemy as sa

from app.anonymise import Key, Roster, RosterEntry
from app.auth.models import User
from app.core import labels
from app.core.audit import services as audit
from app.core.extensions import db
from app.core.spreadsheets import EXCEL, csv_bytes
from app.recruitment.models import Organisation, Participant
from app.studies.models import Membership, Study
from app.transcripts.models import KeyEntry, SpanCategory

STAFF_PREFIX = "STAFF"


def key_entries(study: Study) -> list[KeyEntry]:
    return list(db.session.scalars(
        sa.select(KeyEntry).where(KeyEntry.study_id == study.id).order_by(KeyEntry.id)))


def lock_key(study: Study) -> None:
    """Serialise key growth per study on PostgreSQL (two approvals must not share PERSON-n)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(Study.id).where(Study.id == study.id).with_for_update())


def sync_roster(study: Study, actor) -> list[KeyEntry]:
    """Put every participant, organisation and member of the study on the key; return it."""
    entries = key_entries(study)
    known = {(*_entity_ref(e), e.name) for e in entries}
    staff_codes = {e.user_id: e.pseudonym for e in entries if e.user_id is not None}
    for kind, ref, name, pseudonym in _entities(study, staff_codes):
        ids = (ref if kind == "p" else None, ref if kind == "o" else None,
               ref if kind == "u" else None)
        if (*ids, name) in known:
            continue
        category = SpanCategory.ORGANISATION if kind == "o" else SpanCategory.PERSON
        entry = KeyEntry(study_id=study.id, category=category, name=name, pseudonym=pseudonym,
                         participant_id=ids[0], organisation_id=ids[1], user_id=ids[2])
        if kind == "u":
            staff_codes[ref] = pseudonym
        db.session.add(entry)
        entries.append(entry)
        known.add((*ids, name))
        _audit_entry(actor, study, entry)
    return entries


def _entities(study: Study, staff_codes: dict):
    for p in db.session.scalars(sa.select(Participant).where(Participant.study_id == study.id)
                                .order_by(Participant.id)):
        yield "p", p.id, p.name, p.pseudonym
    for o in db.session.scalars(sa.select(Organisation).where(Organisation.study_id == study.id)
                                .order_by(Organisation.id)):
        yield "o", o.id, o.name, o.pseudonym
    members = db.session.scalars(sa.select(User).join(Membership, Membership.user_id == User.id)
                                 .where(Membership.study_id == study.id).order_by(User.id))
    next_number = len(staff_codes) + 1
    for user in members:
        code = staff_codes.get(user.id)
        if code is None:
            code, next_number = f"{STAFF_PREFIX}-{next_number}", next_number + 1
        yield "u", user.id, user.name, code


def _entity_ref(entry: KeyEntry) -> tuple:
    return entry.participant_id, entry.organisation_id, entry.user_id


def _linked(entry: KeyEntry) -> bool:
    """An entry of the study's own participant, organisation or staff member (not one a
    reviewer masked in a transcript: a third person, a place, a contact)."""
    return _entity_ref(entry) != (None, None, None)


def roster_from(entries: list[KeyEntry]) -> Roster:
    """The engine's roster: each entity of the key with its older names as aliases."""
    grouped: dict[tuple, list[KeyEntry]] = {}
    for e in entries:
        if _linked(e):
            grouped.setdefault(_entity_ref(e), []).append(e)
    result = []
    for group in grouped.values():
        latest = group[-1]
        kind = "organisation" if latest.category == SpanCategory.ORGANISATION else "person"
        aliases = tuple(dict.fromkeys(e.name for e in group[:-1] if e.name != latest.name))
        result.append(RosterEntry(kind, latest.name, latest.pseudonym, aliases))
    return Roster.from_entries(result)


# Key entries a leak check searches as written (as a contact is searched), not as a name.
_LITERAL_CATEGORIES = (SpanCategory.CONTACT, SpanCategory.IDENTIFIER)
_ENTITY_CATEGORIES = (SpanCategory.PERSON, SpanCategory.ORGANISATION, SpanCategory.PLACE)


def leak_identities(entries: list[KeyEntry]) -> tuple[Roster, list[str]]:
    """Everything of the key a bundle must not hold: the roster of the study's own entities
    (``roster_from``), with every other entity of the key too (a third person, a place or an
    organisation a reviewer masked in a transcript, which the engine's roster leaves out), and
    the contacts and identification numbers the key holds, searched as written."""
    unlinked = [e for e in entries if not _linked(e)]
    others = {(e.category, e.name): e for e in unlinked if e.category in _ENTITY_CATEGORIES and e.name.strip()}
    more = [RosterEntry(category.value, name, e.pseudonym) for (category, name), e in others.items()]
    literals = [e.name for e in unlinked if e.category in _LITERAL_CATEGORIES and e.name.strip()]
    return Roster.from_entries([*roster_from(entries).entries, *more]), literals


def engine_key(entries: list[KeyEntry]) -> Key:
    return Key([{"category": e.category.value, "name": e.name, "pseudonym": e.pseudonym,
                 **({"replacement": e.replacement} if e.replacement else {})} for e in entries])


def save_new_entries(study: Study, key: Key, known: int, actor) -> list[KeyEntry]:
    """Persist the entities the engine added to the key after the first ``known`` entries."""
    added = []
    for item in key.entries[known:]:
        entry = KeyEntry(study_id=study.id, category=SpanCategory(item["category"]),
                         name=item["name"][:300], pseudonym=item["pseudonym"],
                         replacement=item.get("replacement"))
        db.session.add(entry)
        added.append(entry)
        _audit_entry(actor, study, entry)
    return added


def _audit_entry(actor, study: Study, entry: KeyEntry) -> None:
    db.session.flush()
    audit.record(actor, "key.add", entry, study_id=study.id,
                 after={"category": entry.category, "name_on_key": entry.name,
                        "pseudonym": entry.pseudonym})


def speaker_pseudonyms(study: Study, entries: list[KeyEntry]) -> dict[tuple, str]:
    """("p", participant id) or ("u", user id) -> pseudonym, for speaker labels."""
    result = {}
    for e in entries:
        if e.participant_id is not None:
            result[("p", e.participant_id)] = e.pseudonym
        if e.user_id is not None:
            result[("u", e.user_id)] = e.pseudonym
    return result


def key_csv(study: Study, actor, flavour: str = EXCEL, lang: str | None = None) -> bytes:
    """The whole key as CSV (for Excel in `lang`'s separator, or plain), the category as a word and
    a code; recorded in the audit trail as a download."""
    entries = key_entries(study)
    audit.record(actor, "key.download", study, entity_type="pseudonym_key",
                 entity_id=study.id, study_id=study.id, after={"entries": len(entries)})
    return csv_bytes([["category", "category_code", "name", "pseudonym"],
                      *([labels.label("span_category", e.category), e.category.value, e.name, e.pseudonym]
                        for e in entries)], flavour, lang)
