"""Rasa's own evaluation, as Rasa users expect it: `rasa test nlu` on the held-out sets.

Each held-out set is converted to Rasa's NLU YAML (the topic is the intent; an
example without a topic is `out_of_scope`, or `ask_login_for_me` when it asks
staff to act in the visitor's account), then `rasa test nlu` writes its intent
report, confusion matrix and histogram to reports/rasa-test/<set>/. With
`--cross-validation` it also runs Rasa's 5-fold cross-validation on the
training data (five trainings: minutes, so only in `make bench`).

    .venv/bin/python -m bench.rasa_eval [--cross-validation]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from bot.paths import RASA_BIN, ROOT, engine_env
from bot.train import model_path
from tests.nlu_data import HOLDOUTS, LANGUAGE_HOLDOUTS, HoldoutExample, holdout_examples
from wegwijzer.triage import BOUNDARY_INTENT, OUT_OF_SCOPE_INTENT

REPORTS = ROOT / "reports" / "rasa-test"
FOLDS = 5


def intent_of(example: HoldoutExample) -> str:
    if example.topic is not None:
        return example.topic
    return BOUNDARY_INTENT if example.task == "inloggen_voor_mij" else OUT_OF_SCOPE_INTENT


def to_rasa_yaml(examples: list[HoldoutExample]) -> str:
    """Rasa 3.1 NLU YAML; each text on one quoted line so no example can break the file."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    for example in examples:
        by_intent[intent_of(example)].append(example.text)
    lines = ['version: "3.1"', "nlu:"]
    for intent in sorted(by_intent):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {' '.join(text.split())}" for text in by_intent[intent]]
    return "\n".join(lines) + "\n"


def run_rasa(args: list[str]) -> None:
    subprocess.run(
        [str(RASA_BIN), *args],
        cwd=ROOT,
        env=engine_env(dict(os.environ)),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def weighted(report_dir: Path) -> dict[str, Any]:
    report = json.loads((report_dir / "intent_report.json").read_text(encoding="utf-8"))
    return {
        "accuracy": round(float(report["accuracy"]), 4),
        "weighted_f1": round(float(report["weighted avg"]["f1-score"]), 4),
        "macro_f1": round(float(report["macro avg"]["f1-score"]), 4),
    }


def test_holdouts(model: Path) -> dict[str, Any]:
    figures = {}
    for path in (*HOLDOUTS, *LANGUAGE_HOLDOUTS.values()):
        out = REPORTS / path.stem
        out.mkdir(parents=True, exist_ok=True)
        data = out / "data.yml"
        data.write_text(to_rasa_yaml(holdout_examples(path)), encoding="utf-8")
        run_rasa(["test", "nlu", "--model", str(model), "--nlu", str(data), "--out", str(out)])
        figures[path.stem] = weighted(out)
    return figures


def run_cross_validation() -> dict[str, Any]:
    out = REPORTS / "cross-validation"
    out.mkdir(parents=True, exist_ok=True)
    run_rasa(
        [
            "test",
            "nlu",
            "--nlu",
            "data/nlu",
            "--config",
            "config.yml",
            "--cross-validation",
            "--folds",
            str(FOLDS),
            "--out",
            str(out),
        ]
    )
    return {"folds": FOLDS, **weighted(out)}


def figures(*, cross_validation: bool) -> dict[str, Any]:
    """Rasa's intent figures per held-out set (and cross-validated), kept in reports/."""
    found: dict[str, Any] = {"holdouts": test_holdouts(model_path())}
    if cross_validation:
        found["cross_validation"] = run_cross_validation()
    (REPORTS / "summary.json").write_text(json.dumps(found, indent=2), encoding="utf-8")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cross-validation", action="store_true", help="also 5-fold CV")
    args = parser.parse_args(argv)
    if not model_path().exists():
        print(f"No trained model at {model_path()}: run `make train` first.", file=sys.stderr)
        return 1
    print(json.dumps(figures(cross_validation=args.cross_validation), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
