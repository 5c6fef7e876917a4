"""The Rasa project agrees with the catalogue, and the held-out set stays held out."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.generate import outputs
from tests.factories import ROOT
from tests.nlu_data import HOLDOUT, HOLDOUTS, holdout_examples, training_examples
from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.digid import digid_required
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
}


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
    assert set(examples) == set(catalogue.topics) | CONVERSATION_INTENTS
    for topic in catalogue.topics:
        assert len(set(examples[topic])) >= 40, topic
    assert len(examples["out_of_scope"]) >= 100


def test_holdout_covers_every_topic_and_out_of_scope(catalogue: Catalogue) -> None:
    counts = Counter(example.topic for example in holdout_examples(HOLDOUT))
    for topic in catalogue.topics:
        assert counts[topic] >= 8, topic
    assert counts[None] >= 30
    assert set(counts) - {None} <= set(catalogue.topics)


@pytest.mark.parametrize("path", HOLDOUTS, ids=lambda p: p.name)
def test_no_holdout_example_is_in_the_training_data(path: Path) -> None:
    trained = {normalize(text) for texts in training_examples().values() for text in texts}
    leaked = [e.text for e in holdout_examples(path) if normalize(e.text) in trained]
    assert leaked == []


@pytest.mark.parametrize("path", HOLDOUTS, ids=lambda p: p.name)
def test_holdout_digid_labels_follow_the_catalogue(catalogue: Catalogue, path: Path) -> None:
    """When the catalogue changes whether a task needs DigiD, the labels must follow."""
    stale = [
        e.text
        for e in holdout_examples(path)
        if digid_required(catalogue.topics.get(e.topic or ""), Task(e.task)) != e.digid_required
    ]
    assert stale == []
