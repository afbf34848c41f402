import pytest

from app.studies.models import Role
from tests.transcripts.conftest import transcript_world


@pytest.fixture
def pair(build):
    """A team with a second coordinator, so two people can edit one record."""
    team = build.team()
    team["second"] = build.member(team["study"], Role.COORDINATOR)
    return team


@pytest.fixture
def world(build):
    """The transcripts' world: an organisation, two participants and a session with both."""
    return transcript_world(build)
