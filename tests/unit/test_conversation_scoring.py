"""The conversation scoring counts both ways of getting the boundary wrong."""

from __future__ import annotations

from typing import Any

from tests.conversations import Conversation, score_conversations


def answer(topic: str, *, boundary: bool) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = [
        {"text": "...", "custom": {"type": "links", "topic": topic, "links": []}}
    ]
    if boundary:
        messages.append({"text": "...", "custom": {"type": "digid_boundary", "topic": topic}})
    return messages


def test_a_look_alike_that_reaches_the_boundary_is_counted_and_listed() -> None:
    items = [
        Conversation("do it for me: a", ["x", "kunt u inloggen"], "huurtoeslag", True),
        Conversation("look-alike: b", ["x", "hoeveel is het"], "huurtoeslag", False),
        Conversation("look-alike: c", ["x", "ik doe het zelf"], "huurtoeslag", False),
        Conversation("look-alike: d", ["x", "wat is het"], "huurtoeslag", False),
    ]
    replies = {"a": True, "b": True, "c": False, "d": False}

    figures = score_conversations(
        items, lambda item: answer("huurtoeslag", boundary=replies[item.name[-1]])
    )

    assert figures.boundary_rate == 1.0
    assert figures.false_boundary_rate == 1 / 3
    assert figures.topic_rate == 1.0
    assert len(figures.misses) == 1
    assert "look-alike: b" in figures.misses[0]
