"""Session, status-change and completion forms. Times are entered in the study's zone."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from app.core.formutils import CheckboxesField, DateTimeLocalField, choices
from app.fieldwork.labels import SESSION_TYPE_LABELS
from app.fieldwork.models import SessionType


def _none_or_int(value):
    return int(value) if value not in (None, "", "None") else None


class SessionForm(FlaskForm):
    type = SelectField(_l("Type"), choices=choices(SESSION_TYPE_LABELS.items()), coerce=SessionType)
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    location = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    online_url = URLField(_l("Online link"), validators=[Optional(), URL(), Length(max=500)])
    host_organisation_id = SelectField(_l("Host organisation"), coerce=_none_or_int, validators=[Optional()])
    audio_recorded = BooleanField(_l("Audio recorded"))
    facilitator_ids = CheckboxesField(_l("Facilitators"), coerce=int, validators=[DataRequired()])
    note_taker_id = SelectField(_l("Note-taker"), coerce=_none_or_int, validators=[Optional()])
    participant_ids = SelectMultipleField(_l("Invited participants"), coerce=int, render_kw={"class": "tall", "data-filter-label": _l("Search this list")})
    override_conflicts = BooleanField(_l("Save despite the warnings above"))
    submit = SubmitField(_l("Save session"))

    def __init__(self, organisations, staff, participants, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.host_organisation_id.choices = choices([("", "—")] + [(o.id, f"{o.pseudonym} · {o.name}")
                                                                  for o in organisations])
        self.facilitator_ids.choices = choices((u.id, u.name) for u in staff)
        self.note_taker_id.choices = choices([("", "—")] + [(u.id, u.name) for u in staff])
        self.participant_ids.choices = choices(participants)

    def validate_ends_at(self, field) -> None:
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The session must end after it starts."))

    def validate(self, extra_validators=None) -> bool:
        # Not a validate_location: the field's Optional() stops its chain when it is empty, and the
        # service's refusal then landed under "Starts" (issue 15). The message goes under the place.
        valid = super().validate(extra_validators)
        if not self.location.data and not self.online_url.data:
            self.location.errors = [*self.location.errors, _l("Give a place or an online link.")]
            return False
        return valid


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500)])


class CompleteForm(FlaskForm):
    """Attendance per invited participant comes as `attendance-<participant id>` fields."""

    field_notes = TextAreaField(_l("Field notes"), validators=[Optional(), Length(max=50000)])
    submit = SubmitField(_l("Complete session"))


class FeedForm(FlaskForm):
    submit = SubmitField(_l("Create a new feed address"))
