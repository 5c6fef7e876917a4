"""A simple B1 check for visitor texts: sentence length and words to avoid.

It cannot replace a person reading every text, but it stops the obvious
slips (long sentences, officialese) from reaching the kiosk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Officialese with a plain alternative (writing.md, Rijksoverheid B1 lists).
AVOID = {
    "betreffende": "over",
    "verstrekken": "geven",
    "ontvangen": "krijgen",
    "indienen": "aanvragen / sturen",
    "middels": "met",
    "teneinde": "om",
    "alsmede": "en",
    "dient te": "moet",
    "dienen te": "moeten",
    "inzake": "over",
    "derhalve": "daarom",
    "echter": "maar",
    "omtrent": "over",
    "woonachtig": "wonen",
    "aanvangen": "beginnen",
}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[\w€'-]+", re.UNICODE)


@dataclass(frozen=True)
class Readability:
    sentences: int
    average_words: float
    longest: int
    avoided: tuple[str, ...]


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if _WORD.search(s)]


def measure(text: str) -> Readability:
    parts = sentences(text)
    lengths = [len(_WORD.findall(s)) for s in parts] or [0]
    lowered = text.lower()
    found = tuple(w for w in AVOID if re.search(rf"\b{re.escape(w)}\b", lowered))
    return Readability(len(parts), sum(lengths) / len(lengths), max(lengths), found)
