"""The provider quiz, generated from the catalogue."""

from __future__ import annotations

import random

from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.digid import digid_required
from wegwijzer.practice.quiz import NO, YES, QuizTotals, all_questions, draw


def test_questions_come_from_the_catalogue(catalogue: Catalogue) -> None:
    questions = all_questions(catalogue)
    cjib = questions["provider:verkeersboete"]
    assert cjib.answer == "CJIB"
    assert cjib.answer in cjib.choices
    assert len(set(cjib.choices)) == 4
    assert questions["site:aow"].answer == "svb.nl"
    assert questions["provider:bijstand"].answer == "De gemeente"
    assert "provider:rijbewijs" not in questions, "split responsibility has no single answer"
    assert "provider:mijnoverheid" not in questions, "a question that answers itself"
    for key, question in questions.items():
        if key.startswith("digid:"):
            _, topic, task = key.split(":")
            needs = digid_required(catalogue.topics[topic], Task(task))
            assert question.answer == (YES if needs else NO), key
        assert catalogue.link_problem(question.link_url) is None, key


def test_catalogue_changes_change_the_quiz(catalogue: Catalogue) -> None:
    cak = catalogue.providers["cak"].model_copy(update={"name": "Centraal Administratie Kantoor"})
    changed = catalogue.model_copy(update={"providers": {**catalogue.providers, "cak": cak}})
    assert all_questions(changed)["provider:eigen_bijdrage_cak"].answer == (
        "Centraal Administratie Kantoor"
    )


def test_each_draw_is_a_fresh_mix_of_all_kinds(catalogue: Catalogue) -> None:
    first = draw(catalogue, 9, random.Random(1))
    second = draw(catalogue, 9, random.Random(2))
    assert len(first) == len({q.id for q in first}) == 9
    assert {q.id.split(":")[0] for q in first} == {"provider", "site", "digid"}
    assert [q.id for q in first] != [q.id for q in second]
    assert all(q.answer in q.choices for q in first)


def test_totals_are_anonymous_counts_hardest_first() -> None:
    totals = QuizTotals()
    for right in (True, True, False):
        totals.record("site:aow", right)
    totals.record("provider:aow", False)
    hardest = totals.hardest_first()
    assert [(t.question_id, t.answers, t.right) for t in hardest] == [
        ("provider:aow", 1, 0),
        ("site:aow", 3, 2),
    ]
