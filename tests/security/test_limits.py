"""Limits found by the hostile suite, pinned: huge ids, huge query numbers, far dates, NUL."""
from app.core.extensions import db
from app.recruitment import services
from app.recruitment.models import Organisation

HUGE = "9" * 20


def test_an_id_beyond_the_database_integer_is_not_found(build, login):
    team = build.team()
    db.session.commit()
    client = login(team["coordinator"])
    sid = team["study"].id
    assert client.get(f"/studies/{HUGE}/participants").status_code == 404
    assert client.get(f"/studies/{sid}/participants/{HUGE}").status_code == 404
    assert client.get(f"/studies/{sid}/participants?fieldworker={HUGE}&organisation=-{HUGE}").status_code == 200
    assert client.get(f"/studies/{sid}/sessions?fieldworker={HUGE}&page={HUGE}").status_code == 200


def test_far_dates_re_render_the_form(build, login):
    team = build.team()
    db.session.commit()
    client = login(team["coordinator"])
    sid = team["study"].id
    response = client.get(f"/studies/{sid}/protocols?date_from=0001-01-01&date_to=9999-12-31&lang=en")
    assert response.status_code == 200
    assert "Enter a date between the years 1900 and 2200." in response.get_data(as_text=True)


def test_nul_and_control_characters_are_dropped_from_form_input(build, login):
    team = build.team()
    db.session.commit()
    client = login(team["coordinator"])
    sid = team["study"].id
    response = client.post(f"/studies/{sid}/organisations/new", data={
        "name": "Akim\x00at\x1b of\tNowhere", "sector": "local_authority", "notes": "line\r\nbreak\x7f"})
    assert response.status_code == 302
    organisation = db.session.scalar(db.select(Organisation).filter_by(study_id=sid))
    assert organisation.name == "Akimat of\tNowhere" and organisation.notes == "line\r\nbreak"


def test_a_search_longer_than_any_name_finds_nothing_instead_of_failing(build, login):
    team = build.team()
    services.create_participant(team["study"], team["coordinator"], name="Aigerim Fictional")
    db.session.commit()
    client = login(team["coordinator"])
    response = client.get(f"/studies/{team['study'].id}/participants", query_string={"q": "😀" * 60_000})
    assert response.status_code == 200
