"""Every custom action, built with its dependencies."""

from __future__ import annotations

from rasa_sdk import Action

from actions.answer_topic import ActionAnswerTopic
from wegwijzer.catalogue import Catalogue


def build_actions(catalogue: Catalogue) -> list[Action]:
    return [ActionAnswerTopic(catalogue)]
