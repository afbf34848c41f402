"""Consent forms in versions, consent records, withdrawals and the reviewer's notes.

Rule 4: consent records are never changed once written (a correction is a new record that
supersedes the old one), and the text and items of an approved version are frozen.
"""
import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.crypto.columns import EncryptedText
from app.core.extensions import db
from app.core.models_base import enum_column, utcnow
from app.recruitment.models import Participant

LANGUAGES = ("en", "ru", "kk")
STANDARD_ITEMS = ("participation", "audio", "quotation", "archiving")


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETIRED = "retired"


class ConsentMethod(enum.StrEnum):
    WRITTEN = "written"
    ORAL_RECORDED = "oral_recorded"
    ELECTRONIC = "electronic"


class WithdrawalScope(enum.StrEnum):
    STOP = "stop"
    WITHDRAW_DATA = "withdraw_data"


class NoteKind(enum.StrEnum):
    REVIEWED = "reviewed"
    QUERY = "query"
    ANSWER = "answer"


class ConsentForm(db.Model):
    __tablename__ = "consent_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list["ConsentFormVersion"]] = relationship(
        back_populates="form", order_by="ConsentFormVersion.number", cascade="all, delete-orphan"
    )


class ConsentFormVersion(db.Model):
    """One version of a form: its text per language and its items, frozen once approved.

    `items` is a list of {"key": str, "labels": {lang: str}}; `texts` maps a language to the text.
    """

    __tablename__ = "consent_form_versions"
    __table_args__ = (sa.UniqueConstraint("form_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    form_id: Mapped[int] = mapped_column(sa.ForeignKey("consent_forms.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    status: Mapped[VersionStatus] = mapped_column(enum_column(VersionStatus), default=VersionStatus.DRAFT)
    texts: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    items: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    based_on_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consent_form_versions.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_on: Mapped[date | None]
    approval_note: Mapped[str | None] = mapped_column(sa.Text)
    retired_on: Mapped[date | None]

    form: Mapped[ConsentForm] = relationship(back_populates="versions")
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])

    @property
    def label(self) -> str:
        return _("%(title)s, version %(n)s", title=self.form.title, n=self.number)

    @property
    def item_keys(self) -> list[str]:
        return [item["key"] for item in self.items]

    def item_label(self, key: str, lang: str) -> str:
        for item in self.items:
            if item["key"] == key:
                labels = item.get("labels", {})
                return labels.get(lang) or labels.get("en") or next(iter(labels.values()), key)
        return key


FROZEN_VERSION_FIELDS = ("texts", "items", "number", "form_id", "approved_on", "approval_note",
                         "approved_by_id")


@event.listens_for(ConsentFormVersion, "before_update")
def _freeze_approved(mapper, connection, target: ConsentFormVersion) -> None:
    """A last line of defence under the services: approved wording never changes."""
    state = sa.inspect(target)
    was = state.attrs.status.history.deleted
    previous = was[0] if was else target.status
    if previous not in (VersionStatus.APPROVED, VersionStatus.RETIRED):
        return
    if any(state.attrs[name].history.has_changes() for name in FROZEN_VERSION_FIELDS):
        raise PermissionError("An approved consent form version is never edited.")


class ConsentRecord(db.Model):
    """A participant's consent on one approved version; never edited, only superseded."""

    __tablename__ = "consent_records"
    __table_args__ = (sa.Index("ix_consent_records_study_participant", "study_id", "participant_id"),
                      # a participant's records by id (issue 18): the current record of a few
                      # participants, the desk marks' candidates, without reading every study's
                      sa.Index("ix_consent_records_participant_id", "participant_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("consent_form_versions.id"), index=True)
    consent_date: Mapped[date]
    method: Mapped[ConsentMethod] = mapped_column(enum_column(ConsentMethod))
    obtained_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    answers: Mapped[dict[str, bool]] = mapped_column(sa.JSON)
    scan_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    scan_mime: Mapped[str | None] = mapped_column(sa.String(32))
    scan_size: Mapped[int | None]
    supersedes_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consent_records.id"), unique=True)
    correction_reason: Mapped[str | None] = mapped_column(EncryptedText)  # may tell about the person
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    participant: Mapped[Participant] = relationship()
    version: Mapped[ConsentFormVersion] = relationship()
    obtained_by: Mapped[User] = relationship(foreign_keys=[obtained_by_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    supersedes: Mapped["ConsentRecord | None"] = relationship(remote_side=[id])
    notes: Mapped[list["ConsentNote"]] = relationship(
        back_populates="record", order_by="ConsentNote.id", cascade="all, delete-orphan")

    def says_yes(self, key: str) -> bool:
        return self.answers.get(key) is True


@event.listens_for(ConsentRecord, "before_update")
def _refuse_record_change(mapper, connection, target) -> None:
    state = sa.inspect(target)
    if any(state.attrs[column.key].history.has_changes() for column in mapper.column_attrs):
        raise PermissionError("Consent records are never edited; record a correction instead.")


class ConsentWithdrawal(db.Model):
    __tablename__ = "consent_withdrawals"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    withdrawn_on: Mapped[date]
    scope: Mapped[WithdrawalScope] = mapped_column(enum_column(WithdrawalScope))
    note: Mapped[str | None] = mapped_column(EncryptedText)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    participant: Mapped[Participant] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class ConsentNote(db.Model):
    """The review thread on a record: marked reviewed, a query, an answer to it."""

    __tablename__ = "consent_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    record_id: Mapped[int] = mapped_column(sa.ForeignKey("consent_records.id", ondelete="CASCADE"),
                                           index=True)
    kind: Mapped[NoteKind] = mapped_column(enum_column(NoteKind))
    body: Mapped[str | None] = mapped_column(EncryptedText)  # a reviewer's query names people: sealed
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    record: Mapped[ConsentRecord] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()


class SessionFlagMark(db.Model):
    """Issue 18: an attendee of a session whose consent raises a session flag on the ethics desk
    (app.consent.standing decides), kept by app.consent.desk_marks in the transaction of every
    change the rule depends on, so the desk reads these few rows instead of every attended
    invitee of the study. `flask dashboard recount` compares them with the full rule."""

    __tablename__ = "session_flag_marks"
    __table_args__ = (sa.Index("ix_session_flag_marks_study", "study_id", "session_participant_id"),)

    session_participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("session_participants.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    study_id: Mapped[int] = mapped_column(sa.ForeignKey("studies.id", ondelete="CASCADE"))


class ConsentDeskCount(db.Model):
    """Issue 18: the study's count of current written consent without a scan, kept by
    app.consent.desk_state in the transaction of every change to it (the desk shows it without
    reading the records). `flask dashboard recount` compares it with the rule."""

    __tablename__ = "consent_desk_counts"

    study_id: Mapped[int] = mapped_column(
        sa.ForeignKey("studies.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    missing_scans: Mapped[int] = mapped_column(default=0)
