"""The development conversations and openings load, use known topics, and stay their own.

They are the sets we may look at while tuning, so a broken or copied set would
quietly skew every figure measured on them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.conversations import (
    CONVERSATIONS,
    CONVERSATIONS_CHECK,
    CONVERSATIONS_DEV,
    CONVERSATIONS_DEVS,
    OPENINGS,
    OPENINGS_DEV,
    conversations,
    openings,
)
from tests.nlu_data import training_examples
from tests.test_rasa_project import near_duplicates
from wegwijzer.catalogue import Catalogue

KINDS = (
    "follow-up",
    "switch",
    "letter",
    "life event",
    "someone else",
    "do it for me",
    "look-alike",
)


def kind(name: str) -> str:
    return name.split(":", 1)[0]


@pytest.mark.parametrize("path", [*CONVERSATIONS_DEVS, CONVERSATIONS_CHECK], ids=lambda p: p.name)
def test_dev_conversations_are_well_formed(catalogue: Catalogue, path: Path) -> None:
    items = conversations(path)
    assert len(items) >= 50
    assert len({item.name for item in items}) == len(items), "names must be unique"
    for item in items:
        assert kind(item.name) in KINDS, item.name
        assert 2 <= len(item.turns) <= 4, item.name
        assert all(isinstance(t, str) and t.strip() for t in item.turns), item.name
        assert item.topic in catalogue.topics, item.name
        assert isinstance(item.boundary, bool), item.name


def test_dev_conversations_mix_every_kind_and_both_endings() -> None:
    items = conversations(CONVERSATIONS_DEV)
    kinds = Counter(kind(item.name) for item in items)
    assert all(kinds[k] >= 5 for k in KINDS), kinds
    assert sum(item.boundary for item in items) >= 20
    look_alikes = [item for item in items if kind(item.name) == "look-alike"]
    assert len(look_alikes) >= 15
    # A look-alike sounds like the boundary but must not reach it.
    assert not any(item.boundary for item in look_alikes)
    assert all(item.boundary for item in items if kind(item.name) == "do it for me")


def test_dev_openings_are_well_formed(catalogue: Catalogue) -> None:
    items = openings(OPENINGS_DEV)
    assert len(items) >= 30
    assert len({item.text for item in items}) == len(items), "texts must be unique"
    for item in items:
        assert item.text.strip(), item
        assert item.topics, item.text
        assert set(item.topics) <= set(catalogue.topics), item.text
        assert isinstance(item.life_event, bool), item.text
    assert {item.life_event for item in items} == {True, False}


@pytest.mark.parametrize("path", [*CONVERSATIONS_DEVS, OPENINGS_DEV], ids=lambda p: p.name)
def test_an_unknown_field_fails_to_load(path: Path, tmp_path: Path) -> None:
    """The loader is the only check on the fields, so a typo must not pass silently."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    key = "conversations" if "conversations" in data else "openings"
    data[key][0]["boundry"] = True
    broken = tmp_path / path.name
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load = conversations if key == "conversations" else openings
    with pytest.raises(TypeError):
        load(broken)


def dev_texts() -> list[str]:
    paths = (*CONVERSATIONS_DEVS, CONVERSATIONS_CHECK)
    turns = [t for path in paths for item in conversations(path) for t in item.turns]
    return [*turns, *(item.text for item in openings(OPENINGS_DEV))]


def test_dev_texts_are_not_near_copies_of_training_data() -> None:
    # Bare topic words ("huursubsidie", "aanvragen") are how visitors really answer;
    # only sentences of three words or more have to be the set's own.
    mine = [t for t in dev_texts() if len(t.split()) >= 3]
    trained = [text for texts in training_examples().values() for text in texts]
    copied = sorted({a for a, _, _ in near_duplicates(mine, trained)})
    assert copied == [], "reword these dev texts:\n" + "\n".join(copied)


def test_dev_texts_are_not_near_copies_of_the_held_out_sets() -> None:
    held_out = [t for item in conversations(CONVERSATIONS) for t in item.turns]
    held_out += [item.text for item in openings(OPENINGS)]
    mine = [t for t in dev_texts() if len(t.split()) >= 3]
    copied = sorted({a for a, _, _ in near_duplicates(mine, held_out)})
    # Only our own texts are shown: the held-out sets stay unread.
    assert copied == [], "reword these dev texts:\n" + "\n".join(copied)
