"""Understanding figures per evaluation set: topic, task, DigiD and the boundary.

Each set is scored on its own (a set written by the same hand as the training
data flatters it; averaging would hide that), for the Rasa model through the
real triage and for the TF-IDF baseline through the same triage. Starts its own
Rasa on a free loopback port; writes reports/understanding.{json,md}.

    .venv/bin/python -m bench.understanding
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from bench.scores import Outcome, misses, score
from bot.paths import RASA_VENV, ROOT
from bot.ports import free_port
from bot.processes import StackSecrets, http_status, start_rasa, wait_until
from bot.train import model_path
from tests.nlu_data import DEVS, HOLDOUTS, LANGUAGE_HOLDOUTS, HoldoutExample, holdout_examples
from wegwijzer.catalogue import Catalogue, load_catalogue
from wegwijzer.pii import scrub
from wegwijzer.tasks import TaskScore, task_ranking_from_parse
from wegwijzer.triage import Score, Verdict, ranking_from_parse, triage

REPORTS = ROOT / "reports"
# Every newcomer-language set too, trained on or not: before training they show where
# a Dutch-only model stands (issue 20).
EVAL_SETS = (*HOLDOUTS, *LANGUAGE_HOLDOUTS.values(), *DEVS)
HEADLINE = (
    "topic_accuracy",
    "top3_accuracy",
    "task_accuracy",
    "digid_accuracy",
    "digid_recall",
    "digid_precision",
    "boundary_recall",
    "boundary_precision",
    "out_of_scope_rejection",
)


def outcomes(
    catalogue: Catalogue,
    examples: Sequence[HoldoutExample],
    rankings: Sequence[list[Score]],
    task_rankings: Sequence[list[TaskScore]],
) -> list[Outcome]:
    """Run the real triage on each classifier output and compare with the labels."""
    found = []
    for example, ranking, tasks in zip(examples, rankings, task_rankings, strict=True):
        # As in the chat and POST /api/triage: the PII guard runs before anything else.
        result = triage(catalogue, scrub(example.text).text, ranking, task_ranking=tasks)
        found.append(
            Outcome(
                text=example.text,
                expected_topic=example.topic,
                predicted_topic=result.topic if result.verdict is Verdict.TOPIC else None,
                top3=[s.name for s in ranking if s.name in catalogue.topics][:3],
                expected_digid=example.digid_required,
                predicted_digid=result.digid_required,
                expected_task=example.task,
                predicted_task=result.task.value,
                task_uncertain=result.task_uncertain,
            )
        )
    return found


def parse_with_rasa(rasa_url: str, token: str, texts: Sequence[str]) -> list[dict[str, Any]]:
    with httpx.Client(base_url=rasa_url, timeout=60, params={"token": token}) as client:
        return [client.post("/model/parse", json={"text": t}).json() for t in texts]


def baseline_rankings(texts: Sequence[str]) -> tuple[list[list[Score]], list[list[TaskScore]]]:
    """The TF-IDF baseline, run in the engine environment where scikit-learn lives."""
    done = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), "-m", "bench.baseline"],
        cwd=ROOT,
        input=json.dumps(list(texts)),
        capture_output=True,
        text=True,
        check=True,
    )
    raw = json.loads(done.stdout)
    topics = [[Score(n, c) for n, c in ranked] for ranked in raw["topics"]]
    tasks = [
        task_ranking_from_parse({"task": {"ranking": [{"name": n, "confidence": c} for n, c in r]}})
        for r in raw["tasks"]
    ]
    return topics, tasks


def evaluate(rasa_url: str, token: str, sets: Sequence[Path] = EVAL_SETS) -> dict[str, Any]:
    catalogue = load_catalogue()
    topics = sorted(catalogue.topics)
    report: dict[str, Any] = {}
    for path in sets:
        examples = holdout_examples(path)
        texts = [scrub(e.text).text for e in examples]
        parses = parse_with_rasa(rasa_url, token, texts)
        rasa = outcomes(
            catalogue,
            examples,
            [ranking_from_parse(p) for p in parses],
            [task_ranking_from_parse(p) for p in parses],
        )
        base_topics, base_tasks = baseline_rankings(texts)
        base = outcomes(catalogue, examples, base_topics, base_tasks)
        report[path.stem] = {
            "rasa": score(rasa, topics),
            "baseline_tfidf_logreg": score(base, topics),
            "misses": misses(rasa),
        }
    return report


def understanding_markdown(report: dict[str, Any], rasa_test: dict[str, Any] | None = None) -> str:
    """The headline figures per set, Rasa beside the baseline (and `rasa test nlu`)."""
    names = list(report)
    lines = [
        "## Understanding, per evaluation set (Rasa / TF-IDF baseline)",
        "",
        "| figure | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for key in HEADLINE:
        cells = [
            f"{report[n]['rasa'][key]:.3f} / {report[n]['baseline_tfidf_logreg'][key]:.3f}"
            for n in names
        ]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    lines.append("| examples | " + " | ".join(str(report[n]["rasa"]["examples"]) for n in names))
    if rasa_test:
        lines += [
            "",
            "`rasa test nlu` (intents): "
            + ", ".join(
                f"{name} accuracy {v['accuracy']}, weighted F1 {v['weighted_f1']}"
                for name, v in rasa_test["holdouts"].items()
            ),
        ]
        if "cross_validation" in rasa_test:
            cv = rasa_test["cross_validation"]
            lines.append(
                f"{cv['folds']}-fold cross-validation on the training data: accuracy "
                f"{cv['accuracy']}, weighted F1 {cv['weighted_f1']}"
            )
    lines.append("")
    return "\n".join(lines)


def markdown(report: dict[str, Any]) -> str:
    lines = ["# Understanding per evaluation set", ""]
    for name, entry in report.items():
        rasa, base = entry["rasa"], entry["baseline_tfidf_logreg"]
        lines += [
            f"## {name} ({rasa['examples']} examples)",
            "",
            "| figure | Rasa | TF-IDF baseline |",
            "|---|---|---|",
            *(f"| {key} | {rasa[key]:.3f} | {base[key]:.3f} |" for key in HEADLINE),
            f"| task asked about (uncertain) | {rasa['task_uncertain']} | "
            f"{base['task_uncertain']} |",
            "",
            "| task | precision | recall | support |",
            "|---|---|---|---|",
            *(
                f"| {task} | {v['precision']:.3f} | {v['recall']:.3f} | {v['support']} |"
                for task, v in rasa["per_task"].items()
            ),
            "",
        ]
        for kind, items in entry["misses"].items():
            lines += [f"Wrong {kind} ({len(items)}):", "", *(f"- {m}" for m in items), ""]
    return "\n".join(lines)


def main() -> int:
    model = model_path()
    if not model.exists():
        print(f"No trained model at {model}: run `make train` first.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="wegwijzer-eval-") as work:
        port, secrets = free_port(), StackSecrets.generate()
        rasa = start_rasa(
            model,
            port,
            action_url="http://127.0.0.1:9/webhook",
            secrets=secrets,
            work=Path(work),
            log_path=Path(work) / "rasa.log",
        )
        try:
            url = f"http://127.0.0.1:{port}"
            status = f"{url}/status?token={secrets.rasa_token}"
            wait_until(lambda: http_status(status) == 200, [rasa], 300)
            report = evaluate(url, secrets.rasa_token)
        finally:
            rasa.stop()
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "understanding.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    text = markdown(report)
    (REPORTS / "understanding.md").write_text(text + "\n", encoding="utf-8")
    for name, entry in report.items():
        rasa, base = entry["rasa"], entry["baseline_tfidf_logreg"]
        print(f"{name}: " + ", ".join(f"{k} {rasa[k]:.3f} ({base[k]:.3f})" for k in HEADLINE))
    print(f"Report: {REPORTS / 'understanding.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
