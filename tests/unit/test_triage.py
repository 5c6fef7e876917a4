"""The triage decides topic, task and DigiD from an intent ranking and the words."""

from __future__ import annotations

import pytest

from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.triage import Score, Verdict, ranking_from_parse, triage


def scores(*pairs: tuple[str, float]) -> list[Score]:
    return [Score(name, confidence) for name, confidence in pairs]


def test_confident_topic_with_information_task(catalogue: Catalogue) -> None:
    result = triage(
        catalogue,
        "Heb ik recht op huursubsidie?",
        scores(("huurtoeslag", 0.91), ("zorgtoeslag", 0.05), ("bijstand", 0.02), ("aow", 0.01)),
    )
    assert result.verdict is Verdict.TOPIC
    assert result.topic == "huurtoeslag"
    assert result.confidence == pytest.approx(0.91)
    assert result.task is Task.INFORMATIE
    assert result.digid_required is False
    assert result.provider is not None
    assert result.provider.name == "Dienst Toeslagen"
    assert result.provider.url == catalogue.topics["huurtoeslag"].links["info"].url
    assert [a.name for a in result.alternatives] == ["zorgtoeslag", "bijstand"]
    assert any("proefberekening" in link.url for link in result.links)
    assert "Huurtoeslag" in result.explanation
    assert "geen DigiD" in result.explanation


def test_application_needs_digid_and_gets_the_portal(catalogue: Catalogue) -> None:
    result = triage(catalogue, "Ik wil huurtoeslag aanvragen", scores(("huurtoeslag", 0.88)))
    assert result.task is Task.AANVRAGEN
    assert result.digid_required is True
    assert result.links[0].url == catalogue.topics["huurtoeslag"].links["portal"].url
    assert "is DigiD nodig" in result.explanation


def test_low_confidence_is_unclear_with_candidates(catalogue: Catalogue) -> None:
    result = triage(
        catalogue,
        "toeslag voor de kinderen",
        scores(("kindgebonden_budget", 0.35), ("kinderbijslag", 0.3), ("kinderopvangtoeslag", 0.2)),
    )
    assert result.verdict is Verdict.UNCLEAR
    assert result.topic is None
    assert [c.name for c in result.candidates] == [
        "kindgebonden_budget",
        "kinderbijslag",
        "kinderopvangtoeslag",
    ]
    assert result.links == ()
    assert "Niet zeker genoeg" in result.explanation


def test_two_close_topics_are_ambiguous(catalogue: Catalogue) -> None:
    result = triage(catalogue, "boete", scores(("parkeerboete", 0.48), ("verkeersboete", 0.45)))
    assert result.verdict is Verdict.UNCLEAR
    assert result.topic is None


def test_out_of_scope_has_no_topic(catalogue: Catalogue) -> None:
    result = triage(
        catalogue, "hoe laat gaat de bieb open", scores(("out_of_scope", 0.97), ("aow", 0.01))
    )
    assert result.verdict is Verdict.OUT_OF_SCOPE
    assert result.topic is None
    assert result.candidates == ()
    assert result.digid_required is False


def test_login_request_without_topic_is_still_the_boundary(catalogue: Catalogue) -> None:
    result = triage(catalogue, "kun je voor mij inloggen", scores(("out_of_scope", 0.6)))
    assert result.topic is None
    assert result.task is Task.INLOGGEN_VOOR_MIJ
    assert result.digid_required is True


def test_task_override_after_button(catalogue: Catalogue) -> None:
    result = triage(catalogue, "/zorgtoeslag", scores(("zorgtoeslag", 1.0)), task=Task.WIJZIGEN)
    assert result.topic == "zorgtoeslag"
    assert result.task is Task.WIJZIGEN
    assert result.digid_required is True


def test_gemeente_provider_follows_branch(catalogue: Catalogue) -> None:
    result = triage(catalogue, "parkeerbon", scores(("parkeerboete", 0.9)), "harlingen")
    assert result.provider is not None
    assert result.provider.name == "gemeente Harlingen"
    assert result.provider.url == "https://www.harlingen.nl"


def test_ranking_from_parse_drops_fallback_and_sorts() -> None:
    parse = {
        "intent": {"name": "nlu_fallback", "confidence": 0.4},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.4},
            {"name": "aow", "confidence": 0.2},
            {"name": "bijstand", "confidence": 0.3},
        ],
    }
    assert ranking_from_parse(parse) == scores(("bijstand", 0.3), ("aow", 0.2))
    assert ranking_from_parse({"intent": {"name": "aow", "confidence": 1.0}}) == scores(
        ("aow", 1.0)
    )
    assert ranking_from_parse({}) == []
