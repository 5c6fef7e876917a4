"""Read the NLU training data and the held-out set, for checks and evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.factories import ROOT

NLU_DIR = ROOT / "data" / "nlu"
HOLDOUT = ROOT / "tests" / "data" / "nlu_holdout.yml"
# A second set, written later by another author with a task and DigiD focus.
HOLDOUT_2 = ROOT / "tests" / "data" / "nlu_holdout_2.yml"
# A third set, written by a third author after the task model's training data and
# never trained on: tasks and the DigiD boundary in visitors' words.
HOLDOUT_3 = ROOT / "tests" / "data" / "nlu_holdout_3.yml"
HOLDOUTS = (HOLDOUT, HOLDOUT_2, HOLDOUT_3)
# Phrasings modelled on public Q&A pages: the one set we may look at while tuning.
DEV = ROOT / "tests" / "data" / "nlu_dev.yml"


def training_examples(nlu_dir: Path = NLU_DIR) -> dict[str, list[str]]:
    """Intent name -> its example texts, over every file under data/nlu/ (languages too)."""
    examples: dict[str, list[str]] = {}
    for path in sorted(nlu_dir.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in data.get("nlu", []):
            lines = str(block.get("examples", "")).splitlines()
            texts = [line.strip()[2:] for line in lines if line.strip().startswith("- ")]
            examples.setdefault(block["intent"], []).extend(texts)
    return examples


@dataclass(frozen=True)
class TrainingExample:
    text: str
    intent: str
    # The task label from the block's or example's metadata; None for chit-chat.
    task: str | None


def labelled_training_examples(nlu_dir: Path = NLU_DIR) -> list[TrainingExample]:
    """Every example under data/nlu/ (languages too) with its intent and task label."""
    found: list[TrainingExample] = []
    for path in sorted(nlu_dir.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in data.get("nlu", []):
            task = (block.get("metadata") or {}).get("task")
            for line in str(block.get("examples", "")).splitlines():
                if line.strip().startswith("- "):
                    found.append(TrainingExample(line.strip()[2:], block["intent"], task))
    return found


@dataclass(frozen=True)
class HoldoutExample:
    text: str
    topic: str | None
    task: str
    digid_required: bool


def holdout_examples(path: Path = HOLDOUT) -> list[HoldoutExample]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [HoldoutExample(**item) for item in data["examples"]]
