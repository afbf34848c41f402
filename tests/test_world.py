"""The builders and the world they make: real services underneath (the trail records every
record, the rules refuse what they refuse a user), and a world with every state a page shows."""
import pytest
import sqlalchemy as sa

from app.core.audit.models import AuditEvent
from app.consent import flags
from app.consent.models import VersionStatus
from app.core import jobs
from app.core.extensions import db
from app.fieldwork.models import Attendance, SessionStatus
from app.fieldwork.services import AttendanceRefused
from app.instruments.models import AnswerStatus
from app.instruments.models import VersionStatus as InstrumentStatus
from app.recruitment.models import RecruitmentStatus
from app.transcripts.models import TranscriptStatus
from tests.builders import day_at
from tests.world import build_world


def _actions(entity) -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.entity_type == entity.__tablename__, AuditEvent.entity_id == str(entity.id))
        .order_by(AuditEvent.id)))


def test_builders_leave_the_trail_a_user_would(build):
    team = build.team()
    person = build.participant(team["study"], status=RecruitmentStatus.AGREED, actor=team["coordinator"])
    version = build.consent_version(team["study"], team["coordinator"], team["reviewer"])
    assert _actions(person) == ["participant.create", "participant.status"]
    assert _actions(version) == ["consent_version.create", "consent_version.update", "consent_version.submit",
                                 "consent_version.approve"]


def test_a_builder_cannot_complete_a_session_without_consent(build):
    team = build.team()
    person = build.participant(team["study"], status=RecruitmentStatus.AGREED)
    session = build.session(team["study"], starts=day_at(-5), facilitators=[team["fieldworker"]], participants=[person])
    with pytest.raises(AttendanceRefused):
        build.complete(session)
    db.session.rollback()
    assert session.status == SessionStatus.PLANNED and session.attendees[0].attendance == Attendance.INVITED
    build.consent(person, build.consent_version(team["study"], team["coordinator"], team["reviewer"]),
                  team["fieldworker"])
    build.complete(session)
    assert session.status == SessionStatus.COMPLETED and session.attendees[0].attendance == Attendance.ATTENDED


def test_the_world_has_every_state_the_pages_show(ctx):
    w = build_world()
    assert {t.status for t in (w["raw_transcript"], w["transcript"], w["approved"])} == set(TranscriptStatus)
    assert {s.status for s in w["sessions"]} >= {SessionStatus.COMPLETED, SessionStatus.PLANNED,
                                                 SessionStatus.CONFIRMED}
    assert [w[k].status for k in ("consent_v1", "consent_version", "consent_draft")] == [
        VersionStatus.RETIRED, VersionStatus.APPROVED, VersionStatus.DRAFT]
    assert (w["questionnaire"].status, w["guide_draft"].status) == (InstrumentStatus.APPROVED, InstrumentStatus.DRAFT)
    assert [a.status for a in w["answers"]] == [AnswerStatus.COMPLETE]
    assert {f.kind for f in flags.study_flags(w["study"])} >= {"retired_version", "missing_scan",
                                                                "approval_expiring"}
    statuses = {p.status for p in w["participants"]}
    assert statuses >= {RecruitmentStatus.PARTICIPATED, RecruitmentStatus.SCHEDULED, RecruitmentStatus.WITHDRAWN,
                        RecruitmentStatus.IDENTIFIED, RecruitmentStatus.DECLINED}
    assert w["bundle"].transcript_count >= 2 and w["bundle"].left_out and w["bundle"].withheld_turns
    assert len(w["key"]) >= len(w["participants"]) + len(w["organisations"])
    assert w["consent_record"].scan_sha256 and w["span"].transcript_id == w["transcript"].id
    # the finished jobs: a bundle, and the protocols of the observation's day with their file
    assert w["bundle_job"].status == w["protocols_job"].status == jobs.JobStatus.DONE
    assert w["protocols_job"].result["sessions"] == 1 and w["protocols_job"].result["file"]
