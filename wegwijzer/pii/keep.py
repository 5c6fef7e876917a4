"""Numbers that must survive the guard: dates, amounts, times, years, postcodes, phone numbers.

The detectors skip these spans, so a date near the word "sms" is not taken
for a code and a phone number is not read as a BSN. The patterns are tight on
purpose: a date must not be glued to more digits (`12-03-2024-5` is not a
date), so a BSN cannot hide inside one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers

from wegwijzer.pii.text import Span, overlaps

# No digit, and no separator followed by a digit, on either side.
_ALONE_BEFORE = r"(?<!\d)(?<!\d[-/.])"
_ALONE_AFTER = r"(?!\d)(?![-/.]\d)"
_DATE = re.compile(
    rf"{_ALONE_BEFORE}(?:(?P<d>\d{{1,2}})(?P<s>[-/.])(?P<m>\d{{1,2}})(?P=s)(?:19|20)\d{{2}}"
    rf"|(?:19|20)\d{{2}}(?P<s2>[-/.])(?P<m2>\d{{1,2}})(?P=s2)(?P<d2>\d{{1,2}})){_ALONE_AFTER}"
)
_AMOUNT = re.compile(
    rf"(?:€|\beur(?:o|os)?\b)\s*\d+(?:[.,]\d+)*(?:,-)?{_ALONE_AFTER}"
    rf"|{_ALONE_BEFORE}\d+(?:[.,]\d+)*(?:,-)?\s*(?:€|eur(?:o|os)?\b)"
    rf"|{_ALONE_BEFORE}\d+(?:\.\d{{3}})*,(?:\d{{2}}|-){_ALONE_AFTER}",
    re.IGNORECASE,
)
_TIME = re.compile(rf"{_ALONE_BEFORE}(?:[01]?\d|2[0-3])[:.][0-5]\d{_ALONE_AFTER}")
_YEAR = re.compile(r"(?<![\d\-/.])(?:19|20)\d{2}(?![\d\-/.])")
# Dutch postcodes: 4 digits (no leading 0), then two capitals, or two small letters glued on.
_POSTCODE = re.compile(r"(?<![\w\-/.])[1-9]\d{3}(?: ?[A-Z]{2}|[a-z]{2})(?!\w)")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _valid_date(match: re.Match[str]) -> bool:
    day = match.group("d") or match.group("d2")
    month = match.group("m") or match.group("m2")
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def dates(text: str) -> Iterable[Span]:
    return (m.span() for m in _DATE.finditer(text) if _valid_date(m))


def amounts(text: str) -> Iterable[Span]:
    return (m.span() for m in _AMOUNT.finditer(text))


def phone_numbers(text: str) -> list[Span]:
    """Dutch or international numbers written as phone numbers: from 0, + or 00.

    Nine bare digits can be a valid number to `phonenumbers` too ("612345678"),
    but that is how a BSN is written; only the trunk prefix makes it a phone.
    A date such as 09-09-1930 is never one. Nor is a number of fewer than ten
    digits: only service numbers (0800 1234) are that short, no number to call a
    visitor back on, and what looks like one may be a BSN or an SMS code.
    """
    spans = []
    calendar = list(dates(text))
    for match in phonenumbers.PhoneNumberMatcher(text, "NL"):
        span = (match.start, match.end)
        if len(re.sub(r"\D", "", match.raw_string)) < 10:
            continue
        if match.raw_string.lstrip("(").startswith(("0", "+")) and not overlaps(span, calendar):
            spans.append(span)
    return spans


def never(text: str) -> list[Span]:
    """Spans that are something else: e-mail addresses and phone numbers (their own kinds)."""
    return [m.span() for m in EMAIL.finditer(text)] + phone_numbers(text)


def kept(text: str) -> list[Span]:
    """Dates and amounts: never a BSN, a secret only when named ("wachtwoord is 12-03-1980")."""
    return list(dates(text)) + list(amounts(text))


def soft(text: str) -> list[Span]:
    """Spans a code near a context word may not be: times, years, postcodes, links.

    A value named right after "pincode is" still counts (`pincode is 1987`);
    a BSN is checked on its digits whatever it looks like, so a year does not
    hide the first group of `2012 34 567`.
    """
    spans = [m.span() for m in _TIME.finditer(text)]
    spans += [m.span() for m in _YEAR.finditer(text)]
    spans += [m.span() for m in _POSTCODE.finditer(text)]
    spans += [m.span() for m in _URL.finditer(text)]
    return spans
