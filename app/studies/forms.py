"""Study and membership forms."""
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.core.formutils import CheckboxesField, DateField, choices
from app.core.labels import LANGUAGE_LABELS
from app.studies.labels import PLACEHOLDER_WORDS_LABELS, ROLE_LABELS, STATUS_LABELS
from app.studies.models import PlaceholderWords, Role, StudyStatus


class StudyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    ethics_ref = StringField(_l("Ethics approval reference"), validators=[Optional(), Length(max=100)])
    approving_body = StringField(_l("Approving body"), validators=[Optional(), Length(max=300)])
    approval_valid_until = DateField(_l("Approval valid until"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=choices(STATUS_LABELS.items()), coerce=StudyStatus)
    timezone = StringField(_l("Time zone"), default="Asia/Almaty",
                           validators=[DataRequired(), Length(max=64)])
    languages = CheckboxesField(_l("Languages"), choices=choices(LANGUAGE_LABELS.items()),
                                default=["ru", "kk", "en"], validators=[DataRequired()])
    placeholder_words = RadioField(_l("Pseudonym placeholders in bundles"),
                                   choices=choices(PLACEHOLDER_WORDS_LABELS.items()), coerce=PlaceholderWords,
                                   default=PlaceholderWords.CODES)
    end_date = DateField(_l("End of the study"), validators=[Optional()])
    retain_identifiable_months = IntegerField(_l("Keep identifiable data (months after the end)"),
                                              validators=[Optional(), NumberRange(min=0, max=1200)])
    retain_consent_months = IntegerField(_l("Keep consent evidence (months after the end)"),
                                         validators=[Optional(), NumberRange(min=0, max=1200)])
    retain_outputs_months = IntegerField(_l("Keep anonymised outputs (months after the end)"),
                                         validators=[Optional(), NumberRange(min=0, max=1200)])
    submit = SubmitField(_l("Save study"))

    def validate_timezone(self, field) -> None:
        if field.data not in available_timezones():
            raise ValidationError(_l("Unknown time zone; use a name such as Asia/Almaty."))


class AddMemberForm(FlaskForm):
    email = StringField(_l("User's e-mail"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(_l("Role"), choices=choices(ROLE_LABELS.items()), coerce=Role)
    submit = SubmitField(_l("Add member"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=choices(ROLE_LABELS.items()), coerce=Role)
    submit = SubmitField(_l("Change role"))


class NewStudyForm(StudyForm):
    coordinator_email = StringField(_l("First coordinator's e-mail"),
                                    validators=[DataRequired(), Length(max=254)])


class CoordinatorForm(FlaskForm):
    email = StringField(_l("Coordinator's e-mail"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Add coordinator"))
