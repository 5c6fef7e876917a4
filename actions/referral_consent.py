"""The visitor answers the referral offer: open the form, or say how to go on alone."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ActionExecutionRejection

from actions.messages import referral_question
from actions.names import ACTION_ANSWER_TOPIC, ACTION_REFERRAL_CONSENT
from actions.tracker_data import (
    SLOT_REFERRAL_OFFERED,
    known_branch,
    latest_intent,
    latest_text,
    stated_branch,
    visitor_language,
)
from wegwijzer.catalogue import Catalogue
from wegwijzer.referrals.consent import OfferAnswer, answer_to_offer, answers_the_offer
from wegwijzer.referrals.offers import InvalidOfferError, OfferBook, card_payload, form_payload
from wegwijzer.referrals.service import OfferRequest


class ActionReferralConsent(Action):
    def __init__(self, catalogue: Catalogue, offers: OfferBook) -> None:
        self._catalogue = catalogue
        self._offers = offers

    def name(self) -> str:
        return ACTION_REFERRAL_CONSENT

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        text, intent = latest_text(tracker), latest_intent(tracker)
        # The topic action hands over a typed yes the intent model did not hear as one;
        # the same test says so here, so the two actions cannot disagree.
        affirmed = intent == "affirm" or (intent != "deny" and answers_the_offer(text))
        reply = answer_to_offer(text, affirmed=affirmed)
        if reply is OfferAnswer.ASKS_ON:
            # "Ja dat snap ik, maar waar doe ik dat?" is no consent: answer the question,
            # and the offer stands (the answer sets it again).
            return [FollowupAction(ACTION_ANSWER_TOPIC)]
        language = visitor_language(tracker)
        catalogue = self._catalogue.localised(language)
        if reply is OfferAnswer.UNSURE:
            # "Ja nee", "ja maar kost het geld?": ask once more, with the buttons; the
            # offer stays open and nothing is stored.
            dispatcher.utter_message(
                **referral_question(catalogue.texts.referral_confirm, catalogue)
            )
            return []
        events = [SlotSet(SLOT_REFERRAL_OFFERED, False)]
        topic = tracker.get_slot("topic")
        if reply is OfferAnswer.DECLINE:
            dispatcher.utter_message(text=catalogue.texts.referral_declined)
            # Next time the visitor may go there alone: show where and when.
            topic_id = topic if isinstance(topic, str) and topic in self._catalogue.topics else None
            here = known_branch(tracker, self._catalogue)
            card = self._offers.card(topic_id, here, language)
            dispatcher.utter_message(text=card.next_time, json_message=card_payload(card))
            return events
        task = tracker.get_slot("task") or "informatie"
        branch = stated_branch(tracker, self._catalogue)
        if not (topic is None or isinstance(topic, str)) or not isinstance(task, str):
            raise ActionExecutionRejection(self.name(), "topic and task must be text")
        if not isinstance(branch, str):
            raise ActionExecutionRejection(self.name(), "branch must be text")
        request = OfferRequest(tracker.sender_id, topic, task, branch, language)
        try:
            offer = await asyncio.to_thread(self._offers.open, request)
        except InvalidOfferError as exc:
            # Only a forged call gets here: refuse it, store nothing.
            raise ActionExecutionRejection(self.name(), str(exc)) from None
        dispatcher.utter_message(text=offer.intro)
        dispatcher.utter_message(json_message=form_payload(offer))
        return events
