"""Every custom action, built with its dependencies."""

from __future__ import annotations

from rasa_sdk import Action

from actions.answer_topic import ActionAnswerTopic
from actions.guide import ActionGuide
from actions.referral_consent import ActionReferralConsent
from wegwijzer.catalogue import Catalogue
from wegwijzer.referrals.offers import OfferBook
from wegwijzer.stats import StatsRecorder


def build_actions(catalogue: Catalogue, offers: OfferBook, stats: StatsRecorder) -> list[Action]:
    return [
        ActionAnswerTopic(catalogue, stats),
        ActionGuide(catalogue, stats),
        ActionReferralConsent(catalogue, offers),
    ]
