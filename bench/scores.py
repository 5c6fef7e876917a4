"""Scores of a classifier on the held-out sets, computed the same way for Rasa and the baseline."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

NONE = "none"
BOUNDARY_TASK = "inloggen_voor_mij"
TASKS = (
    "informatie",
    "aanvragen",
    "wijzigen",
    "inzien",
    "bezwaar",
    "betalen",
    BOUNDARY_TASK,
)


@dataclass(frozen=True)
class Outcome:
    text: str
    expected_topic: str | None
    predicted_topic: str | None
    top3: list[str]
    expected_digid: bool
    predicted_digid: bool
    expected_task: str | None = None
    predicted_task: str | None = None
    # The classifier said it was unsure of the task (the chat would ask).
    task_uncertain: bool = False


def precision_recall(outcomes: list[Outcome], task: str) -> tuple[float, float, int]:
    """Precision and recall of one task label, and how many examples carry it."""
    labelled = [o for o in outcomes if o.expected_task is not None]
    tp = sum(o.predicted_task == task and o.expected_task == task for o in labelled)
    fp = sum(o.predicted_task == task and o.expected_task != task for o in labelled)
    fn = sum(o.predicted_task != task and o.expected_task == task for o in labelled)
    return tp / max(1, tp + fp), tp / max(1, tp + fn), tp + fn


def misses(outcomes: list[Outcome]) -> dict[str, list[str]]:
    """Every wrong answer, by kind, as lines a person can read."""

    def line(o: Outcome, got: object, want: object) -> str:
        return f"[{want} -> {got}] {o.text}"

    return {
        "topic": [
            line(o, o.predicted_topic, o.expected_topic)
            for o in outcomes
            if o.predicted_topic != o.expected_topic
        ],
        "digid": [
            line(
                o,
                f"{o.predicted_task}/{o.predicted_digid}",
                f"{o.expected_task}/{o.expected_digid}",
            )
            for o in outcomes
            if o.predicted_digid != o.expected_digid
        ],
        "task": [
            line(o, o.predicted_task, o.expected_task)
            for o in outcomes
            if o.expected_task is not None
            and o.expected_topic is not None
            and o.predicted_task != o.expected_task
        ],
    }


def f1(tp: int, fp: int, fn: int) -> float:
    if tp == 0:
        return 0.0
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall)


def score(outcomes: list[Outcome], topics: list[str]) -> dict[str, Any]:
    in_scope = [o for o in outcomes if o.expected_topic is not None]
    out_scope = [o for o in outcomes if o.expected_topic is None]
    per_topic: dict[str, float] = {}
    for topic in topics:
        tp = sum(o.predicted_topic == topic and o.expected_topic == topic for o in outcomes)
        fp = sum(o.predicted_topic == topic and o.expected_topic != topic for o in outcomes)
        fn = sum(o.predicted_topic != topic and o.expected_topic == topic for o in outcomes)
        per_topic[topic] = round(f1(tp, fp, fn), 4)
    digid_tp = sum(o.predicted_digid and o.expected_digid for o in outcomes)
    digid_fp = sum(o.predicted_digid and not o.expected_digid for o in outcomes)
    digid_fn = sum(not o.predicted_digid and o.expected_digid for o in outcomes)
    confused = Counter(
        (o.expected_topic or "out_of_scope", o.predicted_topic or NONE)
        for o in outcomes
        if o.predicted_topic != o.expected_topic
    )
    tasked = [o for o in in_scope if o.expected_task is not None]
    per_task = {}
    for task in TASKS:
        precision, recall, support = precision_recall(outcomes, task)
        per_task[task] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "support": support,
        }
    return {
        "examples": len(outcomes),
        "task_accuracy": round(
            sum(o.predicted_task == o.expected_task for o in tasked) / max(1, len(tasked)), 4
        ),
        "task_uncertain": sum(o.task_uncertain for o in outcomes),
        "boundary_precision": per_task[BOUNDARY_TASK]["precision"],
        "boundary_recall": per_task[BOUNDARY_TASK]["recall"],
        "per_task": per_task,
        "topic_accuracy": round(
            sum(o.predicted_topic == o.expected_topic for o in in_scope) / len(in_scope), 4
        ),
        "macro_f1": round(sum(per_topic.values()) / len(per_topic), 4),
        "top3_accuracy": round(
            sum(o.expected_topic in o.top3 for o in in_scope) / len(in_scope), 4
        ),
        "digid_precision": round(digid_tp / max(1, digid_tp + digid_fp), 4),
        "digid_recall": round(digid_tp / max(1, digid_tp + digid_fn), 4),
        "digid_accuracy": round(
            sum(o.predicted_digid == o.expected_digid for o in outcomes) / len(outcomes), 4
        ),
        "out_of_scope_examples": len(out_scope),
        "out_of_scope_rejection": round(
            sum(o.predicted_topic is None for o in out_scope) / max(1, len(out_scope)), 4
        ),
        "per_topic_f1": per_topic,
        "most_confused": [
            {"expected": a, "predicted": b, "count": n} for (a, b), n in confused.most_common(10)
        ],
    }
