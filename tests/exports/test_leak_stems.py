"""A key name's bare stem is no name: "Тестова" beside a study titled "Test study" (issue 18)."""
import zipfile

import pytest
import sqlalchemy as sa

from app.core import storage
from app.core.extensions import db
from app.exports import bundles as service
from app.exports.models import BundleFormat
from app.exports.selection import BundleFilters
from app.transcripts import keys
from app.transcripts.models import Turn


@pytest.fixture
def tested(world):
    """The world's study titled "Test study", with Гульмира's surname "Тестова"."""
    world["study"].title = "Test study"
    world["gulmira"].name = "Гульмира Тестова"
    keys.sync_roster(world["study"], world["coordinator"])  # the new surname joins the key
    db.session.commit()
    assert "Гульмира Тестова" in [e.name for e in keys.key_entries(world["study"])]
    return world


def _build(world):
    bundle = service.build_bundle(world["study"], BundleFilters(), BundleFormat.ZIP, world["coordinator"])
    db.session.commit()
    return bundle


def test_a_study_titled_test_study_with_a_participant_testova_builds(tested, tmp_path):
    bundle = _build(tested)
    path = tmp_path / "bundle.zip"
    path.write_bytes(storage.current().read_bytes("bundles", bundle.checksum))
    with zipfile.ZipFile(path) as archive:
        readme = archive.read("README.txt").decode("utf-8")
    assert "Test study" in readme


@pytest.mark.parametrize("planted", ["Спросите у Тестовой, она знает.", "Ask Testova, she knows."])
def test_a_transcript_still_naming_testova_is_refused(tested, planted):
    turn = db.session.scalars(sa.select(Turn).where(Turn.transcript_id == tested["fg_transcript"].id)
                              .order_by(Turn.position)).all()[1]
    turn.anonymised_text = planted
    db.session.commit()
    with pytest.raises(service.BundleLeak) as caught:
        _build(tested)
    assert [(leak.file, leak.what) for leak in caught.value.leaks] == [("transcripts/FG-01.txt", "person")]
    assert list(storage.current().keys("bundles")) == []
