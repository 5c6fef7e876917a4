"""ActionAnswerTopic counts each typed question once; a button press is not a new question."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session, sessionmaker

from actions.answer_topic import ActionAnswerTopic
from tests.factories import domain_dict, make_tracker
from wegwijzer.catalogue import Catalogue
from wegwijzer.stats import StatsRecorder, TopicWeek, iso_week, statistics
from wegwijzer.storage.clock import utcnow

UNCLEAR = [("nlu_fallback", 0.4), ("zorgtoeslag", 0.3), ("huurtoeslag", 0.28)]


def answer(catalogue: Catalogue, recorder: StatsRecorder, **tracker: Any) -> None:
    asyncio.run(
        ActionAnswerTopic(catalogue, recorder).run(
            CollectingDispatcher(), make_tracker(**tracker), domain_dict()
        )
    )


def counts(sessions: sessionmaker[Session], branch: str) -> list[TopicWeek]:
    with sessions() as session:
        return statistics(session, [branch]).topics


def test_typed_questions_are_counted_per_branch_topic_and_boundary(
    catalogue: Catalogue, sessions: sessionmaker[Session]
) -> None:
    recorder = StatsRecorder(sessions)
    answer(catalogue, recorder, text="Heb ik recht op huurtoeslag?", intent="huurtoeslag")
    answer(
        catalogue,
        recorder,
        text="Ik wil huurtoeslag aanvragen",
        intent="huurtoeslag",
        task="aanvragen",
    )
    answer(
        catalogue,
        recorder,
        text="parkeerbon gekregen",
        intent="parkeerboete",
        metadata={"branch": "dokkum"},
    )
    week = iso_week(utcnow())
    assert counts(sessions, "leeuwarden") == [TopicWeek(week, "huurtoeslag", 2, 1)]
    assert counts(sessions, "dokkum") == [TopicWeek(week, "parkeerboete", 1, 0)]


def test_a_button_press_is_not_counted_again(
    catalogue: Catalogue, sessions: sessionmaker[Session]
) -> None:
    recorder = StatsRecorder(sessions)
    # The visitor's words are unclear: counted once, without a topic.
    answer(
        catalogue,
        recorder,
        text="ik wil die toeslag aanvragen",
        intent="nlu_fallback",
        confidence=0.4,
        ranking=UNCLEAR,
    )
    # Then a topic button ("/zorgtoeslag"): the answer follows, the count does not.
    answer(
        catalogue,
        recorder,
        text="/zorgtoeslag",
        intent="zorgtoeslag",
        slots={"pending_task": "aanvragen"},
    )
    assert counts(sessions, "leeuwarden") == [TopicWeek(iso_week(utcnow()), "", 1, 0)]
