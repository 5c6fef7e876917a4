"""Held-out evaluation through the real stack: topic, DigiD flag and out-of-scope rejection.

The examples in tests/data/nlu_holdout.yml were written apart from the training
data and are never trained on (tests/test_rasa_project.py proves no overlap).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import STAFF_TOKEN, Stack
from tests.factories import ROOT
from tests.nlu_data import HOLDOUTS, HoldoutExample, holdout_examples

pytestmark = pytest.mark.e2e

MIN_TOPIC_ACCURACY = 0.90
MIN_DIGID_ACCURACY = 0.90
MIN_OUT_OF_SCOPE_REJECTION = 0.85


@dataclass(frozen=True)
class Outcome:
    example: HoldoutExample
    topic: str | None
    task: str
    digid_required: bool


def classify(stack: Stack, examples: list[HoldoutExample]) -> list[Outcome]:
    outcomes = []
    with httpx.Client(
        base_url=stack.app_url, headers={"Authorization": f"Bearer {STAFF_TOKEN}"}, timeout=30
    ) as client:
        for example in examples:
            response = client.post("/api/triage", json={"text": example.text})
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            outcomes.append(Outcome(example, body["topic"], body["task"], body["digid_required"]))
    return outcomes


def report(outcomes: list[Outcome]) -> tuple[float, float, float, str]:
    in_scope = [o for o in outcomes if o.example.topic is not None]
    out_scope = [o for o in outcomes if o.example.topic is None]
    topic_acc = sum(o.topic == o.example.topic for o in in_scope) / len(in_scope)
    digid_acc = sum(o.digid_required == o.example.digid_required for o in outcomes) / len(outcomes)
    rejection = sum(o.topic is None for o in out_scope) / len(out_scope)
    confused = Counter(
        (o.example.topic or "out_of_scope", o.topic or "none")
        for o in outcomes
        if o.topic != o.example.topic
    )
    lines = [
        "# Held-out NLU evaluation",
        f"examples: {len(outcomes)} ({len(in_scope)} in scope, {len(out_scope)} out of scope)",
        f"topic accuracy:          {topic_acc:.3f} (minimum {MIN_TOPIC_ACCURACY})",
        f"DigiD-flag accuracy:     {digid_acc:.3f} (minimum {MIN_DIGID_ACCURACY})",
        f"out-of-scope rejection:  {rejection:.3f} (minimum {MIN_OUT_OF_SCOPE_REJECTION})",
        "",
        "most confused (expected -> predicted):",
        *(f"  {a} -> {b}: {n}" for (a, b), n in confused.most_common(10)),
        "",
        "wrong topic:",
        *(
            f"  [{o.example.topic} -> {o.topic}] {o.example.text}"
            for o in outcomes
            if o.topic != o.example.topic
        ),
        "",
        "wrong DigiD flag:",
        *(
            f"  [{o.example.task}/{o.example.digid_required} -> {o.task}/{o.digid_required}] "
            f"{o.example.text}"
            for o in outcomes
            if o.digid_required != o.example.digid_required
        ),
    ]
    return topic_acc, digid_acc, rejection, "\n".join(lines)


@pytest.mark.parametrize("path", HOLDOUTS, ids=lambda p: p.name)
def test_holdout_meets_the_targets(stack: Stack, path: Path) -> None:
    topic_acc, digid_acc, rejection, text = report(classify(stack, holdout_examples(path)))
    text = f"{path.name}\n{text}"
    reports = ROOT / "reports"
    reports.mkdir(exist_ok=True)
    (reports / f"{path.stem}.txt").write_text(text + "\n", encoding="utf-8")
    print(text)
    assert topic_acc >= MIN_TOPIC_ACCURACY, text
    assert digid_acc >= MIN_DIGID_ACCURACY, text
    assert rejection >= MIN_OUT_OF_SCOPE_REJECTION, text
