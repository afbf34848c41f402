"""Forms of the consent area; the consent record form is built per form version."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FieldList, Form, FormField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from app.consent.models import ConsentMethod, NoteKind, VersionStatus, WithdrawalScope
from app.formutils import LANGUAGE_SELF_NAMES, DateField, choices
from app.recruitment.models import RecruitmentStatus

METHOD_LABELS = {
    ConsentMethod.WRITTEN: _l("Written"),
    ConsentMethod.ORAL_RECORDED: _l("Oral, recorded"),
    ConsentMethod.ELECTRONIC: _l("Electronic"),
}
SCOPE_LABELS = {
    WithdrawalScope.STOP: _l("Stop taking part (data already given is kept)"),
    WithdrawalScope.WITHDRAW_DATA: _l("Stop taking part and withdraw the data already given"),
}
VERSION_STATUS_LABELS = {
    VersionStatus.DRAFT: _l("Draft"),
    VersionStatus.SUBMITTED: _l("Submitted"),
    VersionStatus.APPROVED: _l("Approved"),
    VersionStatus.RETIRED: _l("Retired"),
}
ITEM_SHORT_LABELS = {
    "participation": _l("Take part"),
    "audio": _l("Audio recording"),
    "quotation": _l("Anonymised quotation"),
    "archiving": _l("Archiving and sharing"),
}
NOTE_LABELS = {
    NoteKind.REVIEWED: _l("Marked reviewed"),
    NoteKind.QUERY: _l("Query"),
    NoteKind.ANSWER: _l("Answer"),
}
REVIEW_LABELS = {"reviewed": _l("Reviewed"), "query": _l("Query open"), "answered": _l("Query answered")}
FLAG_LABELS = {
    "attended_without_consent": _l("Attended without valid consent"),
    "audio_without_consent": _l("Recorded without recording consent"),
    "retired_version": _l("Consent on a retired version"),
    "approval_expiring": _l("Ethics approval expiring"),
    "approval_expired": _l("Ethics approval expired"),
    "missing_scan": _l("Written consent without a scan"),
    "withdrawn_data_in_transcript": _l("Withdrawn data still in an approved transcript"),
}
PARTICIPANT_STATUS_LABELS = {
    RecruitmentStatus.IDENTIFIED: _l("identified"),
    RecruitmentStatus.CONTACTED: _l("contacted"),
    RecruitmentStatus.AGREED: _l("agreed"),
    RecruitmentStatus.SCHEDULED: _l("scheduled"),
    RecruitmentStatus.PARTICIPATED: _l("participated"),
    RecruitmentStatus.DECLINED: _l("declined"),
    RecruitmentStatus.WITHDRAWN: _l("withdrawn"),
    RecruitmentStatus.UNREACHABLE: _l("unreachable"),
}
LANGUAGE_NAMES = LANGUAGE_SELF_NAMES
YES_NO = choices([("yes", _l("Yes")), ("no", _l("No"))])


class NewFormForm(FlaskForm):
    title = StringField(_l("Title of the new form"), validators=[DataRequired(), Length(max=200)])


class ItemForm(Form):
    key = StringField(_l("Key"), validators=[Optional(), Length(max=40), Regexp(
        r"^[a-z][a-z0-9_]*$", message=_l("Lower-case letters, digits and _ only, e.g. photos."))])
    label_en = TextAreaField(_l("Wording in English"), validators=[Optional(), Length(max=1000)])
    label_ru = TextAreaField(_l("Wording in Russian"), validators=[Optional(), Length(max=1000)])
    label_kk = TextAreaField(_l("Wording in Kazakh"), validators=[Optional(), Length(max=1000)])


class VersionForm(FlaskForm):
    text_en = TextAreaField(_l("Text in English"), validators=[Optional(), Length(max=20000)])
    text_ru = TextAreaField(_l("Text in Russian"), validators=[Optional(), Length(max=20000)])
    text_kk = TextAreaField(_l("Text in Kazakh"), validators=[Optional(), Length(max=20000)])
    items = FieldList(FormField(ItemForm), min_entries=0)


class ApproveForm(FlaskForm):
    approved_on = DateField(_l("Approved on"), validators=[DataRequired()])
    note = TextAreaField(_l("Approval note"), validators=[Optional(), Length(max=2000)])


class ReturnForm(FlaskForm):
    note = TextAreaField(_l("What needs changing"), validators=[DataRequired(), Length(max=2000)])


class RetireForm(FlaskForm):
    retired_on = DateField(_l("Retired on"), validators=[DataRequired()])


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[Optional(), Length(max=4000)])


class WithdrawForm(FlaskForm):
    withdrawn_on = DateField(_l("Date of withdrawal"), validators=[DataRequired()])
    scope = RadioField(_l("Scope"), choices=choices(SCOPE_LABELS.items()), validators=[InputRequired()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class PrintForm(FlaskForm):
    class Meta:
        csrf = False

    version = SelectField(_l("Form version"), coerce=int)
    lang = SelectField(_l("Language"), choices=choices(LANGUAGE_NAMES.items()))


class RecordBaseForm(FlaskForm):
    consent_date = DateField(_l("Date consent was given"), validators=[DataRequired()])
    method = SelectField(_l("Method"), choices=choices(METHOD_LABELS.items()), validators=[InputRequired()])
    obtained_by = SelectField(_l("Obtained by"), coerce=int, validators=[InputRequired()])
    scan = FileField(_l("Scan of the signed form (PDF, JPEG or PNG)"))
    reason = TextAreaField(_l("Reason for the correction"), validators=[Optional(), Length(max=2000)])


def item_field_name(key: str) -> str:
    return f"item_{key}"


def record_form(version, lang: str, **kwargs) -> RecordBaseForm:
    """The consent record form with a yes/no question for each item of this version."""

    class RecordForm(RecordBaseForm):
        pass

    for key in version.item_keys:
        setattr(RecordForm, item_field_name(key), RadioField(
            version.item_label(key, lang), choices=YES_NO, validators=[InputRequired(
                message=_l("Answer yes or no."))]))
    return RecordForm(**kwargs)
