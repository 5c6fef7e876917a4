"""The actions answer in the language the app put in the message metadata."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.answer_topic import ActionAnswerTopic
from actions.guide import ActionGuide
from tests.catalogue_copy import copy_catalogue, edit_translation
from tests.factories import domain_dict, make_tracker
from wegwijzer.catalogue import Catalogue, Task, load_catalogue


def answer(catalogue: Catalogue, action: Any = None, **kwargs: Any) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    action = action or ActionAnswerTopic(catalogue)
    asyncio.run(action.run(dispatcher, make_tracker(**kwargs), domain_dict()))
    return dispatcher.messages


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [str(m.get("text")) for m in messages if m.get("text")]


def links(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        link
        for m in messages
        if isinstance(m.get("custom"), dict) and m["custom"].get("type") == "links"
        for link in m["custom"]["links"]
    ]


def test_an_english_boundary_answer(catalogue: Catalogue) -> None:
    english = catalogue.localised("en")
    messages = answer(
        catalogue,
        text="I want to apply for rent benefit",
        intent="huurtoeslag",
        task="aanvragen",
        metadata={"branch": "leeuwarden", "language": "en"},
    )
    said = texts(messages)
    assert said[0] == "You apply for huurtoeslag on Mijn toeslagen."
    assert english.texts.digid_notice in said
    assert english.texts.referral_offer in said
    assert catalogue.texts.digid_notice not in said
    assert links(messages)[0]["title"] == "Mijn toeslagen"
    assert links(messages)[0]["page_note"] == "This page is in Dutch."


def test_an_english_visitor_gets_the_english_page(catalogue: Catalogue) -> None:
    messages = answer(
        catalogue,
        text="When do I get my state pension?",
        intent="aow",
        task="informatie",
        metadata={"language": "en"},
    )
    assert links(messages)[0]["url"] == "https://www.svb.nl/en/aow-pension"
    assert links(messages)[0]["page_language"] == "en"
    assert links(messages)[0]["page_note"] is None


def test_an_arabic_answer_without_translation_is_dutch_with_an_arabic_note(
    tmp_path: Path,
) -> None:
    # Every text is translated today: take one away in a copy of the catalogue.
    directory = copy_catalogue(tmp_path)
    edit_translation(directory, "ar", lambda d: d["topics"]["aow"]["tasks"].pop("informatie"))
    catalogue = load_catalogue(directory)
    note = catalogue.localised("ar").interface["only_in_dutch"]
    messages = answer(
        catalogue, text="سؤال", intent="aow", task="informatie", metadata={"language": "ar"}
    )
    dutch = catalogue.topics["aow"].tasks[Task.INFORMATIE].text
    assert texts(messages)[0] == f"({note}) {dutch}"
    # On the full catalogue the same answer is Arabic, without the note.
    full = load_catalogue()
    arabic = texts(
        answer(full, text="سؤال", intent="aow", task="informatie", metadata={"language": "ar"})
    )[0]
    assert not arabic.startswith(f"({note})")
    assert arabic == full.localised("ar").topics["aow"].tasks[Task.INFORMATIE].text


def test_without_a_language_in_the_metadata_the_answer_is_dutch(catalogue: Catalogue) -> None:
    for metadata in ({}, {"language": "xx"}, {"language": 7}):
        messages = answer(
            catalogue,
            text="huurtoeslag",
            intent="huurtoeslag",
            task="informatie",
            metadata=metadata,
        )
        assert texts(messages)[0] == catalogue.topics["huurtoeslag"].tasks["informatie"].text


def test_the_browse_buttons_in_ukrainian(catalogue: Catalogue) -> None:
    messages = answer(
        catalogue,
        action=ActionGuide(catalogue),
        text="/browse",
        intent="browse",
        metadata={"language": "uk"},
    )
    assert messages[0]["buttons"][0]["title"] == "Допомоги (toeslagen)"
