"""What every view of a list or an edit form does the same way."""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, request

from app.core.concurrency import StaleEdit, summary
from app.core.domain import DomainError
from app.core.extensions import db
from app.core.formutils import db_int


def list_args(default_sort: str) -> tuple[str, str, int]:
    sort = request.args.get("sort", default_sort)
    direction = "desc" if request.args.get("dir") == "desc" else "asc"
    return sort, direction, request.args.get("page", 1, type=db_int)


@dataclass
class Outcome:
    """How a service call ended: done (with its value), stale (someone saved first) or refused."""

    done: bool
    value: Any = None
    stale: StaleEdit | None = None
    error: str | None = None


def attempt(action: Callable[[], Any], refusals: tuple[type[Exception], ...] = (DomainError,)) -> Outcome:
    """Run a service call as one unit of work: commit what it did, or, when someone else saved
    first (StaleEdit) or the service refused, roll back so nothing is half-saved (rule 8)."""
    try:
        value = action()
    except StaleEdit as stale:
        db.session.rollback()
        return Outcome(False, stale=stale)
    except refusals as error:
        db.session.rollback()
        return Outcome(False, error=str(error))
    db.session.commit()
    return Outcome(True, value=value)


def flash_outcome(outcome: Outcome, done: str, stale_labels: dict | None = None) -> bool:
    """Flash what happened; True when it was done."""
    if outcome.done:
        flash(done, "success")
    elif outcome.stale is not None:
        flash(summary(outcome.stale, stale_labels or {}), "error")
    else:
        flash(outcome.error, "error")
    return outcome.done
