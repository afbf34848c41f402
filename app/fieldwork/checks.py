"""Checks that higher areas add to attendance and to completing a session.

The consent rules (DESIGN.md rule 3) are added here by app.wiring when the app starts, so
fieldwork need not know about consent: each attendance check returns None when the participant
may be marked attended, or a message saying what is missing; each completion check returns the
messages that stop completion.
"""
from app.core.hooks import Hook

ATTENDANCE_CHECKS = Hook("attendance checks")  # check(session, participant) -> str | None
COMPLETION_CHECKS = Hook("completion checks")  # check(session) -> list[str]


def attendance_refusals(session, participant) -> list[str]:
    """Why this participant may not be marked attended in this session (empty: they may)."""
    return [msg for check in ATTENDANCE_CHECKS if (msg := check(session, participant))]


def completion_refusals(session) -> list[str]:
    """Why this session may not be completed yet (empty: it may)."""
    return [msg for check in COMPLETION_CHECKS for msg in check(session)]
