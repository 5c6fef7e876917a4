"""Decide the visitor's task: the learned model, a few readable overrides, and doubt.

The task model (a classifier in the Rasa pipeline, trained on labelled
examples) reads paraphrases that phrase rules never could ("kunt u even in mijn
toeslagen kijken"). Rules in catalogue/tasks.yml stay only where a phrase alone
settles the task (an offered password is always the boundary), so a content
editor can read and correct them. When the model hesitates between information
and an act that needs a login, the decision says so: the conversation then asks,
and nothing concludes "no DigiD" from doubt.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wegwijzer.catalogue.models import Task, TaskRule
from wegwijzer.text import normalize

# Below this the model's best task is not trusted on its own.
CONFIDENT = 0.6
# A task this likely is a real possibility, worth asking about.
PLAUSIBLE = 0.2
# The boundary comes first: missing a request to log in for the visitor costs
# more than offering a referral too often, so it wins at a lower probability.
BOUNDARY_FIRST = 0.3
# Below this the task model all but rules the boundary out (see contradicts_the_boundary).
BOUNDARY_RULED_OUT = 0.1


@dataclass(frozen=True)
class TaskScore:
    task: Task
    confidence: float


@dataclass(frozen=True)
class TaskMatch:
    task: Task
    # Why, in Dutch for the staff explanation.
    reason: str
    cue: str


@dataclass(frozen=True)
class TaskDecision:
    task: Task
    confidence: float
    # Why, in Dutch for staff; None when there was nothing to go on.
    reason: str | None
    # Other tasks the words may mean, most likely first (only when uncertain).
    doubt: tuple[Task, ...] = ()
    # Settled by a rule in catalogue/tasks.yml rather than by the model.
    by_rule: bool = False

    @property
    def uncertain(self) -> bool:
        return bool(self.doubt)


# Where a sentence ends: punctuation that closes it, before white space or a line break.
# A line break alone ends nothing ("Hoe\nkunt u ..."), a blank line does.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n\s*\n")


def rule_text(text: str) -> str:
    """The words as the rules read them: normalized, sentences two spaces apart.

    Normalizing turns "ik heb geen idee hoe. kan iemand hier dat voor me doen?" into
    "... hoe kan iemand hier ...", which the rules' guards against questions about how
    ("(?<!hoe )kan") took for one (development NLU set 4). Two spaces keep the
    sentences apart for those guards, while patterns that allow any white space
    between words (the rules' white-space classes) still read across them.
    """
    return "  ".join(filter(None, (normalize(part) for part in _SENTENCE_END.split(text))))


def override(text: str, rules: Sequence[TaskRule]) -> TaskMatch | None:
    """The first rule whose pattern matches the visitor's words, if any."""
    normalized = rule_text(text)
    for rule in rules:
        for pattern in rule.compiled:
            found = pattern.search(normalized)
            if found:
                return TaskMatch(rule.task, rule.why, found.group(0))
    return None


def task_ranking_from_parse(parse: Mapping[str, Any]) -> list[TaskScore]:
    """The task model's ranking from a Rasa parse result; unknown names are skipped."""
    raw = parse.get("task")
    items = raw.get("ranking") if isinstance(raw, Mapping) else None
    scores = []
    for item in items or []:
        if not isinstance(item, Mapping):
            continue
        try:
            scores.append(
                TaskScore(Task(str(item.get("name"))), float(item.get("confidence") or 0.0))
            )
        except ValueError:
            continue
    return sorted(scores, key=lambda s: s.confidence, reverse=True)


def contradicts_the_boundary(ranking: Sequence[TaskScore]) -> bool:
    """The task model is sure the words ask for information, not that staff act.

    The topic model's boundary intent learned "kunnen jullie ..." as much as the act:
    "kunnen jullie mij in contact brengen met iemand", "mijn buurman zei dat jullie
    kunnen vertellen of ik er recht op heb" reached the boundary (outside writers'
    development conversations). The task model is trained on both sides of the line;
    where it is sure of information and all but rules the act out, the two models
    disagree and the words decide as the task model reads them. It is no veto on a
    rule, and none where the task model reads another act ("u kan helpen met
    invullen? ik log in en u doet" reads as aanvragen, and stays the boundary).
    """
    if not ranking:
        return False
    best = ranking[0]
    boundary = max((s.confidence for s in ranking if s.task is Task.INLOGGEN_VOOR_MIJ), default=0.0)
    return (
        best.task is Task.INFORMATIE
        and best.confidence >= CONFIDENT
        and boundary < BOUNDARY_RULED_OUT
    )


def _percent(confidence: float) -> str:
    return f"{round(confidence * 100)}%"


def decide_task(
    text: str,
    rules: Sequence[TaskRule],
    ranking: Sequence[TaskScore],
    *,
    needs_login: Mapping[Task, bool],
) -> TaskDecision:
    """The task for these words. `needs_login` says, per task, whether DigiD follows.

    The decision is uncertain when the model's best guess is weak and a plausible
    other task differs on DigiD: that difference is the one the visitor must settle.
    """
    return decide(override(text, rules), ranking, needs_login=needs_login)


def decide(
    match: TaskMatch | None,
    ranking: Sequence[TaskScore],
    *,
    needs_login: Mapping[Task, bool],
) -> TaskDecision:
    """`decide_task` with the rules already read: callers that weigh the same words
    against several topics read the rules (a regular-expression pass) only once."""
    boundary = next((s for s in ranking if s.task is Task.INLOGGEN_VOOR_MIJ), None)
    likely_boundary = boundary is not None and boundary.confidence >= BOUNDARY_FIRST
    if match is not None and (match.task is Task.INLOGGEN_VOOR_MIJ or not likely_boundary):
        return TaskDecision(match.task, 1.0, match.reason, by_rule=True)
    if not ranking:
        return TaskDecision(Task.INFORMATIE, 0.0, None)
    best = ranking[0]
    if boundary is not None and likely_boundary and (boundary is not best or match is not None):
        return TaskDecision(
            Task.INLOGGEN_VOOR_MIJ,
            boundary.confidence,
            f"Lijkt een vraag om in het account van de bezoeker te werken "
            f"({_percent(boundary.confidence)}); dat gaat voor.",
        )
    reason = f"Herkend uit de woorden ({_percent(best.confidence)} zeker)."
    if best.confidence >= CONFIDENT:
        return TaskDecision(best.task, best.confidence, reason)
    login = needs_login.get(best.task, False)
    doubt = tuple(
        s.task
        for s in ranking[1:]
        if s.confidence >= PLAUSIBLE and needs_login.get(s.task, False) != login
    )
    return TaskDecision(best.task, best.confidence, reason, doubt)
