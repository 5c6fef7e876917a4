"""The DigiD boundary: does the visitor's next step need their own DigiD login?"""

from __future__ import annotations

from wegwijzer.catalogue.models import Task, Topic

# Tasks that never need a login by themselves (spec: digid-boundary.md).
_NO_LOGIN_TASKS = frozenset({Task.INFORMATIE, Task.BETALEN})


def digid_required(topic: Topic | None, task: Task) -> bool:
    """Asking someone else to log in is always the boundary; the rest follows the topic."""
    if task is Task.INLOGGEN_VOOR_MIJ:
        return True
    if topic is None:
        return False
    guidance = topic.tasks.get(task)
    if guidance is not None and guidance.digid is not None:
        return guidance.digid
    if task in _NO_LOGIN_TASKS:
        return False
    return topic.portal is not None


def digid_for_the_words(topic: Topic | None, task: Task, words: str) -> bool:
    """`digid_required`, or the visitor's normalized words take the route that needs it.

    "Ik wil mijn rijbewijs online verlengen": the counter needs no DigiD, RDW online
    does (TaskGuidance.digid_when). Triage and the evaluation labels both use this.
    """
    if digid_required(topic, task):
        return True
    guidance = topic.tasks.get(task) if topic is not None else None
    return guidance is not None and guidance.takes_the_digid_route(words)


def digid_by_task(topic: Topic | None) -> dict[Task, bool]:
    """`digid_required` for every task: what a task decision weighs doubt against."""
    return {task: digid_required(topic, task) for task in Task}
