"""The languages the kiosk speaks, and which one a visitor's message is written in.

Detection keeps the conversation's language unless the message clearly says
otherwise: short replies ("ok", "ja", "tak") and Dutch government words that
newcomers keep in their own sentences ("toeslag", "DigiD", "Mijn toeslagen")
never flip it. Arabic and Cyrillic script settle the language by themselves;
for Latin script a packaged detector (lingua, restricted to the four Latin
languages, models inside the wheel, nothing downloaded) must be sure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Final

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

DUTCH: Final = "nl"
# Dutch first: the source language of every text.
LANGUAGES: Final = ("nl", "en", "pl", "tr", "ar", "uk")

# How a language calls itself (the language choice on the kiosk, no flags) ...
OWN_NAMES: Final = {
    "nl": "Nederlands",
    "en": "English",
    "pl": "Polski",
    "tr": "Türkçe",
    "ar": "العربية",
    "uk": "Українська",
}
# ... and how Dutch staff and partners call it ("Bezoeker spreekt Arabisch").
DUTCH_NAMES: Final = {
    "nl": "Nederlands",
    "en": "Engels",
    "pl": "Pools",
    "tr": "Turks",
    "ar": "Arabisch",
    "uk": "Oekraïens",
}
RIGHT_TO_LEFT: Final = frozenset({"ar"})

# A Latin-script language must win with at least this confidence to change the
# conversation's language, and the message must hold at least MIN_LETTERS letters
# once the Dutch government words are taken out.
MIN_CONFIDENCE: Final = 0.75
MIN_LETTERS: Final = 8
MIN_WORDS: Final = 2

# Dutch words newcomers keep in any language: names of schemes, portals and
# organisations. They say nothing about the language the visitor writes in.
_KEPT_WORDS: Final = re.compile(
    r"\b("
    r"mijn\s*(toeslagen|overheid|uwv|svb|duo|cjib|cak|belastingdienst)"
    r"|digid\w*|\w*toeslag\w*|toeslagen|berichtenbox|mijnoverheid|machtig\w*"
    r"|uwv|svb|duo|cjib|cak|aow|ww|wia|wajong|wmo|wlz|bsn|ind|rdw|cbr"
    r"|belastingdienst|belasting\w*|aangifte|aanslag|gemeente\w*|bijstand|uitkering\w*"
    r"|kinderbijslag|kindgebonden\s+budget|studiefinanciering|ziektewet|proefberekening"
    r"|juridisch\s+loket|geldfit|schuldhulp\w*|paspoort|rijbewijs|parkeer\w*|naheffing\w*"
    r"|boete\w*|aanmaning\w*|deurwaarder\w*|bezwaar\w*|inloggen|sms|code"
    r")\b",
    re.IGNORECASE,
)
_NOT_LETTERS: Final = re.compile(r"[\W\d_]+")


@dataclass(frozen=True)
class Detection:
    """The language to answer in, and whether the message itself said so."""

    language: str
    # False: the message was too short or unclear, and the conversation's language stays.
    detected: bool
    confidence: float


def is_supported(language: str) -> bool:
    return language in LANGUAGES


def without_kept_words(text: str) -> str:
    """The message without the Dutch government words that any visitor may use."""
    return _KEPT_WORDS.sub(" ", text)


def _script_counts(text: str) -> tuple[int, int, int]:
    """Letters in Latin, Arabic and Cyrillic script."""
    latin = arabic = cyrillic = 0
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("ARABIC"):
            arabic += 1
        elif name.startswith("CYRILLIC"):
            cyrillic += 1
        elif name.startswith("LATIN"):
            latin += 1
    return latin, arabic, cyrillic


@cache
def _latin_detector() -> LanguageDetector:
    """Built on first use (the models load lazily), never at import time."""
    return LanguageDetectorBuilder.from_languages(
        Language.DUTCH, Language.ENGLISH, Language.POLISH, Language.TURKISH
    ).build()


_LINGUA_CODES: Final = {"DUTCH": "nl", "ENGLISH": "en", "POLISH": "pl", "TURKISH": "tr"}


def latin_confidences(text: str) -> dict[str, float]:
    """The detector's confidence per Latin-script language (nl, en, pl, tr)."""
    values = _latin_detector().compute_language_confidence_values(text)
    return {_LINGUA_CODES[v.language.name]: v.value for v in values}


def detect_language(text: str, current: str = DUTCH) -> Detection:
    """The language to answer `text` in, given the conversation's language so far."""
    if not is_supported(current):
        current = DUTCH
    keep = Detection(current, detected=False, confidence=0.0)
    if text.startswith("/"):
        # A button press carries a payload, not the visitor's words.
        return keep
    own_words = without_kept_words(text)
    latin, arabic, cyrillic = _script_counts(own_words)
    letters = latin + arabic + cyrillic
    if letters == 0:
        return keep
    # Arabic and Cyrillic: the script decides (Ukrainian is the one Cyrillic language here).
    if arabic > letters / 2:
        return Detection("ar", detected=True, confidence=arabic / letters)
    if cyrillic > letters / 2:
        return Detection("uk", detected=True, confidence=cyrillic / letters)
    words = [w for w in _NOT_LETTERS.split(own_words) if w]
    if latin < MIN_LETTERS or len(words) < MIN_WORDS:
        return keep
    return _latin(words, current)


def _latin(words: list[str], current: str) -> Detection:
    """Switch to another Latin-script language only when the detector is sure."""
    confidences = latin_confidences(" ".join(words))
    best = max(confidences, key=lambda code: confidences[code])
    confidence = confidences[best]
    if best == current:
        return Detection(current, detected=True, confidence=confidence)
    if confidence < MIN_CONFIDENCE:
        return Detection(current, detected=False, confidence=confidence)
    return Detection(best, detected=True, confidence=confidence)


def choose_language(text: str, current: str = DUTCH, chosen: bool = False) -> str:
    """The visitor's own choice wins; otherwise the language of their message."""
    if chosen and is_supported(current):
        return current
    return detect_language(text, current).language


def or_dutch(language: str | None) -> str:
    """A language a visitor's page asked for, or Dutch when it is missing or not ours."""
    return language if language is not None and is_supported(language) else DUTCH


def direction(language: str) -> str:
    """The writing direction of a page in this language: the `dir` attribute."""
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def spoken_by(language: str) -> str:
    """What staff and partners read: "Bezoeker spreekt Arabisch"."""
    return f"Bezoeker spreekt {DUTCH_NAMES.get(language, DUTCH_NAMES[DUTCH])}"
