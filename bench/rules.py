"""How long the catalogue's task rules take on the worst messages we can think of.

The rules are regular expressions that content editors write (catalogue/tasks.yml),
and every chat message runs through all of them. A pattern with repeats inside
repeats can take minutes on a crafted message ("kunt u de mijn de mijn ..."), which
would hang the action server for every visitor. This runs crafted and random messages
of the longest length the chat accepts, built from the rules' own words.

Run alone with `python -m bench.rules`; `make bench` reports it beside the others.
"""

from __future__ import annotations

import random
import re
import time

from api.visitor_input import MAX_TEXT
from wegwijzer.catalogue import Catalogue, load_catalogue
from wegwijzer.text import normalize

RANDOM_MESSAGES = 600


def _vocabulary(catalogue: Catalogue) -> list[str]:
    words: set[str] = set()
    for rule in catalogue.task_rules:
        for pattern in rule.patterns:
            words.update(w for w in re.findall(r"[a-z]{2,}", pattern) if len(w) < 14)
    return sorted(words)


def _messages(vocabulary: list[str], seed: int) -> list[str]:
    """Long runs of two to eight of the rules' words, and repeated pairs after a request."""
    rng = random.Random(seed)
    messages = []
    for _ in range(RANDOM_MESSAGES):
        some = rng.sample(vocabulary, rng.choice([2, 3, 5, 8]))
        messages.append(" ".join(rng.choice(some) for _ in range(400)))
    for first in ("kunt u", "ik wil dat u", "kan iemand van de bibliotheek", "hoe"):
        for pair in ("de mijn", "het dat", "voor mij", "mijn nieuwe", "even ff dan", "niet"):
            messages.append(f"{first} " + f"{pair} " * 400 + "x")
    return [normalize(m[:MAX_TEXT]) for m in messages]


def worst_case(catalogue: Catalogue, seed: int = 7) -> dict[str, float | str]:
    """The slowest message over all rules, in milliseconds, and the pattern that took it."""
    worst_ms, slowest = 0.0, ""
    for words in _messages(_vocabulary(catalogue), seed):
        for rule in catalogue.task_rules:
            for pattern in rule.compiled:
                started = time.perf_counter()
                pattern.search(words)
                ms = (time.perf_counter() - started) * 1000
                if ms > worst_ms:
                    worst_ms, slowest = ms, pattern.pattern[:80]
    return {"worst_ms": round(worst_ms, 2), "pattern": slowest}


def main() -> int:
    result = worst_case(load_catalogue())
    print(f"Task rules, worst message: {result['worst_ms']} ms ({result['pattern']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
