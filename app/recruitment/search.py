"""Finding participants: case-insensitive matching of plain columns (pseudonyms) that works for
Cyrillic and Kazakh letters on both databases, and the blind index of sealed ones (names, contacts).

SQLite's lower() folds ASCII only, so on SQLite `casefold(x)` calls Python's str.lower,
registered on every new SQLite connection; PostgreSQL's lower() is Unicode-aware already.
"""
import sqlite3

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from app.core.crypto import blind, keyring
from app.core.extensions import db
from app.recruitment.models import Organisation, Participant, ParticipantSearchToken


class casefold(GenericFunction):  # noqa: N801  (SQL function names are lower case)
    type = sa.String()
    inherit_cache = True


@compiles(casefold)
def _casefold_default(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(casefold, "sqlite")
def _casefold_sqlite(element, compiler, **kw):
    """SQLite's own lower() where the value is plain ASCII (it folds those letters the same),
    Python's only for values with other letters: a search over thousands of ASCII pseudonyms
    then calls back into Python for none of them."""
    arguments = list(element.clauses)
    inner = compiler.process(element.clauses, **kw)
    if len(arguments) == 1 and isinstance(arguments[0], sa.ColumnClause):
        return f"CASE WHEN {inner} GLOB '*[^ -~]*' THEN dala_lower({inner}) ELSE lower({inner}) END"
    return f"dala_lower({inner})"


def _lower(value):
    return value.lower() if isinstance(value, str) else value


@sa.event.listens_for(Engine, "connect")
def _register_sqlite_lower(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("dala_lower", 1, _lower, deterministic=True)


# --- the blind index of sealed names, e-mails and phones ------------------------------------
# Participants' names and contacts are sealed (app.core.crypto), so SQL cannot compare them;
# each participant's index rows (ParticipantSearchToken) are rewritten whenever one of them
# changes, by the listeners below (installed by app.wiring), whoever made the change.
INDEXED = ("name", "email", "phone")


def participant_tokens(name, email, phone) -> set[str]:
    return blind.name_tokens(name) | blind.email_tokens(email) | blind.phone_tokens(phone)


def _write_tokens(connection, target) -> None:
    ring = keyring.active()
    if ring is None:
        return
    connection.execute(sa.delete(ParticipantSearchToken).where(
        ParticipantSearchToken.participant_id == target.id))
    try:
        key = ring.index_key(target.study_id, connection)
    except keyring.StudyKeyDestroyed:
        return
    rows = _token_rows(key, target.study_id, target.id, target.name, target.email, target.phone)
    if rows:
        connection.execute(sa.insert(ParticipantSearchToken), rows)


def _token_rows(key, study_id: int, participant_id: int, name, email, phone) -> list[dict]:
    """The participant's index rows: one keyed hash per distinct token, in a stable order."""
    digests = {blind.digest(key, token) for token in participant_tokens(name, email, phone)}
    return [{"study_id": study_id, "participant_id": participant_id, "token": digest} for digest in sorted(digests)]


def _after_insert(_mapper, connection, target) -> None:
    _write_tokens(connection, target)


def _after_update(_mapper, connection, target) -> None:
    state = sa.inspect(target)
    if any(state.attrs[name].history.has_changes() for name in INDEXED):
        _write_tokens(connection, target)


_installed = False


def install_index() -> None:
    """Keep the blind index in step with every write of a participant (once per process)."""
    global _installed
    if not _installed:
        sa.event.listen(Participant, "after_insert", _after_insert)
        sa.event.listen(Participant, "after_update", _after_update)
        _installed = True


def reindex(study_id: int, batch: int = 5000) -> int:
    """Rewrite the index of every participant of a study (after a bulk insert or a data
    migration); how many. One DELETE and INSERTs of `batch` rows, not two statements a person."""
    ring = keyring.active()
    if ring is None:
        return 0
    connection = db.session.connection()
    try:
        key = ring.index_key(study_id, connection)
    except keyring.StudyKeyDestroyed:
        return 0
    connection.execute(sa.delete(ParticipantSearchToken).where(ParticipantSearchToken.study_id == study_id))
    count, rows = 0, []
    people = sa.select(Participant.id, Participant.name, Participant.email, Participant.phone).where(
        Participant.study_id == study_id)
    for person_id, name, email, phone in db.session.execute(people):
        count += 1
        rows += _token_rows(key, study_id, person_id, name, email, phone)
        if len(rows) >= batch:
            connection.execute(sa.insert(ParticipantSearchToken), rows)
            rows = []
    if rows:
        connection.execute(sa.insert(ParticipantSearchToken), rows)
    return count


def matching(study_id: int, query: str, column=None):
    """A condition: the participant's sealed name, e-mail or phone matches what was typed.

    None when the query has no searchable token. `column` is the participant id to test.
    """
    ring = keyring.active()
    groups = blind.query_groups(query)
    if ring is None or not groups:
        return None
    try:
        key = ring.index_key(study_id, db.session.connection())
    except keyring.StudyKeyDestroyed:  # names and contacts were destroyed: nothing to find
        return None
    column = column if column is not None else Participant.id
    if all(len(group) == 1 for group in groups):  # every word needed: one pass over the index
        digests = sorted({blind.digest(key, token) for group in groups for token in group})
        if len(digests) == 1:  # one token (one letter, one word): no counting needed
            return column.in_(sa.select(ParticipantSearchToken.participant_id).where(
                ParticipantSearchToken.study_id == study_id, ParticipantSearchToken.token == digests[0]))
        return column.in_(
            sa.select(ParticipantSearchToken.participant_id)
            .where(ParticipantSearchToken.study_id == study_id, ParticipantSearchToken.token.in_(digests))
            .group_by(ParticipantSearchToken.participant_id)
            .having(sa.func.count(sa.distinct(ParticipantSearchToken.token)) == len(digests)))
    conditions = [column.in_(sa.select(ParticipantSearchToken.participant_id).where(
        ParticipantSearchToken.study_id == study_id,
        ParticipantSearchToken.token.in_(sorted(blind.digest(key, token) for token in group))))
        for group in groups]
    return sa.and_(*conditions)


def exact_matches(study_id: int, *, name: str | None = None, email: str | None = None):
    """Conditions for the same name or e-mail (likely duplicates), through the index."""
    ring = keyring.active()
    if ring is None:
        return None
    try:
        key = ring.index_key(study_id, db.session.connection())
    except keyring.StudyKeyDestroyed:
        return sa.false()
    tokens = set()
    if name and blind.words(name):
        tokens.add(f"n={' '.join(blind.words(name))}")
    if email and email.strip():
        tokens.add(f"e={blind.normalise(email).strip()}")
    if not tokens:
        return sa.false()
    return Participant.id.in_(sa.select(ParticipantSearchToken.participant_id).where(
        ParticipantSearchToken.study_id == study_id,
        ParticipantSearchToken.token.in_(sorted(blind.digest(key, t) for t in tokens))))


def organisations_named(study_id: int, query: str) -> list[int]:
    """Ids of the study's organisations whose name contains what was typed (any case). Names are
    sealed, so they are opened and compared here: a study has tens or hundreds of organisations,
    never the tens of thousands of participants the blind index is for."""
    wanted = blind.normalise(" ".join(query.split()))
    if not wanted:
        return []
    rows = db.session.execute(sa.select(Organisation.id, Organisation.name).where(Organisation.study_id == study_id))
    return [oid for oid, name in rows if name and wanted in blind.normalise(name)]


def name_has_words(name: str | None, query: str) -> bool:
    """Every word typed begins a word of the name: tells a match on the name from one on an
    e-mail address, which the blind index does not tell apart."""
    have = blind.words(name or "")
    return all(any(word.startswith(typed) for word in have) for typed in blind.words(query))
