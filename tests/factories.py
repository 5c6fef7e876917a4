"""Small builders for Rasa trackers and action calls, shaped exactly as Rasa 3.6.21 sends them."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker

from wegwijzer.yamlfile import safe_load

ROOT = Path(__file__).resolve().parent.parent
_clock = itertools.count(1_700_000_000)


def _now() -> float:
    return float(next(_clock))


def action_event(name: str) -> dict[str, Any]:
    return {
        "event": "action",
        "timestamp": _now(),
        "name": name,
        "policy": None,
        "confidence": None,
        "action_text": None,
        "hide_rule_turn": False,
    }


def bot_event(text: str, buttons: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """What the assistant said, as Rasa 3.6 stores an `utter_message` in the tracker."""
    return {
        "event": "bot",
        "timestamp": _now(),
        "metadata": {"utter_action": "action_answer_topic"},
        "text": text,
        "data": {"buttons": buttons} if buttons else {},
    }


def parse_data(
    text: str,
    intent: str,
    *,
    confidence: float = 0.95,
    ranking: list[tuple[str, float]] | None = None,
    metadata: dict[str, Any] | None = None,
    task: str | None = None,
    task_ranking: list[tuple[str, float]] | None = None,
    entities: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A parse result; `task` or `task_ranking` adds the task classifier's output."""
    ranking = ranking or [(intent, confidence)]
    data: dict[str, Any] = {
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
        "text": text,
        "message_id": None,
        "metadata": metadata or {},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
    }
    tasks = task_ranking or ([(task, 0.9)] if task else [])
    if tasks:
        best, best_confidence = tasks[0]
        data["task"] = {
            "name": best,
            "confidence": best_confidence,
            "ranking": [{"name": n, "confidence": c} for n, c in tasks],
        }
    return data


def user_event(text: str, intent: str, **kwargs: Any) -> dict[str, Any]:
    data = parse_data(text, intent, **kwargs)
    return {
        "event": "user",
        "timestamp": _now(),
        "metadata": data["metadata"],
        "text": text,
        "parse_data": data,
        "input_channel": "rest",
        "message_id": None,
    }


def tracker_state(
    text: str = "Heb ik recht op huursubsidie?",
    intent: str = "huurtoeslag",
    sender_id: str = "test-session-0001",
    slots: dict[str, Any] | None = None,
    history: list[dict[str, Any]] | None = None,
    **parse_kwargs: Any,
) -> dict[str, Any]:
    """`tracker.current_state(EventVerbosity.ALL)` after the visitor's latest message."""
    user = user_event(text, intent, **parse_kwargs)
    events = [
        action_event("action_session_start"),
        {"event": "session_started", "timestamp": _now()},
        *(history or []),
        action_event("action_listen"),
        user,
    ]
    return {
        "sender_id": sender_id,
        "slots": {"session_started_metadata": None, **(slots or {})},
        "latest_message": user["parse_data"],
        "latest_event_time": user["timestamp"],
        "followup_action": None,
        "paused": False,
        "events": events,
        "latest_input_channel": "rest",
        "active_loop": {},
        "latest_action": {"action_name": "action_listen"},
        "latest_action_name": "action_listen",
    }


def make_tracker(**kwargs: Any) -> Tracker:
    return Tracker.from_dict(tracker_state(**kwargs))


def domain_dict() -> dict[str, Any]:
    domain: dict[str, Any] = safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return domain


def action_call(next_action: str, state: dict[str, Any] | None = None) -> dict[str, Any]:
    """The body of Rasa 3.6's POST to the action server's /webhook."""
    state = state or tracker_state()
    return {
        "next_action": next_action,
        "sender_id": state["sender_id"],
        "tracker": state,
        "version": "3.6.21",
        "domain": domain_dict(),
    }
