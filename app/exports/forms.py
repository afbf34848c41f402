"""The bundle form: format and optional filters."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import DataRequired, Optional, ValidationError

from app.core.formutils import CheckboxesField, DateField, choices
from app.exports.labels import FORMAT_LABELS
from app.fieldwork.models import SessionType
from app.recruitment.models import Sector


class BundleForm(FlaskForm):
    format = RadioField(_l("Format"), choices=choices(FORMAT_LABELS.items()), default="zip")
    session_types = CheckboxesField(_l("Session types"), validators=[Optional()])
    sectors = CheckboxesField(_l("Sectors"), validators=[Optional()])
    date_from = DateField(_l("Sessions from"), validators=[Optional()])
    date_to = DateField(_l("Sessions to"), validators=[Optional()])
    submit = SubmitField(_l("Build bundle"))

    def __init__(self, type_labels: dict, sector_labels: dict, **kwargs):
        super().__init__(**kwargs)
        self.session_types.choices = choices((t.value, type_labels.get(t, t.value)) for t in SessionType)
        self.sectors.choices = choices((s.value, sector_labels.get(s, s.value)) for s in Sector)

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))


class ProtocolsForm(FlaskForm):
    """A day's or a week's protocols in one PDF (GET form: nothing changes)."""

    class Meta:
        csrf = False

    date_from = DateField(_l("From"), validators=[DataRequired()])
    date_to = DateField(_l("To"), validators=[DataRequired()])
    lang = SelectField(_l("Language of the protocol"))
    submit = SubmitField(_l("Print protocols"))

    def __init__(self, languages: dict, **kwargs):
        super().__init__(**kwargs)
        self.lang.choices = choices(languages.items())
