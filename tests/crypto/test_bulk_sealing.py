"""Values sealed in bulk (Core INSERTs of tagged values, the study's key read once per
transaction: the bulk worlds of the benches and plan tests) are sealed as the services seal
them: unreadable in the database, read back on the pages and found by search."""
import sqlalchemy as sa

from app.core.extensions import db
from app.recruitment.models import Participant
from app.studies.models import Role
from tests.builders.bulk import populate


def test_bulk_sealed_names_are_unreadable_at_rest_and_read_back(build, login):
    study = build.study("Bulk sealing")
    coordinator = build.member(study, Role.COORDINATOR)
    populate(study, organisations=2, participants=30, sessions=0)
    stored = db.session.execute(sa.text("SELECT name, email, phone FROM participants WHERE study_id = :s"),
                                {"s": study.id}).all()
    assert len(stored) == 30
    assert all(value.startswith("dala1:") for row in stored for value in row)
    assert not any("Участник" in value or "@contact.example" in value for row in stored for value in row)
    names = set(db.session.scalars(sa.select(Participant.name).where(Participant.study_id == study.id)))
    assert "Участник 17 Вымышленный" in names
    client = login(coordinator)
    page = client.get(f"/studies/{study.id}/participants?q=p17%40contact.example").get_data(as_text=True)
    assert "Участник 17 Вымышленный" in page
