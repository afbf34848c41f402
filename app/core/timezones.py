"""Time in Dala: the database keeps naive UTC; people see and type the study's local time.

Every conversion between the two goes through these functions, and every "day" (a consent
date, a bundle's date filter, a calendar week) is a day in the study's time zone.
"""
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Almaty"


@lru_cache(maxsize=64)
def zone(name: str | None) -> ZoneInfo:
    return ZoneInfo(name or DEFAULT_ZONE)


def to_local(value: datetime | None, tz_name: str | None = DEFAULT_ZONE) -> datetime | None:
    """A naive UTC timestamp from the database, as an aware time in the study's zone."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc).astimezone(zone(tz_name))


def to_local_naive(value: datetime | None, tz_name: str | None = DEFAULT_ZONE) -> datetime | None:
    """The study's wall-clock time of a stored timestamp, without zone (what a form shows)."""
    local = to_local(value, tz_name)
    return local.replace(tzinfo=None) if local else None


def to_utc(local: datetime, tz_name: str | None = DEFAULT_ZONE) -> datetime:
    """A wall-clock time typed in the study's zone, as naive UTC for the database."""
    return local.replace(tzinfo=zone(tz_name)).astimezone(timezone.utc).replace(tzinfo=None)


def local_day(value: datetime, tz_name: str | None = DEFAULT_ZONE) -> date:
    """The study's calendar day of a stored timestamp."""
    return to_local(value, tz_name).date()


def today(tz_name: str | None = DEFAULT_ZONE) -> date:
    return datetime.now(zone(tz_name)).date()


def day_start_utc(day: date, tz_name: str | None = DEFAULT_ZONE) -> datetime:
    """Naive UTC of the local midnight that starts `day` in the study's zone."""
    return to_utc(datetime.combine(day, time.min), tz_name)


def days_to_utc(first: date | None, last: date | None,
                tz_name: str | None = DEFAULT_ZONE) -> tuple[datetime | None, datetime | None]:
    """[start, end) in naive UTC covering the local days first..last (either may be open)."""
    start = day_start_utc(first, tz_name) if first else None
    end = day_start_utc(last + timedelta(days=1), tz_name) if last else None
    return start, end
