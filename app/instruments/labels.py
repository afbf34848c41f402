"""Translated words for the instruments area's codes (registered in app.core.labels)."""
from flask_babel import lazy_gettext as _l

from app.instruments.models import AnswerStatus, InstrumentKind, QuestionType

KIND_LABELS = {
    InstrumentKind.STRUCTURED_INTERVIEW: _l("Structured interview"),
    InstrumentKind.SEMI_STRUCTURED_INTERVIEW: _l("Semi-structured interview guide"),
    InstrumentKind.FOCUS_GROUP_GUIDE: _l("Focus group topic guide"),
    InstrumentKind.OBSERVATION_PROTOCOL: _l("Observation protocol"),
    InstrumentKind.QUESTIONNAIRE: _l("Questionnaire"),
}
TYPE_LABELS = {
    QuestionType.TEXT: _l("Open text"),
    QuestionType.SINGLE: _l("Single choice"),
    QuestionType.MULTIPLE: _l("Multiple choice"),
    QuestionType.SCALE: _l("Scale with labelled ends"),
    QuestionType.YES_NO: _l("Yes / no"),
    QuestionType.NUMBER: _l("Number"),
    QuestionType.NOTE: _l("Note (read out, no answer)"),
}

ANSWER_STATUS_LABELS = {AnswerStatus.DRAFT: _l("Draft"), AnswerStatus.COMPLETE: _l("Finished")}

LABELS = {"instrument_kind": KIND_LABELS, "question_type": TYPE_LABELS, "answer_status": ANSWER_STATUS_LABELS}
