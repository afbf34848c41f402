"""Issue 15: flows that return where they started. Consent recorded from the completion form
comes back to it with what was typed; a coming session offers Confirm and Postpone, not
completion; an overdue session is first under "My sessions → Coming", marked; the session
form says "Give a place or an online link." under the place."""
from datetime import timedelta

import sqlalchemy as sa

from app.consent import services as consent
from app.core.extensions import db
from app.fieldwork.models import CompletionDraft, FieldSession, SessionStatus
from tests.builders import day_at, today


def _setting(build):
    team = build.team()
    study = team["study"]
    version = build.consent_version(study, team["coordinator"], team["reviewer"])
    with_consent, without = build.participant(study), build.participant(study)
    build.consent(with_consent, version, team["fieldworker"], day=today() - timedelta(days=5))
    session = build.session(study, starts=day_at(-1), facilitators=[team["fieldworker"]],
                            participants=[with_consent, without], actor=team["coordinator"])
    return team, version, session, with_consent, without


def test_consent_recorded_from_the_completion_form_returns_to_it_with_what_was_typed(build, login):
    team, version, session, with_consent, without = _setting(build)
    client = login(team["fieldworker"])
    complete = f"/studies/{team['study'].id}/sessions/{session.id}/complete"
    typed = {f"attendance-{with_consent.id}": "attended", f"attendance-{without.id}": "attended",
             "field_notes": "Обсуждали очереди в ЦОНе."}
    refused = client.post(complete, data=typed).get_data(as_text=True)
    assert "nothing was saved" in refused and f'value="consent:{without.id}"' in refused

    # "Record consent" is a button of the same form: what was typed is kept, then the consent page
    went = client.post(complete, data={**typed, "then": f"consent:{without.id}"})
    assert went.status_code == 302
    consent_page = went.headers["Location"]
    assert f"/participants/{without.id}/consent/new" in consent_page and "next=" in consent_page
    assert db.session.get(FieldSession, session.id).status == SessionStatus.PLANNED  # nothing completed

    data = {"consent_date": (today() - timedelta(days=1)).isoformat(), "method": "written",
            "obtained_by": team["fieldworker"].id, **{f"item_{key}": "yes" for key in version.item_keys}}
    saved = client.post(consent_page, data=data)
    assert saved.status_code == 302 and saved.headers["Location"].endswith(complete)
    assert consent.current_consent(without) is not None

    back = client.get(complete).get_data(as_text=True)
    assert "Обсуждали очереди в ЦОНе." in back
    assert back.count("checked") == 2, "both attendance choices come back as typed"
    assert "were kept" in back

    done = client.post(complete, data=typed)
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(FieldSession, session.id).status == SessionStatus.COMPLETED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CompletionDraft)) == 0


def test_the_way_back_goes_only_to_a_page_of_the_same_study(build, login):
    team, version, session, _with, without = _setting(build)
    url = f"/studies/{team['study'].id}/participants/{without.id}/consent/new?next=https://evil.example/"
    data = {"consent_date": today().isoformat(), "method": "written", "obtained_by": team["fieldworker"].id,
            **{f"item_{key}": "yes" for key in version.item_keys}}
    saved = login(team["fieldworker"]).post(url, data=data)
    assert saved.status_code == 302 and "evil.example" not in saved.headers["Location"]
    assert saved.headers["Location"].endswith(f"/participants/{without.id}/consent")


def test_a_button_naming_someone_not_invited_completes_nothing_and_keeps_no_draft(build, login):
    team, _version, session, with_consent, _without = _setting(build)
    stranger = build.participant(team["study"])
    complete = f"/studies/{team['study'].id}/sessions/{session.id}/complete"
    response = login(team["fieldworker"]).post(complete, data={
        f"attendance-{with_consent.id}": "attended", "then": f"consent:{stranger.id}"})
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CompletionDraft)) == 0


def test_a_coming_session_offers_confirm_and_postpone_not_completion(build, login):
    team = build.team()
    coming = build.session(team["study"], starts=day_at(2), facilitators=[team["fieldworker"]],
                           actor=team["coordinator"])
    url = f"/studies/{team['study'].id}/sessions/{coming.id}"
    page = login(team["coordinator"]).get(url).get_data(as_text=True)
    assert "Record attendance and complete" not in page
    assert page.count(f"{url}/confirm") == 2 and page.count(f"{url}/postpone") == 2  # at the top and in the status card
    fieldworker = login(team["fieldworker"])
    assert "Record attendance and complete" not in fieldworker.get(url).get_data(as_text=True)
    refused = fieldworker.get(f"{url}/complete")
    assert refused.status_code == 302 and refused.headers["Location"].endswith(url)
    assert "not started yet" in fieldworker.get(url).get_data(as_text=True)


def test_an_overdue_session_comes_first_under_coming_with_a_marker(build, login):
    team = build.team()
    fw, coord = team["fieldworker"], team["coordinator"]
    coming = build.session(team["study"], starts=day_at(2), facilitators=[fw], actor=coord)
    overdue = build.session(team["study"], starts=day_at(-2), facilitators=[fw], actor=coord)
    page = login(fw).get(f"/studies/{team['study'].id}/my-sessions").get_data(as_text=True)
    assert overdue.code in page and coming.code in page
    assert page.index(overdue.code) < page.index(coming.code)
    assert "Attendance due" in page
    past = login(fw).get(f"/studies/{team['study'].id}/my-sessions?when=past").get_data(as_text=True)
    assert overdue.code in past and "Attendance due" in past


def test_the_place_or_link_error_stands_under_the_place(build, login):
    team = build.team()
    data = {"type": "focus_group", "starts_at": "2030-03-02T10:00", "ends_at": "2030-03-02T12:00",
            "location": "", "online_url": "", "facilitator_ids": [str(team["fieldworker"].id)]}
    page = login(team["coordinator"]).post(f"/studies/{team['study'].id}/sessions/new", data=data)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    place_error = html.index('id="location-error"')
    assert "Give a place or an online link." in html[place_error:place_error + 200]
    assert 'id="starts_at-error"' not in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FieldSession)) == 0
