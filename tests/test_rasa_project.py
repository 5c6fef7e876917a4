"""The Rasa project agrees with the catalogue, and the held-out set stays held out."""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.generate import outputs
from tests.factories import ROOT
from tests.nlu_data import (
    DEVS,
    HOLDOUT,
    HOLDOUTS,
    LANGUAGE_HOLDOUTS,
    holdout_examples,
    labelled_training_examples,
    trained_languages,
    training_examples,
)
from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.digid import digid_for_the_words
from wegwijzer.text import normalize

CONVERSATION_INTENTS = {
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "ask_human",
    "bot_challenge",
    "out_of_scope",
    "ask_login_for_me",
    "follow_up",
    "letter",
}
TASKS = {"informatie", "aanvragen", "wijzigen", "inzien", "bezwaar", "betalen", "inloggen_voor_mij"}
# Token-set overlap from which two texts count as the same example reworded.
NEAR_DUPLICATE = 0.8
# Dutch names of topics, organisations and letters that newcomers keep in their own
# language ("toeslag", "DigiD", "CJIB"). A set where every example carries one can be
# passed by a Dutch-only model on the Dutch word alone.
DUTCH_TERMS = re.compile(
    r"toeslag|kinderopvang|\bbso\b|kindgebonden|terugvorder|belasting|aangifte|aanslag|"
    r"parkeer|naheffing|cjib|boete|\bww\b|uwv|ziektewet|\bwia\b|wajong|bijstand|\baow\b|"
    r"\bsvb\b|kinderbijslag|digid|machtig|\bduo\b|stufi|studiefinanciering|\bcak\b|\bwmo\b|"
    r"thuiszorg|\bcbr\b|rijbewijs|gezondheidsverklaring|paspoort|id-?\s?ka|verhuiz|schuldhulp|"
    r"deurwaarder|mijnoverheid|berichtenbox|bezwaar|juridisch|opvang|oppas|creche",
    re.IGNORECASE,
)
# Every evaluation set: the Dutch held-out sets, one per newcomer language, the dev sets.
EVALUATION_SETS = [*HOLDOUTS, *LANGUAGE_HOLDOUTS.values(), *DEVS]


def test_generated_files_are_current(catalogue: Catalogue) -> None:
    for path, content in outputs(catalogue, ROOT).items():
        assert path.read_text(encoding="utf-8") == content, f"run `make generate`: {path}"


def test_generation_notices_a_new_topic(catalogue: Catalogue, tmp_path: Path) -> None:
    (tmp_path / "data" / "rules").mkdir(parents=True)
    (tmp_path / "domain.yml").write_text((ROOT / "domain.yml").read_text(encoding="utf-8"))
    extra = catalogue.model_copy(
        update={"topics": {**catalogue.topics, "zzz_nieuw": catalogue.topics["aow"]}}
    )
    generated = outputs(extra, tmp_path)
    assert "  - zzz_nieuw\n" in generated[tmp_path / "domain.yml"]
    assert "intent: zzz_nieuw" in generated[tmp_path / "data" / "rules" / "topics.yml"]


def test_fallback_thresholds_match_the_triage(catalogue: Catalogue) -> None:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    fallback = next(c for c in config["pipeline"] if c["name"] == "FallbackClassifier")
    assert fallback["threshold"] == catalogue.triage.threshold
    assert fallback["ambiguity_threshold"] == catalogue.triage.ambiguity


def test_every_topic_and_conversation_intent_has_training_data(catalogue: Catalogue) -> None:
    examples = training_examples()
    life_events = {f"life_{event}" for event in catalogue.life_events}
    assert set(examples) == set(catalogue.topics) | CONVERSATION_INTENTS | life_events
    for topic in catalogue.topics:
        assert len(set(examples[topic])) >= 40, topic
    for intent in life_events | {"follow_up", "letter"}:
        assert len(set(examples[intent])) >= 15, intent
    assert len(examples["out_of_scope"]) >= 100


def test_holdout_covers_every_topic_and_out_of_scope(catalogue: Catalogue) -> None:
    counts = Counter(example.topic for example in holdout_examples(HOLDOUT))
    for topic in catalogue.topics:
        assert counts[topic] >= 8, topic
    assert counts[None] >= 30


@pytest.mark.parametrize("path", EVALUATION_SETS, ids=lambda p: p.name)
def test_every_evaluation_set_uses_known_labels(catalogue: Catalogue, path: Path) -> None:
    examples = holdout_examples(path)
    assert {e.topic for e in examples} - {None} <= set(catalogue.topics)
    assert {e.task for e in examples} <= TASKS
    # The boundary is always DigiD; the labels must not contradict the spec.
    assert all(e.digid_required for e in examples if e.task == "inloggen_voor_mij")
    assert all(not e.digid_required for e in examples if e.task == "informatie")


def test_the_third_holdout_centres_on_tasks_and_the_boundary(catalogue: Catalogue) -> None:
    examples = holdout_examples(HOLDOUTS[2])
    assert len(examples) >= 150
    assert sum(e.task == "inloggen_voor_mij" for e in examples) >= 60
    assert len({e.topic for e in examples} - {None}) >= 18


@pytest.mark.parametrize("code", LANGUAGE_HOLDOUTS)
def test_each_language_holdout_covers_topics_tasks_and_the_boundary(
    catalogue: Catalogue, code: str
) -> None:
    """Issue 20: enough per language to gate topic accuracy and boundary recall."""
    examples = holdout_examples(LANGUAGE_HOLDOUTS[code])
    assert 60 <= len(examples) <= 90
    counts = Counter(e.topic for e in examples)
    assert [t for t in catalogue.topics if counts[t] < 2] == []
    assert {e.task for e in examples} == TASKS
    assert sum(e.task == "inloggen_voor_mij" for e in examples) >= 12
    # Look-alikes on the safe side: DigiD itself and DigiD Machtigen, not the boundary.
    safe = [
        e
        for e in examples
        if e.topic in {"digid_aanvragen", "digid_machtigen"} and e.task != "inloggen_voor_mij"
    ]
    assert len(safe) >= 8
    # Newcomers keep Dutch words, but not always: enough examples name the topic only
    # in the visitor's own words that the gate measures the language, not the keyword.
    in_scope = [e for e in examples if e.topic]
    own_words = [e for e in in_scope if not DUTCH_TERMS.search(e.text)]
    assert len(own_words) >= len(in_scope) / 3, len(own_words)


def test_every_trained_language_has_a_holdout_set() -> None:
    """Training data for a language without a held-out set would go ungated."""
    assert set(trained_languages()) <= set(LANGUAGE_HOLDOUTS)


def test_trained_languages_follow_the_folder_convention(tmp_path: Path) -> None:
    lang = tmp_path / "lang"
    assert trained_languages(lang) == []
    (lang / "uk").mkdir(parents=True)
    (lang / "uk" / "README.md").write_text("no examples yet")
    (lang / "notes.txt").write_text("not an NLU file")
    assert trained_languages(lang) == []
    (lang / "uk" / "topics.yml").write_text("nlu: []")
    (lang / "en.yml").write_text("nlu: []")
    (lang / "ar_tasks.yml").write_text("nlu: []")
    assert trained_languages(lang) == ["ar", "en", "uk"]


def test_every_task_has_enough_varied_training_examples() -> None:
    counts = Counter(e.task for e in labelled_training_examples() if e.task)
    assert set(counts) == TASKS
    for task in TASKS:
        assert counts[task] >= 60, (task, counts[task])


def test_only_questions_carry_task_labels(catalogue: Catalogue) -> None:
    labelled = {e.intent for e in labelled_training_examples() if e.task}
    life_events = {f"life_{event}" for event in catalogue.life_events}
    allowed = {"out_of_scope", "ask_human", "ask_login_for_me", "follow_up", "letter"}
    assert labelled <= set(catalogue.topics) | allowed | life_events
    assert {e.task for e in labelled_training_examples() if e.intent == "ask_login_for_me"} == {
        "inloggen_voor_mij"
    }


def tokens(text: str) -> frozenset[str]:
    return frozenset(normalize(text).split())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def _prefix(token_set: frozenset[str], rank: dict[str, int]) -> list[str]:
    """The rarest tokens of a set, enough that two sets with a Jaccard index of at least
    NEAR_DUPLICATE always share one of them (the prefix filter of all-pairs similarity
    search): with an overlap of at least o tokens, the first len - o + 1 tokens meet."""
    overlap = math.ceil(NEAR_DUPLICATE * len(token_set) - 1e-9)
    return sorted(token_set, key=lambda t: (rank[t], t))[: len(token_set) - overlap + 1]


def near_duplicates(
    texts: list[str], others: list[str], *, same: bool = False
) -> list[tuple[str, str, float]]:
    """Pairs whose token sets overlap at least NEAR_DUPLICATE (short texts included).

    Same answer as comparing every pair (tested below), but only pairs that share a rare
    token are compared: the sets hold thousands of texts.
    """
    mine = [tokens(t) for t in texts]
    theirs = [tokens(o) for o in others]
    counts = Counter(token for group in (mine, theirs) for s in group for token in s)
    rank: dict[str, int] = dict(counts)
    index: dict[str, list[int]] = {}
    empty = []
    for j, token_set in enumerate(theirs):
        if not token_set:
            empty.append(j)
        for token in _prefix(token_set, rank):
            index.setdefault(token, []).append(j)
    found = []
    for i, (text, token_set) in enumerate(zip(texts, mine, strict=True)):
        candidates = (
            set(empty)
            if not token_set
            else {j for t in _prefix(token_set, rank) for j in index.get(t, ())}
        )
        for j in sorted(candidates):
            if same and j <= i:
                continue
            overlap = jaccard(token_set, theirs[j])
            if overlap >= NEAR_DUPLICATE:
                found.append((text, others[j], round(overlap, 2)))
    return found


def near_duplicates_by_every_pair(
    texts: list[str], others: list[str], *, same: bool = False
) -> list[tuple[str, str, float]]:
    """The plain definition, to check the fast one against."""
    return [
        (text, other, round(jaccard(tokens(text), tokens(other)), 2))
        for i, text in enumerate(texts)
        for j, other in enumerate(others)
        if not (same and j <= i) and jaccard(tokens(text), tokens(other)) >= NEAR_DUPLICATE
    ]


@given(
    st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=7).map(" ".join), max_size=25),
    st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=7).map(" ".join), max_size=25),
    st.booleans(),
)
def test_the_fast_near_duplicate_search_finds_what_every_pair_finds(
    texts: list[str], others: list[str], same: bool
) -> None:
    if same:
        others = texts
    assert near_duplicates(texts, others, same=same) == near_duplicates_by_every_pair(
        texts, others, same=same
    )


@pytest.mark.parametrize("path", EVALUATION_SETS, ids=lambda p: p.name)
def test_no_holdout_example_is_a_near_copy_of_training_data(path: Path) -> None:
    trained = [text for texts in training_examples().values() for text in texts]
    pairs = near_duplicates([e.text for e in holdout_examples(path)], trained)
    assert pairs == [], "\n".join(f"{a!r} ~ {b!r} ({j})" for a, b, j in pairs)


def test_no_holdout_example_is_a_near_copy_of_another_set() -> None:
    sets = [[e.text for e in holdout_examples(path)] for path in EVALUATION_SETS]
    pairs = [
        pair
        for i, texts in enumerate(sets)
        for j, others in enumerate(sets)
        if i <= j
        for pair in near_duplicates(texts, others, same=i == j)
    ]
    assert pairs == [], "\n".join(f"{a!r} ~ {b!r} ({j})" for a, b, j in pairs)


def test_the_near_duplicate_check_catches_a_reworded_copy() -> None:
    pairs = near_duplicates(
        ["Hoe vraag ik huurtoeslag aan?"], ["hoe vraag ik de huurtoeslag aan", "wat is aow"]
    )
    assert [(a, b) for a, b, _ in pairs] == [
        ("Hoe vraag ik huurtoeslag aan?", "hoe vraag ik de huurtoeslag aan")
    ]


@pytest.mark.parametrize("path", EVALUATION_SETS, ids=lambda p: p.name)
def test_holdout_digid_labels_follow_the_catalogue(catalogue: Catalogue, path: Path) -> None:
    """When the catalogue changes whether a task needs DigiD, the labels must follow.

    That includes the words that take a task's DigiD route (`digid_when`).
    """
    stale = [
        e.text
        for e in holdout_examples(path)
        if digid_for_the_words(catalogue.topics.get(e.topic or ""), Task(e.task), normalize(e.text))
        != e.digid_required
    ]
    assert stale == []
