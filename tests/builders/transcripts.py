"""Transcripts uploaded, mapped to speakers, reviewed and approved; the key; bundles."""
from datetime import timedelta

from app.auth.models import User
from app.core import jobs
from app.exports import background
from app.exports.bundles import build_bundle
from app.exports.models import BundleFormat
from app.exports.selection import BundleFilters
from app.core.extensions import db
from app.transcripts import keys, review, services
from app.transcripts.models import Decision
from tests.builders.clock import today


def speaker_ref(who) -> str:
    """The speaker choice for a participant (`p:<id>`) or a staff member (`u:<id>`)."""
    return f"u:{who.id}" if isinstance(who, User) else f"p:{who.id}"


class TranscriptFactories:
    def transcript(self, session, text: str, *, by, language: str = "ru", filename: str | None = None,
                   speakers: dict | None = None, approve: bool = False, ner: bool = True):
        """A transcript uploaded by `by`: raw until `speakers` (label -> participant or user)
        maps every label and review starts; with `approve`, every pending span is accepted and
        the transcript approved."""
        transcript = services.upload_transcript(
            session, filename or f"{session.code}.txt", text.encode("utf-8"), language, by,
            max_bytes=1 << 20, ner=ner)
        if speakers is not None:
            mapping = {s.id: speaker_ref(speakers[s.label]) if s.label in speakers else "" for s in transcript.speakers}
            services.map_speakers(transcript, mapping, by, ner=ner)
        if approve:
            self.decide_all(transcript, Decision.ACCEPTED, by)
            services.approve(transcript, by)
        db.session.commit()
        return transcript

    def spans(self, transcript) -> list:
        return services.load_spans(transcript)

    def decide_all(self, transcript, decision: Decision, by, *, limit: int | None = None) -> list:
        """Decide the pending spans (the first `limit` of them); return those decided."""
        pending = [s for s in services.load_spans(transcript) if s.decision == Decision.PENDING][:limit]
        for span in pending:
            review.decide(transcript, span, decision, by)
        db.session.commit()
        return pending

    def key(self, study, actor=None) -> list:
        """The study's pseudonym key, with every participant, organisation and member on it."""
        entries = keys.sync_roster(study, actor)
        db.session.commit()
        return entries

    def bundle_job(self, study, actor=None, *, filters: BundleFilters | None = None,
                   fmt: BundleFormat = BundleFormat.ZIP):
        """A bundle built as the web builds it: a background job (run at once in the tests)."""
        job = jobs.enqueue(background.BUNDLE, background.bundle_params(filters or BundleFilters(), fmt, None),
                           study.id, actor)
        db.session.commit()
        jobs.dispatch(job.id)
        db.session.expire_all()
        return db.session.get(jobs.Job, job.id)

    def protocols_job(self, study, actor=None, *, first=None, last=None, lang: str = "ru"):
        """A period's protocols made in a background job (the whole year around today by default)."""
        now = today(study)
        first, last = first or now - timedelta(days=180), last or now + timedelta(days=180)
        job = jobs.enqueue(background.PROTOCOLS, background.protocols_params(first, last, lang, None), study.id, actor)
        db.session.commit()
        jobs.dispatch(job.id)
        db.session.expire_all()
        return db.session.get(jobs.Job, job.id)

    def bundle(self, study, actor=None, *, filters: BundleFilters | None = None,
               fmt: BundleFormat = BundleFormat.ZIP):
        bundle = build_bundle(study, filters or BundleFilters(), fmt, actor)
        db.session.commit()
        return bundle
