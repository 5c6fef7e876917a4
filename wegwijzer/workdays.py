"""Dutch working days: a partner's promise is counted in them, public holidays excluded."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LOCAL = ZoneInfo("Europe/Amsterdam")
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


@lru_cache(maxsize=16)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (the day itself does not count)."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def local_date(utc_naive: datetime) -> date:
    """The date in the Netherlands of a stored (naive UTC) time."""
    return utc_naive.replace(tzinfo=ZoneInfo("UTC")).astimezone(LOCAL).date()


def due_date(created_at: datetime, response_days: int) -> date:
    return add_working_days(local_date(created_at), response_days)


def dutch_date(day: date, weekday: bool = True) -> str:
    """A date written out, as the writing guide asks: "donderdag 3 december"."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{DAYS[day.weekday()]} {text}" if weekday else text


def dutch_hour(moment: datetime | date | object) -> str:
    """10:00 -> "10", 9:30 -> "9.30": how times are said on a Dutch sign."""
    hour = getattr(moment, "hour", 0)
    minute = getattr(moment, "minute", 0)
    return f"{hour}" if minute == 0 else f"{hour}.{minute:02d}"
