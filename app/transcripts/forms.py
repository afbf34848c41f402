"""Transcript forms: upload, speaker mapping, span decisions, new spans."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from app.core.formutils import MAX_DB_INT, choices
from app.core.templating import local_date
from app.transcripts.labels import (  # noqa: F401
    CATEGORY_LABELS,
    DECISION_LABELS,
    LANGUAGE_CHOICES,
    LANGUAGE_LABELS,
    STATUS_LABELS,
)
from app.transcripts.models import SpanCategory
from app.transcripts.services import MAX_REOPEN_REASON


class UploadForm(FlaskForm):
    session_id = SelectField(_l("Session"), coerce=int, validators=[DataRequired()])
    file = FileField(_l("Transcript file (.txt, .docx, .vtt, .srt)"), validators=[FileRequired()])
    language = SelectField(_l("Language"), choices=choices(LANGUAGE_CHOICES.items()),
                           default="auto")
    part_label = StringField(_l("Part (optional)"), validators=[Optional(), Length(max=80)])

    def __init__(self, sessions, timezone: str, *args, chosen=None, **kwargs):
        """`sessions`: the offered (latest) sessions; `chosen`: a session the member may upload
        to that was asked for by id, added when older than the offered ones."""
        super().__init__(*args, **kwargs)
        offered = list(sessions)
        if chosen is not None and all(s.id != chosen.id for s in offered):
            offered.insert(0, chosen)
        self.session_id.choices = choices(
            (s.id, f"{s.code} · {local_date(s.starts_at, timezone)}")
            for s in offered)


class DecisionForm(FlaskForm):
    action = HiddenField()
    everywhere = BooleanField(_l("Every occurrence"))


class EditSpanForm(FlaskForm):
    category = SelectField(_l("Category"), choices=choices(CATEGORY_LABELS.items()),
                           coerce=SpanCategory)
    start = IntegerField(_l("From character"), validators=[InputRequired(), NumberRange(min=0, max=MAX_DB_INT)])
    end = IntegerField(_l("To character"), validators=[InputRequired(), NumberRange(min=1, max=MAX_DB_INT)])


class AddSpanForm(FlaskForm):
    text = StringField(_l("Exact text"), validators=[Optional(), Length(max=300)])
    category = SelectField(_l("Category"), choices=choices(CATEGORY_LABELS.items()),
                           coerce=SpanCategory, default=SpanCategory.PERSON)
    everywhere = BooleanField(_l("Every occurrence"))
    start = IntegerField(validators=[Optional(), NumberRange(min=0, max=MAX_DB_INT)])
    end = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_DB_INT)])


class ReopenForm(FlaskForm):
    """Reopen an approved transcript for review: the reason goes to the audit trail."""
    reason = TextAreaField(_l("Why is it reopened?"), validators=[
        DataRequired(_l("Say why the transcript is reopened for review.")),
        Length(max=MAX_REOPEN_REASON, message=_l("The reason can be at most %(max)d characters long."))])


class PreviewForm(FlaskForm):
    """The preview's confirmation: the upload's choices and its file travel in hidden fields."""
    session_id = HiddenField(validators=[DataRequired()])
    language = HiddenField()
    part_label = HiddenField(validators=[Optional(), Length(max=80)])
    filename = HiddenField(validators=[DataRequired(), Length(max=255)])
    payload = HiddenField(validators=[DataRequired()])
    layout = SelectField(_l("Layout"), validate_choice=False)
