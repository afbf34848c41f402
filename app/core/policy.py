"""Who may do what in a study: DESIGN.md's role table, kept as data.

Each area of a study (a row of the table) grants each role a set of verbs. A verb marked
``@own`` is granted only on the user's own sessions (those where they are a facilitator or the
note-taker) and what belongs to them: the domain that knows what "own" means for a kind of
record registers that test with `register_owner_check` when the app starts. Views declare the
action they perform (``@study_action("consent_records.review")``), templates ask ``can(...)``
before showing a button, services call `allows`; nothing else decides.
"""
import enum
from collections.abc import Callable
from typing import Any


class Role(enum.StrEnum):
    COORDINATOR = "coordinator"
    FIELDWORKER = "fieldworker"
    ETHICS_REVIEWER = "ethics_reviewer"


C, F, R = Role.COORDINATOR, Role.FIELDWORKER, Role.ETHICS_REVIEWER
OWN = "@own"

# area -> role -> verbs, in DESIGN.md's order. tests/auth/test_policy.py compares it with DESIGN.md.
ROLE_TABLE: dict[str, dict[Role, frozenset[str]]] = {
    area: {role: frozenset(verbs.split()) for role, verbs in grants.items()}
    for area, grants in {
        # dashboard, targets, organisations, session list
        "study": {C: "view edit", F: "view", R: "view"},
        "members": {C: "view edit"},
        "participants": {C: "view edit status", F: "view status", R: "view"},
        "contacts": {C: "view edit", F: "view"},
        "sessions": {C: "view edit", F: "view", R: "view"},
        # attendance, field notes, answers
        "session_records": {C: "view edit export", F: "view@own edit@own", R: "view_attendance"},
        # consent forms and instrument versions
        "versions": {C: "view draft", F: "view", R: "view approve retire"},
        "consent_records": {C: "view record edit scan", F: "view@own record@own", R: "view review query scan"},
        "ethics_desk": {C: "view", R: "view"},
        "raw_transcripts": {C: "view edit", F: "view@own edit@own"},
        "bundles": {C: "view build download", R: "view"},
        "key": {C: "download"},
        "audit_trail": {C: "view", R: "view"},
        "pdfs": {C: "protocols consent_forms ethics_report", F: "protocols consent_forms@own",
                 R: "ethics_report consent_forms"},
        "destruction": {C: "view request", R: "view countersign"},
        "subject_requests": {C: "view do", R: "view"},
    }.items()
}

OwnerCheck = Callable[[Any, Any], bool]  # (user, record) -> is it theirs?
_owner_checks: dict[type, OwnerCheck] = {}


class UnknownAction(KeyError):
    """An action that is not in the table: a typo in a view or a template."""


def register_owner_check(record_type: type, check: OwnerCheck) -> None:
    """Say what "own" means for a kind of record (a session, a transcript, a participant...)."""
    _owner_checks[record_type] = check


def _split(action: str) -> tuple[str, str]:
    area, _, verb = action.partition(".")
    known = {v.removesuffix(OWN) for verbs in ROLE_TABLE.get(area, {}).values() for v in verbs}
    if verb not in known:
        raise UnknownAction(action)
    return area, verb


def grant(role: Role | None, action: str) -> str | None:
    """'all', 'own' or None: how far `role` may perform `action`."""
    area, verb = _split(action)
    verbs = ROLE_TABLE[area].get(role, frozenset()) if role else frozenset()
    if verb in verbs:
        return "all"
    if verb + OWN in verbs:
        return "own"
    return None


def roles_for(action: str) -> frozenset[Role]:
    """Every role that may perform `action` on at least some records."""
    return frozenset(role for role in Role if grant(role, action))


def is_own(user: Any, record: Any) -> bool:
    check = _owner_checks.get(type(record))
    if check is None:
        raise LookupError(f"no owner check registered for {type(record).__name__}")
    return bool(check(user, record))


def allows(role: Role | None, action: str, user: Any = None, record: Any = None) -> bool:
    """May a member in `role` perform `action` (on `record`, when the grant is for own records only)?

    Without a record, an own-only grant answers True: the view lets the user in and checks
    each record it loads.
    """
    level = grant(role, action)
    if level == "all":
        return True
    if level == "own":
        return record is None or is_own(user, record)
    return False


def actions() -> list[str]:
    """Every action the table knows, as 'area.verb'."""
    return sorted({f"{area}.{verb.removesuffix(OWN)}" for area, grants in ROLE_TABLE.items()
                   for verbs in grants.values() for verb in verbs})
