"""Guided questions with buttons: topic groups, the letter intake, and "Iets anders"."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_topic import SLOT_TASK, SLOT_TOPIC, answer, count_question, respond
from actions.names import ACTION_GUIDE
from actions.tracker_data import (
    SLOT_REFERRAL_OFFERED,
    current_topic,
    entity_value,
    is_button_press,
    known_branch,
    latest_intent,
    visitor_language,
)
from wegwijzer.catalogue import Catalogue
from wegwijzer.guide import (
    BROWSE_GROUP,
    BROWSE_INTENT,
    BROWSE_TOPIC,
    LETTER_ASKS,
    LETTER_FROM,
    LETTER_INTENT,
    Route,
    Step,
    UnknownChoiceError,
    browse,
    browse_start,
    letter,
)
from wegwijzer.stats import StatsRecorder
from wegwijzer.triage import DENY_INTENT, Score, TriageResult, triage


def step_message(step: Step) -> dict[str, Any]:
    return {
        "text": step.text,
        "buttons": [{"title": b.title, "payload": b.payload} for b in step.buttons],
    }


def guide(
    catalogue: Catalogue, tracker: Tracker
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], TriageResult | None]:
    """The next guided question, or the answer when the choices settled topic and task.

    The triage result comes along when typed words were answered as a question on
    the conversation's topic, so that it is counted as one.
    """
    intent = latest_intent(tracker)
    typed_in_a_conversation = not is_button_press(tracker) and bool(current_topic(tracker))
    if intent in {LETTER_INTENT, DENY_INTENT} and typed_in_a_conversation:
        # "Krijg ik dan geen brieven meer?" or "nee, ik heb geen werk en geen spaargeld"
        # in a conversation may go on with its topic; the triage decides, and the intake
        # or the fresh start comes only when it does not.
        messages, events, result = answer(catalogue, tracker)
        if result.from_context:
            return messages, events, result
    try:
        if intent == BROWSE_INTENT:
            found: Step | Route = browse(
                catalogue, entity_value(tracker, BROWSE_GROUP), entity_value(tracker, BROWSE_TOPIC)
            )
        elif intent == LETTER_INTENT:
            found = letter(
                catalogue, entity_value(tracker, LETTER_FROM), entity_value(tracker, LETTER_ASKS)
            )
        else:
            # "Iets anders" or "nee": start again from the groups, with no topic in mind.
            start = browse_start(catalogue)
            message = step_message(Step(catalogue.texts.rephrase, start.buttons))
            return [message], [SlotSet(SLOT_TOPIC, None), SlotSet(SLOT_TASK, None)], None
    except UnknownChoiceError:
        # A forged or stale payload: start over rather than fail.
        found = browse_start(catalogue)
    if isinstance(found, Step):
        return [step_message(found)], [SlotSet(SLOT_REFERRAL_OFFERED, False)], None
    branch = known_branch(tracker, catalogue)
    result = triage(catalogue, "", [Score(found.topic, 1.0)], branch, task=found.task)
    return (*respond(catalogue, tracker, result, branch), None)


class ActionGuide(Action):
    def __init__(self, catalogue: Catalogue, stats: StatsRecorder | None = None) -> None:
        self._catalogue = catalogue
        self._stats = stats

    def name(self) -> str:
        return ACTION_GUIDE

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        language = visitor_language(tracker)
        messages, events, answered = guide(self._catalogue.localised(language), tracker)
        if answered is not None:
            await count_question(self._stats, self._catalogue, tracker, answered)
        for message in messages:
            dispatcher.utter_message(**message)
        return events
