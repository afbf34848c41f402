"""Instruments in versions with sections and questions, their approval, and structured answers."""
from app.core.extensions import db
from app.instruments import answers as answering
from app.instruments import services
from app.instruments.models import InstrumentKind

BACKGROUND = {"en": "Background", "ru": "Общие сведения"}


class InstrumentFactories:
    def instrument(self, study, questions=(), *, title: str = "Service survey",
                   kind: InstrumentKind = InstrumentKind.STRUCTURED_INTERVIEW, sections=None,
                   actor=None, approved_by=None):
        """An instrument's first version: `questions` (field dicts) in one "Background" section,
        or `sections` as [(title by language, questions)]; approved when `approved_by` is given."""
        version = services.create_instrument(study, title, kind, actor).versions[0]
        for section_title, section_questions in sections or [(BACKGROUND, questions)]:
            section = services.add_section(version, dict(section_title), actor)
            for fields in section_questions:
                services.add_question(section, dict(fields), actor)
        if approved_by is not None:
            services.approve(version, approved_by)
        db.session.commit()
        return version

    def approve_instrument(self, version, reviewer):
        services.approve(version, reviewer)
        db.session.commit()
        return version

    def instrument_draft(self, version, actor=None):
        """A draft copy of an approved version: the way to change it."""
        draft = services.copy_to_draft(version, actor)
        db.session.commit()
        return draft

    def use_instrument(self, session, version, actor=None):
        answering.assign_version(session, version, actor)
        db.session.commit()
        return session

    def answers(self, session, participant, values: dict, *, finish: bool = True, actor=None):
        """One attendee's answers, validated as the form does; invalid values fail the test."""
        attendee = next(a for a in session.attendees if a.participant_id == participant.id)
        saved, errors = answering.save_answers(attendee, values, finish, actor)
        assert not errors, errors
        db.session.commit()
        return saved
