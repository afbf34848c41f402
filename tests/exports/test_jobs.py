"""Bundles and a period's protocols are built in background jobs: the request returns at once,
the job's page follows the work and then offers the result or says why it failed; a real
worker (Huey's consumer on an SQLite queue) runs them, and a job a dead worker left behind is
finished after the worker restarts."""
import io
import re
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.core import jobs
from app.core.extensions import db
from app.core.models_base import utcnow
from app.exports import background
from app.exports.models import Bundle
from app.fieldwork.models import SessionType
from tests.builders import day_at, today


def _url(world, path):
    return f"/studies/{world['study'].id}{path}"


@pytest.fixture
def real_queue(app, tmp_path):
    """The app's jobs on an SQLite queue file, as in production, instead of the tests' immediate mode."""
    saved = app.extensions["dala_jobs"], dict(app.config)
    app.config.update(JOBS_BACKEND="sqlite", JOBS_SQLITE_PATH=str(tmp_path / "queue.sqlite3"))
    app.extensions["dala_jobs"] = jobs.make_queue(app)
    yield app.extensions["dala_jobs"][0]
    app.extensions["dala_jobs"] = saved[0]
    app.config.clear()
    app.config.update(saved[1])


def _wait_until_finished(job_id: int, seconds: float = 60) -> dict:
    """Poll the queue's store (not the database, which the worker thread is using)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seen = jobs.progress_of(job_id)
        if seen and seen.get("finished"):
            return seen
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


def test_the_request_returns_at_once_and_the_page_waits_for_the_worker(world, login, real_queue):
    client = login(world["coordinator"])
    response = client.post(_url(world, "/bundles"), data={"format": "zip"})
    assert response.status_code == 302 and "/bundles/jobs/" in response.headers["Location"]
    job = db.session.scalar(sa.select(jobs.Job))
    assert job.status == jobs.JobStatus.QUEUED and db.session.scalar(sa.select(sa.func.count()).select_from(Bundle)) == 0
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<meta http-equiv="refresh"' in page and "This page updates itself." in page
    assert real_queue.pending_count() == 1  # waiting in the queue file for a worker


def test_a_real_worker_finishes_a_job_a_dead_worker_left_behind(world, login, real_queue):
    client = login(world["coordinator"])
    response = client.post(_url(world, "/bundles"), data={"format": "zip"})
    job_id = db.session.scalar(sa.select(jobs.Job.id))
    # a worker took the job from the queue, started it and died: the job stays "running" with
    # its last sign of life long ago, and the queue no longer holds it
    real_queue.flush()
    db.session.execute(sa.update(jobs.Job).values(status=jobs.JobStatus.RUNNING, started_at=utcnow(), attempts=1))
    db.session.commit()
    real_queue.put(f"dala-job-progress-{job_id}", {"done": 1, "total": 5,
                                                   "at": (utcnow() - timedelta(minutes=30)).isoformat()})
    # the worker restarts: `flask jobs worker` recovers, then consumes
    assert jobs.recover() == [job_id]
    db.session.remove()
    consumer = real_queue.create_consumer(workers=1, worker_type="thread")
    consumer.start()
    try:
        seen = _wait_until_finished(job_id)
    finally:
        consumer.stop(graceful=True)
    assert seen["finished"] == "done"
    job = db.session.get(jobs.Job, job_id)
    bundle = db.session.get(Bundle, job.result["bundle_id"])
    assert job.status == jobs.JobStatus.DONE and job.attempts == 2 and bundle.transcript_count == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Done." in page and f"/bundles/{bundle.id}" in page and 'http-equiv="refresh"' not in page


def test_a_worker_start_leaves_a_job_waiting_on_the_queue_there_once(world, login, real_queue):
    client = login(world["coordinator"])
    client.post(_url(world, "/bundles"), data={"format": "zip"})
    job_id = db.session.scalar(sa.select(jobs.Job.id))
    assert real_queue.pending_count() == 1
    # a worker starts (or restarts) while the job waits on the queue: it stays there, once
    assert jobs.recover() == [] and real_queue.pending_count() == 1
    # a queued job the queue lost (its file replaced, say) is put back on it
    real_queue.flush()
    assert jobs.recover() == [job_id] and real_queue.pending_count() == 1
    assert db.session.get(jobs.Job, job_id).status == jobs.JobStatus.QUEUED


def test_a_failed_job_says_why(world, login):
    client = login(world["coordinator"])
    response = client.post(_url(world, "/bundles"), data={"format": "zip", "date_from": "2020-01-01",
                                                          "date_to": "2020-01-31"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The job failed." in page and "No approved transcript with a consenting speaker matches" in page
    job = db.session.scalar(sa.select(jobs.Job))
    assert job.status == jobs.JobStatus.FAILED and db.session.scalar(sa.select(sa.func.count()).select_from(Bundle)) == 0


def test_a_failed_job_is_worded_in_the_language_of_whoever_asked(world, login):
    client = login(world["coordinator"])
    client.post("/language", data={"locale": "ru"})
    response = client.post(_url(world, "/bundles"), data={"format": "zip", "date_from": "2020-01-01",
                                                          "date_to": "2020-01-31"})
    job = db.session.scalar(sa.select(jobs.Job))
    assert job.params["locale"] == "ru" and not job.error.startswith("No approved")
    assert job.error in client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_unexpected_error_fails_the_job_without_details_on_the_page(world, build, app):
    jobs.register("test-broken", lambda job, progress: 1 / 0)
    try:
        job = jobs.enqueue("test-broken", {}, world["study"].id, world["coordinator"])
        db.session.commit()
        jobs.dispatch(job.id)
    finally:
        jobs.HANDLERS.pop("test-broken")
    db.session.expire_all()
    job = db.session.get(jobs.Job, job.id)
    assert job.status == jobs.JobStatus.FAILED and job.error == "unexpected:ZeroDivisionError"


def test_a_long_period_of_protocols_is_a_job_with_a_pdf_at_the_end(world, login, app, build):
    client = login(world["coordinator"])
    for days in range(4):
        build.session(world["study"], type=SessionType.STRUCTURED_INTERVIEW, override=True,
                      starts=day_at(days + 1, study=world["study"]))
    first = today(world["study"])  # the period's days are the study's
    response = client.get(_url(world, f"/protocols?date_from={first}&date_to={first + timedelta(days=7)}&lang=en"))
    assert response.status_code == 302 and "/protocols/jobs/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    link = re.search(r'href="([^"]+/file)"', page).group(1)
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Session protocol" in text
    job = db.session.scalar(sa.select(jobs.Job).where(jobs.Job.kind == background.PROTOCOLS))
    assert job.result["sessions"] == 4


def test_a_job_is_seen_only_in_its_study_and_by_roles_that_may_do_its_work(world, login, build):
    job = build.bundle_job(world["study"], world["coordinator"])
    path = _url(world, f"/bundles/jobs/{job.id}")
    assert login(world["coordinator"]).get(path).status_code == 200
    assert login(world["reviewer"]).get(path).status_code == 403
    assert login(world["coordinator"]).get(_url(world, f"/protocols/jobs/{job.id}")).status_code == 404
