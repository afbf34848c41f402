"""Access checks for a study's views: the member's role, declared next to each endpoint."""
from functools import wraps
from typing import Any, Callable

from flask import abort, g
from flask_login import current_user, login_required

from app.core.extensions import db
from app.core.formutils import MAX_DB_INT
from app.studies.models import Role
from app.studies.services import membership_of

ALL_ROLES = frozenset(Role)
STAFF = frozenset({Role.COORDINATOR, Role.FIELDWORKER})


def study_role(*roles: Role) -> Callable:
    """Let in members of the URL's study whose role is one of `roles` (all roles if none).

    A non-member gets 404 (the study's existence is not revealed), a member in another
    role 403. The view receives the study as `study`; `g.membership` holds the role.
    """
    allowed = frozenset(roles) or ALL_ROLES

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(study_id: int, **kwargs: Any):
            membership = membership_of(current_user, study_id)
            if membership is None:
                abort(404)
            if membership.role not in allowed:
                abort(403)
            g.study, g.membership = membership.study, membership
            return view(study=membership.study, **kwargs)

        wrapped.study_roles = allowed
        return wrapped

    return decorator


def get_in_study_or_404(model: type, object_id: int, study) -> Any:
    """Load a record of this study; one from another study is as good as missing."""
    if not 0 < object_id <= MAX_DB_INT:
        abort(404)
    obj = db.session.get(model, object_id)
    if obj is None or obj.study_id != study.id:
        abort(404)
    return obj
