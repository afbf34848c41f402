"""A background job's page: progress that updates itself, then the file, or why it failed.

One page per kind, each with the verb of the work it does: a bundle's job is for those who
may build bundles, a protocols job for those who may print protocols."""
from flask import render_template, url_for

from app.core import jobs
from app.exports import background, bp
from app.studies.access import study_action


def _page(study, job: jobs.Job, target: str | None):
    progress = None if job.finished else jobs.progress_of(job.id)
    return render_template("exports/job.html", study=study, job=job, progress=progress,
                           target=target if job.status == jobs.JobStatus.DONE else None,
                           bundle_kind=background.BUNDLE)


@bp.route("/studies/<int:study_id>/bundles/jobs/<int:bundle_job_id>")
@study_action("bundles.build")
def bundle_job(study, bundle_job_id: int):
    job = jobs.job_of_study(study, bundle_job_id, background.BUNDLE)
    bundle_id = (job.result or {}).get("bundle_id")
    return _page(study, job, bundle_id and url_for("exports.bundle_detail", study_id=study.id, bundle_id=bundle_id))


@bp.route("/studies/<int:study_id>/protocols/jobs/<int:protocols_job_id>")
@study_action("pdfs.protocols")
def protocols_job(study, protocols_job_id: int):
    job = jobs.job_of_study(study, protocols_job_id, background.PROTOCOLS)
    return _page(study, job, url_for("exports.protocols_job_file", study_id=study.id,
                                     protocols_job_id=job.id))


@bp.route("/studies/<int:study_id>/protocols/jobs/<int:protocols_job_id>/file")
@study_action("pdfs.protocols")
def protocols_job_file(study, protocols_job_id: int):
    job = jobs.job_of_study(study, protocols_job_id, background.PROTOCOLS)
    return jobs.send_file_of(job)
