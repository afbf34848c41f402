"""The exports' long work as background jobs (app/core/jobs.py): a bundle, a period's protocols.

Each handler gets the job (its study, who asked, its parameters) and a progress reporter,
does the work through the same services a request used to call, and returns what the
progress page offers when it is done. A refusal (a leak, nothing to bundle) fails the job
with the service's own words.
"""
import io
from datetime import date

from app.auth.models import User
from app.core import jobs, storage
from app.core.extensions import db
from app.exports import bundles, protocols
from app.exports.models import BundleFormat
from app.exports.selection import BundleFilters
from app.studies.models import Study

BUNDLE, PROTOCOLS = "bundle", "protocols"
PROTOCOLS_MAX_BYTES = 200 * 1024 * 1024


def bundle_params(filters: BundleFilters, fmt: BundleFormat, locale: str | None) -> dict:
    return {"filters": filters.to_dict(), "format": fmt.value, "locale": locale}


def _filters(data: dict) -> BundleFilters:
    return BundleFilters(tuple(data.get("session_types") or ()), tuple(data.get("sectors") or ()),
                         date.fromisoformat(data["date_from"]) if data.get("date_from") else None,
                         date.fromisoformat(data["date_to"]) if data.get("date_to") else None)


def _context(job: jobs.Job):
    study = db.session.get(Study, job.study_id)
    actor = db.session.get(User, job.created_by_id) if job.created_by_id else None
    return study, actor


def build_bundle(job: jobs.Job, progress: jobs.Progress) -> dict:
    study, actor = _context(job)
    try:
        bundle = bundles.build_bundle(study, _filters(job.params["filters"]), BundleFormat(job.params["format"]),
                                      actor, progress=progress)
    except bundles.BundleLeak as leak:
        raise jobs.JobFailed(str(leak), [{"file": x.file, "line": x.line, "what": x.what}
                                         for x in leak.leaks]) from None
    return {"bundle_id": bundle.id, "transcripts": bundle.transcript_count}


def protocols_params(date_from: date, date_to: date, lang: str, locale: str | None) -> dict:
    return {"date_from": date_from.isoformat(), "date_to": date_to.isoformat(), "lang": lang, "locale": locale}


def build_protocols(job: jobs.Job, progress: jobs.Progress) -> dict:
    """One PDF of the period's protocols, stored for the page to offer."""
    study, _actor = _context(job)
    first, last = date.fromisoformat(job.params["date_from"]), date.fromisoformat(job.params["date_to"])
    sessions = protocols.sessions_between(study, first, last)
    progress(0, len(sessions) + 1, force=True)
    pdf = protocols.render_protocols(study, sessions, job.params["lang"])
    progress(len(sessions), len(sessions) + 1, force=True)
    stored = storage.current().put(io.BytesIO(pdf), area="jobs", max_bytes=PROTOCOLS_MAX_BYTES,
                                   study_id=study.id)
    return {"file": stored.key, "size": stored.size, "mimetype": "application/pdf",
            "name": f"protocols-{first}-{last}-{job.params['lang']}.pdf", "sessions": len(sessions)}


def register() -> None:
    jobs.register(BUNDLE, build_bundle)
    jobs.register(PROTOCOLS, build_protocols)
