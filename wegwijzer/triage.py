"""The one triage function behind both the conversation and POST /api/triage.

Input is what the NLU engine said (an intent ranking) plus the visitor's words;
output is the topic (or none), the task, whether DigiD is needed, and what to
show. Because the chat and the staff API call the same function with the same
ranking, they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from wegwijzer.answers import (
    ResolvedLink,
    ResolvedQuestion,
    compose_answer,
    resolve_branch,
)
from wegwijzer.catalogue.models import Catalogue, Task
from wegwijzer.digid import digid_required
from wegwijzer.tasks import detect_task

OUT_OF_SCOPE_INTENT = "out_of_scope"
FALLBACK_INTENT = "nlu_fallback"


class Verdict(StrEnum):
    """Why the triage did or did not settle on a topic."""

    TOPIC = "topic"
    UNCLEAR = "unclear"
    OUT_OF_SCOPE = "out_of_scope"
    CONVERSATION = "conversation"


@dataclass(frozen=True)
class Score:
    name: str
    confidence: float


@dataclass(frozen=True)
class Provider:
    name: str
    url: str


@dataclass(frozen=True)
class TriageResult:
    verdict: Verdict
    topic: str | None
    confidence: float
    task: Task
    digid_required: bool
    provider: Provider | None
    links: tuple[ResolvedLink, ...]
    # The next-best topics after the top one (at most two).
    alternatives: tuple[Score, ...]
    # Topics worth offering as "Bedoelt u ...?" when the verdict is UNCLEAR.
    candidates: tuple[Score, ...]
    # The guidance text for this topic and task (empty without a topic).
    answer: str
    explanation: str
    task_reason: str | None
    # Asked before the answer when the route depends on the visitor's letter.
    question: ResolvedQuestion | None = None


def ranking_from_parse(parse: Mapping[str, Any]) -> list[Score]:
    """Scores from a Rasa parse result, best first, without the fallback pseudo-intent."""
    raw = parse.get("intent_ranking") or []
    if not raw and isinstance(parse.get("intent"), Mapping):
        raw = [parse["intent"]]
    scores = [
        Score(str(item["name"]), float(item.get("confidence") or 0.0))
        for item in raw
        if isinstance(item, Mapping) and item.get("name") and item["name"] != FALLBACK_INTENT
    ]
    return sorted(scores, key=lambda s: s.confidence, reverse=True)


def _percent(confidence: float) -> str:
    return f"{round(confidence * 100)}%"


def _explain(
    catalogue: Catalogue,
    *,
    verdict: Verdict,
    topic: str | None,
    confidence: float,
    task: Task,
    needs_digid: bool,
    candidates: Iterable[Score],
) -> str:
    titles = catalogue.topics
    if verdict is Verdict.TOPIC and topic is not None:
        digid = "daarvoor is DigiD nodig" if needs_digid else "daarvoor is geen DigiD nodig"
        return (
            f"Gaat over {titles[topic].title} ({_percent(confidence)} zeker); "
            f"taak: {task.value}, {digid}."
        )
    login = " Let op: de bezoeker vraagt om voor hem in te loggen." if needs_digid else ""
    if verdict is Verdict.UNCLEAR:
        options = " of ".join(
            f"{titles[c.name].title} ({_percent(c.confidence)})" for c in candidates
        )
        if options:
            return f"Niet zeker genoeg; misschien {options}.{login}"
        return f"Niet duidelijk over welk onderwerp dit gaat.{login}"
    if verdict is Verdict.OUT_OF_SCOPE:
        return f"Geen vraag over de overheid ({_percent(confidence)} zeker).{login}"
    return f"Geen vraag over een onderwerp, maar een gespreksbericht.{login}"


def triage(
    catalogue: Catalogue,
    text: str,
    ranking: list[Score],
    branch_id: str | None = None,
    task: Task | None = None,
) -> TriageResult:
    """Decide topic, task and DigiD for one visitor message.

    `task` overrides the detected task: used when the visitor picks a topic from
    the "Bedoelt u ...?" buttons, after the words were read the first time.
    """
    limits = catalogue.triage
    topic_scores = [s for s in ranking if s.name in catalogue.topics]
    top = ranking[0] if ranking else Score(OUT_OF_SCOPE_INTENT, 0.0)
    match = detect_task(text, catalogue.task_rules)
    chosen_task = task or match.task
    task_reason = None if task else match.reason

    verdict = Verdict.UNCLEAR
    topic: str | None = None
    if top.name in catalogue.topics:
        second = topic_scores[1].confidence if len(topic_scores) > 1 else 0.0
        if top.confidence >= limits.threshold and top.confidence - second >= limits.ambiguity:
            verdict, topic = Verdict.TOPIC, top.name
    elif top.confidence >= limits.threshold:
        verdict = Verdict.OUT_OF_SCOPE if top.name == OUT_OF_SCOPE_INTENT else Verdict.CONVERSATION

    candidates = (
        tuple(s for s in topic_scores[:3] if s.confidence >= limits.candidate_minimum)
        if verdict is Verdict.UNCLEAR
        else ()
    )
    alternatives = tuple(s for s in topic_scores if s.name != (topic or top.name))[:2]

    provider: Provider | None = None
    links: tuple[ResolvedLink, ...] = ()
    answer = ""
    question: ResolvedQuestion | None = None
    if topic is None:
        resolve_branch(catalogue, branch_id)  # an unknown branch is an error either way
        needs_digid = digid_required(None, chosen_task)
    else:
        composed = compose_answer(catalogue, topic, chosen_task, branch_id)
        provider = Provider(composed.provider, composed.info.url)
        links, answer, needs_digid = composed.links, composed.text, composed.digid_required
        question = composed.question

    return TriageResult(
        verdict=verdict,
        topic=topic,
        confidence=top.confidence,
        task=chosen_task,
        digid_required=needs_digid,
        provider=provider,
        links=links,
        alternatives=alternatives,
        candidates=candidates,
        answer=answer,
        explanation=_explain(
            catalogue,
            verdict=verdict,
            topic=topic,
            confidence=top.confidence,
            task=chosen_task,
            needs_digid=needs_digid,
            candidates=candidates,
        ),
        task_reason=task_reason,
        question=question,
    )
