"""Destruction of a study's identifiable data (issue 17): two people, a certificate, and after it
the database, the stored files and a backup taken before yield no identifying value even with
the master key, while pseudonymised data, bundles and the audit chain remain."""
import io
from datetime import date

import pypdf
import pytest
import sqlalchemy as sa

from app.core.audit import services as audit
from app.core.audit.models import AuditEvent
from app.consent.models import ConsentRecord
from app.core import storage
from app.core.crypto.keyring import DESTROYED
from app.core.crypto.keys import KeyProblem
from app.core.extensions import db
from app.exports.models import Bundle
from app.recruitment.models import Participant
from app.retention.models import DestructionRequest
from app.studies.models import Study, StudyStatus
from tests.builders import Builder, today
from tests.crypto.test_at_rest import DISTINCT, _files, _forms, _raw_database
from tests.support.schemas import create_tables, drop_tables
from tests.support.snapshot import snapshot_world


@pytest.fixture
def source(app, make_app, tmp_path):
    folders = {"UPLOAD_FOLDER": str(tmp_path / "uploads"), "BUNDLE_FOLDER": str(tmp_path / "bundles"),
               "STORAGE": "folder"}
    database = {} if app.config.get("TEST_SCHEMA") else {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'source.sqlite3'}"}
    other = make_app(**database, **folders)
    with other.test_request_context():
        db.create_all()
        world = snapshot_world()
        build = Builder()
        study = world["study"]
        for name, email, phone in DISTINCT:
            build.participant(study, name, email=email, phone=phone, notes=f"Позвонить {name}")
        study.end_date, study.retain_identifiable_months = date(2025, 1, 31), 12
        db.session.commit()
        values = set()
        for row in db.session.execute(sa.select(Participant.name, Participant.email, Participant.phone)
                                      .where(Participant.study_id == study.id)):
            values |= {v for v in row if v}
        facts = {"study": study.id, "title": study.title, "coordinator": world["coordinator"].email,
                 "reviewer": world["reviewer"].email, "reviewer_name": world["reviewer"].name,
                 "values": values, "other_study": world["other_study"].id if "other_study" in world else None}
    return other, facts, database


def _invoke(flask_app, *args):
    with flask_app.app_context():
        return flask_app.test_cli_runner().invoke(args=list(args))


def test_destruction_needs_a_countersignature_and_refuses_twice(source, tmp_path):
    flask_app, facts, _database = source
    study = str(facts["study"])
    out = tmp_path / "certificate.pdf"
    refused = _invoke(flask_app, "retention", "destroy", "--study", study, "--out", str(out),
                      "--requested-by", facts["coordinator"])
    assert refused.exit_code == 1 and "needs the countersignature of the study's ethics reviewer" in refused.output
    wrong = _invoke(flask_app, "retention", "destroy", "--study", study, "--out", str(out),
                    "--requested-by", facts["coordinator"], "--countersigned-by", facts["coordinator"])
    assert wrong.exit_code == 1 and "Only the study's ethics reviewer can countersign" in wrong.output
    with flask_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(DestructionRequest)) == 0
        names = set(db.session.scalars(sa.select(Participant.name)))
        assert {name for name, _e, _p in DISTINCT} <= names
        # The audit trail says what was tried and why it was refused, and nothing else happened.
        assert _refusals(facts["study"]) == [("request", "no_countersignature"), ("countersign", "not_reviewer")]
        assert _actions(facts["study"]) == ["destruction.refused", "destruction.refused"]
    assert not out.exists()

    done = _invoke(flask_app, "retention", "destroy", "--study", study, "--out", str(out),
                   "--requested-by", facts["coordinator"], "--countersigned-by", facts["reviewer"])
    assert done.exit_code == 0, done.output
    again = _invoke(flask_app, "retention", "destroy", "--study", study, "--out", str(tmp_path / "again.pdf"),
                    "--requested-by", facts["coordinator"], "--countersigned-by", facts["reviewer"])
    assert again.exit_code == 1 and "was destroyed already" in again.output
    with flask_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(DestructionRequest)) == 1
        assert _refusals(facts["study"])[-1] == ("destroy", "destroyed_already")
        assert _actions(facts["study"])[-2:] == ["study.destroy", "destruction.refused"]
    verify = _invoke(flask_app, "audit", "verify")
    assert verify.exit_code == 0 and "intact" in verify.output.lower()


def _events(study_id: int) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.study_id == study_id)
                                   .order_by(AuditEvent.id)))


def _actions(study_id: int) -> list[str]:
    return [e.action for e in _events(study_id)
            if e.action.startswith(("destruction.", "study.destroy"))]


def _refusals(study_id: int) -> list[tuple[str, str]]:
    return [(e.after["step"], e.after["refused"]) for e in _events(study_id) if e.action == "destruction.refused"]


def test_after_destruction_nothing_identifying_can_be_read_anywhere(source, app, make_app, tmp_path):
    flask_app, facts, database = source
    study = str(facts["study"])
    before = tmp_path / "backup-before"
    assert _invoke(flask_app, "backup", str(before)).exit_code == 0
    out = tmp_path / "certificate.pdf"
    done = _invoke(flask_app, "retention", "destroy", "--study", study, "--out", str(out),
                   "--requested-by", facts["coordinator"], "--countersigned-by", facts["reviewer"])
    assert done.exit_code == 0, done.output

    verify = _invoke(flask_app, "audit", "verify")
    assert verify.exit_code == 0 and "intact" in verify.output.lower()
    files = _invoke(flask_app, "storage", "verify")  # the study's scans are gone on purpose, bundles kept
    assert files.exit_code == 0, files.output
    with flask_app.test_request_context():
        study_row = db.session.get(Study, facts["study"])
        assert study_row.status == StudyStatus.CLOSED
        names = set(db.session.scalars(sa.select(Participant.name).where(Participant.study_id == study_row.id)))
        assert names == {DESTROYED}
        bundle = Builder().bundle(study_row)  # pseudonymised data remains: a bundle still builds
        assert bundle.transcript_count >= 1 and db.session.get(Bundle, bundle.id).checksum
    # The backup taken before, restored with the master key, yields nothing identifying either.
    schema = f"{app.config['TEST_SCHEMA']}_r" if app.config.get("TEST_SCHEMA") else None
    if schema:  # a PostgreSQL backup restores into a schema of its own
        where = {"SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}}}
    else:
        where = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'restored.sqlite3'}"}
    restored = make_app(UPLOAD_FOLDER=str(tmp_path / "r-uploads"), BUNDLE_FOLDER=str(tmp_path / "r-bundles"), **where)
    try:
        with restored.app_context():
            create_tables(schema)
        result = _invoke(restored, "restore", str(before))
        assert result.exit_code == 0, result.output
        with restored.app_context():
            try:
                old = set(db.session.scalars(sa.select(Participant.name).where(Participant.study_id == facts["study"])))
            except (KeyProblem, sa.exc.StatementError) as error:  # the key row is back, its KEK is not
                assert "is not in" in str(error) and "the study's data was destroyed" in str(error)
            else:
                assert old == {DESTROYED}, old
            db.session.remove()
    finally:
        with restored.app_context():
            drop_tables(schema)
    blobs = {"database": _raw_database(flask_app, app), "stored files": _files(tmp_path / "uploads"),
             "backup before": _files(before)}
    leaks = [(where, value) for where, contents in blobs.items() for value in sorted(facts["values"])
             for form in _forms(value) for blob in contents if len(form) >= 6 and form in blob]
    assert leaks == []

    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert facts["title"] in text and facts["reviewer_name"] in text
    assert "SHA-256" in text and "Certificate of destruction" in text
    assert not any(name in text for name, _e, _p in DISTINCT)


def test_the_coordinator_requests_and_the_reviewer_countersigns_in_the_web(app, ctx, login):
    build = Builder()
    team = build.team()
    study = team["study"]
    person = build.participant(study, "Алия Сжигаемая", email="aliya@destroy.example")
    coordinator, reviewer = login(team["coordinator"]), login(team["reviewer"])
    assert reviewer.post(f"/studies/{study.id}/retention/request", data={"reason": "x"}).status_code == 403
    coordinator.post(f"/studies/{study.id}/retention/request", data={"reason": "Срок хранения истёк"})
    request = db.session.scalar(sa.select(DestructionRequest))
    assert request is not None and request.status.value == "requested"
    assert coordinator.post(f"/studies/{study.id}/retention/countersign").status_code == 403
    # Asked twice: refused, the refusal audited, the first request untouched.
    coordinator.post(f"/studies/{study.id}/retention/request", data={"reason": "Ещё раз"})
    db.session.expire_all()
    assert [r.id for r in db.session.scalars(sa.select(DestructionRequest))] == [request.id]
    assert _refusals(study.id) == [("request", "requested_already")]
    assert db.session.get(Participant, person.id).name == "Алия Сжигаемая"
    page = reviewer.get(f"/studies/{study.id}/retention").get_data(as_text=True)
    assert "Countersign and destroy" in page
    reviewer.post(f"/studies/{study.id}/retention/countersign")
    db.session.expire_all()
    assert db.session.get(Participant, person.id).name == DESTROYED
    pdf = coordinator.get(f"/studies/{study.id}/retention/certificate.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    actions = [row for row in db.session.execute(sa.text(
        "SELECT action FROM audit_events WHERE study_id = :s ORDER BY id"), {"s": study.id}).scalars()]
    assert {"destruction.request", "destruction.countersign", "study.destroy"} <= set(actions)


def test_the_dashboard_warns_thirty_days_before_destruction_is_due(app, ctx, login):
    build = Builder()
    team = build.team()
    study = team["study"]
    coordinator = login(team["coordinator"])
    study.end_date, study.retain_identifiable_months = today(study).replace(day=1), 0
    db.session.commit()
    assert "due for destruction" in coordinator.get(f"/studies/{study.id}/").get_data(as_text=True)
    study.retain_identifiable_months = 24
    db.session.commit()
    assert "due for destruction" not in coordinator.get(f"/studies/{study.id}/").get_data(as_text=True)


def test_another_worker_forgets_the_destroyed_study_key_it_had_in_memory(source, make_app, tmp_path):
    """A second app on the same database and keystore stands for another worker process: it
    opened the study's values before the destruction, and cannot read them after it."""
    flask_app, facts, database = source
    worker = make_app(**database, UPLOAD_FOLDER=str(tmp_path / "uploads"), BUNDLE_FOLDER=str(tmp_path / "bundles"),
                      STORAGE="folder")
    names = {name for name, _e, _p in DISTINCT}
    with worker.test_request_context():
        created = [e for e in _events(facts["study"]) if e.action == "participant.create"]
        shown = {audit.readable(e.after).get("name") for e in created}
        assert names <= shown  # opened by this worker, its key and the values now in its memory
        ids = [e.id for e in created]
    done = _invoke(flask_app, "retention", "destroy", "--study", str(facts["study"]), "--out",
                   str(tmp_path / "c.pdf"), "--requested-by", facts["coordinator"],
                   "--countersigned-by", facts["reviewer"])
    assert done.exit_code == 0, done.output
    with worker.test_request_context():  # the worker's next request
        after = {audit.readable(db.session.get(AuditEvent, i).after).get("name") for i in ids}
        assert after == {DESTROYED}


def test_consent_scans_outlive_the_identifiable_data_for_the_consent_evidence_period(source, tmp_path):
    """The study keeps consent evidence ten years, identifiable data one: destruction leaves the
    scans readable (under the study's consent key) until the consent period ends; the sweep then
    destroys them and that key."""
    flask_app, facts, _database = source
    with flask_app.app_context():
        study = db.session.get(Study, facts["study"])
        study.retain_consent_months = 120  # 2025-01-31 + 10 years: still running
        db.session.commit()
        scans = [(r.id, r.scan_sha256) for r in db.session.scalars(sa.select(ConsentRecord).where(
            ConsentRecord.study_id == study.id, ConsentRecord.scan_sha256.is_not(None)))]
        assert scans
        before = {key: storage.current().read_bytes("consent", key) for _id, key in scans}
    out = tmp_path / "certificate.pdf"
    done = _invoke(flask_app, "retention", "destroy", "--study", str(facts["study"]), "--out", str(out),
                   "--requested-by", facts["coordinator"], "--countersigned-by", facts["reviewer"])
    assert done.exit_code == 0, done.output
    with flask_app.test_request_context():
        assert set(db.session.scalars(sa.select(Participant.name).where(
            Participant.study_id == facts["study"]))) == {DESTROYED}
        assert {key: storage.current().read_bytes("consent", key) for _id, key in scans} == before
        certificate = db.session.scalar(sa.select(DestructionRequest)).certificate
        assert certificate["destroyed"]["scans"] == 0
        assert certificate["remains"]["consent_scans"] == {"count": len(before), "kept_until": "2035-01-31"}
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "2035-01-31" in text
    assert _invoke(flask_app, "storage", "verify").exit_code == 0
    early = _invoke(flask_app, "retention", "sweep")  # the consent period runs: nothing more goes
    assert early.exit_code == 0 and "destroyed for 0 studies" in early.output

    with flask_app.app_context():  # ten years later, as far as the study's dates go
        db.session.get(Study, facts["study"]).retain_consent_months = 12
        db.session.commit()
    late = _invoke(flask_app, "retention", "sweep")
    assert late.exit_code == 0 and "destroyed for 1 studies" in late.output, late.output
    with flask_app.test_request_context():
        assert not any(storage.current().exists("consent", key) for _id, key in scans)
        assert "consent_evidence.destroy" in _actions_all(facts["study"])
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ConsentRecord).where(
            ConsentRecord.study_id == facts["study"])) >= len(scans)  # the records themselves remain
    verify = _invoke(flask_app, "audit", "verify")
    assert verify.exit_code == 0 and "intact" in verify.output.lower()


def _actions_all(study_id: int) -> list[str]:
    return [e.action for e in _events(study_id)]
