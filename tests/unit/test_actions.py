"""The topic action: triage the latest message and reply as the verdict needs."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_topic import ActionAnswerTopic
from actions.guide import ActionGuide
from actions.messages import LINKS_MESSAGE_TYPE
from actions.tracker_data import offered_topics, pending_tasks, previous_bot_text
from tests.catalogue_copy import copy_catalogue
from tests.factories import bot_event, domain_dict, make_tracker, user_event
from wegwijzer.answers import compose_answer
from wegwijzer.catalogue import Catalogue, Task, load_catalogue
from wegwijzer.pii import scrub
from wegwijzer.triage import SMALL_TALK_INTENTS


def run_action(
    catalogue: Catalogue, **tracker_kwargs: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionAnswerTopic(catalogue).run(dispatcher, make_tracker(**tracker_kwargs), domain_dict())
    )
    return dispatcher.messages, events


def links_of(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("type") == LINKS_MESSAGE_TYPE:
            return list(custom["links"])
    return []


def boundary_of(messages: list[dict[str, Any]]) -> dict[str, Any] | None:
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("type") == "digid_boundary":
            return custom
    return None


def texts_of(messages: list[dict[str, Any]]) -> str:
    return " ".join(str(m.get("text") or "") for m in messages)


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_information_question_gets_text_and_provider_link(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue, text="Heb ik recht op huursubsidie?", intent="huurtoeslag"
    )
    assert messages[0]["text"] == catalogue.topics["huurtoeslag"].tasks["informatie"].text
    links = links_of(messages)
    assert links[0]["url"] == catalogue.topics["huurtoeslag"].links["info"].url
    assert links[0]["provider"] == "Dienst Toeslagen"
    assert links[0]["domain"] == "belastingdienst.nl"
    assert catalogue.texts.digid_notice not in texts_of(messages)
    assert slots_set(events) == {
        "topic": "huurtoeslag",
        "task": "informatie",
        "pending_task": None,
        "referral_offered": False,
    }
    assert catalogue.texts.referral_offer not in texts_of(messages)


def test_application_adds_the_boundary_and_the_referral_offer(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue, text="ik wil ww aanvragen", intent="ww_uitkering", task="aanvragen"
    )
    assert links_of(messages)[0]["url"] == "https://mijn.uwv.nl"
    texts = [m.get("text") for m in messages]
    assert texts.index(catalogue.texts.digid_notice) < texts.index(catalogue.texts.machtigen_hint)
    machtigen = [m["custom"] for m in messages if m.get("custom")][-1]
    assert machtigen["topic"] == "digid_machtigen"
    offer = messages[-1]
    assert offer["text"] == catalogue.texts.referral_offer
    assert [b["payload"] for b in offer["buttons"]] == ["/affirm", "/deny"]
    assert slots_set(events)["task"] == "aanvragen"
    assert slots_set(events)["referral_offered"] is True


def test_arranging_a_mandate_says_own_digid_without_the_boundary(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue,
        text="hoe zet ik een machtiging voor mijn zoon op?",
        intent="digid_machtigen",
        task="aanvragen",
    )
    texts = [m.get("text") for m in messages]
    assert texts[0] == compose_answer(catalogue, "digid_machtigen", Task.AANVRAGEN, "").text
    assert links_of(messages)[0]["url"] == "https://machtigen.digid.nl"
    # The visitor logs in alone and shares no codes, but is not sent to a partner.
    assert catalogue.texts.digid_notice in texts
    assert boundary_of(messages) is None
    assert catalogue.texts.referral_offer not in texts
    assert slots_set(events)["referral_offered"] is False


def test_asking_staff_to_arrange_the_mandate_is_the_boundary(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue,
        text="kunt u die machtiging voor mij vastleggen, ik lees de sms code wel voor",
        intent="digid_machtigen",
        task="inloggen_voor_mij",
    )
    assert boundary_of(messages) == {
        "type": "digid_boundary",
        "topic": "digid_machtigen",
        "task": "inloggen_voor_mij",
    }
    assert messages[-1]["text"] == catalogue.texts.referral_offer
    assert slots_set(events)["referral_offered"] is True


def test_parkeerboete_uses_the_branch_from_metadata(catalogue: Catalogue) -> None:
    messages, _ = run_action(
        catalogue,
        text="parkeerbon gekregen",
        intent="parkeerboete",
        metadata={"branch": "harlingen"},
    )
    assert "gemeente Harlingen" in str(messages[0]["text"])
    assert [link["url"] for link in links_of(messages)] == ["https://www.harlingen.nl"]


def test_unknown_branch_falls_back_to_default(catalogue: Catalogue) -> None:
    messages, _ = run_action(
        catalogue, text="parkeerbon", intent="parkeerboete", metadata={"branch": "atlantis"}
    )
    default = catalogue.branches[catalogue.default_branch]
    assert [link["url"] for link in links_of(messages)] == [default.gemeente_url]


def test_unclear_message_asks_with_buttons_and_remembers_the_task(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue,
        text="ik wil die toeslag aanvragen",
        intent="nlu_fallback",
        confidence=0.4,
        task="aanvragen",
        ranking=[
            ("nlu_fallback", 0.4),
            ("zorgtoeslag", 0.3),
            ("huurtoeslag", 0.28),
            ("kinderopvangtoeslag", 0.2),
            ("aow", 0.01),
        ],
    )
    assert messages[0]["text"] == catalogue.texts.did_you_mean
    buttons = messages[0]["buttons"]
    # "toeslag" names the family: all toeslagen are offered, the likeliest first.
    assert [b["payload"] for b in buttons] == [
        "/zorgtoeslag",
        "/huurtoeslag",
        "/kinderopvangtoeslag",
        "/kindgebonden_budget",
        "/toeslag_terugbetalen",
        "/deny",
    ]
    assert buttons[0]["title"] == "Zorgtoeslag"
    assert buttons[-1]["title"] == catalogue.texts.something_else
    assert links_of(messages) == []
    assert slots_set(events) == {"pending_task": "aanvragen", "referral_offered": False}


def test_button_press_answers_with_the_remembered_task(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue,
        text="/huurtoeslag",
        intent="huurtoeslag",
        confidence=1.0,
        slots={"pending_task": "aanvragen"},
    )
    assert links_of(messages)[0]["url"] == "https://mijn.toeslagen.nl"
    assert catalogue.texts.digid_notice in texts_of(messages)
    assert slots_set(events)["pending_task"] is None


def test_nothing_plausible_gets_not_understood(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue,
        text="qwerty",
        intent="nlu_fallback",
        ranking=[("nlu_fallback", 0.4), ("greet", 0.3), ("aow", 0.02)],
    )
    assert [m["text"] for m in messages] == [catalogue.texts.not_understood]
    assert slots_set(events) == {"referral_offered": False}


def test_login_request_gets_the_boundary_text(catalogue: Catalogue) -> None:
    messages, _ = run_action(
        catalogue,
        text="kunt u voor mij inloggen bij de toeslagen",
        intent="huurtoeslag",
    )
    assert catalogue.texts.digid_login_for_me in texts_of(messages)
    assert catalogue.texts.digid_notice not in texts_of(messages)
    assert messages[-1]["text"] == catalogue.texts.referral_offer


def test_login_request_without_topic_still_offers_a_referral(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue,
        text="kun je voor mij inloggen",
        intent="nlu_fallback",
        ranking=[("nlu_fallback", 0.4), ("greet", 0.3)],
    )
    assert catalogue.texts.digid_login_for_me in texts_of(messages)
    assert catalogue.texts.not_understood not in texts_of(messages)
    assert slots_set(events) == {
        "topic": None,
        "task": "inloggen_voor_mij",
        "referral_offered": True,
    }
    assert boundary_of(messages) == {
        "type": "digid_boundary",
        "topic": None,
        "task": "inloggen_voor_mij",
    }


def test_indirect_login_request_read_by_the_task_model_is_the_boundary(
    catalogue: Catalogue,
) -> None:
    messages, events = run_action(
        catalogue,
        text="kunt u even in mijn toeslagen kijken of het geld er is",
        intent="huurtoeslag",
        task_ranking=[("inloggen_voor_mij", 0.8), ("inzien", 0.15)],
    )
    assert catalogue.texts.digid_login_for_me in texts_of(messages)
    assert boundary_of(messages) == {
        "type": "digid_boundary",
        "topic": "huurtoeslag",
        "task": "inloggen_voor_mij",
    }
    assert slots_set(events)["referral_offered"] is True


def test_out_of_scope_gets_the_out_of_scope_response(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue, text="hoe laat gaat de bieb open", intent="out_of_scope", task="informatie"
    )
    assert [m["text"] for m in messages] == [catalogue.texts.out_of_scope]
    assert slots_set(events) == {"referral_offered": False}


def test_doubt_asks_information_or_act_and_the_button_settles_it(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue,
        text="huurtoeslag regelen",
        intent="huurtoeslag",
        task_ranking=[("informatie", 0.5), ("aanvragen", 0.42)],
    )
    assert len(messages) == 1
    assert catalogue.texts.task_question in str(messages[0]["text"])
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == [
        '/huurtoeslag{"task_choice": "informatie"}',
        '/huurtoeslag{"task_choice": "aanvragen"}',
    ]
    # No offer is open while the visitor has not chosen yet.
    assert slots_set(events)["referral_offered"] is False
    # Pressing "Ik wil het nu regelen": Rasa parses the payload's entity.
    act, _ = run_action(
        catalogue,
        text=payloads[1],
        intent="huurtoeslag",
        confidence=1.0,
        entities=[{"entity": "task_choice", "value": "aanvragen"}],
    )
    assert links_of(act)[0]["url"] == "https://mijn.toeslagen.nl"
    assert catalogue.texts.referral_offer in texts_of(act)
    info, info_events = run_action(
        catalogue,
        text=payloads[0],
        intent="huurtoeslag",
        confidence=1.0,
        entities=[{"entity": "task_choice", "value": "informatie"}],
    )
    assert info[0]["text"] == catalogue.topics["huurtoeslag"].tasks["informatie"].text
    assert boundary_of(info) is None
    assert slots_set(info_events)["referral_offered"] is False


def test_a_follow_up_in_doubt_is_the_act_unless_the_question_was_just_asked(
    catalogue: Catalogue,
) -> None:
    follow_up = {
        "text": "dat moet ik dan zeker melden",
        "intent": "follow_up",
        "slots": {"topic": "huurtoeslag", "task": "informatie"},
        "task_ranking": [("informatie", 0.45), ("wijzigen", 0.4)],
    }
    # After the information: the act, with its boundary and the offer.
    after_information, _ = run_action(
        catalogue,
        history=[bot_event(catalogue.topics["huurtoeslag"].tasks["informatie"].text)],
        **follow_up,
    )
    boundary = boundary_of(after_information)
    assert boundary is not None
    assert boundary["task"] == "wijzigen"
    assert catalogue.texts.referral_offer in texts_of(after_information)
    # Typed instead of a button, right after "Wilt u informatie, of ...?": asked again.
    question = f"Huurtoeslag. {catalogue.texts.task_question}"
    after_question, _ = run_action(catalogue, history=[bot_event(question)], **follow_up)
    assert [m["text"] for m in after_question] == [question]
    assert boundary_of(after_question) is None


def parkeerboete_question(catalogue: Catalogue, branch: str = "leeuwarden") -> str:
    ask = catalogue.topics["parkeerboete"].tasks["bezwaar"].ask
    assert ask is not None
    return ask.text.format(gemeente=catalogue.branches[branch].gemeente)


def test_parking_objection_first_asks_whether_the_cjib_sent_it(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue,
        text="Ik ben het niet eens met deze parkeerboete",
        intent="parkeerboete",
        task="bezwaar",
    )
    # Both routes (gemeente and CJIB) need DigiD to object: the boundary comes now,
    # the question last so that its buttons are what the visitor answers.
    notice, marker, question = messages
    assert notice["text"] == catalogue.texts.route_digid_notice
    # The full notice (with "Deel uw DigiD-codes met niemand") comes once, with the answer.
    assert catalogue.texts.digid_notice not in texts_of(messages)
    assert boundary_of(messages) == {
        "type": "digid_boundary",
        "topic": "parkeerboete",
        "task": "bezwaar",
    }
    assert marker.get("custom") == boundary_of(messages)
    assert "Staat er CJIB op de brief?" in question["text"]
    assert [b["payload"] for b in question["buttons"]] == ["/verkeersboete", "/parkeerboete"]
    assert links_of(messages) == []
    # The referral offer waits for the answer that names where to object.
    assert catalogue.texts.referral_offer not in texts_of(messages)
    assert slots_set(events) == {
        "topic": "parkeerboete",
        "task": "bezwaar",
        "pending_task": "bezwaar",
        "referral_offered": False,
    }


def test_a_parking_objection_in_doubt_asks_the_route_without_a_boundary(
    catalogue: Catalogue,
) -> None:
    messages, events = run_action(
        catalogue,
        text="Ik heb een parkeerbon gekregen terwijl mijn kaart er lag",
        intent="parkeerboete",
        task_ranking=[("bezwaar", 0.55), ("informatie", 0.4)],
    )
    assert [m.get("text") for m in messages] == [parkeerboete_question(catalogue)]
    assert boundary_of(messages) is None
    # Answering the route goes on with the objection: no "informatie, of nu
    # regelen?" that would lead back to the same route question.
    assert slots_set(events)["pending_task"] == "bezwaar"
    answered, _ = run_action(
        catalogue,
        text="/parkeerboete",
        intent="parkeerboete",
        confidence=1.0,
        slots={"pending_task": slots_set(events)["pending_task"]},
        history=[bot_event(parkeerboete_question(catalogue), messages[-1]["buttons"])],
    )
    assert "bezwaar bij de" in answered[0]["text"]
    assert boundary_of(answered) is not None


def test_a_route_question_marks_the_boundary_only_when_every_route_needs_digid(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    question = compose_answer(catalogue, "parkeerboete", Task.BEZWAAR).question
    assert question is not None
    assert question.digid_required
    # One route without DigiD (a letter-only objection to the CJIB, say): the
    # boundary waits for the visitor's choice.
    directory = copy_catalogue(tmp_path)
    path = directory / "topics" / "verkeersboete.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["tasks"]["bezwaar"]["digid"] = False
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    without = load_catalogue(directory)
    question = compose_answer(without, "parkeerboete", Task.BEZWAAR).question
    assert question is not None
    assert not question.digid_required
    messages, _ = run_action(
        without,
        text="Ik ben het niet eens met deze parkeerboete",
        intent="parkeerboete",
        task="bezwaar",
    )
    assert boundary_of(messages) is None


def test_no_cjib_on_the_letter_gives_the_gemeente_route(catalogue: Catalogue) -> None:
    question = parkeerboete_question(catalogue, "harlingen")
    messages, events = run_action(
        catalogue,
        text="/parkeerboete",
        intent="parkeerboete",
        confidence=1.0,
        slots={"pending_task": "bezwaar"},
        metadata={"branch": "harlingen"},
        history=[bot_event(question, [{"title": "Nee", "payload": "/parkeerboete"}])],
    )
    assert (
        messages[0]["text"]
        == compose_answer(catalogue, "parkeerboete", Task.BEZWAAR, "harlingen").text
    )
    assert "bezwaar bij de gemeente Harlingen" in messages[0]["text"]
    assert [link["url"] for link in links_of(messages)] == ["https://www.harlingen.nl"]
    assert catalogue.texts.digid_notice in texts_of(messages)
    assert slots_set(events)["pending_task"] is None
    assert slots_set(events)["referral_offered"] is True


def test_cjib_on_the_letter_leads_to_the_appeal_at_the_officier(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue,
        text="/verkeersboete",
        intent="verkeersboete",
        confidence=1.0,
        slots={"pending_task": "bezwaar"},
        history=[bot_event(parkeerboete_question(catalogue))],
    )
    assert messages[0]["text"] == catalogue.topics["verkeersboete"].tasks["bezwaar"].text
    assert "officier van justitie" in messages[0]["text"]
    assert links_of(messages)[0]["url"] == catalogue.topics["verkeersboete"].links["beroep"].url
    assert slots_set(events)["topic"] == "verkeersboete"
    assert slots_set(events)["task"] == "bezwaar"


def test_picking_parkeerboete_from_did_you_mean_still_asks(catalogue: Catalogue) -> None:
    messages, events = run_action(
        catalogue,
        text="/parkeerboete",
        intent="parkeerboete",
        confidence=1.0,
        slots={"pending_task": "bezwaar"},
        history=[bot_event(catalogue.texts.did_you_mean)],
    )
    assert messages[-1]["text"] == parkeerboete_question(catalogue)
    assert boundary_of(messages) == {
        "type": "digid_boundary",
        "topic": "parkeerboete",
        "task": "bezwaar",
    }
    assert slots_set(events)["pending_task"] == "bezwaar"


def test_typing_after_the_question_asks_again(catalogue: Catalogue) -> None:
    """Only a button press answers the question; typed words are a new question."""
    messages, _ = run_action(
        catalogue,
        text="ik ben het niet eens met de parkeerboete",
        intent="parkeerboete",
        task="bezwaar",
        history=[bot_event(parkeerboete_question(catalogue))],
    )
    assert messages[-1]["text"] == parkeerboete_question(catalogue)


def test_only_the_message_just_before_counts_as_asked(catalogue: Catalogue) -> None:
    question = parkeerboete_question(catalogue)
    answered_before = make_tracker(
        text="/parkeerboete",
        intent="parkeerboete",
        history=[bot_event(question), user_event("hallo", "greet"), bot_event("Hallo!")],
    )
    assert previous_bot_text(answered_before) == "Hallo!"
    nothing_said = make_tracker(text="/parkeerboete", intent="parkeerboete")
    assert previous_bot_text(nothing_said) is None


def test_a_question_without_a_bot_reply_in_between_is_not_reused() -> None:
    tracker = make_tracker(
        text="/parkeerboete",
        intent="parkeerboete",
        history=[bot_event("Staat er CJIB op de brief?"), user_event("ja", "affirm")],
    )
    assert previous_bot_text(tracker) is None


def life_event_turn(catalogue: Catalogue, event_id: str, language: str = "nl") -> dict[str, Any]:
    """The assistant's life event message, as the chat sends it (schemes, then Iets anders)."""
    localised = catalogue.localised(language)
    event = localised.life_events[event_id]
    buttons = [{"title": t, "payload": f"/{t}"} for t in event.topics]
    something_else = {"title": localised.texts.something_else, "payload": "/deny"}
    return bot_event(event.text, [*buttons, something_else])


def test_a_typed_follow_up_after_a_life_event_offers_its_schemes_again(
    catalogue: Catalogue,
) -> None:
    event = catalogue.life_events["aow_leeftijd"]
    messages, events = run_action(
        catalogue,
        text="ik moet iets aanvragen staat er. hoe doe ik dat",
        intent="follow_up",
        confidence=0.99,
        task="aanvragen",
        history=[life_event_turn(catalogue, "aow_leeftijd")],
    )
    notice, _marker, question = messages
    assert question["text"] == catalogue.texts.which_scheme
    assert [b["payload"] for b in question["buttons"]] == [
        *(f"/{t}" for t in event.topics),
        "/deny",
    ]
    # Each of these schemes is applied for with the visitor's own DigiD: that is said
    # now, and marked; the referral offer waits for the choice, which names the partner.
    assert notice["text"] == catalogue.texts.route_digid_notice
    assert boundary_of(messages) == {"type": "digid_boundary", "topic": None, "task": "aanvragen"}
    assert catalogue.texts.referral_offer not in texts_of(messages)
    # The pressed scheme is answered for the task already read from the words.
    assert slots_set(events)["pending_task"] == "aanvragen"
    assert slots_set(events)["referral_offered"] is False


def test_the_schemes_are_offered_again_after_a_change_of_language(
    catalogue: Catalogue,
) -> None:
    """The kiosk detects each message's language: Dutch schemes, then an English follow-up."""
    messages, _ = run_action(
        catalogue,
        text="how do I apply for it?",
        intent="follow_up",
        confidence=0.99,
        task="aanvragen",
        metadata={"language": "en"},
        history=[life_event_turn(catalogue, "aow_leeftijd")],
    )
    english = catalogue.localised("en").texts
    assert [m.get("text") for m in messages] == [
        english.route_digid_notice,
        None,
        english.which_scheme,
    ]


def test_doubt_travels_with_the_choice_and_the_picked_scheme_asks(catalogue: Catalogue) -> None:
    """Information or an application: pressing a scheme must not settle that unasked."""
    messages, events = run_action(
        catalogue,
        text="hoe zit dat dan",
        intent="follow_up",
        confidence=0.99,
        task_ranking=[("informatie", 0.5), ("aanvragen", 0.45)],
        history=[life_event_turn(catalogue, "aow_leeftijd")],
    )
    assert messages[0]["text"] == catalogue.texts.which_scheme
    assert slots_set(events)["pending_task"] == "informatie aanvragen"
    # The visitor presses AOW: for AOW the two differ on DigiD, so it asks.
    pressed, pressed_events = run_action(
        catalogue,
        text="/aow",
        intent="aow",
        confidence=1.0,
        slots={"pending_task": "informatie aanvragen"},
        history=[bot_event(catalogue.texts.which_scheme, messages[0]["buttons"])],
    )
    (question,) = pressed
    assert question["text"].endswith(catalogue.texts.task_question)
    assert boundary_of(pressed) is None
    assert slots_set(pressed_events)["referral_offered"] is False
    # Without doubt the pressed scheme is answered for the task at once.
    settled, _ = run_action(
        catalogue,
        text="/aow",
        intent="aow",
        confidence=1.0,
        slots={"pending_task": "aanvragen"},
        history=[bot_event(catalogue.texts.which_scheme, messages[0]["buttons"])],
    )
    assert boundary_of(settled) == {"type": "digid_boundary", "topic": "aow", "task": "aanvragen"}


def test_unknown_pending_tasks_are_skipped() -> None:
    tracker = make_tracker(
        text="/aow", intent="aow", slots={"pending_task": "aanvragen x informatie"}
    )
    assert pending_tasks(tracker) == (Task.AANVRAGEN, Task.INFORMATIE)
    assert pending_tasks(make_tracker(text="/aow", intent="aow", slots={"pending_task": 3})) == ()


def test_only_a_choice_of_topics_counts_as_offered(catalogue: Catalogue) -> None:
    route = make_tracker(
        text="hoe doe ik dat",
        intent="follow_up",
        history=[
            bot_event(
                parkeerboete_question(catalogue),
                [
                    {"title": "Ja, van het CJIB", "payload": "/verkeersboete"},
                    {"title": "Nee, van de gemeente", "payload": "/parkeerboete"},
                ],
            )
        ],
    )
    assert offered_topics(route, catalogue) == ()
    offer = make_tracker(
        text="ja",
        intent="affirm",
        history=[
            bot_event(
                catalogue.texts.referral_offer,
                [
                    {"title": "Ja", "payload": "/affirm"},
                    {"title": "Nee", "payload": "/deny"},
                ],
            )
        ],
    )
    assert offered_topics(offer, catalogue) == ()
    choice = make_tracker(
        text="hoe doe ik dat", intent="follow_up", history=[life_event_turn(catalogue, "baby")]
    )
    assert offered_topics(choice, catalogue) == tuple(catalogue.life_events["baby"].topics)


def test_a_life_event_replaces_an_older_pending_task(catalogue: Catalogue) -> None:
    """'Bedoelt u ...?' for an application, then a baby: a pressed scheme is not an application."""
    _, events = run_action(
        catalogue,
        text="we krijgen een baby",
        intent="life_baby",
        confidence=0.97,
        task="informatie",
        slots={"pending_task": "aanvragen"},
    )
    assert slots_set(events)["pending_task"] == "informatie"


class CountingStats:
    """Stands in for StatsRecorder: which questions would be counted."""

    def __init__(self) -> None:
        self.questions: list[tuple[str | None, bool]] = []

    def record_question(
        self, branch: str, topic: str | None, boundary: bool, language: str = "nl"
    ) -> None:
        self.questions.append((topic, boundary))


def run_counted(
    catalogue: Catalogue, action_type: Any = ActionAnswerTopic, **tracker_kwargs: Any
) -> tuple[list[dict[str, Any]], CountingStats]:
    """Run the topic action (or another that counts questions) with a counting recorder."""
    stats = CountingStats()
    dispatcher = CollectingDispatcher()
    action = action_type(catalogue, stats)
    asyncio.run(action.run(dispatcher, make_tracker(**tracker_kwargs), domain_dict()))
    return dispatcher.messages, stats


def test_small_talk_is_answered_in_the_visitors_language_and_not_counted(
    catalogue: Catalogue,
) -> None:
    for intent in sorted(SMALL_TALK_INTENTS):
        for language in ("nl", "en", "uk"):
            messages, stats = run_counted(
                catalogue, text="...", intent=intent, metadata={"language": language}
            )
            reply = getattr(catalogue.localised(language).texts, f"reply_{intent}")
            assert [m["text"] for m in messages] == [reply], (intent, language)
            assert stats.questions == [], intent
    # Thanks after the boundary leaves the referral offer open: a "ja" still accepts it.
    _, events = run_action(
        catalogue, text="dank u wel", intent="thanks", slots={"referral_offered": True}
    )
    assert events == []
    # A question is counted, as before.
    _, stats = run_counted(catalogue, text="Heb ik recht op huurtoeslag?", intent="huurtoeslag")
    assert stats.questions == [("huurtoeslag", False)]


def test_yes_with_a_task_answers_the_task_on_the_conversations_topic(
    catalogue: Catalogue,
) -> None:
    messages, events = run_action(
        catalogue,
        text="ja dat. ik wil aanvragen nu",
        intent="affirm",
        confidence=0.8,
        task_ranking=[("aanvragen", 0.85), ("informatie", 0.1)],
        slots={"topic": "zorgtoeslag"},
    )
    assert boundary_of(messages) == {
        "type": "digid_boundary",
        "topic": "zorgtoeslag",
        "task": "aanvragen",
    }
    assert catalogue.texts.reply_affirm not in texts_of(messages)
    assert slots_set(events)["referral_offered"] is True


def test_a_long_no_answered_on_the_topic_is_counted_a_fresh_start_is_not(
    catalogue: Catalogue,
) -> None:
    def counted(text: str) -> list[tuple[str | None, bool]]:
        _, stats = run_counted(
            catalogue,
            ActionGuide,
            text=text,
            intent="deny",
            task_ranking=[("informatie", 0.9)],
            slots={"topic": "bijstand"},
        )
        return stats.questions

    assert counted("nee, ik heb geen werk en ook geen spaargeld meer") == [("bijstand", False)]
    assert counted("nee") == []


def test_a_code_typed_into_a_yes_is_the_boundary_and_never_shown(catalogue: Catalogue) -> None:
    """ "ja hoor, de sms code is 12 34 56": the PII guard removes it; the rule still fires."""
    cleaned = scrub("ja hoor, de sms code is 12 34 56, vul maar in").text
    assert "12 34 56" not in cleaned
    messages, _ = run_action(
        catalogue, text=cleaned, intent="affirm", slots={"topic": "huurtoeslag"}
    )
    assert boundary_of(messages) == {
        "type": "digid_boundary",
        "topic": "huurtoeslag",
        "task": "inloggen_voor_mij",
    }


def test_a_yes_the_model_did_not_hear_answers_the_open_offer(catalogue: Catalogue) -> None:
    """ "ja graag, mijn nummer is ...": the PII guard leaves a placeholder, which the
    intent model read as DigiD; with the offer open, the consent action takes the turn."""
    cleaned = scrub("ja graag, mijn telefoonnummer is 06-12345678").text
    offered = {"topic": "huurtoeslag", "task": "aanvragen", "referral_offered": True}
    messages, events = run_action(catalogue, text=cleaned, intent="digid_aanvragen", slots=offered)
    assert messages == []
    assert events == [{"event": "followup", "timestamp": None, "name": "action_referral_consent"}]
    # Without an open offer, the same words are a question like any other.
    _, events = run_action(
        catalogue, text=cleaned, intent="digid_aanvragen", slots={"topic": "huurtoeslag"}
    )
    assert all(e["event"] != "followup" for e in events)
    # A yes with a question about the matter is answered, and the offer stands.
    messages, events = run_action(
        catalogue,
        text="ja, en hoe lang duurt het voordat ik het krijg?",
        intent="follow_up",
        slots=offered,
    )
    assert all(e["event"] != "followup" for e in events)
    assert messages
    # So is an unclear yes that names another topic: a new question.
    _, events = run_action(
        catalogue,
        text="ja, en ik wil ook zorgtoeslag aanvragen",
        intent="zorgtoeslag",
        task_ranking=[("aanvragen", 0.9)],
        slots=offered,
    )
    assert slots_set(events)["topic"] == "zorgtoeslag"
