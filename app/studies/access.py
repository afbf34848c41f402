"""Access checks for a study's views, all decided by the access policy (app.core.policy).

A view declares the action it performs: ``@study_action("consent_records.review")``. A
non-member gets 404 (the study's existence is not revealed); a member whose role the policy
does not grant the action gets 403. Where the grant is for the member's own records only (a
fieldworker's own sessions), the view loads its record with `get_in_study_or_404(..., action=)`
or calls `authorize`, which answer 403 for a record that is not theirs.
"""
from functools import wraps
from typing import Any, Callable

from flask import abort, g, has_request_context, request
from flask_login import current_user, login_required

from app.core import policy
from app.core.extensions import db
from app.core.formutils import MAX_DB_INT
from app.auth import services as auth
from app.studies.services import membership_of, user_and_membership


def study_action(action: str) -> Callable:
    """Let in members of the URL's study whose role may perform `action` (on some records)."""
    policy.roles_for(action)  # an unknown action fails at start-up, not at request time

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(study_id: int, **kwargs: Any):
            membership = _loaded_membership(study_id)
            if membership is None:
                abort(404)
            if not policy.grant(membership.role, action):
                abort(403)
            g.study, g.membership = membership.study, membership
            return view(study=membership.study, **kwargs)

        wrapped.study_action = action
        return wrapped

    return decorator


def load_user(user_id: str):
    """Flask-Login's loader (app.auth.services.load_user, same checks); on a page of a study
    it reads the member's membership of that study in the same query and keeps it for
    `study_action` (one statement fewer on every study page, issue 18)."""
    view_args = request.view_args if has_request_context() else None
    study_id = view_args.get("study_id") if view_args else None
    raw_id, _, nonce = user_id.partition(":")
    if not isinstance(study_id, int) or not 0 < study_id <= MAX_DB_INT or not raw_id.isdigit() \
            or int(raw_id) > MAX_DB_INT:
        return auth.load_user(user_id)
    user, membership = user_and_membership(int(raw_id), study_id)
    user = auth.signed_in(user, nonce)
    if user is not None:
        g._dala_membership = (user.id, study_id, membership)
    return user


def _loaded_membership(study_id: int):
    """The member's membership of the URL's study: as the user loader read it, or read now."""
    loaded = g.pop("_dala_membership", None)
    if loaded is not None and loaded[0] == current_user.id and loaded[1] == study_id:
        return loaded[2]
    return membership_of(current_user, study_id, with_study=True)


def may(action: str, record: Any = None) -> bool:
    """May the member of this request perform `action` (on `record`)?"""
    membership = g.get("membership")
    return policy.allows(membership.role if membership else None, action, current_user, record)


def authorize(action: str, record: Any) -> Any:
    """The record, or 403 when the member may not perform `action` on it."""
    if not may(action, record):
        abort(403)
    return record


def get_in_study_or_404(model: type, object_id: int, study, action: str | None = None) -> Any:
    """Load a record of this study (one from another study is as good as missing); with an
    action, also check the member may perform it on this record."""
    if not 0 < object_id <= MAX_DB_INT:
        abort(404)
    obj = db.session.get(model, object_id)
    if obj is None or obj.study_id != study.id:
        abort(404)
    return authorize(action, obj) if action else obj
