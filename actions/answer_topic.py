"""Answer a visitor's question: triage it, then reply in the way the verdict needs."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import asks_topic_at_the_boundary, route_question_messages, triage_messages
from actions.names import ACTION_ANSWER_TOPIC, ACTION_REFERRAL_CONSENT
from actions.tracker_data import (
    SLOT_REFERRAL_OFFERED,
    current_topic,
    is_button_press,
    known_branch,
    latest_text,
    offered_topics,
    pending_tasks,
    pending_value,
    previous_bot_text,
    ranking,
    task_choice,
    task_ranking,
    visitor_language,
)
from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.referrals.consent import answers_the_offer
from wegwijzer.stats import StatsRecorder
from wegwijzer.triage import TriageResult, Verdict, triage

SLOT_TOPIC = "topic"
SLOT_TASK = "task"
# The task read from the visitor's words while we ask "Bedoelt u ...?".
SLOT_PENDING_TASK = "pending_task"


def answer(
    catalogue: Catalogue, tracker: Tracker
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], TriageResult]:
    """The messages to send and the events to return, for the latest message."""
    branch = known_branch(tracker, catalogue)
    pressed = is_button_press(tracker)
    # A button press carries no words: a task button names its task; a topic button
    # uses the task read from the words before, with the doubt they left.
    chosen: Task | None = None
    doubt: tuple[Task, ...] = ()
    if pressed:
        chosen = task_choice(tracker)
        if chosen is None and (pending := pending_tasks(tracker)):
            chosen, doubt = pending[0], pending[1:]
    # Typed words after "Wilt u informatie, of wilt u het nu regelen?": the
    # information was not given yet, so doubt is asked again rather than settled.
    asked = (previous_bot_text(tracker) or "").endswith(catalogue.texts.task_question)
    result = triage(
        catalogue,
        latest_text(tracker),
        ranking(tracker),
        branch,
        task=chosen,
        task_doubt=doubt,
        task_ranking=task_ranking(tracker),
        # A button names its topic; typed words may continue the current one.
        context_topic=None if pressed else current_topic(tracker),
        information_given=not asked,
        offered_topics=() if pressed else offered_topics(tracker, catalogue),
    )
    messages, events = respond(catalogue, tracker, result, branch)
    return messages, events, result


def respond(
    catalogue: Catalogue, tracker: Tracker, result: TriageResult, branch: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The reply to a triage result, and the slots that carry the conversation on."""
    question = result.question
    if result.verdict is Verdict.TOPIC and question is not None:
        answered = is_button_press(tracker) and previous_bot_text(tracker) == question.text
        if not answered:
            # Ask first; the pressed button brings the task back through pending_task.
            return (
                route_question_messages(catalogue, result, question),
                [
                    SlotSet(SLOT_TOPIC, result.topic),
                    SlotSet(SLOT_TASK, result.task.value),
                    # Only the act has a route question: answering where the letter
                    # came from goes on with it (carrying the doubt here would ask
                    # "informatie, of nu regelen?" and then the route question again).
                    SlotSet(SLOT_PENDING_TASK, result.task.value),
                    SlotSet(SLOT_REFERRAL_OFFERED, False),
                ],
            )
    if result.small_talk is not None:
        # "Dank u wel" leaves the conversation as it was: an open referral offer stays open.
        return triage_messages(catalogue, result, branch), []
    events: list[dict[str, Any]] = []
    if result.verdict is Verdict.TOPIC:
        events = [
            SlotSet(SLOT_TOPIC, result.topic),
            SlotSet(SLOT_TASK, result.task.value),
            SlotSet(SLOT_PENDING_TASK, None),
        ]
    elif result.verdict in {Verdict.UNCLEAR, Verdict.LIFE_EVENT} and result.candidates:
        # Topic buttons follow: a press is answered for these words' task, not an older one.
        events = [SlotSet(SLOT_PENDING_TASK, pending_value(result.task, result.task_doubt))]
    if result.digid_required and result.verdict is not Verdict.TOPIC:
        events += [SlotSet(SLOT_TOPIC, None), SlotSet(SLOT_TASK, result.task.value)]
    # An offer is open only right after a boundary answer; a new question closes it,
    # and so does "Wilt u informatie, of wilt u het nu regelen?" (no offer shown yet).
    offered = (
        result.at_the_boundary
        and not (result.verdict is Verdict.TOPIC and result.task_uncertain)
        and not asks_topic_at_the_boundary(result)
    )
    events.append(SlotSet(SLOT_REFERRAL_OFFERED, offered))
    return triage_messages(catalogue, result, branch), events


async def count_question(
    stats: StatsRecorder | None, catalogue: Catalogue, tracker: Tracker, result: TriageResult
) -> None:
    """A typed question goes into the statistics; small talk and button presses do not."""
    if stats is None or result.small_talk is not None or is_button_press(tracker):
        return
    await asyncio.to_thread(
        stats.record_question,
        known_branch(tracker, catalogue),
        result.topic,
        result.at_the_boundary,
        visitor_language(tracker),
    )


class ActionAnswerTopic(Action):
    def __init__(self, catalogue: Catalogue, stats: StatsRecorder | None = None) -> None:
        self._catalogue = catalogue
        self._stats = stats

    def name(self) -> str:
        return ACTION_ANSWER_TOPIC

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        if (
            tracker.get_slot(SLOT_REFERRAL_OFFERED)
            and not is_button_press(tracker)
            and answers_the_offer(latest_text(tracker))
        ):
            # "Ja graag, mijn nummer is [telefoonnummer weggehaald]" answers the open
            # offer even when the intent model heard something else in it.
            return [FollowupAction(ACTION_REFERRAL_CONSENT)]
        language = visitor_language(tracker)
        messages, events, result = answer(self._catalogue.localised(language), tracker)
        await count_question(self._stats, self._catalogue, tracker, result)
        for message in messages:
            dispatcher.utter_message(**message)
        return events
