"""Where Rasa's own CPU time goes under load, from py-spy samples of the Rasa process.

Rasa times none of its stages, so the probes in `make bench` can separate NLU
and our action server but not Rasa's policies. Sampling Rasa's stacks splits its
CPU time into NLU, policies, actions, the tracker store and the rest.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from bot.paths import APP_VENV

PY_SPY = APP_VENV / "bin" / "py-spy"

# The first category whose marker is anywhere in a sampled stack gets the sample.
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tracker_store", ("rasa/core/tracker_store.py",)),
    ("nlu", ("MessageProcessor.parse_message ",)),
    ("policies", ("MessageProcessor._predict_next_with_tracker ",)),
    # Calling our action server (and validating its reply) and Rasa's own actions.
    ("actions", ("MessageProcessor._run_action ",)),
)
OTHER = "other_http_event_loop_logging"


def category(stack: str) -> str:
    for name, markers in CATEGORIES:
        if any(marker in stack for marker in markers):
            return name
    return OTHER


def attribute(raw_lines: Iterable[str]) -> dict[str, float | int]:
    """Shares per category from py-spy's raw format: `frame;frame;... count`."""
    counts: Counter[str] = Counter()
    for line in raw_lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if stack and count.isdigit():
            counts[category(stack)] += int(count)
    total = counts.total()
    names = [name for name, _ in CATEGORIES] + [OTHER]
    shares: dict[str, float | int] = {
        name: round(counts[name] / total, 3) if total else 0.0 for name in names
    }
    shares["samples"] = total
    return shares


def profile_process(pid: int, seconds: int) -> dict[str, float | int] | str:
    """The shares for `pid` over `seconds`, or why py-spy could not sample it."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "profile.txt"
        result = subprocess.run(
            [
                str(PY_SPY),
                "record",
                "--pid",
                str(pid),
                "--duration",
                str(seconds),
                "--rate",
                "100",
                "--nonblocking",
                "--format",
                "raw",
                "--output",
                str(output),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not output.exists():
            return f"py-spy failed: {(result.stderr or result.stdout).strip()[-300:]}"
        return attribute(output.read_text(encoding="utf-8").splitlines())
