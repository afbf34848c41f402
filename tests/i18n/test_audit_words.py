"""The audit trail read in Kazakh: field names, record kinds and coded values in words."""
from app.recruitment.models import RecruitmentStatus


def test_the_trail_names_fields_records_and_statuses_in_the_interface_language(build, login):
    team = build.team()
    person = build.participant(team["study"], status=RecruitmentStatus.CONTACTED, actor=team["coordinator"])
    page = login(team["reviewer"]).get(f"/studies/{team['study'].id}/audit",
                                       headers={"Accept-Language": "kk"}).get_data(as_text=True)
    assert "Мәртебесі" in page and "Байланыс орнатылды" in page and "Үміткер анықталды" in page
    assert f"Қатысушы {person.id}" in page
    assert "participant.status" in page  # the action stays a code
    assert "&#34;status&#34;" not in page and '"status"' not in page and ">contacted<" not in page
