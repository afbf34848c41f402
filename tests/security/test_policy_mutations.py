"""Widening any access rule turns the suite red: each endpoint's declared action is widened in
turn (and each "own session" check made to say yes), and the matrix's expectations, taken from
the role table and tests/security/endpoints.py, must then disagree with what the app does.

The role table itself is mutated verb by verb in tests/auth/test_policy.py, where the
comparison with DESIGN.md catches every change.
"""
import pytest

from app.core import policy
from app.core.extensions import db
from app.fieldwork.models import FieldSession
from app.recruitment import services as recruitment
from app.recruitment.models import Participant
from app.studies.access import study_action
from app.transcripts.models import Transcript
from tests.conftest import fresh_app
from tests.security.endpoints import EXPECTED_ACTION
from tests.security.test_matrix import ROLE_OF, problems
from tests.world import PASSWORD, build_world

USERS = ["coordinator", "fieldworker", "reviewer"]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with fresh_app(tmp_path_factory.mktemp("mutations"), "MutationConfig") as app:
        with app.test_request_context():
            a = build_world("m")
            stranger = recruitment.create_participant(a["study"], a["coordinator"], name="Айша Нигметова",
                                                      organisation_id=a["organisation"].id)
            db.session.commit()
            ids = {"study_id": a["study"].id, "session2": a["session2"].id, "transcript2": a["transcript2"].id,
                   "stranger": stranger.id, **{k: v for k, v in _matrix_ids(a).items()}}
            emails = {key: a[key].email for key in USERS}
        clients = {}
        for key in USERS:
            clients[key] = app.test_client()
            assert clients[key].post("/login", data={"email": emails[key], "password": PASSWORD}).status_code == 302
        yield app, ids, clients


def _matrix_ids(a) -> dict:
    from tests.security.test_matrix import _ids
    return _ids(a)


def _wider(action: str) -> str | None:
    """An action granted to strictly more roles than `action`, if there is one."""
    mine = policy.roles_for(action)
    wider = [a for a in policy.actions() if policy.roles_for(a) > mine]
    return min(wider, key=lambda a: (len(policy.roles_for(a)), a)) if wider else None


CASES = sorted((endpoint, wider) for endpoint, action in EXPECTED_ACTION.items()
               if (wider := _wider(action)) is not None)


def test_most_endpoints_can_be_widened():
    assert len(CASES) > 60


# Views that load their record with the action again (get_in_study_or_404(..., action=)): a
# widened decorator alone opens nothing there, the second check still answers 403.
HELD_BY_THE_RECORD_CHECK = {
    "consent.record_new", "consent.withdraw", "fieldwork.session_complete", "instruments.answer_form",
    "instruments.question_notes", "instruments.session_answers", "transcripts.add_span",
    "transcripts.approve", "transcripts.decide", "transcripts.detail", "transcripts.edit_span",
    "transcripts.speakers",
    "transcripts.assign_turns",  # issue 12: loads the transcript with the action again
    "transcripts.reopen",  # loads the transcript with view, then authorises edit on it
}


@pytest.mark.parametrize("endpoint,wider", CASES)
def test_a_widened_view_turns_the_matrix_red(world, monkeypatch, endpoint, wider):
    app, ids, clients = world
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    method = "GET" if "GET" in rule.methods else "POST"
    admitted = [u for u in USERS if ROLE_OF[u] in policy.roles_for(wider) - policy.roles_for(EXPECTED_ACTION[endpoint])]
    assert admitted
    before = [p for user in admitted for p in problems(app, ids, clients[user], method, user, [rule])]
    assert before == []
    original = app.view_functions[endpoint]
    monkeypatch.setitem(app.view_functions, endpoint, study_action(wider)(original.__wrapped__))
    after = [p for user in admitted for p in problems(app, ids, clients[user], method, user, [rule])]
    if endpoint in HELD_BY_THE_RECORD_CHECK:
        assert after == [], f"{endpoint}: the record check no longer holds alone"
    else:
        assert after, f"{endpoint} widened to {wider} passed the matrix"


OWNED = [
    (FieldSession, "/studies/{study_id}/sessions/{session2}/answers"),
    (Transcript, "/studies/{study_id}/transcripts/{transcript2}"),
    (Participant, "/studies/{study_id}/participants/{stranger}/consent"),
]


@pytest.mark.parametrize("record_type,url", OWNED, ids=[t.__name__ for t, _ in OWNED])
def test_an_own_session_check_that_says_yes_is_caught(world, monkeypatch, record_type, url):
    app, ids, clients = world
    page = url.format(**ids)
    assert clients["fieldworker"].get(page).status_code == 403  # not theirs
    monkeypatch.setitem(policy._owner_checks, record_type, lambda user, record: True)
    assert clients["fieldworker"].get(page).status_code != 403, "the check was not what kept them out"
