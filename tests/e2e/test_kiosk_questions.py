"""What the kiosk itself suggests must work: every example question and tile, and the boundary.

The start screen's example questions and tiles come from catalogue.yml; a
visitor who taps one and gets "Bedoelt u ...?" learns that the assistant does
not understand its own suggestions. Each goes through the real stack.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conversations import named_topics, offered_topics
from tests.e2e.conftest import Stack
from tests.e2e.test_conversation import chat
from wegwijzer.catalogue import Catalogue, load_catalogue

pytestmark = pytest.mark.e2e

KIOSK = load_catalogue().kiosk


def customs(body: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [m["custom"] for m in body["messages"] if m["custom"] and m["custom"]["type"] == kind]


def topic_asks(catalogue: Catalogue) -> list[str]:
    """The catalogue's own questions before an answer ("Staat er CJIB op de brief?")."""
    return [
        guidance.ask.text.split(".")[0]
        for topic in catalogue.topics.values()
        for guidance in topic.tasks.values()
        if guidance.ask is not None
    ]


def answers_directly(catalogue: Catalogue, body: dict[str, Any]) -> list[str]:
    """The topics the reply is about: a link card, the boundary, the task question, or
    the topic's own question before its answer. Never "Bedoelt u ...?"."""
    texts = " ".join(m["text"] for m in body["messages"])
    assert catalogue.texts.did_you_mean not in texts, texts
    assert catalogue.texts.not_understood not in texts, texts
    named = named_topics(body["messages"])
    if not named and any(ask in texts for ask in topic_asks(catalogue)):
        named = offered_topics(body["messages"])
    return named


@pytest.mark.parametrize("question", KIOSK.examples)
def test_every_example_question_gets_a_direct_topic_answer(
    stack: Stack, catalogue: Catalogue, question: str
) -> None:
    named = answers_directly(catalogue, chat(stack, question))
    assert named, question
    assert named[0] in catalogue.topics


@pytest.mark.parametrize("tile", KIOSK.tiles, ids=lambda t: t.topic)
def test_every_tile_gets_its_own_topic(stack: Stack, catalogue: Catalogue, tile: Any) -> None:
    assert answers_directly(catalogue, chat(stack, tile.question))[:1] == [tile.topic]


def test_the_uwv_example_is_about_ww(stack: Stack) -> None:
    body = chat(stack, "Hoe vraag ik een uitkering aan bij het UWV?")
    assert customs(body, "links")[0]["topic"] == "ww_uitkering"
    assert customs(body, "digid_boundary") == [
        {"type": "digid_boundary", "topic": "ww_uitkering", "task": "aanvragen"}
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Kunt u voor mij inloggen?",
        "wilt u dit even voor me regelen op de computer, ik snap er niks van",
    ],
)
def test_the_boundary_without_a_topic_gets_the_boundary_answer(
    stack: Stack, catalogue: Catalogue, text: str
) -> None:
    body = chat(stack, text)
    texts = " ".join(m["text"] for m in body["messages"])
    assert "Daar kan ik u niet mee helpen" not in texts
    assert catalogue.texts.digid_login_for_me in texts
    assert catalogue.texts.referral_offer in texts
    assert customs(body, "digid_boundary") == [
        {"type": "digid_boundary", "topic": None, "task": "inloggen_voor_mij"}
    ]


@pytest.mark.parametrize("text", ["een uitkering", "uitkering"])
def test_a_broad_word_asks_with_the_right_family(
    stack: Stack, catalogue: Catalogue, text: str
) -> None:
    body = chat(stack, text)
    asking = next(m for m in body["messages"] if m["buttons"])
    payloads = [b["payload"] for b in asking["buttons"]]
    for topic in ("ww_uitkering", "ziekte_arbeidsongeschiktheid", "bijstand"):
        assert f"/{topic}" in payloads
