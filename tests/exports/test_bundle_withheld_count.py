"""The count of withheld turns is taken as the transcripts pass (no query of its own): the README,
the bundle's row and its audit say how many turns carry the marker, in either format."""
import io
import zipfile

import sqlalchemy as sa

from app.core import storage
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.exports import bundles as service
from app.exports.contents import WITHHELD
from app.exports.models import BundleFormat
from app.exports.selection import BundleFilters
from app.transcripts.models import Transcript, TranscriptSpeaker, Turn


def _files(bundle) -> dict[str, str]:
    data = storage.current().read_bytes("bundles", bundle.checksum)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def _audited(bundle) -> dict:
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "bundle.build",
                                                          AuditEvent.entity_id == str(bundle.id)))
    return event.after


def test_the_readme_row_and_audit_count_every_withheld_turn(world):
    transcript = world["fg_transcript"]
    # one more turn nobody is known to have said: withheld too
    last = db.session.scalar(sa.select(sa.func.max(Turn.position)).where(Turn.transcript_id == transcript.id))
    db.session.add(Turn(transcript_id=transcript.id, position=last + 1, speaker_id=None, start=0, end=0,
                        anonymised_text="кто это сказал"))
    db.session.commit()
    bundle = service.build_bundle(world["study"], BundleFilters(), BundleFormat.ZIP, world["coordinator"])
    db.session.commit()
    files = _files(bundle)
    markers = sum(text.count(WITHHELD) for name, text in files.items() if name.startswith("transcripts/"))
    assert markers == 2
    assert bundle.withheld_turns == markers and _audited(bundle)["withheld_turns"] == markers
    assert f"{WITHHELD} ({markers} " in files["README.txt"]
    qdpx = service.build_bundle(world["study"], BundleFilters(), BundleFormat.QDPX, world["coordinator"])
    db.session.commit()
    assert qdpx.withheld_turns == markers and _audited(qdpx)["withheld_turns"] == markers


def test_no_turn_withheld_when_every_speaker_consents(world):
    bakhyt = world["bakhyt"]
    db.session.execute(sa.delete(Turn).where(Turn.speaker_id.in_(
        sa.select(TranscriptSpeaker.id).where(TranscriptSpeaker.participant_id == bakhyt.id))))
    db.session.commit()
    bundle = service.build_bundle(world["study"], BundleFilters(), BundleFormat.ZIP, world["coordinator"])
    db.session.commit()
    assert bundle.withheld_turns == 0 and _audited(bundle)["withheld_turns"] == 0
    files = _files(bundle)
    assert not any(WITHHELD in text for name, text in files.items() if name.startswith("transcripts/"))
    assert f"{WITHHELD} (0 " in files["README.txt"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Transcript)) == 2
