"""The ethics report since issue 18: asked for with a POST, printed by a background job in
parts joined into one PDF, read back with pdftotext as a reviewer would read it."""
import re
import subprocess
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.consent import background, flags, report, report_pdf, services
from app.consent.models import ConsentMethod, WithdrawalScope
from app.core import jobs
from app.core.extensions import db
from app.studies.models import Role
from tests.builders.bulk import populate
from tests.builders import today
from tests.support.pages import QueryCounter
from tests.support.report import ask_report, report_job_path, report_jobs
from tests.support.snapshot import snapshot_world


def _pdftotext(pdf: bytes, tmp_path, page: int | None = None, layout: bool = True) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), *pages, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _page_count(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.fixture
def study_with_history(build, cb):
    """Nine past sessions RJ-01..RJ-09 (nine to one days ago), each attended by five people: one
    with full consent, one who said no to recording, one with written consent and no scan, one
    who withdrew five days ago, one without any record."""
    team = build.team()
    study, coordinator = team["study"], team["coordinator"]
    version = cb.version(study, coordinator)
    people = {key: cb.participant(study) for key in ("ok", "no_audio", "written", "gone", "nobody")}
    cb.consent(people["ok"], version, coordinator)
    cb.consent(people["no_audio"], version, coordinator, no=("audio",))
    cb.consent(people["written"], version, coordinator, method=ConsentMethod.WRITTEN)
    cb.consent(people["gone"], version, coordinator)
    sessions = [cb.session(study, today() - timedelta(days=10 - n), attendees=list(people.values()), code=f"RJ-{n:02d}")
                for n in range(1, 10)]
    services.withdraw(people["gone"], today() - timedelta(days=5), WithdrawalScope.WITHDRAW_DATA, coordinator)
    db.session.commit()
    return team, people, sessions


def test_the_report_printed_in_parts_reads_as_one_numbered_report(study_with_history, login, monkeypatch, tmp_path):
    team, people, sessions = study_with_history
    monkeypatch.setattr(report_pdf, "ROWS_PER_DOCUMENT", 7)  # many small documents, joined
    pdf = ask_report(login(team["reviewer"]), team["study"].id, "en")
    text, pages = _pdftotext(pdf, tmp_path), _page_count(pdf, tmp_path)
    flat = " ".join(_pdftotext(pdf, tmp_path, layout=False).split())  # a flag's cause on one line
    assert pages > 3
    # one title, one of each section, with its count
    assert text.count("Consent coverage") == 1 and len(re.findall(r"^\s*Sessions\s*$", text, re.MULTILINE)) == 1
    assert len(re.findall(r"Flags \(24\)", text)) == 1 and len(re.findall(r"Withdrawals \(1\)", text)) == 1
    assert re.search(r"Participants\s+5\b", text) and re.search(r"With a consent record\s+4\b", text)
    assert re.search(r"Attended at least one session\s+5\b", text)
    # 9 attended without consent (no record) + 5 after the withdrawal, 9 recorded without a yes, 1 scan
    assert flat.count("without valid consent:") == 14 and flat.count("did not agree to recording") == 9
    assert flat.count("no scan is attached") == 1 and people["gone"].pseudonym in text
    # every session once, in date order: 5 attended; 4 with valid consent, 3 after the withdrawal; 3 said yes
    lines = re.findall(r"^\s*(RJ-\d\d)\s+.*?\byes\s+(\d+)\s+(\d+)\s+(\d+)\s*$", text, re.MULTILINE)
    assert [code for code, *_ in lines] == [s.code for s in sessions]
    assert [tuple(map(int, rest)) for _code, *rest in lines] == [(5, 4, 3)] * 4 + [(5, 3, 3)] * 5
    # each page numbered within the whole report, where one document would number it
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in _pdftotext(pdf, tmp_path, page)
    for person in people.values():
        assert person.name not in text and person.email not in text


def test_the_report_in_russian_is_numbered_in_russian(study_with_history, login, tmp_path):
    team, _people, sessions = study_with_history
    pdf = ask_report(login(team["coordinator"]), team["study"].id, "ru")
    text, pages = _pdftotext(pdf, tmp_path), _page_count(pdf, tmp_path)
    assert "Этический отчёт" in text and f"Страница 1 из {pages}" in text and sessions[0].code in text
    assert "Page 1" not in text


def test_the_job_page_shows_waiting_progress_then_the_download(study_with_history, login, app):
    team, _people, _sessions = study_with_history
    study, client = team["study"], login(team["reviewer"])
    job = jobs.enqueue(background.REPORT, background.report_params("en", None), study.id, team["reviewer"])
    db.session.commit()
    path = f"/studies/{study.id}/ethics/report/jobs/{job.id}"
    assert "Waiting for the worker" in client.get(path).get_data(as_text=True)
    db.session.execute(sa.update(jobs.Job).where(jobs.Job.id == job.id).values(status=jobs.JobStatus.RUNNING))
    db.session.commit()
    jobs.Progress(job.id)(12, 40, force=True)
    assert "12 of 40 lines of the report printed" in client.get(path).get_data(as_text=True)
    assert client.get(f"{path}/file").status_code == 404  # nothing to download before it is done
    db.session.execute(sa.update(jobs.Job).where(jobs.Job.id == job.id).values(status=jobs.JobStatus.QUEUED))
    db.session.commit()
    jobs.dispatch(job.id)
    page = client.get(path).get_data(as_text=True)
    assert "Download the ethics report (PDF" in page
    download = client.get(f"{path}/file")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert f"ethics-report-{study.id}-en.pdf" in download.headers["Content-Disposition"]


def test_the_desk_offers_the_form_and_a_failed_job_says_why(study_with_history, login, monkeypatch):
    team, _people, _sessions = study_with_history
    study, client = team["study"], login(team["coordinator"])
    desk = client.get(f"/studies/{study.id}/ethics").get_data(as_text=True)
    assert f'action="/studies/{study.id}/ethics/report"' in desk and 'name="lang"' in desk
    assert "ethics/report.pdf" not in desk
    monkeypatch.setattr(background, "REPORT_MAX_BYTES", 1000)  # any report is larger
    page = client.get(report_job_path(client.post(f"/studies/{study.id}/ethics/report", data={"lang": "kk"})))
    html = page.get_data(as_text=True)
    assert "The job failed." in html and "nothing was kept" in html and "/file" not in html
    [job] = report_jobs(study.id)
    assert job.status == jobs.JobStatus.FAILED and not (job.result or {}).get("file")


def test_refusals_queue_nothing(study_with_history, login):
    team, _people, _sessions = study_with_history
    study = team["study"]
    done = report_jobs(study.id)
    fieldworker = login(team["fieldworker"])
    assert fieldworker.post(f"/studies/{study.id}/ethics/report", data={"lang": "en"}).status_code == 403
    unknown = login(team["reviewer"]).post(f"/studies/{study.id}/ethics/report", data={"lang": "xx"})
    assert unknown.status_code == 302 and unknown.headers["Location"].endswith(f"/studies/{study.id}/ethics")
    assert report_jobs(study.id) == done == []
    job = login(team["coordinator"]).post(f"/studies/{study.id}/ethics/report", data={"lang": "en"})
    assert fieldworker.get(report_job_path(job)).status_code == 403
    assert fieldworker.get(report_job_path(job) + "/file").status_code == 403
    assert login(team["outsider"]).get(report_job_path(job)).status_code in (403, 404)


def test_the_report_lists_the_same_flags_and_figures_as_the_whole_study_rule(ctx, app, build):
    """The desk's way of finding flags (app.consent.flagged) gives the report what reading the
    whole study (app.consent.flags) gives, on the test world's every kind of flag; written
    consent without a scan in the participant list's order, whatever order it was recorded in."""
    world = snapshot_world()  # the world as built, put back when this process has built it already
    study = world["study"]
    unscanned = [build.participant(study) for _ in range(3)]
    for participant in reversed(unscanned):
        build.consent(participant, world["consent_version"], world["coordinator"], method=ConsentMethod.WRITTEN,
                      day=today() - timedelta(days=5))
    with app.test_request_context():
        whole = flags.load(study)
        expected = flags.study_flags(study, whole)
        found = report.report_flags(study, whole.today)
        figures = report.report_figures(study, [])
    assert len({f.kind for f in expected}) >= 3
    assert found == expected
    listed = [f.participant_id for f in found if f.kind == "missing_scan"]
    assert [p.id for p in unscanned] == [pid for pid in listed if pid in {p.id for p in unscanned}]
    assert figures.coverage["with_record"] == len(whole.records)
    assert figures.coverage["attended"] == len({a.participant_id for a, _day in whole.attended})
    assert figures.item_counts == {key: sum(r.says_yes(key) for r in whole.records.values())
                                   for key in figures.item_counts}
    assert figures.coverage["valid_today"] == sum(whole.standing_on(p, whole.today).valid for p in whole.records)


def test_the_jobs_queries_do_not_grow_with_the_study(app, build):
    """The report's job at 60 and at 900 participants (30 and 400 sessions, more than one
    document of rows) runs as many SQL statements: the world's study with 60 participants in
    bulk, then grown in place to 900 (a second world would cost every kind of record again)."""
    counts = {}
    counter = QueryCounter(db.engine)
    world = snapshot_world()
    crew = [world["fieldworker"], world["coordinator"]] + [build.member(world["study"], Role.FIELDWORKER)
                                                           for _ in range(3)]
    try:
        done = {"participants": 0, "sessions": 0}
        for tag, participants, sessions in (("s", 60, 30), ("l", 900, 400)):
            populate(world["study"], organisations=(participants - done["participants"]) // 20,
                     participants=participants - done["participants"], sessions=sessions - done["sessions"],
                     staff=crew, seed=participants, consented_on=world["consent_version"])
            done = {"participants": participants, "sessions": sessions}
            counter.count, counter.active = 0, True
            job = build.report_job(world["study"], world["coordinator"])
            counter.active = False
            assert job.status == jobs.JobStatus.DONE, job.error
            counts[tag] = (counter.count, job.result["pages"])
    finally:
        counter.close()
    assert counts["l"][1] > counts["s"][1]
    assert counts["l"][0] == counts["s"][0], counts
