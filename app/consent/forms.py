"""Forms of the consent area; the consent record form is built per form version."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from app.consent.labels import (  # noqa: F401
    FLAG_LABELS,
    ITEM_SHORT_LABELS,
    METHOD_LABELS,
    NOTE_LABELS,
    PARTICIPANT_STATUS_LABELS,
    REVIEW_LABELS,
    SCOPE_LABELS,
    VERSION_STATUS_LABELS,
)
from app.core.formutils import LANGUAGE_SELF_NAMES, DateField, choices

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
    # issue 15: what happens to the form's version approved before (shown when there is one)
    previous = RadioField(_l("The version approved before"), default="retire", validators=[Optional()],
                          choices=choices([("retire", _l("Retire it: new consent only on this version "
                                                         "(records already given on it stay as they are)")),
                                           ("keep", _l("Keep it approved as well"))]))


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


class ReportForm(FlaskForm):
    """Ask for the ethics report, printed in a background job in the language chosen."""

    lang = SelectField(_l("Language of the report"), validators=[InputRequired()])

    def __init__(self, languages: dict, **kwargs):
        super().__init__(**kwargs)
        self.lang.choices = choices(languages.items())


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
