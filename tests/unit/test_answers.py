"""Answers come from the catalogue and are filled in for the visitor's branch."""

from __future__ import annotations

import pytest

from wegwijzer.answers import compose_answer
from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.digid import digid_required
from wegwijzer.errors import UnknownBranchError, UnknownTopicError


def test_information_answer_links_provider_pages(catalogue: Catalogue) -> None:
    answer = compose_answer(catalogue, "huurtoeslag", Task.INFORMATIE)
    urls = [link.url for link in answer.links]
    assert urls[0] == catalogue.topics["huurtoeslag"].links["info"].url
    assert any("proefberekening" in url for url in urls)
    assert answer.provider == "Dienst Toeslagen"
    assert answer.digid_required is False
    assert answer.links[0].domain == "belastingdienst.nl"


@pytest.mark.parametrize(
    ("branch", "gemeente", "site"),
    [
        ("leeuwarden", "gemeente Leeuwarden", "https://www.leeuwarden.nl"),
        ("dokkum", "gemeente Noardeast-Fryslân", "https://www.noardeast-fryslan.nl"),
        ("franeker", "gemeente Waadhoeke", "https://www.waadhoeke.nl"),
    ],
)
def test_gemeente_topics_follow_the_branch(
    catalogue: Catalogue, branch: str, gemeente: str, site: str
) -> None:
    answer = compose_answer(catalogue, "parkeerboete", Task.BEZWAAR, branch)
    assert gemeente in answer.text
    assert "{" not in answer.text
    assert [link.url for link in answer.links] == [site]
    assert answer.provider == gemeente


def test_no_branch_means_the_default_branch(catalogue: Catalogue) -> None:
    answer = compose_answer(catalogue, "parkeerboete", Task.INFORMATIE)
    default = catalogue.branches[catalogue.default_branch]
    assert answer.links[0].url == default.gemeente_url


def test_task_without_guidance_falls_back_to_information(catalogue: Catalogue) -> None:
    answer = compose_answer(catalogue, "parkeerboete", Task.INZIEN)
    assert answer.text == compose_answer(catalogue, "parkeerboete", Task.INFORMATIE).text


def test_unknown_topic_and_branch_raise(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownTopicError):
        compose_answer(catalogue, "vakantiegeld", Task.INFORMATIE)
    with pytest.raises(UnknownBranchError):
        compose_answer(catalogue, "huurtoeslag", Task.INFORMATIE, "atlantis")


@pytest.mark.parametrize(
    ("topic", "task", "expected"),
    [
        ("huurtoeslag", Task.INFORMATIE, False),
        ("huurtoeslag", Task.AANVRAGEN, True),
        ("huurtoeslag", Task.WIJZIGEN, True),
        ("ww_uitkering", Task.INZIEN, True),
        ("parkeerboete", Task.BETALEN, False),
        ("parkeerboete", Task.BEZWAAR, True),
        ("parkeerboete", Task.INLOGGEN_VOOR_MIJ, True),
    ],
)
def test_digid_rules(catalogue: Catalogue, topic: str, task: Task, expected: bool) -> None:
    assert digid_required(catalogue.topics[topic], task) is expected


def test_asking_someone_to_log_in_is_always_the_boundary() -> None:
    assert digid_required(None, Task.INLOGGEN_VOOR_MIJ) is True
    assert digid_required(None, Task.AANVRAGEN) is False


@pytest.mark.parametrize(
    ("branch", "gemeente"),
    [("leeuwarden", "gemeente Leeuwarden"), ("dokkum", "gemeente Noardeast-Fryslân")],
)
def test_parking_objection_carries_the_cjib_question(
    catalogue: Catalogue, branch: str, gemeente: str
) -> None:
    answer = compose_answer(catalogue, "parkeerboete", Task.BEZWAAR, branch)
    assert answer.question is not None
    assert "Staat er CJIB op de brief?" in answer.question.text
    assert [c.topic for c in answer.question.choices] == ["verkeersboete", "parkeerboete"]
    # The choice that stays here is answered by the gemeente route.
    assert f"bezwaar bij de {gemeente}" in answer.text
    cjib = compose_answer(catalogue, "verkeersboete", Task.BEZWAAR, branch)
    assert cjib.question is None
    assert "officier van justitie" in cjib.text


def test_other_answers_ask_nothing(catalogue: Catalogue) -> None:
    for topic_id, topic in catalogue.topics.items():
        for task in topic.tasks:
            asks = compose_answer(catalogue, topic_id, task).question is not None
            assert asks == ((topic_id, task) == ("parkeerboete", Task.BEZWAAR))
