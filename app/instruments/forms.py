"""Forms for instruments, sections, questions, XLSForm import and a session's version."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from app.core.formutils import choices
from app.fieldwork.labels import SESSION_STATUS_LABELS, SESSION_TYPE_LABELS  # noqa: F401
from app.instruments.labels import KIND_LABELS, TYPE_LABELS
from app.instruments.models import LANGUAGES, UNLABELLED_TYPES, InstrumentKind, QuestionType

LANG_SUFFIX = {"en": _l("in English"), "ru": _l("in Russian"), "kk": _l("in Kazakh")}


class InstrumentForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=choices(KIND_LABELS.items()), coerce=InstrumentKind)
    submit = SubmitField(_l("Create instrument"))


class SectionForm(FlaskForm):
    title_en = StringField(_l("Section title in English"), validators=[Optional(), Length(max=300)])
    title_ru = StringField(_l("Section title in Russian"), validators=[Optional(), Length(max=300)])
    title_kk = StringField(_l("Section title in Kazakh"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Add section"))

    def titles(self) -> dict:
        return {lang: self[f"title_{lang}"].data or "" for lang in LANGUAGES}


class QuestionForm(FlaskForm):
    """One question; choices are one per line, the lines of each language matching."""

    section = SelectField(_l("Section"), coerce=int)
    type = SelectField(_l("Type"), choices=choices((t, w) for t, w in TYPE_LABELS.items()
                                                   if t not in UNLABELLED_TYPES), coerce=QuestionType)
    name = StringField(_l("Short name"), validators=[
        Optional(), Length(max=64),
        Regexp(r"^[A-Za-z_][A-Za-z0-9_.-]*$", message=_l("Latin letters, digits, dots, hyphens and "
                                                          "underscores; start with a letter."))])
    required = BooleanField(_l("An answer is required"))
    scale_min = IntegerField(_l("Scale from"), validators=[Optional(), NumberRange(-10, 100)])
    scale_max = IntegerField(_l("Scale to"), validators=[Optional(), NumberRange(-10, 100)])
    submit = SubmitField(_l("Save question"))

    for _lang in LANGUAGES:
        locals()[f"text_{_lang}"] = TextAreaField(
            _l("Question text (%(lang)s)", lang=LANG_SUFFIX[_lang]), validators=[Length(max=4000)])
        locals()[f"probes_{_lang}"] = TextAreaField(
            _l("Probes, one a line (%(lang)s)", lang=LANG_SUFFIX[_lang]), validators=[Length(max=4000)])
        locals()[f"choices_{_lang}"] = TextAreaField(
            _l("Choices, one a line (%(lang)s)", lang=LANG_SUFFIX[_lang]), validators=[Length(max=4000)])
        locals()[f"low_{_lang}"] = StringField(
            _l("Label of the lowest point (%(lang)s)", lang=LANG_SUFFIX[_lang]), validators=[Length(max=200)])
        locals()[f"high_{_lang}"] = StringField(
            _l("Label of the highest point (%(lang)s)", lang=LANG_SUFFIX[_lang]), validators=[Length(max=200)])
    del _lang

    def __init__(self, sections, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section.choices = choices(sections)

    def fill_from(self, question) -> None:
        """Put an existing question into the fields (on GET)."""
        self.section.data, self.type.data, self.name.data = question.section_id, question.type, question.name
        self.required.data = question.required
        self.scale_min.data, self.scale_max.data = question.scale_min, question.scale_max
        for lang in LANGUAGES:
            self[f"text_{lang}"].data = question.text.get(lang, "")
            self[f"probes_{lang}"].data = question.probes.get(lang, "")
            self[f"choices_{lang}"].data = "\n".join(c["label"].get(lang, "") for c in question.choices)
            for end in ("low", "high"):
                self[f"{end}_{lang}"].data = question.scale_labels.get(end, {}).get(lang, "")

    def to_fields(self, old_choices: list | None = None) -> dict:
        """The question as the services take it; choice values kept by position."""
        return {
            "name": self.name.data, "type": self.type.data, "required": self.required.data,
            "text": self._texts("text"), "probes": self._texts("probes"),
            "choices": self._choices(old_choices or []),
            "scale_min": self.scale_min.data, "scale_max": self.scale_max.data,
            "scale_labels": {"low": self._texts("low"), "high": self._texts("high")},
        }

    def _texts(self, prefix: str) -> dict:
        return {lang: self[f"{prefix}_{lang}"].data or "" for lang in LANGUAGES}

    def _choices(self, old: list) -> list:
        lines = {lang: (self[f"choices_{lang}"].data or "").splitlines() for lang in LANGUAGES}
        count = max(len(v) for v in lines.values())
        values = [c["value"] for c in old]
        result = []
        for index in range(count):
            label = {lang: lines[lang][index] for lang in LANGUAGES if index < len(lines[lang])}
            if not any(text.strip() for text in label.values()):
                continue
            value = values[index] if index < len(values) else str(index + 1)
            while value in {c["value"] for c in result}:
                value += "_"
            result.append({"value": value, "label": label})
        return result


class ImportForm(FlaskForm):
    file = FileField(_l("XLSForm workbook (.xlsx)"), validators=[FileRequired()])
    kind = SelectField(_l("Kind"), choices=choices(KIND_LABELS.items()), coerce=InstrumentKind)
    instrument = SelectField(_l("Add as a new draft of"), coerce=int)
    submit = SubmitField(_l("Preview"))

    def __init__(self, instruments, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument.choices = choices([(0, _l("A new instrument"))]
                                          + [(i.id, i.title) for i in instruments])


class AcceptImportForm(FlaskForm):
    token = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{64}$")])
    kind = HiddenField(validators=[DataRequired()])
    instrument = HiddenField(validators=[Optional(), Regexp(r"^\d+$")])
    submit = SubmitField(_l("Accept and create the draft"))


class SessionVersionForm(FlaskForm):
    version = SelectField(_l("Instrument version"), coerce=int)
    submit = SubmitField(_l("Save"))

    def __init__(self, versions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.version.choices = choices([(0, _l("None"))] + [(v.id, v.label) for v in versions])
