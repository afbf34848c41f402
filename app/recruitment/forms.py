"""Organisation, participant, status, target and import forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import (
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from app.core.formutils import choices
from app.core.labels import LANGUAGE_LABELS
from app.recruitment.labels import (
    GENDER_LABELS,
    RECRUITMENT_LABELS,
    SECTOR_LABELS,
)
from app.recruitment.models import Gender, RecruitmentStatus, Sector


def _none_or_int(value):
    return int(value) if value not in (None, "", "None") else None


def _none_or(enum_cls):
    return lambda value: enum_cls(value) if value not in (None, "", "None") else None


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    sector = SelectField(_l("Sector"), choices=choices(SECTOR_LABELS.items()), coerce=Sector)
    region = StringField(_l("Region"), validators=[Optional(), Length(max=200)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save organisation"))


class ParticipantForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    organisation_id = SelectField(_l("Organisation"), coerce=_none_or_int, validators=[Optional()])
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    gender = SelectField(_l("Gender"), coerce=_none_or(Gender), validators=[Optional()],
                         choices=choices([("", "—")] + list(GENDER_LABELS.items())))
    languages = SelectMultipleField(_l("Languages"), choices=choices(LANGUAGE_LABELS.items()))
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=64)])
    referred_by_id = SelectField(_l("Referred by"), coerce=_none_or_int, validators=[Optional()],
                                 render_kw={"data-filter-label": _l("Search this list")})
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save participant"))

    def __init__(self, organisations, participants, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = choices([("", "—")] + [(o.id, f"{o.pseudonym} · {o.name}")
                                                              for o in organisations])
        self.referred_by_id.choices = choices([("", "—")] + participants)


class StatusForm(FlaskForm):
    status = HiddenField(validators=[DataRequired()])
    reason = StringField(_l("Why (optional)"), validators=[Optional(), Length(max=500)])

    def to_status(self) -> RecruitmentStatus | None:
        try:
            return RecruitmentStatus(self.status.data)
        except ValueError:
            return None


MAX_CSV_BYTES = 1024 * 1024


class ImportForm(FlaskForm):
    kind = SelectField(_l("The file holds"), choices=choices([
        ("organisations", _l("Organisations")), ("participants", _l("Participants"))]))
    file = FileField(_l("CSV file"), validators=[
        FileRequired(), FileAllowed(["csv", "txt"], _l("A .csv file, please.")),
        FileSize(max_size=MAX_CSV_BYTES, message=_l("The file is larger than 1 MB; split it into parts."))])
    submit = SubmitField(_l("Preview"))


class ConfirmImportForm(FlaskForm):
    kind = HiddenField(validators=[DataRequired()])
    content = HiddenField(validators=[DataRequired(), Length(max=MAX_CSV_BYTES)])
    submit = SubmitField(_l("Import"))


STATUS_CHOICES = choices([("", _l("Any status"))] + list(RECRUITMENT_LABELS.items()))
SECTOR_CHOICES = choices([("", _l("Any sector"))] + list(SECTOR_LABELS.items()))
