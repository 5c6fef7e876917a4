"""The baseline classifier: TF-IDF word and character n-grams with logistic regression.

Runs in the Rasa environment (scikit-learn lives there), trains on exactly the
NLU training data Rasa trains on, and prints each held-out text's top intents and
top tasks (a second model on the examples' task labels) as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline

ROOT = Path(__file__).resolve().parent.parent


def training_data() -> tuple[list[str], list[str], list[str | None]]:
    texts, labels, tasks = [], [], []
    # Subfolders too (data/nlu/lang/ for other languages): Rasa reads data/ recursively.
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            task = (block.get("metadata") or {}).get("task")
            for line in str(block["examples"]).splitlines():
                if line.strip().startswith("- "):
                    texts.append(line.strip()[2:])
                    labels.append(block["intent"])
                    tasks.append(task)
    return texts, labels, tasks


def ranked(model: Any, texts: list[str], keep: int) -> list[list[list[Any]]]:
    classes = list(model.classes_)
    out = []
    for probabilities in model.predict_proba(texts):
        pairs = sorted(zip(classes, probabilities, strict=True), key=lambda p: p[1], reverse=True)
        out.append([[name, float(p)] for name, p in pairs[:keep]])
    return out


def pipeline() -> Any:
    return make_pipeline(
        FeatureUnion(
            [
                ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True)),
                ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True)),
            ]
        ),
        LogisticRegression(max_iter=3000, C=10.0),
    )


def main() -> int:
    texts = json.loads(sys.stdin.read())
    train_texts, train_labels, train_tasks = training_data()
    topics = pipeline().fit(train_texts, train_labels)
    labelled = [(t, task) for t, task in zip(train_texts, train_tasks, strict=True) if task]
    tasks = pipeline().fit([t for t, _ in labelled], [task for _, task in labelled])
    json.dump({"topics": ranked(topics, texts, 10), "tasks": ranked(tasks, texts, 7)}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
