"""Template filters and globals: local times, labels, the policy, the navigation, the language switcher."""
from datetime import datetime

from flask import Flask, g, has_request_context, request
from flask_babel import (
    format_date,
    format_datetime,
    format_number,
    format_time,
    get_locale,
)
from flask_login import current_user

from app.core import labels, policy, reasons, timezones
from app.core.formutils import LanguageForm
from app.core.navigation import study_nav_for

# Kept for the templates and modules that read times in the study's zone by this name.
to_study_time = timezones.to_local


def local_datetime(value: datetime | None, tz_name: str = timezones.DEFAULT_ZONE, fmt: str = "medium") -> str:
    local = timezones.to_local_naive(value, tz_name)
    return format_datetime(local, fmt) if local else ""


def local_date(value, fmt: str = "medium") -> str:
    return format_date(value, fmt) if value else ""


def local_time(value: datetime | None, tz_name: str) -> str:
    """The time of day of a naive UTC timestamp in the study's zone (`14:30`, `2:30 PM`)."""
    return format_time(timezones.to_local_naive(value, tz_name), "short") if value else ""


def current_role() -> policy.Role | None:
    membership = g.get("membership")
    return membership.role if membership else None


def can(action: str, record=None) -> bool:
    """May the signed-in member do this here (on this record)? For showing buttons and columns."""
    user = current_user if has_request_context() else None
    return policy.allows(current_role(), action, user, record)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_global(get_locale, "get_locale")
    app.add_template_filter(format_number, "format_number")
    app.add_template_filter(local_datetime, "local_datetime")
    app.add_template_filter(local_date, "local_date")
    app.add_template_filter(to_study_time, "study_time")
    app.add_template_filter(reasons.shown, "reason")  # a coded reason in the reader's language
    app.add_template_global(local_time, "local_time")
    app.add_template_global(labels.label, "label")
    app.add_template_global(can, "can")
    for kind in labels.kinds():
        app.add_template_global(lambda code, kind=kind: labels.label(kind, code), f"{kind}_label")

    @app.context_processor
    def layout_context() -> dict:
        if not has_request_context():  # a PDF rendered from the command line
            return {}
        membership = g.get("membership")
        role = membership.role if membership else None
        return {
            "current_membership": membership,
            "study_nav": study_nav_for(role) if membership else [],
            # formdata=None: the layout never reads the request body (a 413 page must not)
            "language_form": LanguageForm(app.config["LANGUAGES"], formdata=None,
                                          locale=str(get_locale() or "en")),
            "current_path": request.full_path.rstrip("?"),
            "sees_contacts": policy.allows(role, "contacts.view"),
            "is_coordinator": role == policy.Role.COORDINATOR,
            "is_staff": role in (policy.Role.COORDINATOR, policy.Role.FIELDWORKER),
        }
