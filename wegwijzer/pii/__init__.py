"""The PII guard: remove BSNs, IBANs, login secrets and contact details from visitor text.

Applied to every visitor message before it reaches Rasa, a log line or the
database, and to notes on referrals. A removed value is replaced by a
placeholder that says what was there, so the conversation still reads
naturally and the visitor can be told.

The guard matches on a normal form (`text.normalise`: NFKC, ASCII digits, no
invisible characters) and on numbers with their separators collapsed, so
`1234-56-782`, `BSN: 12 34 56 782` and `nl91-abna-0417-1643-00` are found like
their plain forms. Checksums (the 11-proef, IBAN mod 97) decide where no word
names the value; a word nearby ("bsn", "wachtwoord", "sms", "code", ...)
decides where a checksum cannot. What must survive (dates, amounts, phone
numbers in a referral form, postcodes, years) is in `keep`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from stdnum import iban
from stdnum.nl import bsn

from wegwijzer.pii import keep
from wegwijzer.pii.secrets import secret_spans
from wegwijzer.pii.text import (
    SEPARATOR,
    Span,
    chains,
    normalise,
    tokens,
    window,
    word_positions,
)

__all__ = ["PLACEHOLDERS", "Finding", "PiiKind", "Scrubbed", "find", "normalise", "scrub"]


class PiiKind(StrEnum):
    BSN = "bsn"
    IBAN = "iban"
    SECRET = "secret"
    PHONE = "phone"
    EMAIL = "email"


PLACEHOLDERS = {
    PiiKind.BSN: "[BSN weggehaald]",
    PiiKind.IBAN: "[rekeningnummer weggehaald]",
    PiiKind.SECRET: "[code weggehaald]",
    PiiKind.PHONE: "[telefoonnummer weggehaald]",
    PiiKind.EMAIL: "[e-mailadres weggehaald]",
}

# Words that name a BSN; within BSN_WINDOW words of one, eight or nine digits are a BSN.
_BSN_WORD = re.compile(
    r"bsn(?:-?nummer|nr)?|burgerservicenummer|burgerservice-?nummer|sofi-?nummer|sofinr"
    r"|persoonsnummer"
)
BSN_WINDOW = 6
# Two letters (a country), two check digits, then groups of letters and digits.
_IBAN_START = re.compile(rf"(?<![A-Za-z0-9])[A-Za-z]{{2}}(?:{SEPARATOR}{{0,3}}\d){{2}}")
_IBAN_GROUP = re.compile(rf"{SEPARATOR}{{0,3}}[A-Za-z0-9]+")
IBAN_MAX = 34
_GLUE = re.compile(rf"{SEPARATOR}*")


@dataclass(frozen=True)
class Finding:
    """A value to remove; `start`/`end` index the normalised text."""

    kind: PiiKind
    start: int
    end: int


@dataclass(frozen=True)
class Scrubbed:
    text: str
    kinds: frozenset[PiiKind]

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


@dataclass(frozen=True)
class _Text:
    """A normalised text with the spans the detectors share."""

    text: str
    never: list[Span]
    kept: list[Span]
    soft: list[Span]

    @classmethod
    def of(cls, text: str) -> _Text:
        return cls(text, keep.never(text), keep.kept(text), keep.soft(text))


def _email_findings(t: _Text) -> Iterable[Finding]:
    for match in keep.EMAIL.finditer(t.text):
        yield Finding(PiiKind.EMAIL, match.start(), match.end())


def _iban_findings(t: _Text) -> Iterable[Finding]:
    """The longest run from a country code on that passes the IBAN checks."""
    for start in _IBAN_START.finditer(t.text):
        compact, ends = _iban_candidate(t.text, start.start())
        for length in range(min(len(compact), IBAN_MAX), 14, -1):
            if iban.is_valid(compact[:length], check_country=False):
                yield Finding(PiiKind.IBAN, start.start(), ends[length - 1])
                break


def _iban_candidate(text: str, start: int) -> tuple[str, list[int]]:
    """Letters and digits from `start` with separators dropped, upper case, and where each ends."""
    compact: list[str] = []
    ends: list[int] = []
    position = start
    while len(compact) < IBAN_MAX:
        group = _IBAN_GROUP.match(text, position)
        if group is None:
            break
        for offset, char in enumerate(group.group()):
            if char.isalnum():
                compact.append(char.upper())
                ends.append(group.start() + offset + 1)
        position = group.end()
    return "".join(compact), ends


def _bsn_findings(t: _Text) -> Iterable[Finding]:
    """Nine digits in any grouping that pass the 11-proef; near "bsn", eight or nine digits."""
    blocked = t.never + t.kept
    found = chains(t.text, blocked)
    for chain in found:
        for span, digits in chain.runs(t.text, 9):
            if bsn.is_valid(digits):
                yield Finding(PiiKind.BSN, *span)
    words = tokens(t.text, lambda word: _BSN_WORD.fullmatch(word) is not None)
    positions = word_positions(words, found)
    for index, token in enumerate(words):
        if not _BSN_WORD.fullmatch(token.word):
            continue
        low, high = window(words, positions, index, BSN_WINDOW)
        for chain in found:
            if not low <= chain.span()[0] < high:
                continue
            yield from (Finding(PiiKind.BSN, *span) for span, _ in chain.runs(t.text, 9))
            for span, digits in chain.runs(t.text, 8):
                if bsn.is_valid(digits.zfill(9)):
                    yield Finding(PiiKind.BSN, *span)


def _secret_findings(t: _Text) -> Iterable[Finding]:
    for start, end in secret_spans(t.text, t.never, t.kept, t.soft):
        yield Finding(PiiKind.SECRET, start, end)


def _phone_findings(t: _Text) -> Iterable[Finding]:
    for start, end in keep.phone_numbers(t.text):
        yield Finding(PiiKind.PHONE, start, end)


# Order matters: an earlier detector's span wins where two overlap.
_STRICT: tuple[Callable[[_Text], Iterable[Finding]], ...] = (
    _email_findings,
    _iban_findings,
    _bsn_findings,
    _secret_findings,
)
_CONTACT: tuple[Callable[[_Text], Iterable[Finding]], ...] = (_phone_findings,)


def _uncovered(finding: Finding, taken: list[Finding]) -> Iterable[Finding]:
    """The parts of `finding` no earlier finding covers, if they hold a letter or digit."""
    start = finding.start
    for other in sorted(taken, key=lambda f: f.start):
        if other.end <= start or other.start >= finding.end:
            continue
        if other.start > start:
            yield Finding(finding.kind, start, other.start)
        start = max(start, other.end)
    if start < finding.end:
        yield Finding(finding.kind, start, finding.end)


def find(text: str, *, contact: bool = True) -> list[Finding]:
    """Findings in `normalise(text)`, in text order, none overlapping.

    Where two overlap, the earlier detector names the kind and a later one
    still claims what sticks out, so the union of everything found is removed.
    """
    normal = _Text.of(normalise(text))
    detectors = _STRICT + (_CONTACT if contact else ())
    taken: list[Finding] = []
    for detector in detectors:
        for finding in detector(normal):
            for part in _uncovered(finding, taken):
                if any(c.isalnum() for c in normal.text[part.start : part.end]):
                    taken.append(part)
    return _merged(sorted(taken, key=lambda f: f.start), normal.text)


def _merged(findings: list[Finding], text: str) -> list[Finding]:
    """Neighbours of one kind with only separators between them become one finding."""
    out: list[Finding] = []
    for finding in findings:
        glued = out and _GLUE.fullmatch(text, out[-1].end, finding.start)
        if glued and out[-1].kind == finding.kind:
            out[-1] = Finding(finding.kind, out[-1].start, finding.end)
        else:
            out.append(finding)
    return out


def scrub(text: str, *, contact: bool = True) -> Scrubbed:
    """The normalised text with each finding replaced by its placeholder.

    `contact=False` keeps phone numbers (used for notes on a referral, whose
    contact details are stored on purpose); e-mail addresses, BSNs, IBANs and
    secrets always go.
    """
    normal = normalise(text)
    findings = find(normal, contact=contact)
    parts: list[str] = []
    cursor = 0
    for finding in findings:
        parts.append(normal[cursor : finding.start])
        parts.append(PLACEHOLDERS[finding.kind])
        cursor = finding.end
    parts.append(normal[cursor:])
    return Scrubbed("".join(parts), frozenset(f.kind for f in findings))
