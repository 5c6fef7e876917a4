"""Buttons alone reach every topic in three taps; a letter is asked about step by step."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.guide import ActionGuide
from tests.factories import domain_dict, make_tracker
from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.guide import Route, Step, browse, letter

PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$")


def parse_payload(payload: str) -> tuple[str, dict[str, str]]:
    """What Rasa's payload parser makes of a button payload."""
    match = PAYLOAD.match(payload)
    assert match is not None, payload
    return match["intent"], json.loads(match["entities"] or "{}")


def press(catalogue: Catalogue, payload: str) -> Step | Route:
    intent, entities = parse_payload(payload)
    assert intent in {"browse", "letter"}, payload
    if intent == "browse":
        return browse(catalogue, entities.get("browse_group"), entities.get("browse_topic"))
    return letter(catalogue, entities.get("letter_from"), entities.get("letter_asks"))


def test_every_topic_and_task_is_three_taps_from_the_start(catalogue: Catalogue) -> None:
    reached: set[tuple[str, str]] = set()
    start = browse(catalogue, None, None)
    for group in start.buttons:
        groups = press(catalogue, group.payload)
        assert isinstance(groups, Step)
        for topic_button in groups.buttons:
            if topic_button.title == catalogue.texts.back:
                assert press(catalogue, topic_button.payload) == start
                continue
            tasks = press(catalogue, topic_button.payload)
            assert isinstance(tasks, Step)
            assert tasks.buttons[-1].title == catalogue.texts.back
            assert press(catalogue, tasks.buttons[-1].payload) == groups
            for task_button in tasks.buttons[:-1]:
                # The third tap sends a topic intent with its task: the answer itself.
                topic, entities = parse_payload(task_button.payload)
                reached.add((topic, entities["task_choice"]))
    expected = {
        (topic_id, task.value)
        for topic_id, topic in catalogue.topics.items()
        for task in topic.tasks
        if task is not Task.INLOGGEN_VOOR_MIJ
    }
    assert reached == expected


def test_a_letter_from_the_cjib_about_paying_is_one_answer(catalogue: Catalogue) -> None:
    senders = letter(catalogue, None, None)
    assert isinstance(senders, Step)
    assert senders.text == "Van wie is de brief?"
    cjib = next(b for b in senders.buttons if b.title == "CJIB")
    asks = press(catalogue, cjib.payload)
    assert isinstance(asks, Step)
    assert asks.text == "Wat vraagt de brief van u?"
    pay = next(b for b in asks.buttons if b.title == "Ik moet iets betalen")
    assert press(catalogue, pay.payload) == Route("verkeersboete", Task.BETALEN)


def test_a_letter_from_toeslagen_offers_the_topics_it_may_be_about(
    catalogue: Catalogue,
) -> None:
    step = letter(catalogue, "toeslagen", "bezwaar")
    assert isinstance(step, Step)
    payloads = [b.payload for b in step.buttons]
    assert '/huurtoeslag{"task_choice": "bezwaar"}' in payloads
    assert '/zorgtoeslag{"task_choice": "bezwaar"}' in payloads
    assert step.buttons[-1].title == catalogue.texts.back


def test_an_unknown_sender_says_show_it_to_staff_and_offers_topics(
    catalogue: Catalogue,
) -> None:
    step = letter(catalogue, "anders", None)
    assert isinstance(step, Step)
    assert "medewerker" in step.text
    assert step.buttons == browse(catalogue, None, None).buttons


def run_guide(catalogue: Catalogue, **tracker: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionGuide(catalogue).run(dispatcher, make_tracker(**tracker), domain_dict())
    )
    return dispatcher.messages, events


@pytest.mark.parametrize(
    "entities",
    [
        [{"entity": "browse_group", "value": "99"}],
        [{"entity": "browse_group", "value": "0"}, {"entity": "browse_topic", "value": "zzz"}],
        [{"entity": "browse_group", "value": "-x"}],
        [{"entity": "browse_group", "value": "-1"}],
        [{"entity": "browse_group", "value": "٣"}],
    ],
)
def test_a_forged_browse_payload_starts_over(catalogue: Catalogue, entities: Any) -> None:
    messages, _ = run_guide(catalogue, text="/browse", intent="browse", entities=entities)
    assert messages[0]["text"] == catalogue.texts.browse_question
    assert [b["title"] for b in messages[0]["buttons"]] == [g.title for g in catalogue.browse]


def test_the_letter_route_answers_with_the_topic_and_its_boundary(catalogue: Catalogue) -> None:
    messages, events = run_guide(
        catalogue,
        text='/letter{"letter_from": "cjib", "letter_asks": "bezwaar"}',
        intent="letter",
        entities=[
            {"entity": "letter_from", "value": "cjib"},
            {"entity": "letter_asks", "value": "bezwaar"},
        ],
    )
    assert messages[0]["text"] == catalogue.topics["verkeersboete"].tasks[Task.BEZWAAR].text
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["topic"] == "verkeersboete"
    assert slots["task"] == "bezwaar"


def test_something_else_clears_the_topic_and_offers_the_groups(catalogue: Catalogue) -> None:
    messages, events = run_guide(
        catalogue, text="/deny", intent="deny", slots={"topic": "huurtoeslag"}
    )
    assert messages[0]["text"] == catalogue.texts.rephrase
    assert len(messages[0]["buttons"]) == len(catalogue.browse)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots == {"topic": None, "task": None}


def test_a_long_no_in_a_conversation_goes_on_with_the_topic(catalogue: Catalogue) -> None:
    """ "Nee, ik heb geen werk ..." answers the conversation; it does not turn it down."""
    messages, events = run_guide(
        catalogue,
        text="nee ik wil niet aanvragen nu, alleen weten of ik het krijg en hoeveel",
        intent="deny",
        # The words name a task the visitor says no to: a no is no request to act.
        task_ranking=[("aanvragen", 0.8), ("informatie", 0.2)],
        slots={"topic": "kindgebonden_budget"},
    )
    # The act the words name may be the one declined: asked, not guessed either way.
    assert messages[0]["text"].endswith(catalogue.texts.task_question)
    assert not any((m.get("custom") or {}).get("type") == "digid_boundary" for m in messages)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["topic"] == "kindgebonden_budget"
    # Without an act in the words, it is the topic's information.
    messages, _ = run_guide(
        catalogue,
        text="nee, ik heb geen werk en ook geen spaargeld meer",
        intent="deny",
        task_ranking=[("informatie", 0.9)],
        slots={"topic": "kindgebonden_budget"},
    )
    info = catalogue.topics["kindgebonden_budget"].tasks[Task.INFORMATIE].text
    assert messages[0]["text"] == info
    # A request to act in the visitor's account inside a no is still the boundary.
    messages, _ = run_guide(
        catalogue,
        text="nee dat lukt me niet, kunt u even in mijn toeslagen kijken",
        intent="deny",
        task_ranking=[("inloggen_voor_mij", 0.5), ("inzien", 0.4)],
        slots={"topic": "kindgebonden_budget"},
    )
    assert any((m.get("custom") or {}).get("type") == "digid_boundary" for m in messages)
    assert catalogue.texts.digid_login_for_me in [m.get("text") for m in messages]
    # A short no, or one that corrects the assistant, starts again with the groups.
    for text in (
        "nee",
        "nee niet voor nu",
        "nee, dat bedoel ik helemaal niet hoor",
        "nee, zo heb ik het niet bedoeld",
        "nee dat is het verkeerde onderwerp hoor",
        "nee dat klopt helemaal niet",
        "nee ik heb verder geen vragen meer",
        "nee dank u, ik ben al geholpen",
    ):
        messages, events = run_guide(
            catalogue, text=text, intent="deny", slots={"topic": "kindgebonden_budget"}
        )
        assert messages[0]["text"] == catalogue.texts.rephrase, text
        slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
        assert slots == {"topic": None, "task": None}, text


def test_every_topic_is_in_a_browse_group(catalogue: Catalogue) -> None:
    broken = catalogue.model_dump()
    broken["browse"] = broken["browse"][1:]
    with pytest.raises(ValueError, match="is in no group"):
        Catalogue.model_validate(broken)
