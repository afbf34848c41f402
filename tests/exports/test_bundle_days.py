"""A bundle's date filters and its months are days in the study's time zone, not UTC days."""
import io
import zipfile
from datetime import date, datetime

import pytest

from app.core import storage
from app.core.extensions import db
from app.exports import bundles as service
from app.exports.models import BundleFormat
from app.exports.selection import BundleFilters


@pytest.fixture
def early(world):
    """FG-01 starts at 04:30 on 1 June in Almaty: 31 May, 22:30 in UTC."""
    world["fg"].starts_at = datetime(2026, 5, 31, 22, 30)
    world["fg"].ends_at = datetime(2026, 6, 1, 0, 30)
    db.session.commit()
    return world


def _bundle(world, **filters):
    bundle = service.build_bundle(world["study"], BundleFilters(**filters), BundleFormat.ZIP, world["coordinator"])
    db.session.commit()
    return zipfile.ZipFile(io.BytesIO(storage.current().read_bytes("bundles", bundle.checksum)))


def test_a_session_before_5_am_falls_on_its_local_day(early):
    assert "transcripts/FG-01.txt" in _bundle(early, date_from=date(2026, 6, 1)).namelist()
    with pytest.raises(service.BundleError):
        _bundle(early, date_to=date(2026, 5, 31))  # it took place on 1 June in the study's zone


def test_the_month_in_the_metadata_is_the_local_month(early):
    metadata = _bundle(early).read("metadata.csv").decode()
    assert "FG-01,FG-01,1,focus_group,LA,2026-06,ru" in metadata
