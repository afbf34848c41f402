"""Reasons Dala writes itself (a status change because of a session, a withdrawal), stored as a
code with parameters and translated when shown, so the trail reads in each reader's language.

`coded("invited", session="FG-07")` is what services store; `shown(stored)` is what pages, CSV
exports and the audit trail show. A reason a person typed, or one stored before codes existed
("Invited to FG-07"), is shown as it is.
"""
from flask_babel import lazy_gettext as _l

from app.core import labels

PREFIX = "code:"

# code -> (sentence with %(name)s parameters, {parameter: label kind to translate its value})
REASONS = {
    "invited": (_l("invited to %(session)s"), {}),
    "attended": (_l("attended %(session)s"), {}),
    "consent_withdrawal": (_l("consent withdrawal (%(scope)s)"), {"scope": "withdrawal_scope"}),
}


def coded(code: str, **params: str) -> str:
    """The stored form of a reason Dala gives: `code:invited;session=FG-07`."""
    if code not in REASONS:
        raise KeyError(code)
    return PREFIX + ";".join([code, *(f"{k}={v}" for k, v in params.items())])


def parse(stored: str | None) -> tuple[str, dict[str, str]] | None:
    """(code, parameters) of a coded reason; None for free text."""
    if not isinstance(stored, str) or not stored.startswith(PREFIX):
        return None
    code, *pairs = stored[len(PREFIX):].split(";")
    if code not in REASONS:
        return None
    return code, dict(pair.split("=", 1) for pair in pairs if "=" in pair)


def shown(stored: str | None) -> str:
    """The reason in the reader's language; free text as it was typed."""
    if stored is None:
        return ""
    found = parse(stored)
    if found is None:
        return str(stored)
    code, params = found
    text, kinds = REASONS[code]
    words = {k: labels.label(kinds[k], v) if k in kinds else v for k, v in params.items()}
    try:
        return str(text) % words
    except (KeyError, TypeError, ValueError):
        return str(stored)
