"""Everything practice mode needs, built once at start-up beside the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wegwijzer.catalogue.models import Catalogue
from wegwijzer.practice.cases import CASES_DIR_NAME, CaseLibrary, load_cases
from wegwijzer.practice.groups import Group
from wegwijzer.practice.quiz import QuizTotals
from wegwijzer.practice.recogniser import QuestionRecogniser, load_recogniser
from wegwijzer.practice.store import MemoryStore, Store
from wegwijzer.practice.visitor import Run


@dataclass
class Practice:
    cases: CaseLibrary
    recogniser: QuestionRecogniser
    runs: Store[Run] = field(default_factory=lambda: MemoryStore[Run](capacity=2000))
    quiz_totals: QuizTotals = field(default_factory=QuizTotals)
    groups: Store[Group] = field(default_factory=lambda: MemoryStore[Group](capacity=500))


def load_practice(catalogue_dir: Path, catalogue: Catalogue) -> Practice:
    """The cases (checked against the catalogue) and the trained question recogniser."""
    return Practice(load_cases(catalogue_dir / CASES_DIR_NAME, catalogue), load_recogniser())
