"""The topic action answers from the catalogue, for the branch in the message metadata."""

from __future__ import annotations

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.answer_topic import NOT_UNDERSTOOD, ActionAnswerTopic
from actions.messages import LINKS_MESSAGE_TYPE
from tests.factories import domain_dict, make_tracker
from wegwijzer.catalogue import Catalogue


def run_action(catalogue: Catalogue, **tracker_kwargs: object) -> list[dict[str, object]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionAnswerTopic(catalogue).run(dispatcher, make_tracker(**tracker_kwargs), domain_dict())
    )
    assert events == []
    return dispatcher.messages


def links_of(messages: list[dict[str, object]]) -> list[dict[str, str]]:
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("type") == LINKS_MESSAGE_TYPE:
            return list(custom["links"])
    return []


def test_huurtoeslag_question_gets_text_and_provider_link(catalogue: Catalogue) -> None:
    messages = run_action(catalogue, text="Heb ik recht op huursubsidie?", intent="huurtoeslag")
    assert "huurtoeslag" in str(messages[0]["text"]).lower()
    links = links_of(messages)
    assert links[0]["url"] == catalogue.topics["huurtoeslag"].links["info"].url
    assert links[0]["provider"] == "Dienst Toeslagen"
    assert links[0]["domain"] == "belastingdienst.nl"


def test_parkeerboete_uses_the_branch_from_metadata(catalogue: Catalogue) -> None:
    messages = run_action(
        catalogue,
        text="parkeerbon gekregen",
        intent="parkeerboete",
        metadata={"branch": "harlingen"},
    )
    assert "gemeente Harlingen" in str(messages[0]["text"])
    assert [link["url"] for link in links_of(messages)] == ["https://www.harlingen.nl"]


def test_unknown_branch_falls_back_to_default(catalogue: Catalogue) -> None:
    messages = run_action(
        catalogue, text="parkeerbon", intent="parkeerboete", metadata={"branch": "atlantis"}
    )
    default = catalogue.branches[catalogue.default_branch]
    assert [link["url"] for link in links_of(messages)] == [default.gemeente_url]


def test_non_topic_intent_gets_a_plain_apology(catalogue: Catalogue) -> None:
    messages = run_action(catalogue, text="blabla", intent="nlu_fallback")
    assert messages[0]["text"] == NOT_UNDERSTOOD
    assert links_of(messages) == []
