"""Template filters and globals: local times, the study navigation, the language switcher."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import Flask, g, has_request_context, request
from flask_babel import format_date, format_datetime, format_number, get_locale

from app.navigation import study_nav_for


def to_study_time(value: datetime | None, tz_name: str = "Asia/Almaty") -> datetime | None:
    """A naive UTC timestamp from the database, as an aware time in the study's zone."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz_name))


def local_datetime(value: datetime | None, tz_name: str = "Asia/Almaty", fmt: str = "medium") -> str:
    local = to_study_time(value, tz_name)
    return format_datetime(local.replace(tzinfo=None), fmt) if local else ""


def local_date(value, fmt: str = "medium") -> str:
    return format_date(value, fmt) if value else ""


def register_template_helpers(app: Flask) -> None:
    from app.studies.forms import ROLE_LABELS, STATUS_LABELS

    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_template_global(get_locale, "get_locale")
    app.add_template_filter(format_number, "format_number")
    app.add_template_global(lambda role: ROLE_LABELS.get(role, role), "role_label")
    app.add_template_global(lambda status: STATUS_LABELS.get(status, status), "status_label")
    app.add_template_filter(local_datetime, "local_datetime")
    app.add_template_filter(local_date, "local_date")
    app.add_template_filter(to_study_time, "study_time")

    @app.context_processor
    def layout_context() -> dict:
        from app.auth.forms import LanguageForm

        if not has_request_context():  # a PDF rendered from the command line
            return {}
        membership = g.get("membership")
        return {
            "current_membership": membership,
            "study_nav": study_nav_for(membership.role) if membership else [],
            "language_form": LanguageForm(app.config["LANGUAGES"], locale=str(get_locale() or "en")),
            "current_path": request.full_path.rstrip("?"),
        }
