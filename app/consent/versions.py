"""Consent forms and their versions: draft, submitted, approved (frozen), retired."""
import re
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from app.consent.models import (
    LANGUAGES,
    STANDARD_ITEMS,
    ConsentForm,
    ConsentFormVersion,
    VersionStatus,
)
from app.core.audit import services as audit
from app.core.domain import DomainError
from app.core.extensions import db
from app.core.models_base import utcnow

VERSION_FIELDS = ["form_id", "number", "status", "texts", "items", "based_on_id", "approved_by_id",
                  "approved_on", "approval_note", "retired_on"]

# The wording of the four standard items in each language a form can be printed in.
DEFAULT_ITEM_WORDING = {
    "participation": {"en": "I agree to take part in this study.",
                      "ru": "Я согласен(на) участвовать в этом исследовании.",
                      "kk": "Мен осы зерттеуге қатысуға келісемін."},
    "audio": {"en": "I agree that the conversation is audio-recorded.",
              "ru": "Я согласен(на) на аудиозапись беседы.",
              "kk": "Мен әңгіменің аудиоға жазылуына келісемін."},
    "quotation": {"en": "I agree to be quoted anonymously in publications.",
                  "ru": "Я согласен(на) на анонимное цитирование в публикациях.",
                  "kk": "Мен жарияланымдарда анонимді түрде дәйексөз келтірілуіне келісемін."},
    "archiving": {"en": "I agree that the anonymised transcript is archived and shared with other researchers.",
                  "ru": "Я согласен(на) на архивирование анонимизированной расшифровки и её передачу другим исследователям.",
                  "kk": "Мен анонимделген транскрипттің мұрағатталуына және басқа зерттеушілермен бөлісілуіне келісемін."},
}


class ConsentError(DomainError):
    """A user-facing reason why a consent action was refused."""


class VersionLocked(ConsentError):
    """The version is no longer a draft; its wording is frozen."""


def default_items() -> list[dict]:
    return [{"key": key, "labels": dict(DEFAULT_ITEM_WORDING[key])} for key in STANDARD_ITEMS]


def create_form(study, title: str, actor) -> ConsentFormVersion:
    """A new consent form with its first draft version holding the standard items."""
    form = ConsentForm(study_id=study.id, title=title)
    db.session.add(form)
    db.session.flush()
    audit.record(actor, "consent_form.create", form, after={"title": title})
    return _new_version(form, actor, texts={}, items=default_items(), based_on=None)


def _new_version(form: ConsentForm, actor, texts: dict, items: list, based_on) -> ConsentFormVersion:
    number = (db.session.scalar(sa.select(sa.func.max(ConsentFormVersion.number))
                                .where(ConsentFormVersion.form_id == form.id)) or 0) + 1
    version = ConsentFormVersion(study_id=form.study_id, form=form, number=number, texts=texts,
                                 items=items, status=VersionStatus.DRAFT,
                                 based_on_id=based_on.id if based_on else None,
                                 created_by_id=getattr(actor, "id", None))
    db.session.add(version)
    db.session.flush()
    audit.record(actor, "consent_version.create", version, after=audit.snapshot(version, VERSION_FIELDS))
    return version


def new_version_from(version: ConsentFormVersion, actor) -> ConsentFormVersion:
    """A draft copy of any version: the way to change an approved form."""
    return _new_version(version.form, actor, texts=dict(version.texts),
                        items=[{"key": i["key"], "labels": dict(i["labels"])} for i in version.items],
                        based_on=version)


def _clean_items(items: list[dict]) -> list[dict]:
    seen, cleaned = set(), []
    for item in items:
        key = (item.get("key") or "").strip()
        labels = {lang: (item.get("labels", {}).get(lang) or "").strip() for lang in LANGUAGES}
        labels = {lang: text for lang, text in labels.items() if text}
        if not key and not labels:
            continue
        if not key or not labels:
            raise ConsentError(_("Every item needs a key and a wording in at least one language."))
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", key):
            raise ConsentError(_("Item keys use lower-case letters, digits and _ only, e.g. photos."))
        if key in seen:
            raise ConsentError(_("The item key %(key)s is used twice.", key=key))
        seen.add(key)
        cleaned.append({"key": key, "labels": labels})
    if "participation" not in seen:
        raise ConsentError(_("A consent form needs the item “participation” (taking part)."))
    return cleaned


def update_draft(version: ConsentFormVersion, actor, texts: dict, items: list[dict]) -> None:
    """Change the wording of a draft; anything past draft is refused."""
    if version.status != VersionStatus.DRAFT:
        raise VersionLocked(_("Only a draft can be edited; make a new version from this one."))
    before = audit.snapshot(version, VERSION_FIELDS)
    version.texts = {lang: text.strip() for lang, text in texts.items()
                     if lang in LANGUAGES and text and text.strip()}
    version.items = _clean_items(items)
    audit.record(actor, "consent_version.update", version, before=before,
                 after=audit.snapshot(version, VERSION_FIELDS))


def _move(version: ConsentFormVersion, actor, expected: VersionStatus, to: VersionStatus,
          action: str, **fields) -> None:
    if version.status != expected:
        raise ConsentError(_("This version is not in the right state for that."))
    before = audit.snapshot(version, VERSION_FIELDS)
    version.status = to
    for name, value in fields.items():
        setattr(version, name, value)
    audit.record(actor, action, version, before=before, after=audit.snapshot(version, VERSION_FIELDS))


def submit(version: ConsentFormVersion, actor) -> None:
    """Send a draft to the ethics reviewer."""
    if not version.texts:
        raise ConsentError(_("Write the form's text in at least one language before submitting."))
    _clean_items(version.items)
    _move(version, actor, VersionStatus.DRAFT, VersionStatus.SUBMITTED, "consent_version.submit",
          submitted_at=utcnow())


def return_to_draft(version: ConsentFormVersion, actor, note: str) -> None:
    """The reviewer sends a submitted version back for changes."""
    _move(version, actor, VersionStatus.SUBMITTED, VersionStatus.DRAFT, "consent_version.return",
          approval_note=note)


def approve(version: ConsentFormVersion, actor, approved_on: date, note: str | None,
            retire_previous: bool = False) -> list[ConsentFormVersion]:
    """The ethics reviewer approves a submitted version; from now on it is frozen. With
    `retire_previous` (issue 15; the page's default) the form's other approved versions are
    retired on the same day, each its own audit event; consent records on them are untouched."""
    _move(version, actor, VersionStatus.SUBMITTED, VersionStatus.APPROVED, "consent_version.approve",
          approved_by_id=actor.id, approved_on=approved_on, approval_note=note)
    retired = []
    if retire_previous:
        for other in previous_approved(version):
            retire(other, actor, approved_on)
            retired.append(other)
    return retired


def previous_approved(version: ConsentFormVersion) -> list[ConsentFormVersion]:
    """The other approved versions of the same form (those a new approval may retire)."""
    return list(db.session.scalars(sa.select(ConsentFormVersion).where(
        ConsentFormVersion.form_id == version.form_id, ConsentFormVersion.id != version.id,
        ConsentFormVersion.status == VersionStatus.APPROVED).order_by(ConsentFormVersion.number)))


def versions_of_form(version: ConsentFormVersion) -> list[ConsentFormVersion]:
    return list(db.session.scalars(sa.select(ConsentFormVersion).where(
        ConsentFormVersion.form_id == version.form_id).order_by(ConsentFormVersion.number)))


def submitted_versions(study) -> list[ConsentFormVersion]:
    """Versions waiting for the ethics reviewer (the desk lists them)."""
    return list(db.session.scalars(sa.select(ConsentFormVersion).where(
        ConsentFormVersion.study_id == study.id, ConsentFormVersion.status == VersionStatus.SUBMITTED)
        .options(sa.orm.joinedload(ConsentFormVersion.form)).order_by(ConsentFormVersion.submitted_at)))


def retire(version: ConsentFormVersion, actor, retired_on: date) -> None:
    """No new consent on this version; records already on it stay valid (and may be flagged)."""
    _move(version, actor, VersionStatus.APPROVED, VersionStatus.RETIRED, "consent_version.retire",
          retired_on=retired_on)


def forms_of(study) -> list[ConsentForm]:
    query = (sa.select(ConsentForm).where(ConsentForm.study_id == study.id)
             .options(sa.orm.selectinload(ConsentForm.versions)).order_by(ConsentForm.title))
    return list(db.session.scalars(query))


def approved_versions(study) -> list[ConsentFormVersion]:
    """Versions a new consent record may use."""
    query = (sa.select(ConsentFormVersion)
             .where(ConsentFormVersion.study_id == study.id,
                    ConsentFormVersion.status == VersionStatus.APPROVED)
             .options(sa.orm.joinedload(ConsentFormVersion.form))
             .order_by(ConsentFormVersion.approved_on.desc(), ConsentFormVersion.id.desc()))
    return list(db.session.scalars(query))
