"""The test stories, end to end: each `user:` text goes through POST /api/chat of the real stack.

Rasa's NLU reads the words (the story's `intent:` is what it must understand, never an
input), the policies pick the actions, the action server in the app runs them, and the
slots they set come back in Rasa's tracker. The story passes when the tracker holds
exactly the story's intents and actions, in order, and each `slot_was_set` after the
action that set it. Unlike `rasa test core`, nothing is replayed from the story.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.e2e.conftest import Stack, rasa_params
from tests.factories import ROOT

pytestmark = pytest.mark.e2e

STORIES = ROOT / "tests" / "stories" / "test_conversations.yml"
# Rasa's own bookkeeping around every turn; not part of what a story describes.
HOUSEKEEPING = {"action_listen", "action_session_start"}


@dataclass
class Turn:
    """A user message (`intent`) or a bot action (`action`) with the slots it set."""

    kind: str
    name: str
    slots: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        slots = f" {json.dumps(self.slots, ensure_ascii=False)}" if self.slots else ""
        return f"{self.kind}: {self.name}{slots}"


@dataclass
class Story:
    name: str
    texts: list[str]
    expected: list[Turn]


def load_stories(path: Path) -> list[Story]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    stories = []
    for raw in data["stories"]:
        texts: list[str] = []
        expected: list[Turn] = []
        for step in raw["steps"]:
            if "user" in step:
                assert "intent" in step, f"{raw['story']}: every user step names its intent"
                texts.append(step["user"].strip())
                expected.append(Turn("intent", step["intent"]))
            elif "action" in step:
                expected.append(Turn("action", step["action"]))
            elif "slot_was_set" in step:
                if not expected or expected[-1].kind != "action":
                    raise AssertionError(f"{raw['story']}: slot_was_set must follow an action")
                for slot in step["slot_was_set"]:
                    expected[-1].slots.update(slot)
            else:
                raise AssertionError(f"{raw['story']}: unknown step {step}")
        stories.append(Story(raw["story"], texts, expected))
    return stories


def actual_turns(events: list[dict[str, Any]]) -> list[Turn]:
    """Intents and actions from Rasa's tracker, each action with the slots set after it."""
    turns: list[Turn] = []
    current: Turn | None = None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            current = None
            turns.append(Turn("intent", event["parse_data"]["intent"]["name"]))
        elif kind == "action" and event["name"] not in HOUSEKEEPING:
            current = Turn("action", event["name"])
            turns.append(current)
        elif kind == "action":
            current = None
        elif kind == "slot" and current is not None:
            current.slots[event["name"]] = event["value"]
    return turns


def mismatch(expected: list[Turn], actual: list[Turn]) -> str | None:
    """Where the conversation left the story, or None when it followed it."""
    for index in range(max(len(expected), len(actual))):
        want = expected[index] if index < len(expected) else None
        got = actual[index] if index < len(actual) else None
        if want is None or got is None or (want.kind, want.name) != (got.kind, got.name):
            return f"turn {index + 1}: expected {want}, got {got}"
        differing = {k: v for k, v in want.slots.items() if got.slots.get(k, "<unset>") != v}
        if differing:
            return f"turn {index + 1}: {got.name} should set {differing}, set {got.slots}"
    return None


def run_story(stack: Stack, story: Story) -> list[Turn]:
    session_id: str | None = None
    for text in story.texts:
        response = httpx.post(
            f"{stack.app_url}/api/chat",
            json={"session_id": session_id, "text": text},
            timeout=30,
        )
        assert response.status_code == 200, f"{story.name}: {response.text}"
        session_id = response.json()["session_id"]
    tracker = httpx.get(
        f"{stack.rasa_url}/conversations/{session_id}/tracker",
        params=rasa_params(stack),
        timeout=30,
    )
    tracker.raise_for_status()
    return actual_turns(tracker.json()["events"])


def test_the_story_file_is_read_as_written() -> None:
    stories = load_stories(STORIES)
    assert len(stories) >= 8
    accepted = next(s for s in stories if "accepts the referral" in s.name)
    assert accepted.texts[0] == "Ik wil huurtoeslag aanvragen"
    assert [str(t) for t in accepted.expected] == [
        "intent: huurtoeslag",
        'action: action_answer_topic {"referral_offered": true}',
        "intent: affirm",
        'action: action_referral_consent {"referral_offered": false}',
    ]


def test_every_story_runs_end_to_end_through_the_stack(stack: Stack) -> None:
    stories = load_stories(STORIES)
    failed: list[str] = []
    for story in stories:
        actual = run_story(stack, story)
        problem = mismatch(story.expected, actual)
        if problem is not None:
            lines = "\n".join(f"    {turn}" for turn in actual)
            failed.append(f"- story: {story.name}\n  {problem}\n  the conversation was:\n{lines}")
    report = "\n".join(failed)
    print(f"{len(stories)} stories, {len(failed)} failed\n{report}")
    assert failed == [], f"{len(failed)} of {len(stories)} stories failed:\n{report}"
