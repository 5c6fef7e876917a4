"""What the trainee asks the simulated visitor about: a small classifier trained from examples.

A multinomial naive Bayes over word 1-2-grams and character 2-4-grams, in pure
Python: the app's environment has no scikit-learn, and a few hundred short
questions train in milliseconds at start-up. Character n-grams make it robust
to typing errors and Dutch compounds ("inloggegevens", "betaaldatum").
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from wegwijzer import yamlfile
from wegwijzer.errors import CatalogueError
from wegwijzer.text import normalize

TRAINING_FILE = Path(__file__).with_name("questions.yml")
# The trainee offers or agrees to act in the visitor's own account.
LOGIN = "inloggen"
# Greetings, small talk and anything that asks for no fact.
OTHER = "overig"
_SMOOTHING = 0.3
# Chosen by 5-fold cross-validation on the training examples, not on the held-out set.
_CHAR_SIZES = (2, 3, 4)


def features(text: str) -> Counter[str]:
    words = normalize(text).split()
    counts: Counter[str] = Counter(f"w:{w}" for w in words)
    counts.update(f"b:{a}_{b}" for a, b in itertools.pairwise(words))
    for word in words:
        padded = f" {word} "
        for size in _CHAR_SIZES:
            counts.update(f"c:{padded[i : i + size]}" for i in range(len(padded) - size + 1))
    return counts


@dataclass(frozen=True)
class Guess:
    label: str
    confidence: float


class QuestionRecogniser:
    """Trained once from labelled questions; `classify` is pure and thread-safe."""

    def __init__(self, examples: Mapping[str, Sequence[str]]) -> None:
        if len(examples) < 2 or any(not texts for texts in examples.values()):
            raise ValueError("the recogniser needs at least 2 labels, each with examples")
        total = sum(len(texts) for texts in examples.values())
        self.labels = tuple(sorted(examples))
        self._prior = {label: math.log(len(examples[label]) / total) for label in self.labels}
        counts = {label: Counter[str]() for label in self.labels}
        for label, texts in examples.items():
            for text in texts:
                counts[label].update(features(text))
        vocabulary = set().union(*counts.values())
        size = len(vocabulary)
        self._log_p: dict[str, dict[str, float]] = {}
        self._unseen: dict[str, float] = {}
        for label in self.labels:
            denominator = sum(counts[label].values()) + _SMOOTHING * size
            self._log_p[label] = {
                f: math.log((n + _SMOOTHING) / denominator) for f, n in counts[label].items()
            }
            self._unseen[label] = math.log(_SMOOTHING / denominator)
        self._vocabulary = frozenset(vocabulary)

    def classify(self, text: str) -> Guess:
        observed = {f: n for f, n in features(text).items() if f in self._vocabulary}
        if not observed:
            return Guess(OTHER if OTHER in self.labels else self.labels[0], 0.0)
        scores = {
            label: self._prior[label]
            + sum(n * self._log_p[label].get(f, self._unseen[label]) for f, n in observed.items())
            for label in self.labels
        }
        best = max(scores, key=lambda label: scores[label])
        top = scores[best]
        confidence = 1.0 / sum(math.exp(s - top) for s in scores.values())
        return Guess(best, confidence)


def read_examples(path: Path) -> dict[str, list[str]]:
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"cannot read the practice questions {path}: {exc}") from exc
    if not isinstance(data, dict) or not all(
        isinstance(v, list) and all(isinstance(t, str) for t in v) for v in data.values()
    ):
        raise CatalogueError(f"{path} must map each label to a list of questions")
    return {str(k): list(v) for k, v in data.items()}


def load_recogniser(path: Path = TRAINING_FILE) -> QuestionRecogniser:
    return QuestionRecogniser(read_examples(path))


def accuracy(recogniser: QuestionRecogniser, examples: Iterable[tuple[str, str]]) -> float:
    pairs = list(examples)
    right = sum(recogniser.classify(text).label == label for label, text in pairs)
    return right / len(pairs) if pairs else 0.0
