"""Read the held-out (or development) conversations and openings, and score what the chat answered.

Shared by the end-to-end test (tests/e2e/test_conversation_holdout.py) and the
before/after measurement, so both score the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.factories import ROOT
from wegwijzer.yamlfile import safe_load

CONVERSATIONS = ROOT / "tests" / "data" / "conversations_holdout.yml"
OPENINGS = ROOT / "tests" / "data" / "openings_holdout.yml"
# Development sets in the same format: the ones we may look at while tuning.
CONVERSATIONS_DEV = ROOT / "tests" / "data" / "conversations_dev.yml"
# A second development set, by an outside author, mostly about the boundary.
CONVERSATIONS_DEV_2 = ROOT / "tests" / "data" / "conversations_dev_2.yml"
# A third, by another outside author: indirect "do it for me" and follow-ups.
CONVERSATIONS_DEV_3 = ROOT / "tests" / "data" / "conversations_dev_3.yml"
# A fourth and fifth, by two more outside authors: older visitors with regional words,
# and young or newcomer Dutch; both with short replies mid-conversation ("ja", "dank u").
CONVERSATIONS_DEV_4 = ROOT / "tests" / "data" / "conversations_dev_4.yml"
CONVERSATIONS_DEV_5 = ROOT / "tests" / "data" / "conversations_dev_5.yml"
# A sixth, by another outside author, given only the spec: mixed visitors, indirect
# requests, and look-alikes that mention DigiD.
CONVERSATIONS_DEV_6 = ROOT / "tests" / "data" / "conversations_dev_6.yml"
# A seventh, by another outside author given only the spec, written after the rules
# of 2 December were final and measured on once before any change to them: topic
# tracking (follow-ups with background, switches in everyday words, requests to act).
CONVERSATIONS_DEV_7 = ROOT / "tests" / "data" / "conversations_dev_7.yml"
# An eighth and ninth, by two more outside authors given only the spec, measured once
# on the code of 2 December before any change for them: follow-ups that ask for the
# next step (set 8), and messy, long and mixed-language conversations (set 9).
CONVERSATIONS_DEV_8 = ROOT / "tests" / "data" / "conversations_dev_8.yml"
CONVERSATIONS_DEV_9 = ROOT / "tests" / "data" / "conversations_dev_9.yml"
# A tenth, by two more outside authors given only the spec (3 December), measured
# once on the code of that morning before any change for it: indirect requests that
# staff act and look-alikes close to the line, in many voices.
CONVERSATIONS_DEV_10 = ROOT / "tests" / "data" / "conversations_dev_10.yml"
# An eleventh, by another outside author given only the spec (3 December afternoon),
# measured once on 0c3b5a8 with that morning's model before any change for it.
CONVERSATIONS_DEV_11 = ROOT / "tests" / "data" / "conversations_dev_11.yml"
# A twelfth and thirteenth, by two more outside authors given only the spec (3 December
# evening), measured once on 5773b23 before any change for them: indirect requests and
# look-alikes in many voices (set 12), and the move from information to acting (set 13).
CONVERSATIONS_DEV_12 = ROOT / "tests" / "data" / "conversations_dev_12.yml"
CONVERSATIONS_DEV_13 = ROOT / "tests" / "data" / "conversations_dev_13.yml"
# A fourteenth, by another outside author given the spec and a description of the
# letter intake, life events and resets (3 December evening), measured once before
# any change for it: letters, helping someone else, resets.
CONVERSATIONS_DEV_14 = ROOT / "tests" / "data" / "conversations_dev_14.yml"
# A fifteenth and sixteenth, by two more outside authors given only the spec (3 December
# night), measured once on 9a00187 before any change for them: long messy stories in many
# voices (set 15), and short touch-screen turns from asking to acting (set 16).
CONVERSATIONS_DEV_15 = ROOT / "tests" / "data" / "conversations_dev_15.yml"
CONVERSATIONS_DEV_16 = ROOT / "tests" / "data" / "conversations_dev_16.yml"
CONVERSATIONS_DEVS = (
    CONVERSATIONS_DEV,
    CONVERSATIONS_DEV_2,
    CONVERSATIONS_DEV_3,
    CONVERSATIONS_DEV_4,
    CONVERSATIONS_DEV_5,
    CONVERSATIONS_DEV_6,
    CONVERSATIONS_DEV_7,
    CONVERSATIONS_DEV_8,
    CONVERSATIONS_DEV_9,
    CONVERSATIONS_DEV_10,
    CONVERSATIONS_DEV_11,
    CONVERSATIONS_DEV_12,
    CONVERSATIONS_DEV_13,
    CONVERSATIONS_DEV_14,
    CONVERSATIONS_DEV_15,
    CONVERSATIONS_DEV_16,
)
# A check set by another outside author given only the spec (2 December): measured
# before and after that evening's rules, figures only, never tuned on and its misses
# never read. A later change can be measured on it once more the same way.
CONVERSATIONS_CHECK = ROOT / "tests" / "data" / "conversations_check.yml"
OPENINGS_DEV = ROOT / "tests" / "data" / "openings_dev.yml"
MACHTIGEN = "digid_machtigen"
# A task button ("/huurtoeslag{"task_choice": ...}") names its topic.
_TASK_BUTTON = re.compile(r'^/(\w+)\{"task_choice"')


@dataclass(frozen=True)
class Conversation:
    name: str
    turns: list[str]
    topic: str
    boundary: bool


@dataclass(frozen=True)
class Opening:
    text: str
    topics: list[str]
    life_event: bool


def conversations(path: Path = CONVERSATIONS) -> list[Conversation]:
    data = safe_load(path.read_text(encoding="utf-8"))
    return [Conversation(**item) for item in data["conversations"]]


def openings(path: Path = OPENINGS) -> list[Opening]:
    data = safe_load(path.read_text(encoding="utf-8"))
    return [Opening(**item) for item in data["openings"]]


def _customs(messages: Sequence[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [
        m["custom"]
        for m in messages
        if isinstance(m.get("custom"), dict) and m["custom"].get("type") == kind
    ]


def named_topics(messages: Sequence[dict[str, Any]]) -> list[str]:
    """The topics an answer is directly about: its boundary, its links, its task buttons."""
    found = [c["topic"] for c in _customs(messages, "digid_boundary") if c.get("topic")]
    links = [c["topic"] for c in _customs(messages, "links")]
    # The DigiD Machtigen card follows every boundary; it names a topic only on its own.
    found += [t for t in links if t != MACHTIGEN] or links
    for message in messages:
        for button in message.get("buttons") or []:
            match = _TASK_BUTTON.match(str(button.get("payload", "")))
            if match:
                found.append(match.group(1))
    return found


def offered_topics(messages: Sequence[dict[str, Any]]) -> list[str]:
    """Topics offered as plain buttons ("Bedoelt u ...?", a life event's schemes)."""
    return [
        str(button["payload"])[1:]
        for message in messages
        for button in message.get("buttons") or []
        if re.fullmatch(r"/\w+", str(button.get("payload", "")))
    ]


def reaches_boundary(messages: Sequence[dict[str, Any]]) -> bool:
    return bool(_customs(messages, "digid_boundary"))


@dataclass(frozen=True)
class Figures:
    topic_rate: float
    boundary_rate: float
    misses: list[str]
    # Of the conversations that must not reach the boundary, the share that did: a
    # visitor who only asked something told "Niemand mag voor u inloggen".
    false_boundary_rate: float = 0.0


def score_conversations(
    items: Sequence[Conversation], chat: Callable[[Conversation], list[dict[str, Any]]]
) -> Figures:
    """`chat` sends a conversation's turns in one session and returns the last answer."""
    topic_hits, boundary_hits, expected_boundaries, false_boundaries, misses = 0, 0, 0, 0, []
    for item in items:
        last = chat(item)
        named = named_topics(last)
        topic_ok = bool(named) and named[0] == item.topic
        topic_hits += topic_ok
        if item.boundary:
            expected_boundaries += 1
        boundary_ok = reaches_boundary(last) == item.boundary
        boundary_hits += boundary_ok and item.boundary
        false_boundaries += not boundary_ok and not item.boundary
        if not (topic_ok and boundary_ok):
            texts = " | ".join(str(m.get("text") or "")[:60] for m in last)
            misses.append(
                f"[{item.topic}/{item.boundary} -> {named[:1]}/{reaches_boundary(last)}] "
                f"{item.name}: {texts}"
            )
    return Figures(
        topic_hits / len(items),
        boundary_hits / max(1, expected_boundaries),
        misses,
        false_boundaries / max(1, len(items) - expected_boundaries),
    )


def score_openings(
    items: Sequence[Opening], chat: Callable[[str], list[dict[str, Any]]]
) -> Figures:
    """Right when the answer is about an acceptable topic, or (for a life event) offers one."""
    hits, misses = 0, []
    for item in items:
        answer = chat(item.text)
        named = named_topics(answer)
        ok = bool(named) and named[0] in item.topics
        if not ok and item.life_event:
            ok = any(t in item.topics for t in offered_topics(answer))
        hits += ok
        if not ok:
            misses.append(f"[{item.topics} -> {named[:1] or offered_topics(answer)}] {item.text}")
    return Figures(hits / len(items), 1.0, misses)
