"""Answer a question about one government topic from the catalogue."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import answer_messages
from actions.tracker_data import latest_branch, latest_intent
from wegwijzer.answers import compose_answer
from wegwijzer.catalogue import Catalogue, Task

ACTION_ANSWER_TOPIC = "action_answer_topic"

NOT_UNDERSTOOD = (
    "Sorry, dat begrijp ik niet goed. "
    "Kunt u uw vraag anders stellen? "
    "U kunt het ook vragen aan een medewerker van de bibliotheek."
)


def reply_for(catalogue: Catalogue, intent: str | None, branch: str | None) -> list[dict[str, Any]]:
    if intent is None or intent not in catalogue.topics:
        return [{"text": NOT_UNDERSTOOD}]
    if branch is not None and branch not in catalogue.branches:
        branch = None
    return answer_messages(compose_answer(catalogue, intent, Task.INFORMATIE, branch))


class ActionAnswerTopic(Action):
    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue

    def name(self) -> str:
        return ACTION_ANSWER_TOPIC

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        for message in reply_for(self._catalogue, latest_intent(tracker), latest_branch(tracker)):
            dispatcher.utter_message(**message)
        return []
