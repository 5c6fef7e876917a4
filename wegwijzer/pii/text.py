"""The text the PII guard reads: normalised, split into tokens and into runs of digit groups.

Visitors (and people trying to get past the guard) write numbers as
`1234-56-782`, `123.456.782`, `12 34 56 782` or with full-width digits and
zero-width spaces in between. Everything is matched on one normal form, so a
separator or a look-alike character cannot hide a value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

Span = tuple[int, int]

# Characters that may stand between the digit groups of one number.
SEPARATOR = r"[\s.\-/()\[\]{}_]"
_GAP = re.compile(rf"{SEPARATOR}{{1,3}}")
_DIGITS = re.compile(r"\d+")
_TOKEN = re.compile(r"\S+")
_LABELLED_NUMBER = re.compile(r"[+(]?\d[\d.\-/()]*[.,;:!?]?")
_SLASHES = frozenset("\u2044\u2215\u29f8")
# Punctuation around a word that is not part of it.
LEADING = "\"'([{<«„‚"
TRAILING = ".,;:?!)\"']}>»”’"


def normalise(text: str) -> str:
    """NFKC, ASCII digits and separators, no invisible characters.

    Format characters (zero-width space, soft hyphen, bidi marks) are dropped,
    as are combining marks on a digit; every dash becomes `-`, every space ` `.
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFKC", text):
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        if category == "Mn" and out and out[-1].isdigit():
            continue
        if category == "Nd":
            out.append(str(unicodedata.digit(char)))
        elif category == "Pd" or char == "\u2212":
            out.append("-")
        elif char in _SLASHES:
            out.append("/")
        elif category == "Zs":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def overlaps(span: Span, spans: list[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    raw: str

    @property
    def word(self) -> str:
        """Lower case, without surrounding punctuation: what a context word is matched on."""
        return self.raw.strip(LEADING + TRAILING).lower()

    @property
    def value_span(self) -> Span:
        """The token without quotes, brackets and sentence punctuation around it.

        A trailing `!` stays: it is as often the end of a password as of a sentence.
        """
        raw = self.raw
        start = len(raw) - len(raw.lstrip(LEADING))
        stripped = raw.rstrip(TRAILING.replace("!", ""))
        return self.start + start, self.start + max(start, len(stripped))


def tokens(text: str, is_context: Callable[[str], bool]) -> list[Token]:
    """Whitespace tokens; `word:value` and `word=value` split when `word` is a context word.

    A label glued to a number splits too ("BSN:111222333", "tel:0612345678").
    """
    out: list[Token] = []
    for match in _TOKEN.finditer(text):
        raw, start = match.group(), match.start()
        split = re.match(r"([^\W\d_][\w-]*)([:=])", raw)
        labelled = split and _LABELLED_NUMBER.fullmatch(raw, split.end())
        if split and (labelled or is_context(split.group(1).lower())):
            cut = split.end(1)
            out.append(Token(start, start + cut, raw[:cut]))
            out.append(Token(start + cut, start + cut + 1, raw[cut]))
            if cut + 1 < len(raw):
                out.append(Token(start + cut + 1, match.end(), raw[cut + 1 :]))
        else:
            out.append(Token(start, match.end(), raw))
    return out


@dataclass(frozen=True)
class Chain:
    """Digit groups joined by at most three separator characters: one written number."""

    groups: tuple[Span, ...]

    def digits(self, text: str, first: int = 0, last: int | None = None) -> str:
        end = len(self.groups) if last is None else last + 1
        return "".join(text[a:b] for a, b in self.groups[first:end])

    def span(self, first: int = 0, last: int | None = None) -> Span:
        return self.groups[first][0], self.groups[-1 if last is None else last][1]

    def runs(self, text: str, length: int) -> list[tuple[Span, str]]:
        """Every run of whole consecutive groups holding exactly `length` digits."""
        found = []
        for first in range(len(self.groups)):
            total = 0
            for last in range(first, len(self.groups)):
                total += self.groups[last][1] - self.groups[last][0]
                if total == length:
                    found.append((self.span(first, last), self.digits(text, first, last)))
                if total >= length:
                    break
        return found


def chains(text: str, blocked: list[Span]) -> list[Chain]:
    """Digit chains outside `blocked`; a blocked span (a date, a phone number) breaks a chain."""
    out: list[list[Span]] = []
    previous_end = -1
    for match in _DIGITS.finditer(text):
        span = match.span()
        if overlaps(span, blocked):
            previous_end = -1
            continue
        if out and previous_end >= 0 and _GAP.fullmatch(text, previous_end, span[0]):
            out[-1].append(span)
        else:
            out.append([span])
        previous_end = span[1]
    return [Chain(tuple(groups)) for groups in out]


def word_positions(words: list[Token], found: list[Chain]) -> list[int]:
    """For each token, its position counted in words, where a spaced-out number is one word.

    So "0 0 0 0 0 0" is as near to "code" as "000000": a window is measured in these.
    """
    spans = [chain.span() for chain in found if len(chain.groups) > 1]
    positions: list[int] = []
    position = -1
    for token in words:
        inside = any(start < token.start < end for start, end in spans)
        if not (positions and inside):
            position += 1
        positions.append(position)
    return positions


def window(words: list[Token], positions: list[int], index: int, size: int) -> Span:
    """The character range of the words within `size` words of token `index`."""
    near = [t for t, p in zip(words, positions, strict=True) if abs(p - positions[index]) <= size]
    return near[0].start, near[-1].end
