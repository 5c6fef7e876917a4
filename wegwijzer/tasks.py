"""Recognise the visitor's task from their words, with ordered rules from the catalogue.

Rules rather than a second classifier: the tasks are signalled by a small set of
verbs and phrases ("aanvragen", "niet eens", "voor mij inloggen"), a content
editor can read and correct the rules, and every decision comes with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from wegwijzer.catalogue.models import Task, TaskRule
from wegwijzer.text import normalize


@dataclass(frozen=True)
class TaskMatch:
    task: Task
    # Why, in Dutch for the staff explanation; None when nothing matched.
    reason: str | None
    cue: str | None


def detect_task(text: str, rules: list[TaskRule]) -> TaskMatch:
    normalized = normalize(text)
    for rule in rules:
        for pattern in rule.compiled:
            found = pattern.search(normalized)
            if found:
                return TaskMatch(rule.task, rule.why, found.group(0))
    return TaskMatch(Task.INFORMATIE, None, None)
