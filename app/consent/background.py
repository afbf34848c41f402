"""The ethics report as a background job (app.core.jobs), never in a web request (issue 18):
at 50,000 participants it took minutes and gigabytes inside the request. The job prints it
(app.consent.report_pdf) in the language asked for and stores the PDF for its page to offer."""
import tempfile

from flask_babel import gettext as _

from app.consent import report_pdf
from app.core import jobs, storage
from app.core.extensions import db
from app.core.locales import in_locale
from app.studies.models import Study

REPORT = "ethics_report"
REPORT_MAX_BYTES = 500 * 1024 * 1024


def report_params(lang: str, locale: str | None) -> dict:
    return {"lang": lang, "locale": locale}


def build_report(job: jobs.Job, progress: jobs.Progress) -> dict:
    study = db.session.get(Study, job.study_id)
    lang = job.params["lang"]
    with tempfile.TemporaryFile(prefix="dala-report-") as out:
        with in_locale(lang):  # the flags' causes are written while the report is gathered
            pages = report_pdf.write_report(study, lang, out, progress)
        out.seek(0)
        try:
            stored = storage.current().put(out, area="jobs", max_bytes=REPORT_MAX_BYTES, study_id=study.id)
        except storage.FileTooLarge:
            raise jobs.JobFailed(_("The report came to more than %(mb)d MB, the most a stored report may be; "
                                   "nothing was kept.", mb=REPORT_MAX_BYTES // (1024 * 1024))) from None
    return {"file": stored.key, "size": stored.size, "mimetype": "application/pdf",
            "name": f"ethics-report-{study.id}-{lang}.pdf", "pages": pages}


def register() -> None:
    jobs.register(REPORT, build_report)
