"""The PII guard: remove BSNs, IBANs, login secrets and contact details from visitor text.

Applied to every visitor message before it reaches Rasa, a log line or the
database. A removed value is replaced by a placeholder that says what was
there, so the conversation still reads naturally and the visitor can be told.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers
from stdnum import iban
from stdnum.nl import bsn


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

# Nine digits, plain or grouped as 1234.56.789 / 123 456 789: the BSN format.
_BSN_FORMAT = re.compile(
    r"(?<![\d.\-])(\d{4}[ .]\d{2}[ .]\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{9})(?![\d.\-])"
)
# Eight digits only count when the text names a BSN nearby (a BSN may lose its leading 0).
_BSN_CONTEXT = re.compile(
    r"\b(bsn|burgerservicenummer|burger service nummer|sofinummer|sofi nummer)\b"
    r"[^\d]{0,30}(\d{8,9})(?!\d)",
    re.IGNORECASE,
)
_IBAN = re.compile(
    r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b", re.IGNORECASE
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SEPARATOR = r"\s*(?:is|=|:|luidt|was)?\s*[:=]?\s*"
# "wachtwoord is Zomer2024!": after the word password, any word may be the secret.
_PASSWORD_PHRASE = re.compile(
    rf"\b(?:digid[- ]?wachtwoord|wachtwoord|wachtwoordje|password){_SEPARATOR}(?P<value>[^\s,;]+)",
    re.IGNORECASE,
)
# "pincode: 1234", "sms code 482913", "activeringscode is ABCD-EFGH": codes hold
# digits, or letter groups joined by hyphens; "code aanvragen" is not a code.
_CODE_PHRASE = re.compile(
    r"\b(?:pincode|pin[- ]?code|pin|sms[- ]?code|smscode|inlogcode|activeringscode"
    rf"|activatiecode|controlecode|digid[- ]?code|verificatiecode|code){_SEPARATOR}"
    r"(?P<value>[A-Za-z]*\d[\w-]*|[A-Za-z0-9]{4}(?:-[A-Za-z0-9]{4})+)",
    re.IGNORECASE,
)
# Words after "wachtwoord is" that describe it rather than reveal it.
_NOT_A_SECRET = frozenset(
    [
        "verlopen",
        "kwijt",
        "vergeten",
        "geblokkeerd",
        "ongeldig",
        "fout",
        "niet",
        "weg",
        "nodig",
        "nieuw",
        "nieuwe",
        "oud",
        "oude",
        "veranderd",
        "gewijzigd",
        "goed",
        "juist",
        "onjuist",
        "te",
        "van",
        "voor",
        "bij",
        "in",
        "op",
        "per",
        "via",
        "met",
        "om",
        "en",
        "of",
        "maar",
        "dat",
        "die",
        "dit",
        "het",
        "de",
        "een",
        "mijn",
        "uw",
        "je",
        "jouw",
        "zijn",
        "haar",
        "ik",
        "u",
        "we",
        "wij",
        "ze",
        "zij",
        "hier",
        "daar",
        "aangevraagd",
        "gekregen",
        "ontvangen",
        "binnen",
        "komt",
        "kwam",
        "sturen",
        "gestuurd",
        "opgestuurd",
        "vergeet",
        "werkt",
        "klopt",
        "aanvragen",
        "wijzigen",
        "veranderen",
        "resetten",
        "herstellen",
        "invullen",
        "intypen",
        "geven",
    ]
)


@dataclass(frozen=True)
class Finding:
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


def _bsn_findings(text: str) -> Iterable[Finding]:
    for match in _BSN_FORMAT.finditer(text):
        if bsn.is_valid(re.sub(r"\D", "", match.group(1))):
            yield Finding(PiiKind.BSN, match.start(1), match.end(1))
    for match in _BSN_CONTEXT.finditer(text):
        digits = match.group(2).zfill(9)
        if bsn.is_valid(digits):
            yield Finding(PiiKind.BSN, match.start(2), match.end(2))


def _iban_findings(text: str) -> Iterable[Finding]:
    for match in _IBAN.finditer(text):
        if iban.is_valid(match.group(0).replace(" ", "")):
            yield Finding(PiiKind.IBAN, match.start(), match.end())


def _secret_findings(text: str) -> Iterable[Finding]:
    for pattern in (_PASSWORD_PHRASE, _CODE_PHRASE):
        for match in pattern.finditer(text):
            value = match.group("value").rstrip(".!?\"')")
            if not value or value.lower() in _NOT_A_SECRET or value.startswith("["):
                continue
            start = match.start("value")
            yield Finding(PiiKind.SECRET, start, start + len(value))


def _phone_findings(text: str) -> Iterable[Finding]:
    for match in phonenumbers.PhoneNumberMatcher(text, "NL"):
        yield Finding(PiiKind.PHONE, match.start, match.end)


def _email_findings(text: str) -> Iterable[Finding]:
    for match in _EMAIL.finditer(text):
        yield Finding(PiiKind.EMAIL, match.start(), match.end())


# Order matters: an earlier detector's span wins where two overlap.
_STRICT: tuple[Callable[[str], Iterable[Finding]], ...] = (
    _email_findings,
    _iban_findings,
    _bsn_findings,
    _secret_findings,
)
_CONTACT: tuple[Callable[[str], Iterable[Finding]], ...] = (_phone_findings,)


def find(text: str, *, contact: bool = True) -> list[Finding]:
    """Non-overlapping findings, in text order."""
    detectors = _STRICT + (_CONTACT if contact else ())
    taken: list[Finding] = []
    for detector in detectors:
        for finding in detector(text):
            if all(finding.end <= t.start or finding.start >= t.end for t in taken):
                taken.append(finding)
    return sorted(taken, key=lambda f: f.start)


def scrub(text: str, *, contact: bool = True) -> Scrubbed:
    """Replace each finding with its placeholder.

    `contact=False` keeps phone numbers (used for the referral note, whose
    contact details are stored on purpose); e-mail addresses, BSNs, IBANs and
    secrets always go.
    """
    findings = find(text, contact=contact)
    parts: list[str] = []
    cursor = 0
    for finding in findings:
        parts.append(text[cursor : finding.start])
        parts.append(PLACEHOLDERS[finding.kind])
        cursor = finding.end
    parts.append(text[cursor:])
    return Scrubbed("".join(parts), frozenset(f.kind for f in findings))
