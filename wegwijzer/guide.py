"""Guided questions without typing: topic groups, the letter intake, and what to do.

A visitor who cannot type well must still reach every topic, as IDO staff would
lead them: a group, then a topic, then what they want; or, for a letter, who
sent it and what it asks. Each step is a question with buttons whose payloads
carry the choice so far, so no step needs conversation state. The last step's
buttons send a topic intent with the task (`/huurtoeslag{"task_choice": ...}`),
which the ordinary topic answer takes from there.
"""

from __future__ import annotations

from dataclasses import dataclass

from wegwijzer.catalogue.models import Catalogue, LetterIntake, Task
from wegwijzer.errors import WegwijzerError

BROWSE_INTENT = "browse"
LETTER_INTENT = "letter"
TASK_CHOICE = "task_choice"
BROWSE_GROUP = "browse_group"
BROWSE_TOPIC = "browse_topic"
LETTER_FROM = "letter_from"
LETTER_ASKS = "letter_asks"
OTHER_SENDER = "anders"


class UnknownChoiceError(WegwijzerError):
    """A button payload named a group, topic, sender or task that does not exist."""


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Step:
    """A question with buttons."""

    text: str
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Route:
    """The choices settled one topic and task: answer it."""

    topic: str
    task: Task


def _payload(intent: str, **entities: str) -> str:
    if not entities:
        return f"/{intent}"
    inner = ", ".join(f'"{k}": "{v}"' for k, v in entities.items())
    return f"/{intent}{{{inner}}}"


def topic_task_payload(topic: str, task: Task) -> str:
    return _payload(topic, **{TASK_CHOICE: task.value})


def browse_start(catalogue: Catalogue) -> Step:
    """The groups: the first of at most three taps to any topic's answer."""
    texts = catalogue.texts
    return Step(
        texts.browse_question,
        tuple(
            Button(group.title, _payload(BROWSE_INTENT, **{BROWSE_GROUP: str(i)}))
            for i, group in enumerate(catalogue.browse)
        ),
    )


def browse_group(catalogue: Catalogue, group: str) -> Step:
    # Only the numbers the buttons carry: "-1" would be a valid Python index.
    if not (group.isascii() and group.isdigit()) or int(group) >= len(catalogue.browse):
        raise UnknownChoiceError(f"no browse group {group!r}")
    chosen = catalogue.browse[int(group)]
    buttons = [
        Button(
            catalogue.topics[topic].title,
            _payload(BROWSE_INTENT, **{BROWSE_GROUP: group, BROWSE_TOPIC: topic}),
        )
        for topic in chosen.topics
    ]
    buttons.append(Button(catalogue.texts.back, _payload(BROWSE_INTENT)))
    return Step(catalogue.texts.browse_question, tuple(buttons))


def browse_topic(catalogue: Catalogue, group: str | None, topic: str) -> Step:
    """What the visitor wants with the topic: only the tasks the topic has guidance for."""
    if topic not in catalogue.topics:
        raise UnknownChoiceError(f"no topic {topic!r}")
    texts = catalogue.texts
    tasks = [t for t in catalogue.topics[topic].tasks if t in texts.task_buttons]
    buttons = [Button(texts.task_buttons[t], topic_task_payload(topic, t)) for t in tasks]
    back = _payload(BROWSE_INTENT, **{BROWSE_GROUP: group}) if group else _payload(BROWSE_INTENT)
    buttons.append(Button(texts.back, back))
    title = catalogue.topics[topic].title
    return Step(f"{title}. {texts.browse_topic_question}", tuple(buttons))


def browse(catalogue: Catalogue, group: str | None, topic: str | None) -> Step:
    if topic is not None:
        return browse_topic(catalogue, group, topic)
    if group is not None:
        return browse_group(catalogue, group)
    return browse_start(catalogue)


def _letters(catalogue: Catalogue) -> LetterIntake:
    if catalogue.letters is None:
        raise UnknownChoiceError("the catalogue has no letter intake")
    return catalogue.letters


def letter_start(catalogue: Catalogue) -> Step:
    letters = _letters(catalogue)
    buttons = [
        Button(sender.title, _payload(LETTER_INTENT, **{LETTER_FROM: key}))
        for key, sender in letters.senders.items()
    ]
    buttons.append(
        Button(
            catalogue.texts.something_else, _payload(LETTER_INTENT, **{LETTER_FROM: OTHER_SENDER})
        )
    )
    return Step(letters.question_sender, tuple(buttons))


def letter_sender(catalogue: Catalogue, sender: str) -> Step:
    letters = _letters(catalogue)
    if sender == OTHER_SENDER:
        return Step(letters.other, browse_start(catalogue).buttons)
    if sender not in letters.senders:
        raise UnknownChoiceError(f"no letter sender {sender!r}")
    buttons = [
        Button(title, _payload(LETTER_INTENT, **{LETTER_FROM: sender, LETTER_ASKS: task.value}))
        for task, title in letters.asks.items()
    ]
    buttons.append(Button(catalogue.texts.back, _payload(LETTER_INTENT)))
    return Step(letters.question_asks, tuple(buttons))


def letter_asks(catalogue: Catalogue, sender: str, asks: str) -> Step | Route:
    """Sender and request settle the task; one topic answers at once, several are offered."""
    letters = _letters(catalogue)
    try:
        task = Task(asks)
        topics = letters.senders[sender].topics[task]
    except (ValueError, KeyError):
        raise UnknownChoiceError(f"no letter route for {sender!r} asking {asks!r}") from None
    if len(topics) == 1:
        return Route(topics[0], task)
    buttons = [Button(catalogue.topics[t].title, topic_task_payload(t, task)) for t in topics]
    buttons.append(Button(catalogue.texts.back, _payload(LETTER_INTENT, **{LETTER_FROM: sender})))
    return Step(catalogue.texts.did_you_mean, tuple(buttons))


def letter(catalogue: Catalogue, sender: str | None, asks: str | None) -> Step | Route:
    if sender is not None and asks is not None:
        return letter_asks(catalogue, sender, asks)
    if sender is not None:
        return letter_sender(catalogue, sender)
    return letter_start(catalogue)
