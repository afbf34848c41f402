"""Background jobs: long work (a bundle, a period's protocols) runs in a worker, never in a
web request, with progress the page shows as it goes.

- A `Job` row in the database is the job's durable state: what to do (kind and parameters),
  who asked, queued / running / done / failed, the result (a bundle's id, a stored file) or
  the reason it failed. A view adds it (`enqueue`), commits, then `dispatch`es it and sends
  the user to its progress page at once.
- The queue is Huey: an SQLite file in the instance folder by default (one machine: the web
  server and the worker share it), Redis when JOBS_REDIS_URL is set (a team on several
  machines), or "immediate" (run at dispatch, in-process) for the test suite only.
- The worker is `flask jobs worker` (started by `make run` beside the development server), or
  for `make serve` a fork of gunicorn's master running the app it loaded (gunicorn.conf.py);
  both run `consume`. Each task claims its job with
  one conditional UPDATE, so a job dispatched twice runs once.
- Progress goes to the queue's key-value store, not the database: the job's own transaction
  holds the database (on SQLite, its write lock) until it commits, and the page must see the
  count move before that. Each report is also the job's heartbeat.
- A worker killed mid-job leaves the job "running" with a heartbeat that stops; `recover()`
  (at every worker start) puts such jobs, and queued jobs the queue does not hold, back on the
  queue, so a job survives a worker restart and the database rolled back what the dead run had
  begun; a job still waiting on the queue stays there once.
- A failed job keeps its reason: a refusal of the domain (DomainError) as the service worded
  it, with its details (a leak report's files and lines); anything else as "the job stopped
  unexpectedly" and the error's kind, the traceback going to the log only.

Handlers are registered by the areas (`register(kind, handler)`, from app/wiring.py); this
module imports no domain package.
"""
from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from flask import Flask, abort, current_app
from flask.cli import AppGroup
from huey import MemoryHuey, RedisHuey, SqliteHuey
from sqlalchemy.orm import Mapped, mapped_column

from app.core.domain import DomainError
from app.core.extensions import db
from app.core.models_base import enum_column, utcnow
from app.core.storage.web import send_stored

log = logging.getLogger("app.jobs")

STALE_AFTER = timedelta(minutes=5)  # no progress for this long: the worker died
TASK = "dala.run_job"  # the one task every job runs as
IDLE_POLL = 1.0  # seconds at most between two looks at an idle queue


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (sa.Index("ix_jobs_status", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int | None] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    params: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus), default=JobStatus.QUEUED)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    error: Mapped[str | None] = mapped_column(sa.Text)  # the reason, as the user reads it

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class JobFailed(DomainError):
    """A handler's refusal with details the progress page lists (never identifying text)."""

    def __init__(self, message: str, details: list | None = None):
        super().__init__(message)
        self.details = details or []


Handler = Callable[[Job, "Progress"], dict]
HANDLERS: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    HANDLERS[kind] = handler


# --- the queue ---------------------------------------------------------------------------

def job_of_study(study, job_id: int, kind: str) -> Job:
    """The study's job of this kind, for its pages; 404 for any other."""
    job = db.session.get(Job, job_id)
    if job is None or job.study_id != study.id or job.kind != kind:
        abort(404)
    return job


def send_file_of(job: Job):
    """The file a finished job stored, as a download; 404 while there is none."""
    result = job.result or {}
    if job.status != JobStatus.DONE or not result.get("file"):
        abort(404)
    return send_stored("jobs", result["file"], mimetype=result["mimetype"], download_name=result["name"],
                       size=result["size"])


def stored_files(*kinds: str):
    """(area, key, what) of every file a finished job of these kinds offers, for `flask storage verify`."""
    rows = db.session.execute(sa.select(Job.id, Job.result).where(
        Job.status == JobStatus.DONE, Job.kind.in_(kinds)).order_by(Job.id))
    return (("jobs", result["file"], f"job {job_id}") for job_id, result in rows.all()
            if result and result.get("file"))


def make_queue(app: Flask):
    """The Huey queue this app's configuration names, with the one task every job runs as."""
    backend = app.config.get("JOBS_BACKEND") or ("redis" if app.config.get("JOBS_REDIS_URL") else "sqlite")
    if backend == "immediate":
        huey = MemoryHuey("dala", immediate=True)
    elif backend == "redis":
        huey = RedisHuey("dala", url=app.config["JOBS_REDIS_URL"])
    else:
        path = Path(app.config.get("JOBS_SQLITE_PATH") or Path(app.instance_path) / "jobs-queue.sqlite3")
        path.parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey("dala", filename=str(path))

    @huey.task(name=TASK)
    def run_job(job_id: int) -> None:
        with app.app_context():
            execute(job_id)

    return huey, run_job


def init_app(app: Flask) -> None:
    app.extensions["dala_jobs"] = make_queue(app)


def queue():
    return current_app.extensions["dala_jobs"][0]


def enqueue(kind: str, params: dict, study_id: int | None, actor) -> Job:
    """Add a queued job (flushed, not committed: the view commits, then dispatches it)."""
    if kind not in HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}")
    job = Job(kind=kind, params=params, study_id=study_id, created_by_id=getattr(actor, "id", None))
    db.session.add(job)
    db.session.flush()
    return job


def dispatch(job_id: int) -> None:
    """Put the (committed) job on the queue."""
    current_app.extensions["dala_jobs"][1](job_id)


# --- progress ----------------------------------------------------------------------------

def _progress_key(job_id: int) -> str:
    return f"dala-job-progress-{job_id}"


class Progress:
    """Reports how far a job is (done of total); each report is also its heartbeat."""

    def __init__(self, job_id: int, every: float = 0.5):
        self.job_id, self.every, self._last = job_id, every, 0.0

    def __call__(self, done: int, total: int, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= self.every or done >= total:
            self._last = now
            queue().put(_progress_key(self.job_id), {"done": done, "total": total, "at": utcnow().isoformat()})


def progress_of(job_id: int) -> dict | None:
    """{"done", "total", "at"} as last reported, or None before the first report."""
    return queue().get(_progress_key(job_id), peek=True)


# --- running a job -----------------------------------------------------------------------

def _claim(job_id: int) -> bool:
    now = utcnow()
    claimed = db.session.execute(
        sa.update(Job).where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, started_at=now, attempts=Job.attempts + 1)).rowcount
    db.session.commit()
    return claimed == 1


def execute(job_id: int) -> None:
    """Run one job in this worker, if no other has claimed it; record its end either way."""
    if not _claim(job_id):
        return
    job = db.session.get(Job, job_id)
    progress = Progress(job_id)
    progress(0, 1, force=True)
    try:
        # in the language of whoever asked: the handler's messages are read on the job's page
        locale = (job.params or {}).get("locale")
        with current_app.test_request_context(headers={"Accept-Language": locale} if locale else {}):
            result = HANDLERS[job.kind](job, progress)
    except DomainError as error:
        db.session.rollback()
        _finish(job_id, JobStatus.FAILED, error=str(error),
                result={"details": getattr(error, "details", [])})
    except Exception as error:  # noqa: BLE001 (the job must end failed, with a reason, whatever broke)
        db.session.rollback()
        log.exception("job %s (%s) stopped: %s", job_id, job.kind if job else "?", type(error).__name__)
        _finish(job_id, JobStatus.FAILED, error=f"unexpected:{type(error).__name__}")
    else:
        _finish(job_id, JobStatus.DONE, result=result)


def _finish(job_id: int, status: JobStatus, error: str | None = None, result: dict | None = None) -> None:
    """Record the end in the job's own transaction: with the handler's work (done) or after its
    rollback (failed)."""
    values = {"status": status, "finished_at": utcnow(), "error": error, "result": result}
    db.session.execute(sa.update(Job).where(Job.id == job_id).values(**values))
    db.session.commit()
    seen = progress_of(job_id) or {}
    queue().put(_progress_key(job_id), {**seen, "at": utcnow().isoformat(), "finished": status.value})


def recover(stale_after: timedelta = STALE_AFTER) -> list[int]:
    """Put back on the queue the jobs a dead worker left running (no progress for
    `stale_after`) and every queued job the queue does not hold (a queue emptied, or a job
    committed but never dispatched); returns their ids. Run at each worker start: a job still
    waiting on the queue is left there, not queued a second time."""
    moment = utcnow() - stale_after
    for job in db.session.scalars(sa.select(Job).where(Job.status == JobStatus.RUNNING)):
        seen = progress_of(job.id)
        last = datetime.fromisoformat(seen["at"]) if seen else job.started_at
        if last is None or last < moment:
            job.status = JobStatus.QUEUED
    db.session.commit()
    waiting = db.session.scalars(sa.select(Job.id).where(Job.status == JobStatus.QUEUED).order_by(Job.id))
    on_queue = _on_queue()
    requeued = [job_id for job_id in waiting if job_id not in on_queue]
    for job_id in requeued:
        dispatch(job_id)
    return requeued


def _on_queue() -> set[int]:
    """The ids of the jobs waiting on the queue now (dispatched, not yet taken by a worker)."""
    return {task.args[0] for task in queue().pending() if task.name == TASK and task.args}


# --- the worker --------------------------------------------------------------------------

@click.group("jobs", cls=AppGroup, help="Background jobs (bundles, protocols).")
def jobs_cli() -> None:
    pass


@jobs_cli.command("worker")
@click.option("--threads", default=2, show_default=True, help="Jobs run at the same time.")
def worker(threads: int) -> None:
    """Run the jobs of the queue until stopped (Ctrl-C or SIGTERM ends it after the jobs in hand)."""
    waiting = recover()
    click.echo(f"jobs worker: {threads} threads; {len(waiting)} waiting jobs put back on the queue.")
    consume(threads)


def consume(threads: int) -> None:
    """Run the queue's jobs in this process until it is stopped (in an app context)."""
    # Huey's consumer looks at an idle queue less and less often, by default up to every 10 s:
    # a job asked for after a quiet spell would wait that long before it starts
    queue().create_consumer(workers=threads, worker_type="thread", check_worker_health=True,
                            max_delay=IDLE_POLL).run()


@jobs_cli.command("recover")
def recover_command() -> None:
    """Put back on the queue the jobs a stopped worker left unfinished."""
    waiting = recover()
    click.echo(f"{len(waiting)} jobs on the queue.")
