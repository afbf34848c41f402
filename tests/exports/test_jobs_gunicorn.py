"""A bundle asked for through the web under gunicorn, as `make serve` runs it: gunicorn.conf.py,
the production configuration, and the background jobs' worker that gunicorn's master starts.
The request answers with the job's page at once; the page follows the job; the bundle it then
offers downloads complete; no web worker was killed. (Its speed, with 300 transcripts, is
bench/web_bundle.py's.)"""
import io
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from datetime import datetime, timedelta

import pytest

from app import create_app
from app.core.extensions import db
from app.exports.archive import MANIFEST_NAME, verify_manifest
from app.fieldwork.models import (Attendance, FieldSession, SessionParticipant, SessionStaff, SessionStatus,
                                  SessionType, StaffRole)
from app.recruitment.models import Participant
from config import TestingConfig
from tests.builders import DEFAULT_PASSWORD, Builder
from tests.support.http import Browser
from tests.support.schemas import create_tables, drop_tables
from tests.test_serve import GUNICORN, ROOT, free_port, wait_until_up

NAMES = ("Айгерим Сарсенова", "Болат Нурланов", "Дана Ермекова", "Ерлан Касымов", "Жанар Абенова")
TRANSCRIPTS = len(NAMES)


def _session(study, fieldworker, person, n):
    day = datetime(2026, 3, 2, 5) + timedelta(days=n)
    session = FieldSession(study_id=study.id, code=f"SSI-{n + 1:02d}", type=SessionType.SEMI_STRUCTURED_INTERVIEW,
                           starts_at=day, ends_at=day + timedelta(hours=1), status=SessionStatus.COMPLETED)
    session.staff.append(SessionStaff(user_id=fieldworker.id, role=StaffRole.FACILITATOR))
    session.attendees.append(SessionParticipant(participant=person, attendance=Attendance.ATTENDED))
    db.session.add(session)
    db.session.commit()
    return session


@pytest.fixture
def served_study(tmp_path):
    """A database of its own (an SQLite file, or a PostgreSQL schema when the suite runs on
    PostgreSQL) with a study of TRANSCRIPTS approved interviews whose speakers consent to
    archiving, and the environment gunicorn needs to serve it."""
    url = os.environ.get("DALA_TEST_DATABASE_URL", "")
    schema = f"dala_webjob_{uuid.uuid4().hex[:10]}" if url.startswith("postgresql") else None
    if schema:
        served_url = f"{url}?options=-csearch_path%3D{schema}"
        settings = {"SQLALCHEMY_DATABASE_URI": url,
                    "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}}}
    else:
        served_url = settings_url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
        settings = {"SQLALCHEMY_DATABASE_URI": settings_url, "SQLALCHEMY_ENGINE_OPTIONS": {}}
    app = create_app(type("ServedConfig", (TestingConfig,), {
        **settings, "UPLOAD_FOLDER": str(tmp_path / "uploads"), "BUNDLE_FOLDER": str(tmp_path / "bundles")}))
    with app.test_request_context():
        create_tables(schema)
        build = Builder()
        team = build.team(build.study("Цифровые услуги на местах"))
        study, staff = team["study"], team["fieldworker"]
        version = build.consent_version(study, team["coordinator"], team["reviewer"])
        for n, name in enumerate(NAMES):
            person = Participant(study_id=study.id, name=name, pseudonym=f"P{n + 1:02d}")
            db.session.add(person)
            db.session.commit()
            build.consent(person, version, staff)
            session = _session(study, staff, person, n)
            build.transcript(session, "Модератор: Расскажите о работе.\nУчастник: Работаю с обращениями.\n",
                             by=staff, approve=True, ner=False,
                             speakers={"Модератор": staff, "Участник": person})
        world = {"study": study.id, "email": team["coordinator"].email}
        db.session.remove()
    env = {**os.environ, "DALA_CONFIG": "production", "DATABASE_URL": served_url,
           "SECRET_KEY": "webjob-test-not-secret", "DALA_INSTANCE": str(tmp_path / "instance"),
           "DALA_UPLOADS": str(tmp_path / "uploads"), "DALA_BUNDLES": str(tmp_path / "bundles"),
           "DALA_JOBS_QUEUE": str(tmp_path / "jobs-queue.sqlite3"), "DALA_PRELOAD_NER": "0",
           "DALA_MASTER_KEY": TestingConfig.MASTER_KEY, "DALA_KEY_FOLDER": str(TestingConfig.KEY_FOLDER)}
    yield world, env
    with app.app_context():
        drop_tables(schema)


def _jobs_workers(log_path) -> list[int]:
    """The process ids of the jobs workers the server started, in order."""
    return [int(pid) for pid in re.findall(r"jobs worker \(pid (\d+)\)", log_path.read_text(errors="replace"))]


def _wait_for_jobs_workers(log_path, count: int, seconds: float = 60) -> list[int]:
    deadline = time.monotonic() + seconds
    while len(_jobs_workers(log_path)) < count:
        assert time.monotonic() < deadline, f"no jobs worker number {count} within {seconds} s"
        time.sleep(0.2)
    return _jobs_workers(log_path)


def test_a_bundle_asked_for_under_gunicorn_is_built_by_the_jobs_worker_and_downloads_complete(
        served_study, tmp_path):
    """...even when the jobs worker had been killed before: it is started again."""
    world, env = served_study
    port = free_port()
    env["GUNICORN_CMD_ARGS"] = f"--bind 127.0.0.1:{port} --workers 2 --threads 2"
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen([str(GUNICORN), "--config", "gunicorn.conf.py"], cwd=ROOT, env=env,
                                  stdout=log, stderr=log)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + "/healthz", server)
            killed = _wait_for_jobs_workers(log_path, 1)[0]
            os.kill(killed, signal.SIGKILL)  # as the kernel's out-of-memory killer would
            assert _wait_for_jobs_workers(log_path, 2)[1] != killed
            browser = Browser(base)
            browser.login(world["email"], DEFAULT_PASSWORD)
            bundles = f"/studies/{world['study']}/bundles"
            status, headers, _, _ = browser.request(bundles, {"csrf_token": browser.csrf(bundles), "format": "zip"})
            # the answer is the job's page, before any bundle exists
            assert status == 302
            job_page = urllib.parse.urlsplit(headers["Location"]).path
            assert re.fullmatch(rf"{bundles}/jobs/\d+", job_page)
            status, _, body, _ = browser.request(job_page)
            assert status == 200 and (b"This page updates itself." in body or b"Done." in body)
            deadline = time.monotonic() + 120
            while b"Done." not in body:
                assert b"The job failed." not in body, body.decode()
                assert time.monotonic() < deadline, "the bundle was not built within 120 s"
                time.sleep(0.5)
                status, _, body, _ = browser.request(job_page)
                assert status == 200
            assert f"Open the bundle ({TRANSCRIPTS} transcripts)".encode() in body
            bundle_page = re.search(rb'href="(/studies/\d+/bundles/\d+)"', body).group(1).decode()
            status, headers, data, _ = browser.request(bundle_page + "/download")
            assert status == 200 and headers["Content-Type"] == "application/zip"
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert sorted(n for n in names if n.startswith("transcripts/")) == [
        f"transcripts/SSI-{n + 1:02d}.txt" for n in range(TRANSCRIPTS)]
    assert MANIFEST_NAME in names and verify_manifest(io.BytesIO(data)) == []
    gunicorn_log = log_path.read_text(errors="replace")
    assert "background jobs worker started" in gunicorn_log
    assert "the background jobs worker stopped (signal 9); starting it again" in gunicorn_log
    assert "WORKER TIMEOUT" not in gunicorn_log and "SIGKILL" not in gunicorn_log
    assert gunicorn_log.count("Booting worker") == 2  # none replaced
