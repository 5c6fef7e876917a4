"""The provider quiz, the e-learning part of the IDO training, generated from the catalogue.

Three kinds of question: which organisation is responsible, on which site the
information is, and whether a step needs the visitor's own DigiD. Each has a
stable id, so answers can be checked without storing the quiz a trainee got,
and only anonymous totals per question are kept.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from wegwijzer.answers import compose_answer
from wegwijzer.catalogue.models import INFO_LINK, Catalogue, Task
from wegwijzer.practice.cases import link_url

YES, NO = "Ja", "Nee"
CHOICES = 4
# Topics where the work is split between organisations (gemeente, CBR and RDW for a
# driving licence; gemeente or CJIB for a parking fine): no single right answer.
SHARED_TOPICS = frozenset({"rijbewijs", "parkeerboete"})


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    text: str
    choices: tuple[str, ...]
    answer: str
    explanation: str
    link_title: str
    link_url: str

    @property
    def link_domain(self) -> str:
        return (urlsplit(self.link_url).hostname or "").removeprefix("www.")


def _domain(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _provider_name(catalogue: Catalogue, topic_id: str) -> str:
    provider = catalogue.providers[catalogue.topics[topic_id].provider]
    return "De gemeente" if provider.per_branch else provider.name


def _pick(rng: random.Random, answer: str, pool: set[str]) -> tuple[str, ...]:
    others = sorted(pool - {answer})
    return (answer, *rng.sample(others, min(CHOICES - 1, len(others))))


def all_questions(catalogue: Catalogue, branch: str | None = None) -> dict[str, QuizQuestion]:
    """Every question the catalogue gives, by id; the choices are in a fixed order."""
    questions: dict[str, QuizQuestion] = {}
    names = {_provider_name(catalogue, t) for t in catalogue.topics if t not in SHARED_TOPICS}
    info = {t: link_url(catalogue, t, INFO_LINK, branch) for t in catalogue.topics}
    domains = {
        _domain(u)
        for t, u in info.items()
        if not catalogue.topics[t].links[INFO_LINK].gemeente_site
    }
    for topic_id, topic in catalogue.topics.items():
        rng = random.Random(topic_id)
        title, url = topic.title, info[topic_id]
        link_title = topic.links[INFO_LINK].title
        name = _provider_name(catalogue, topic_id)
        # "Who is responsible for MijnOverheid?" answers itself.
        if topic_id not in SHARED_TOPICS and name.lower() not in title.lower():
            questions[f"provider:{topic_id}"] = QuizQuestion(
                f"provider:{topic_id}",
                f"Welke organisatie gaat over {title}?",
                _pick(rng, name, names),
                name,
                f"{name} gaat over {title}. Kijk op {_domain(url)}.",
                link_title,
                url,
            )
        if not topic.links[INFO_LINK].gemeente_site:
            domain = _domain(url)
            questions[f"site:{topic_id}"] = QuizQuestion(
                f"site:{topic_id}",
                f"Op welke site vindt u de officiële informatie over {title}?",
                _pick(rng, domain, domains),
                domain,
                f"De informatie over {title} staat op {domain}.",
                link_title,
                url,
            )
        for task in topic.tasks:
            if task is Task.INFORMATIE:
                continue
            composed = compose_answer(catalogue, topic_id, task, branch)
            right = YES if composed.digid_required else NO
            action = catalogue.texts.task_buttons[task].lower()
            first = composed.links[0] if composed.links else composed.info
            questions[f"digid:{topic_id}:{task.value}"] = QuizQuestion(
                f"digid:{topic_id}:{task.value}",
                f"{title}: de bezoeker wil '{action}'. "
                "Heeft de bezoeker daarvoor de eigen DigiD nodig?",
                (YES, NO),
                right,
                composed.text,
                first.title,
                first.url,
            )
    return questions


def draw(
    catalogue: Catalogue, count: int, rng: random.Random, branch: str | None = None
) -> list[QuizQuestion]:
    """A fresh mix: about a third of each kind, in random order, choices shuffled."""
    pool = all_questions(catalogue, branch)
    by_kind: dict[str, list[QuizQuestion]] = {}
    for question in pool.values():
        by_kind.setdefault(question.id.split(":")[0], []).append(question)
    chosen: list[QuizQuestion] = []
    kinds = sorted(by_kind)
    while len(chosen) < min(count, len(pool)):
        kind = kinds[len(chosen) % len(kinds)]
        left = [q for q in by_kind[kind] if q not in chosen]
        if not left:
            kinds.remove(kind)
            continue
        chosen.append(rng.choice(left))
    rng.shuffle(chosen)
    return [
        QuizQuestion(
            q.id,
            q.text,
            q.choices if q.choices == (YES, NO) else tuple(rng.sample(q.choices, len(q.choices))),
            q.answer,
            q.explanation,
            q.link_title,
            q.link_url,
        )
        for q in chosen
    ]


@dataclass(frozen=True)
class QuestionTotal:
    question_id: str
    answers: int
    right: int


class QuizTotals:
    """Anonymous totals per question: how often answered, how often right. Nothing else."""

    def __init__(self) -> None:
        self._answers: Counter[str] = Counter()
        self._right: Counter[str] = Counter()
        self._lock = threading.Lock()

    def record(self, question_id: str, right: bool) -> None:
        with self._lock:
            self._answers[question_id] += 1
            self._right[question_id] += int(right)

    def hardest_first(self) -> list[QuestionTotal]:
        with self._lock:
            totals = [QuestionTotal(q, n, self._right[q]) for q, n in self._answers.items()]
        return sorted(totals, key=lambda t: (t.right / t.answers, -t.answers, t.question_id))
