"""The access policy (app/core/policy.py) says what DESIGN.md's role table says, and any change
to it, one verb at a time, is caught by that comparison."""
import re

import pytest

from app.core import policy
from app.core.policy import Role
from tests.support.shared import shared_dir

C, F, R = Role.COORDINATOR, Role.FIELDWORKER, Role.ETHICS_REVIEWER
OWN = policy.OWN

# DESIGN.md's rows, as the policy names its areas.
AREAS = {
    "dashboard, targets, organisations, session list": "study",
    "members and roles": "members",
    "participants: names and pseudonyms": "participants",
    "participants: contact details": "contacts",
    "sessions: logistics": "sessions",
    "sessions: attendance, field notes, answers": "session_records",
    "consent forms and instrument versions": "versions",
    "consent records, withdrawals": "consent_records",
    "raw transcripts and their review": "raw_transcripts",
    "bundles": "bundles",
    "the key": "key",
    "audit trail": "audit_trail",
    "PDFs": "pdfs",
    "destruction of identifiable data": "destruction",
    "a participant's data export or erasure": "subject_requests",
}
# Areas the policy adds to DESIGN.md's table: their grants, and why.
EXTRA_AREAS = {
    # the desk of flags and every participant's consent; DESIGN.md: flags "that the ethics
    # reviewer sees"; the coordinator answers the reviewer's queries there
    "ethics_desk": {C: frozenset({"view"}), R: frozenset({"view"})},
}

# A cell's words, as verbs. "edit" means seeing and changing; where an area knows more verbs than
# view/edit, the words of its cells say which (`@own`: on the fieldworker's own sessions only).
GENERIC = {"-": "", "view": "view", "edit": "view edit"}
WORDS = {
    "participants": {"edit": "view edit status", "edit status": "view status"},
    "session_records": {"edit": "view edit export", "own sessions": "view@own edit@own",
                        "view attendance": "view_attendance"},
    "versions": {"draft": "view draft", "approve, retire": "view approve retire"},
    "consent_records": {"edit": "view record edit scan", "record, own sessions": "view@own record@own",
                        "view, mark reviewed, query": "view review query scan"},
    "raw_transcripts": {"own sessions": "view@own edit@own"},
    "bundles": {"build, download": "view build download", "view the record of each": "view"},
    "key": {"download": "download"},
    # a fieldworker prints the consent forms of their own sessions' participants, as they record
    # consent only there ("consent records: record, own sessions")
    "pdfs": {"all": "protocols consent_forms ethics_report", "protocols, consent forms": "protocols consent_forms@own",
             "ethics report, consent forms": "ethics_report consent_forms"},
    "destruction": {"request": "view request", "countersign": "view countersign"},
    "subject_requests": {"do": "view do", "view the record of each": "view"},
}


def design_table() -> dict[str, dict[Role, frozenset[str]]]:
    text = (shared_dir() / "DESIGN.md").read_text()
    table = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in AREAS:
            area = AREAS[cells[0]]
            words = {**GENERIC, **WORDS.get(area, {})}
            table[area] = {role: frozenset(words[cell].split()) for role, cell in zip((C, F, R), cells[1:])}
    return table


def _plain(verbs: frozenset[str]) -> frozenset[str]:
    return frozenset(v.removesuffix(OWN) for v in verbs)


def differences(code: dict, design: dict) -> list[str]:
    """Every cell where the policy grants other verbs than DESIGN.md (and the extra areas)."""
    expected = {**design, **EXTRA_AREAS}
    found = []
    for area in sorted(expected.keys() | code.keys()):
        for role in Role:
            have = code.get(area, {}).get(role, frozenset())
            want = expected.get(area, {}).get(role, frozenset())
            if have != want:
                found.append(f"{area} / {role}: policy {sorted(have)}, expected {sorted(want)}")
    return found


def test_every_row_of_designs_table_is_read():
    assert set(design_table()) == set(AREAS.values())


def test_the_policy_is_designs_role_table():
    assert differences(policy.ROLE_TABLE, design_table()) == []


def test_own_only_grants_are_the_fieldworkers():
    for area, grants in policy.ROLE_TABLE.items():
        for role, verbs in grants.items():
            assert role == F or not any(v.endswith(OWN) for v in verbs), (area, role)


def _mutations():
    """Every verb an area knows, added to each role that lacks it: one widening at a time."""
    for area, grants in policy.ROLE_TABLE.items():
        known = {v.removesuffix(OWN) for verbs in grants.values() for v in verbs}
        for role in Role:
            for verb in sorted(known - _plain(grants.get(role, frozenset()))):
                yield area, role, verb
            for verb in sorted(v for v in grants.get(role, ()) if v.endswith(OWN)):
                yield area, role, verb.removesuffix(OWN)  # an own-only grant made general


MUTATIONS = list(_mutations())


@pytest.mark.parametrize("area,role,verb", MUTATIONS)
def test_widening_any_grant_is_caught(area, role, verb):
    mutated = {a: dict(g) for a, g in policy.ROLE_TABLE.items()}
    mutated[area][role] = (mutated[area].get(role, frozenset()) - {verb + OWN}) | {verb}
    assert differences(mutated, design_table()), f"widening {area}.{verb} for {role} went unnoticed"


def test_there_are_mutations_to_try():
    assert len(MUTATIONS) > 40


def test_every_action_names_an_area_and_a_verb():
    assert "consent_records.review" in policy.actions()
    with pytest.raises(policy.UnknownAction):
        policy.grant(C, "consent_records.reviewe")
    with pytest.raises(policy.UnknownAction):
        policy.grant(C, "nothing")


def test_own_only_grants_need_the_record_to_be_theirs():
    policy.register_owner_check(dict, lambda user, record: record.get("staff") == user)
    assert policy.allows(F, "raw_transcripts.view", "ana", {"staff": "ana"})
    assert not policy.allows(F, "raw_transcripts.view", "ana", {"staff": "bek"})
    assert policy.allows(C, "raw_transcripts.view", "ana", {"staff": "bek"})
    assert not policy.allows(R, "raw_transcripts.view", "ana", {"staff": "ana"})
    assert not policy.allows(None, "study.view")


def test_design_words_cover_each_cell():
    text = (shared_dir() / "DESIGN.md").read_text()
    assert re.search(r"\| in a study \| coordinator \| fieldworker \| ethics reviewer \|", text)
