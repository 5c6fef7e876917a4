"""Read the NLU training data and the held-out set, for checks and evaluation."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.factories import ROOT
from wegwijzer.yamlfile import safe_load

NLU_DIR = ROOT / "data" / "nlu"
HOLDOUT = ROOT / "tests" / "data" / "nlu_holdout.yml"
# A second set, written later by another author with a task and DigiD focus.
HOLDOUT_2 = ROOT / "tests" / "data" / "nlu_holdout_2.yml"
# A third set, written by a third author after the task model's training data and
# never trained on: tasks and the DigiD boundary in visitors' words.
HOLDOUT_3 = ROOT / "tests" / "data" / "nlu_holdout_3.yml"
HOLDOUTS = (HOLDOUT, HOLDOUT_2, HOLDOUT_3)
# One held-out set per newcomer language (issue 20), each written in that language by
# an author who never saw the training data: its own people and stories, not a
# translation of the Dutch sets. Never used for training or tuning.
LANGUAGES = ("en", "pl", "tr", "ar", "uk")
LANGUAGE_HOLDOUTS = {
    code: ROOT / "tests" / "data" / f"nlu_holdout_{code}.yml" for code in LANGUAGES
}
# Training examples in a language other than Dutch live under data/nlu/lang/: in
# lang/<code>/ (any *.yml below it), lang/<code>.yml or lang/<code>_<anything>.yml.
LANG_DIR = NLU_DIR / "lang"
# Sets we may look at while tuning (never the held-out sets): phrasings modelled on
# public Q&A pages, and sets by outside authors in Dutch, Polish, Arabic and Turkish.
DEV = ROOT / "tests" / "data" / "nlu_dev.yml"
DEVS = (
    DEV,
    ROOT / "tests" / "data" / "nlu_dev_2.yml",
    ROOT / "tests" / "data" / "nlu_dev_pl.yml",
    ROOT / "tests" / "data" / "nlu_dev_ar.yml",
    ROOT / "tests" / "data" / "nlu_dev_3.yml",
    ROOT / "tests" / "data" / "nlu_dev_tr.yml",
    ROOT / "tests" / "data" / "nlu_dev_ar_2.yml",
    ROOT / "tests" / "data" / "nlu_dev_4.yml",
    ROOT / "tests" / "data" / "nlu_dev_ar_3.yml",
)


def read_yaml(path: Path) -> Any:
    """A data file, parsed once per version: hundreds of checks read the same files.
    Callers only read what it returns."""
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _parsed(path: Path, mtime_ns: int, size: int) -> Any:
    return safe_load(path.read_text(encoding="utf-8"))


def nlu_files(nlu_dir: Path = NLU_DIR) -> list[Path]:
    """Every NLU file, subfolders included: Rasa reads data/ recursively."""
    return sorted(nlu_dir.rglob("*.yml"))


def trained_languages(lang_dir: Path = LANG_DIR) -> list[str]:
    """Language codes (besides Dutch) that the training data has examples for."""
    found = set()
    for path in lang_dir.rglob("*.yml") if lang_dir.is_dir() else []:
        relative = path.relative_to(lang_dir)
        found.add(relative.parts[0] if len(relative.parts) > 1 else path.stem.split("_")[0])
    return sorted(found)


def training_examples(nlu_dir: Path = NLU_DIR) -> dict[str, list[str]]:
    """Intent name -> its example texts, over every file under data/nlu/ (languages too)."""
    examples: dict[str, list[str]] = {}
    for path in nlu_files(nlu_dir):
        data = read_yaml(path)
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
    for path in nlu_files(nlu_dir):
        data = read_yaml(path)
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
    data = read_yaml(path)
    return [HoldoutExample(**item) for item in data["examples"]]
