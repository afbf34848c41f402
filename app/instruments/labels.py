"""Translated words for the instruments area's codes (registered in app.core.labels)."""
from flask_babel import lazy_gettext as _l

from app.instruments.models import AnswerStatus, InstrumentKind, QuestionType, SectionKind

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
    QuestionType.INTEGER: _l("Whole number"),
    QuestionType.DATE: _l("Date"),
    QuestionType.TIME: _l("Time"),
    QuestionType.DATETIME: _l("Date and time"),
    QuestionType.ACKNOWLEDGE: _l("Acknowledgement"),
    QuestionType.CALCULATE: _l("Calculation (hidden, kept from the XLSForm)"),
    QuestionType.KEPT: _l("Kept from the XLSForm (not asked in Dala)"),
}

SECTION_KIND_LABELS = {
    SectionKind.GROUP: _l("Section"),
    SectionKind.REPEAT: _l("Repeated section"),
    SectionKind.PLAIN: _l("Questions outside any group"),
}

ANSWER_STATUS_LABELS = {AnswerStatus.DRAFT: _l("Draft"), AnswerStatus.COMPLETE: _l("Finished")}

LABELS = {"instrument_kind": KIND_LABELS, "question_type": TYPE_LABELS, "section_kind": SECTION_KIND_LABELS,
          "answer_status": ANSWER_STATUS_LABELS}
