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
# Month names as a date is written in each language ("1 grudnia": Polish and Ukrainian
# use the genitive). Arabic has two sets of names (ديسمبر and كانون الأول), read
# differently per country: Arabic dates stay in digits, which every reader knows.
MONTHS_IN: dict[str, tuple[str, ...]] = {
    "nl": MONTHS,
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "pl": (
        "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
        "lipca", "sierpnia", "września", "października", "listopada", "grudnia",
    ),
    "tr": (
        "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran",
        "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık",
    ),
    "uk": (
        "січня", "лютого", "березня", "квітня", "травня", "червня",
        "липня", "серпня", "вересня", "жовтня", "листопада", "грудня",
    ),
}  # fmt: skip
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


def visitor_date(day: date, language: str) -> str:
    """Dutch written out; other languages as day-month-year digits, read the same in each."""
    return dutch_date(day) if language == "nl" else f"{day.day:02d}-{day.month:02d}-{day.year}"


def written_date(day: date, language: str) -> str:
    """A date with the month written out in the visitor's language ("1 December 2026");
    digits where the language has no single set of month names (Arabic)."""
    months = MONTHS_IN.get(language)
    if months is None:
        return visitor_date(day, language)
    return f"{day.day} {months[day.month - 1]} {day.year}"


def dutch_hour(moment: datetime | date | object) -> str:
    """10:00 -> "10", 9:30 -> "9.30": how times are said on a Dutch sign."""
    hour = getattr(moment, "hour", 0)
    minute = getattr(moment, "minute", 0)
    return f"{hour}" if minute == 0 else f"{hour}.{minute:02d}"
