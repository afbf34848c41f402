"""The builders' clock: the day it is now where the study is.

Every "day" in Dala (a consent date, a withdrawal, an approval, a session's day) is a day in the
study's time zone (DESIGN.md; app.core.timezones), so the data is built on that day, not on the
machine's: from 19:00 UTC it is already tomorrow in Almaty, and a consent dated on the machine's
day would be a day old there (or a session's day ahead of its consent). Read when the data is
built, never at import (tests/test_clock_at_import.py).
"""
from datetime import date, datetime, time, timedelta

from app.core import timezones


def today(study=None) -> date:
    """Today in `study`'s time zone (a Study, or a zone's name; none: the default zone, Asia/Almaty,
    every built study's unless it was given another)."""
    zone = study if study is None or isinstance(study, str) else study.timezone
    return timezones.today(zone)


def day_at(days: int, hour_utc: int = 5, study=None) -> datetime:
    """Naive UTC of `days` from the study's today (negative: in the past) at `hour_utc` (05:00 UTC
    is 10:00 in Almaty, the same day there)."""
    return datetime.combine(today(study) + timedelta(days=days), time(hour_utc))
