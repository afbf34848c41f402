"""Access check for the administration pages (global admins, not study roles)."""
from functools import wraps
from typing import Any, Callable

from flask import abort
from flask_login import current_user, login_required


def admin_required(view: Callable) -> Callable:
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    wrapped.admin_only = True
    return wrapped
