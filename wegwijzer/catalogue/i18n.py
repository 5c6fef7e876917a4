"""Translations of the catalogue, beside the Dutch source, checked at start-up.

`catalogue/i18n/<language>.yml` mirrors the structure of the Dutch files
(texts.yml, catalogue.yml, topics/<id>.yml, interface.yml) but holds only the
texts a visitor reads: titles, task texts, questions, buttons and the kiosk's
interface. Lists (example questions, tiles, browse groups, answer choices)
follow the Dutch order. A key that has no Dutch counterpart is an error, so a
typo cannot hide a translation. A text that is missing falls back to Dutch;
a message (not a button or a title) then starts with a short note in the
visitor's language ("This text is only in Dutch for now.").
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from wegwijzer.language import DUTCH, LANGUAGES

# Where translatable texts sit in the merged catalogue (and in interface.yml under
# "interface"); "*" is any key or list position.
TRANSLATABLE: tuple[str, ...] = (
    "texts.*",
    "texts.task_buttons.*",
    "providers.*.name",
    "topics.*.title",
    "topics.*.links.*.title",
    "topics.*.tasks.*.text",
    "topics.*.tasks.*.ask.text",
    "topics.*.tasks.*.ask.choices.*.title",
    "kiosk.examples.*",
    "kiosk.tiles.*.question",
    "families.*.title",
    "life_events.*.title",
    "life_events.*.text",
    "letters.question_sender",
    "letters.question_asks",
    "letters.asks.*",
    "letters.other",
    "letters.senders.*.title",
    "browse.*.title",
    "interface.*",
    "form_errors.*",
)

# Texts that stand alone as a message: a fallback to Dutch carries the note.
# Titles, buttons and interface labels fall back without one.
_MESSAGES: tuple[str, ...] = (
    "topics.*.tasks.*.text",
    "topics.*.tasks.*.ask.text",
    "life_events.*.text",
    "letters.other",
    "letters.question_sender",
    "letters.question_asks",
)
_TEXT_LABELS = frozenset(
    {
        "task_choice_information",
        "task_choice_act",
        "something_else",
        "referral_yes",
        "referral_no",
        "browse_start",
        "back",
    }
)

# The note before a Dutch text in a non-Dutch conversation; the key in interface.yml.
FALLBACK_NOTE_KEY = "only_in_dutch"

Path = tuple[str, ...]


def _by_length(patterns: tuple[str, ...]) -> dict[int, tuple[Path, ...]]:
    """Patterns split once and grouped by length: the catalogue has thousands of paths."""
    grouped: dict[int, list[Path]] = {}
    for pattern in patterns:
        parts = tuple(pattern.split("."))
        grouped.setdefault(len(parts), []).append(parts)
    return {length: tuple(group) for length, group in grouped.items()}


_TRANSLATABLE_BY_LENGTH = _by_length(TRANSLATABLE)
_MESSAGES_BY_LENGTH = _by_length(_MESSAGES)


def _matches_any(path: Path, patterns: dict[int, tuple[Path, ...]]) -> bool:
    return any(
        all(p in ("*", k) for p, k in zip(parts, path, strict=True))
        for parts in patterns.get(len(path), ())
    )


@functools.cache
def is_translatable(path: Path) -> bool:
    if path[:1] == ("texts",) and len(path) == 2 and path[1] == "task_buttons":
        return False
    return _matches_any(path, _TRANSLATABLE_BY_LENGTH)


@functools.cache
def is_message(path: Path) -> bool:
    if path[0] == "texts" and len(path) == 2:
        return path[1] not in _TEXT_LABELS
    return _matches_any(path, _MESSAGES_BY_LENGTH)


def flatten(data: Any, prefix: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every leaf of nested mappings and lists, with its path (list positions as "0", "1").

    An empty mapping or list is a leaf too, so an empty key in a translation is reported.
    """
    if isinstance(data, Mapping | list) and not data:
        yield prefix, data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            yield from flatten(value, (*prefix, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from flatten(value, (*prefix, str(index)))
    else:
        yield prefix, data


def translatable_texts(source: Mapping[str, Any]) -> dict[Path, str]:
    """The Dutch texts that a translation may give, by path."""
    return {
        path: value
        for path, value in flatten(source)
        if isinstance(value, str) and is_translatable(path)
    }


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Translation:
    """One language's texts by path, and what the file says about who wrote them."""

    language: str
    texts: dict[Path, str]
    translator: str
    review: str


@dataclass(frozen=True)
class Coverage:
    language: str
    translated: int
    total: int
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.translated == self.total

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def parse_translation(
    language: str, raw: Any, source: Mapping[Path, str], where: str
) -> tuple[Translation, list[str]]:
    """The file's texts, and every problem in it (unknown keys, empty texts, placeholders)."""
    problems: list[str] = []
    if not isinstance(raw, Mapping):
        return Translation(language, {}, "", ""), [f"{where}: must hold a mapping"]
    meta = raw.get("about")
    translator = review = ""
    if not isinstance(meta, Mapping) or set(meta) != {"translator", "review"}:
        problems.append(f"{where}: about: needs exactly 'translator' and 'review'")
    else:
        translator, review = str(meta["translator"]), str(meta["review"])
    if raw.get("language") != language:
        problems.append(f"{where}: language: must be {language!r}, as the file name says")
    texts: dict[Path, str] = {}
    body = {k: v for k, v in raw.items() if k not in ("about", "language")}
    for path, value in flatten(body):
        dotted = ".".join(path)
        if path not in source:
            problems.append(f"{where}: {dotted}: no Dutch text has this key")
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: {dotted}: must be a text that is not empty")
            continue
        if _fields(value) != _fields(source[path]):
            problems.append(
                f"{where}: {dotted}: use the same placeholders as the Dutch text "
                f"({', '.join(sorted(_fields(source[path]))) or 'none'})"
            )
            continue
        texts[path] = _SPACE.sub(" ", value).strip()
    return Translation(language, texts, translator, review), problems


def coverage(translation: Translation, source: Mapping[Path, str]) -> Coverage:
    missing = tuple(sorted(".".join(p) for p in source if p not in translation.texts))
    return Coverage(translation.language, len(source) - len(missing), len(source), missing)


def localised_tree(
    source_tree: Mapping[str, Any], translation: Translation, note: str
) -> dict[str, Any]:
    """The Dutch tree with this language's texts put in; missing messages get the note."""

    def walk(data: Any, path: Path) -> Any:
        if isinstance(data, Mapping):
            return {k: walk(v, (*path, str(k))) for k, v in data.items()}
        if isinstance(data, list):
            return [walk(v, (*path, str(i))) for i, v in enumerate(data)]
        if not isinstance(data, str) or not is_translatable(path):
            return data
        if path in translation.texts:
            return translation.texts[path]
        if translation.language != DUTCH and is_message(path):
            return f"({note}) {data}"
        return data

    result = walk(source_tree, ())
    assert isinstance(result, dict)
    return result


def other_languages() -> tuple[str, ...]:
    return tuple(lang for lang in LANGUAGES if lang != DUTCH)
