"""Builders for test data: small, explicit, fictional.

Every record is made through the real services, so audit events are written and the rules
refuse what they refuse a user (attendance without consent, a date before approval); each
builder commits, so a test client sees the record, and returns what it made. Tests find
objects by what the builders return, never by ids or names they did not choose.
"""
from tests.builders.clock import day_at, today
from tests.builders.consent import ConsentFactories, blank_pdf
from tests.builders.fieldwork import FieldworkBuilder
from tests.builders.instruments import InstrumentFactories
from tests.builders.people import DEFAULT_PASSWORD, PeopleBuilder
from tests.builders.transcripts import TranscriptFactories, speaker_ref


class Builder(PeopleBuilder, FieldworkBuilder, ConsentFactories, InstrumentFactories, TranscriptFactories):
    """`build.<record>(...)` creates one kind of record, commits and returns it."""


__all__ = ["DEFAULT_PASSWORD", "Builder", "blank_pdf", "day_at", "speaker_ref", "today"]
