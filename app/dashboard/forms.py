"""The recruitment-target form (a count of sessions of a type, or of participants, per sector)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SubmitField
from wtforms.validators import DataRequired, NumberRange, Optional

from app.core.formutils import choices
from app.fieldwork.labels import SESSION_TYPE_LABELS
from app.recruitment.labels import SECTOR_LABELS, TARGET_KIND_LABELS
from app.recruitment.models import Sector, TargetKind


def _none_or(enum_cls):
    return lambda value: enum_cls(value) if value not in (None, "", "None") else None


class TargetForm(FlaskForm):
    kind = SelectField(_l("Count"), choices=choices(TARGET_KIND_LABELS.items()), coerce=TargetKind)
    session_type = SelectField(_l("Session type"), validators=[Optional()],
                               choices=choices([("", "—")] + list(SESSION_TYPE_LABELS.items())))
    sector = SelectField(_l("Sector"), coerce=_none_or(Sector), validators=[Optional()],
                         choices=choices([("", _l("All sectors"))] + list(SECTOR_LABELS.items())))
    target_count = IntegerField(_l("Target"), validators=[DataRequired(), NumberRange(min=1, max=100000)])
    submit = SubmitField(_l("Add target"))
