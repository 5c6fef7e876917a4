"""The benchmark's scores are computed correctly (they are compared against a baseline)."""

from __future__ import annotations

import pytest

from bench.scores import Outcome, f1, score


def outcome(
    expected: str | None, predicted: str | None, digid: tuple[bool, bool] = (False, False)
) -> Outcome:
    top3 = [p for p in (predicted, "aow", "bijstand") if p]
    return Outcome("x", expected, predicted, top3, digid[0], digid[1])


def test_scores_on_a_small_known_case() -> None:
    outcomes = [
        outcome("huurtoeslag", "huurtoeslag", (True, True)),
        outcome("huurtoeslag", "zorgtoeslag", (True, False)),
        outcome("zorgtoeslag", "zorgtoeslag", (False, True)),
        outcome(None, None),
        outcome(None, "aow"),
    ]
    result = score(outcomes, ["huurtoeslag", "zorgtoeslag", "aow"])
    assert result["topic_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["out_of_scope_rejection"] == 0.5
    assert result["per_topic_f1"]["huurtoeslag"] == pytest.approx(f1(1, 0, 1), abs=1e-4)
    assert result["per_topic_f1"]["zorgtoeslag"] == pytest.approx(f1(1, 1, 0), abs=1e-4)
    assert result["per_topic_f1"]["aow"] == 0.0
    assert result["digid_precision"] == 0.5
    assert result["digid_recall"] == 0.5
    assert result["most_confused"][0]["count"] == 1
    assert result["top3_accuracy"] == pytest.approx(2 / 3, abs=1e-4)


def test_f1_edges() -> None:
    assert f1(0, 3, 3) == 0.0
    assert f1(5, 0, 0) == 1.0
