"""How a turn's time grows within one long conversation, with and without the session cap.

Rasa loads the whole current session every turn, and its policies and our action
server read all of it. `python -m bench.turns` runs one conversation of
TURNS_COUNT (210) messages, one at a time, against a stack without the cap
(WEGWIJZER_RASA_SESSION_TURNS=0) and one with the default cap, and reports the
median turn time at turns 1-10, around 100 and around 200. Writes
reports/turns.md and reports/turns.json.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bot.endpoints import DEFAULT_SESSION_TURNS
from bot.paths import ROOT, VAR_DIR
from bot.processes import start_local_stack
from bot.train import model_path

MESSAGES = [
    "goedemorgen",
    "Heb ik recht op huurtoeslag?",
    "dank u wel",
    "Wanneer krijg ik mijn AOW?",
    "ben jij een robot?",
    "Ik wil mijn WW aanvragen",
    "nee dank u",
]
WINDOWS = {"turns 1-10": (1, 10), "turns 96-105": (96, 105), "turns 196-205": (196, 205)}
NO_RATE_LIMITS = {
    "WEGWIJZER_RATE_CHAT_SESSION_PER_MINUTE": "100000",
    "WEGWIJZER_RATE_CHAT_CLIENT_PER_MINUTE": "1000000",
}


def conversation(app_url: str, turns: int) -> list[float]:
    """Seconds per turn, in order, for one session."""
    times: list[float] = []
    session_id: str | None = None
    with httpx.Client(timeout=60) as client:
        for text in itertools.islice(itertools.cycle(MESSAGES), turns):
            started = time.perf_counter()
            response = client.post(
                f"{app_url}/api/chat", json={"text": text, "session_id": session_id}
            )
            times.append(time.perf_counter() - started)
            response.raise_for_status()
            session_id = response.json()["session_id"]
    return times


def medians(times: list[float]) -> dict[str, float]:
    return {
        name: round(statistics.median(times[first - 1 : last]) * 1000, 1)
        for name, (first, last) in WINDOWS.items()
        if len(times) >= last
    }


def measure(cap: int, turns: int) -> dict[str, float]:
    os.environ["WEGWIJZER_RASA_SESSION_TURNS"] = str(cap)
    work = VAR_DIR / f"bench-turns-{cap}"
    shutil.rmtree(work, ignore_errors=True)
    stack = start_local_stack(model_path(), work, app_env=NO_RATE_LIMITS)
    try:
        conversation(stack.app_url, 5)  # warm up in another session
        return medians(conversation(stack.app_url, turns))
    finally:
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Turn time within one long conversation",
        "",
        f"One session of {report['turns']} messages, one at a time; median per window (ms).",
        "",
        "| session cap | " + " | ".join(WINDOWS) + " |",
        "|---|" + "---|" * len(WINDOWS),
    ]
    for label, figures in report["results"].items():
        cells = " | ".join(str(figures.get(name, "-")) for name in WINDOWS)
        lines.append(f"| {label} | {cells} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    if not model_path().exists():
        print(f"No trained model at {model_path()}: run `make setup` first.", file=sys.stderr)
        return 2
    turns = int(os.environ.get("TURNS_COUNT", "210"))
    results = {}
    for cap, label in ((0, "none (before)"), (DEFAULT_SESSION_TURNS, f"{DEFAULT_SESSION_TURNS}")):
        print(f"Session cap {label}: {turns} turns...", flush=True)
        results[label] = measure(cap, turns)
        print(f"  {results[label]}", flush=True)
    report = {"turns": turns, "results": results}
    out = Path(ROOT / "reports")
    out.mkdir(exist_ok=True)
    (out / "turns.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out / "turns.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
