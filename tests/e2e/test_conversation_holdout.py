"""Held-out multi-turn conversations and everyday openings through POST /api/chat.

Written apart from the training data and the test stories (tests/data/
conversations_holdout.yml, openings_holdout.yml); never trained on. Every miss
is printed and written to reports/.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conversations import (
    Conversation,
    conversations,
    openings,
    score_conversations,
    score_openings,
)
from tests.e2e.conftest import Stack
from tests.factories import ROOT

pytestmark = pytest.mark.e2e

# Issue 11's targets are 0.90 (topic) and 0.95 (boundary). Today's model reaches the
# first, not the second (see the README); these floors sit a little below its figures
# (topic 0.955, boundary 0.773, openings 0.886 on 1 December) so that a regression
# fails. Raise them when the model earns it.
TARGET_TOPIC, TARGET_BOUNDARY = 0.90, 0.95
# The topic floor is the target itself: 0.92 until 3 December, when the same data,
# config and code trained on another machine gave 0.910 (61 of 67) where the model of
# 2 December gave 0.940 (63 of 67). Two conversations are three points on this set,
# more than a floor can keep "a little below" across trainings.
MIN_TOPIC = TARGET_TOPIC
MIN_BOUNDARY = 0.77
MIN_OPENINGS = 0.85


def last_answer(stack: Stack, turns: list[str]) -> list[dict[str, Any]]:
    session: str | None = None
    messages: list[dict[str, Any]] = []
    with httpx.Client(base_url=stack.app_url, timeout=30) as client:
        for text in turns:
            response = client.post("/api/chat", json={"session_id": session, "text": text})
            assert response.status_code == 200, response.text
            body = response.json()
            session, messages = body["session_id"], body["messages"]
    return messages


def write_report(name: str, lines: list[str]) -> str:
    text = "\n".join(lines)
    (ROOT / "reports").mkdir(exist_ok=True)
    (ROOT / "reports" / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    print(text)
    return text


def test_held_out_conversations_end_on_the_right_topic_and_boundary(stack: Stack) -> None:
    items = conversations()
    assert len(items) >= 40

    def chat(item: Conversation) -> list[dict[str, Any]]:
        return last_answer(stack, item.turns)

    figures = score_conversations(items, chat)
    text = write_report(
        "conversations_holdout",
        [
            f"# Held-out conversations ({len(items)})",
            f"last answer names the right topic: {figures.topic_rate:.3f} "
            f"(floor {MIN_TOPIC}, target {TARGET_TOPIC})",
            f"boundary reached where expected:   {figures.boundary_rate:.3f} "
            f"(floor {MIN_BOUNDARY}, target {TARGET_BOUNDARY})",
            f"boundary reached where not:        {figures.false_boundary_rate:.3f} (reported)",
            "",
            "misses:",
            *(f"  {m}" for m in figures.misses),
        ],
    )
    assert figures.topic_rate >= MIN_TOPIC, text
    assert figures.boundary_rate >= MIN_BOUNDARY, text


def test_everyday_openings_reach_the_right_topic(stack: Stack) -> None:
    items = openings()
    figures = score_openings(items, lambda text: last_answer(stack, [text]))
    text = write_report(
        "openings_holdout",
        [
            f"# Held-out everyday openings ({len(items)})",
            f"right topic, or its schemes offered for a life event: {figures.topic_rate:.3f} "
            f"(minimum {MIN_OPENINGS})",
            "",
            "misses:",
            *(f"  {m}" for m in figures.misses),
        ],
    )
    assert figures.topic_rate >= MIN_OPENINGS, text
