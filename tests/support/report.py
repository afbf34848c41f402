"""The ethics report as a reviewer gets it since issue 18: asked for with a POST (the desk's
form), printed by a background job (run at once in the tests), downloaded from the job's page."""
import re

from app.core import jobs
from app.core.extensions import db


def report_job_path(response) -> str:
    """The job page a POST for the report sent the browser to."""
    assert response.status_code == 302, response.status
    path = response.headers["Location"]
    assert re.search(r"/ethics/report/jobs/\d+$", path), path
    return path


def ask_report(client, study_id: int, lang: str | None = None, headers=None) -> bytes:
    """POST the desk's form as a reviewer would, open the job's page, download the PDF from it."""
    response = client.post(f"/studies/{study_id}/ethics/report", data={"lang": lang or "en"}, headers=headers)
    page = client.get(report_job_path(response), headers=headers)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    link = re.search(r'href="([^"]+/ethics/report/jobs/\d+/file)"', html)
    assert link, html
    pdf = client.get(link.group(1), headers=headers)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf", pdf.status
    return pdf.data


def report_jobs(study_id: int) -> list:
    db.session.expire_all()
    return list(db.session.scalars(db.select(jobs.Job).where(jobs.Job.study_id == study_id,
                                                              jobs.Job.kind == "ethics_report")))
