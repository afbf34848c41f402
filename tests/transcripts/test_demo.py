"""The demo study's transcripts: Russian and English, review partly done."""
import sqlalchemy as sa

from app.demo import build_demo
from app.core.extensions import db
from app.transcripts.models import Decision, Transcript, TranscriptStatus


def test_demo_has_transcripts_in_each_state(ctx):
    build_demo()
    transcripts = db.session.scalars(sa.select(Transcript).order_by(Transcript.id)).all()
    assert {t.language for t in transcripts} >= {"ru", "en"}
    assert [t.status for t in transcripts] == [
        TranscriptStatus.IN_REVIEW, TranscriptStatus.APPROVED, TranscriptStatus.RAW]
    decisions = {s.decision for s in transcripts[0].spans}
    assert decisions >= {Decision.PENDING, Decision.ACCEPTED}
    assert "[PERSON-" in transcripts[1].anonymised_text
