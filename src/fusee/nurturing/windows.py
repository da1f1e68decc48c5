"""When marketing email may go out: working days and hours (FUSEE_SEND_HOURS, 8-18 by default)
in the contact's time zone, never on a public holiday of the contact's country (the `holidays`
package, offline)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import holidays
from django.conf import settings

from fusee.nurturing.engine_time import zone

MAX_DAYS_CLOSED = 60  # weekends and holidays in a row, at most


@lru_cache(maxsize=512)
def public_holidays(country: str, year: int) -> frozenset[date]:
    try:
        return frozenset(holidays.country_holidays(country.upper(), years=year))
    except (NotImplementedError, KeyError):
        return frozenset()  # a country the package does not know: weekends only


def sending_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in public_holidays(country, day.year)


def next_opening(now: datetime, *, time_zone: str, country: str) -> datetime | None:
    """None when `now` is inside the window; else the next moment it opens (UTC)."""
    open_hour, close_hour = settings.FUSEE_SEND_HOURS
    candidate = now.astimezone(zone(time_zone))
    if sending_day(candidate.date(), country) and open_hour <= candidate.hour < close_hour:
        return None
    for _ in range(MAX_DAYS_CLOSED):
        opening = candidate.replace(hour=open_hour, minute=0, second=0, microsecond=0)
        if sending_day(candidate.date(), country) and candidate < opening:
            return opening.astimezone(UTC)
        candidate = opening + timedelta(days=1) - timedelta(hours=open_hour)  # the next midnight
    return candidate.astimezone(UTC)
