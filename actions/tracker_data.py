"""Read what the actions need from a rasa_sdk Tracker, tolerating missing parts."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.messages import SOMETHING_ELSE_PAYLOAD
from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.guide import TASK_CHOICE
from wegwijzer.language import DUTCH, is_supported
from wegwijzer.tasks import TaskScore, task_ranking_from_parse
from wegwijzer.triage import Score, ranking_from_parse

# Set while the visitor may answer the warm referral offer with a yes or a no.
SLOT_REFERRAL_OFFERED = "referral_offered"


def latest_text(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text")
    return text if isinstance(text, str) else ""


def ranking(tracker: Tracker) -> list[Score]:
    return ranking_from_parse(tracker.latest_message or {})


def task_ranking(tracker: Tracker) -> list[TaskScore]:
    return task_ranking_from_parse(tracker.latest_message or {})


def task_choice(tracker: Tracker) -> Task | None:
    """The task a button named, when the visitor pressed one."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if isinstance(entity, dict) and entity.get("entity") == TASK_CHOICE:
            try:
                return Task(str(entity.get("value")))
            except ValueError:
                return None
    return None


def current_topic(tracker: Tracker) -> str | None:
    """The topic of the conversation so far (set by the last topic answer)."""
    value = tracker.get_slot("topic")
    return value if isinstance(value, str) else None


def entity_value(tracker: Tracker, name: str) -> str | None:
    """An entity a button payload carried ("/browse{"browse_group": "1"}")."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if isinstance(entity, dict) and entity.get("entity") == name:
            value = entity.get("value")
            return str(value) if value is not None else None
    return None


def latest_metadata(tracker: Tracker) -> dict[str, Any]:
    metadata = (tracker.latest_message or {}).get("metadata")
    if isinstance(metadata, dict):
        return metadata
    return tracker.get_slot("session_started_metadata") or {}


def known_branch(tracker: Tracker, catalogue: Catalogue) -> str:
    """The kiosk's branch from the message metadata; the default when missing or unknown."""
    branch = latest_metadata(tracker).get("branch")
    return branch if branch in catalogue.branches else catalogue.default_branch


def stated_branch(tracker: Tracker, catalogue: Catalogue) -> object:
    """The branch exactly as the metadata states it (the default when it states none).

    For what is stored: an unknown value is refused there, not quietly replaced.
    """
    branch = latest_metadata(tracker).get("branch")
    return catalogue.default_branch if branch is None else branch


def is_button_press(tracker: Tracker) -> bool:
    """A button sends its payload ("/huurtoeslag"), not the visitor's own words."""
    return latest_text(tracker).startswith("/")


def pending_tasks(tracker: Tracker) -> tuple[Task, ...]:
    """The task read from the words before a choice of buttons, then any it may also be.

    Stored as task names separated by spaces ("informatie aanvragen"): a topic
    pressed afterwards is answered for the first, or asked about when the others
    differ from it on DigiD for that topic. Unknown names are skipped.
    """
    value = tracker.get_slot("pending_task")
    if not isinstance(value, str):
        return ()
    tasks = []
    for name in value.split():
        try:
            tasks.append(Task(name))
        except ValueError:
            continue
    return tuple(tasks)


def pending_value(task: Task, doubt: tuple[Task, ...] = ()) -> str:
    return " ".join(t.value for t in (task, *doubt))


def latest_intent(tracker: Tracker) -> str | None:
    intent = (tracker.latest_message or {}).get("intent") or {}
    name = intent.get("name")
    return name if isinstance(name, str) else None


def _previous_bot_event(tracker: Tracker) -> dict[str, Any] | None:
    """The assistant's last message before the visitor's latest one, if any."""
    seen_latest_message = False
    for event in reversed(tracker.events or []):
        kind = event.get("event") if isinstance(event, dict) else None
        if kind == "user":
            if seen_latest_message:
                return None
            seen_latest_message = True
        elif kind == "bot" and seen_latest_message:
            return dict(event)
    return None


def previous_bot_text(tracker: Tracker) -> str | None:
    """What the assistant said just before the visitor's latest message, if anything."""
    event = _previous_bot_event(tracker)
    text = event.get("text") if event is not None else None
    return text if isinstance(text, str) else None


def offered_topics(tracker: Tracker, catalogue: Catalogue) -> tuple[str, ...]:
    """The topics just offered as a choice ("Bedoelt u ...?", a life event's schemes).

    Such a choice is topic buttons with "Iets anders" last (actions.messages); that
    holds in every language, so a visitor may switch language in between. Other
    buttons (a route question, "informatie of nu regelen") are not such a choice.
    """
    event = _previous_bot_event(tracker)
    data = event.get("data") if event is not None else None
    buttons = data.get("buttons") if isinstance(data, dict) else None
    payloads = [b.get("payload") for b in buttons or [] if isinstance(b, dict)]
    if not payloads or payloads[-1] != SOMETHING_ELSE_PAYLOAD:
        return ()
    return tuple(str(p)[1:] for p in payloads if isinstance(p, str) and p[1:] in catalogue.topics)


def visitor_language(tracker: Tracker) -> str:
    """The language the app chose for this message (metadata); Dutch when missing or unknown."""
    language = latest_metadata(tracker).get("language")
    return language if isinstance(language, str) and is_supported(language) else DUTCH
