"""The demo study (`flask demo`), tested on its own: the only tests that use app.demo.

It is built once for the module in a database of its own and checked against the reference
study of DESIGN.md (6 focus groups, 25 interviews, participant observation, three languages)
and against its rules: the demo obeys every one, and its ethics flags come from legitimate
histories (a version retired after people consented on it, a scan still to attach).
"""
import zipfile

import pytest
import sqlalchemy as sa

from app.core.audit import services as audit
from app.core.audit.models import AuditEvent
from app.consent import services as consent
from app.consent import flags, standing
from app.consent.models import ConsentRecord
from app.demo import build_demo
from app.core.extensions import db
from app.fieldwork.models import Attendance, FieldSession, SessionType
from app.instruments import exchange
from app.instruments.models import AnswerSet, AnswerStatus, Instrument, InstrumentKind, VersionStatus
from app.instruments.xlsform import convert_check
from app.recruitment.models import Organisation, Participant, Sector
from app.studies.models import Membership, Role, Study
from app.transcripts.models import Decision, KeyEntry, Transcript, TranscriptStatus
from tests.conftest import fresh_app

INTERVIEWS = (SessionType.SEMI_STRUCTURED_INTERVIEW, SessionType.STRUCTURED_INTERVIEW)


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """An app whose database holds the demo study and nothing else."""
    with fresh_app(tmp_path_factory.mktemp("demo"), "DemoConfig") as app:
        with app.test_request_context():
            build_demo()
            db.session.commit()
        yield app


@pytest.fixture
def demo(demo_app):
    """The demo app, with a context for reading its database directly."""
    with demo_app.test_request_context():
        yield demo_app
        db.session.rollback()


def _all(model):
    return db.session.scalars(sa.select(model)).all()


def _invoke(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


# --- `flask demo` --------------------------------------------------------------------------

def _logins(output: str) -> tuple[str, list[tuple[str, str]]]:
    """(password, [(role, e-mail)]) as `flask demo` prints them."""
    password = output.split("password for all")[1].split(": ")[1].split(")")[0]
    lines = [line.split() for line in output.splitlines() if line.startswith("  ")]
    return password, [(words[0], words[-1]) for words in lines]


def test_flask_demo_prints_a_login_per_role_and_every_login_works(runner, app, ctx):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Demo study loaded. Logins (password for all: ")
    password, logins = _logins(result.output)
    assert [role for role, _email in logins] == ["admin", "coordinator", "fieldworker", "fieldworker2", "reviewer"]
    for role, email in logins:
        response = app.test_client().post("/login", data={"email": email, "password": password})
        assert response.status_code == 302 and "/login" not in response.headers["Location"], role


def test_demo_if_empty_keeps_existing_data(runner, build):
    build.user()
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0 and "kept" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def _row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def test_demo_if_empty_on_a_loaded_database_changes_nothing_and_prints_the_logins_again(runner, ctx):
    first = runner.invoke(args=["demo"])
    loaded = _row_counts()
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0 and "kept" in again.output
    assert _logins(again.output)[1] == _logins(first.output)[1]
    assert _row_counts() == loaded


# --- the reference study -------------------------------------------------------------------

def test_demo_is_one_study_in_three_languages_with_every_role(demo):
    (study,) = _all(Study)
    assert study.languages == ["ru", "kk", "en"] and study.timezone == "Asia/Almaty"
    assert {m.role for m in _all(Membership)} == set(Role)
    organisations = _all(Organisation)
    assert 10 <= len(organisations) <= 14
    assert {o.sector for o in organisations} >= {Sector.CENTRAL_GOVERNMENT, Sector.LOCAL_AUTHORITY,
                                                   Sector.CIVIL_SOCIETY}
    assert 35 <= len(_all(Participant)) <= 45


def _sessions_of(*types) -> list[FieldSession]:
    return [s for s in _all(FieldSession) if s.type in types]


def test_demo_has_six_focus_groups_twenty_five_interviews_and_participant_observation(demo):
    assert len(_sessions_of(SessionType.FOCUS_GROUP)) == 6
    assert _sessions_of(SessionType.OBSERVATION)
    assert len(_sessions_of(*INTERVIEWS)) == 25


def test_demo_has_transcripts_in_each_state(demo):
    transcripts = db.session.scalars(sa.select(Transcript).order_by(Transcript.id)).all()
    assert {t.language for t in transcripts} >= {"ru", "en"}
    assert [t.status for t in transcripts] == [
        TranscriptStatus.IN_REVIEW, TranscriptStatus.APPROVED, TranscriptStatus.RAW]
    decisions = {s.decision for s in transcripts[0].spans}
    assert decisions >= {Decision.PENDING, Decision.ACCEPTED}
    assert "[PERSON-" in transcripts[1].anonymised_text


def test_demo_has_guides_a_questionnaire_and_answers(demo):
    instruments = {i.kind: i for i in _all(Instrument)}
    assert set(instruments) == {InstrumentKind.SEMI_STRUCTURED_INTERVIEW, InstrumentKind.FOCUS_GROUP_GUIDE,
                                InstrumentKind.STRUCTURED_INTERVIEW}
    for instrument in instruments.values():
        approved = instrument.versions[0]
        assert approved.status == VersionStatus.APPROVED
        assert all(set(q.text) == {"ru", "en"} for q in approved.questions)
        convert_check(exchange.export_xlsform(approved))
    answer_sets = _all(AnswerSet)
    assert sorted(a.status for a in answer_sets) == [AnswerStatus.COMPLETE, AnswerStatus.COMPLETE, AnswerStatus.DRAFT]
    assert all(a.session_id and a.instrument_version.status == VersionStatus.APPROVED for a in answer_sets)


# --- the rules of DESIGN.md ----------------------------------------------------------------

def _attended() -> list[tuple[FieldSession, Participant]]:
    return [(s, a.participant) for s in _all(FieldSession) for a in s.attendees if a.attendance == Attendance.ATTENDED]


def _without_valid_consent() -> set[tuple[str, str]]:
    """(session code, pseudonym) of each attendance without valid consent on the session day (rule 3)."""
    found = set()
    for session, person in _attended():
        if not standing.consent_on(person, standing.session_day(session)).valid:
            found.add((session.code, person.pseudonym))
    return found


def _recorded_without_yes() -> set[tuple[str, str]]:
    """(session code, pseudonym) of each attendee of an audio-recorded session who did not say
    yes to recording (rule 3)."""
    found = set()
    for session, person in _attended():
        if session.audio_recorded and not standing.consent_on(person, standing.session_day(session)).says_yes("audio"):
            found.add((session.code, person.pseudonym))
    return found


def test_every_attendance_has_valid_consent_for_the_session_day(demo):
    assert len(_attended()) > 40
    assert _without_valid_consent() == set()  # rule 3


def test_every_attendee_of_a_recorded_session_agreed_to_recording(demo):
    assert any(s.audio_recorded for s, _p in _attended())
    assert _recorded_without_yes() == set()  # rule 3


def test_the_desk_flags_come_from_legitimate_histories(demo):
    """A version retired after people consented on it flags whoever attends after the retirement;
    nothing is flagged that a refusal should have stopped."""
    raised = {f.kind for f in flags.study_flags(db.session.scalar(sa.select(Study)))}
    assert "retired_version" in raised and "missing_scan" in raised
    assert not raised & {"attended_without_consent", "audio_without_consent"}


def test_consent_records_are_on_approved_versions_dated_within_them(demo):
    records = _all(ConsentRecord)
    assert len(records) > 20
    today = consent.study_today(db.session.scalar(sa.select(Study)))
    for record in records:
        version = record.version
        assert version.status in standing.VALID_VERSION_STATES, record.id
        assert version.approved_on <= record.consent_date <= today, record.id


def _events(entity_type: str, action: str | None = None) -> dict[str, list[AuditEvent]]:
    query = sa.select(AuditEvent).where(AuditEvent.entity_type == entity_type)
    if action:
        query = query.where(AuditEvent.action == action)
    events: dict[str, list[AuditEvent]] = {}
    for event in db.session.scalars(query.order_by(AuditEvent.id)):
        events.setdefault(event.entity_id, []).append(event)
    return events


def test_consent_records_are_as_recorded_never_edited_in_place(demo):
    """Rule 4: what the trail says each record held when it was made is what it holds now."""
    made = _events("consent_records", "consent.record")
    for record in _all(ConsentRecord):
        (event,) = made[str(record.id)]
        assert event.after == audit.snapshot(record, consent.RECORD_FIELDS), record.id


def test_the_audit_trail_is_intact_and_covers_every_record(demo):
    result = _invoke(demo, "audit", "verify")
    assert result.exit_code == 0 and "Audit chain intact" in result.output, result.output
    for model in (Organisation, Participant, FieldSession, ConsentRecord, Transcript):
        audited = _events(model.__tablename__)
        missing = [row.id for row in _all(model) if str(row.id) not in audited]
        assert missing == [], f"{model.__tablename__} without an audit event: {missing}"


def test_pseudonyms_are_unique_and_never_derived_from_names(demo):
    people, organisations = _all(Participant), _all(Organisation)
    for codes in ([p.pseudonym for p in people], [o.pseudonym for o in organisations],
                  [s.code for s in _all(FieldSession)]):
        assert len(codes) == len(set(codes))
    assert all(p.pseudonym[1:].isdigit() and p.pseudonym[0] == "P" for p in people)
    names = {}
    for entry in _all(KeyEntry):  # rule 6: one pseudonym for each entity on the key
        assert names.setdefault((entry.participant_id, entry.organisation_id, entry.user_id, entry.name),
                                entry.pseudonym) == entry.pseudonym


def test_approved_transcripts_attribute_every_line(demo):
    approved = [t for t in _all(Transcript) if t.status == TranscriptStatus.APPROVED]
    assert approved
    for transcript in approved:  # rule 9
        assert all(turn.speaker is not None and turn.speaker.is_mapped for turn in transcript.turns)


def _bundle_files(demo_app, tmp_path) -> dict[str, str]:
    """The files of a bundle of everything, built with `flask bundle build`, by name."""
    study = db.session.scalar(sa.select(Study))
    out = tmp_path / "demo-bundle.zip"
    result = _invoke(demo_app, "bundle", "build", "--study", str(study.id), "--out", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_a_bundle_of_the_demo_holds_no_identifiable_data(demo, tmp_path):
    files = _bundle_files(demo, tmp_path)
    assert any(name.startswith("transcripts/") for name in files)
    identities = [value for p in _all(Participant) for value in (p.name, p.email, p.phone) if value]
    identities += [o.name for o in _all(Organisation)] + [e.name for e in _all(KeyEntry)]
    assert len(identities) > 100
    leaks = [(name, value) for name, text in files.items() for value in identities if value in text]
    assert leaks == []  # rule 1


def test_a_bundle_of_the_demo_holds_only_consenting_speakers_words(demo, tmp_path):
    text = "\n".join(_bundle_files(demo, tmp_path).values())
    checked = 0
    for transcript in _all(Transcript):
        if transcript.status != TranscriptStatus.APPROVED:
            continue
        for turn in transcript.turns:
            person = turn.speaker.participant if turn.speaker else None
            if person is None or len(turn.anonymised_text or "") < 20:
                continue
            checked += 1
            assert (turn.anonymised_text in text) == standing.consent_on(person, consent.study_today(db.session.scalar(sa.select(Study)))).shares("archiving"), person.pseudonym
    assert checked  # rule 2
