"""Generate the Rasa files that follow from the catalogue, or check that they are current.

The catalogue's topic ids are Rasa's topic intents: this writes the topic block of
`domain.yml` and one rule per topic in `data/rules/topics.yml`. `--check` fails
(exit 1) when regeneration would change a file, so CI catches a catalogue edit
without a regenerated domain. Runs in the app environment: it reads the catalogue.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.paths import ROOT
from wegwijzer.catalogue import Catalogue, load_catalogue

ANSWER_ACTION = "action_answer_topic"
BEGIN = "  # BEGIN topic intents: generated from the catalogue by `make generate`; do not edit"
END = "  # END topic intents"
HEADER = "# Generated from the catalogue by `make generate`; do not edit by hand.\n"


def rules_file(catalogue: Catalogue) -> str:
    lines = [HEADER, 'version: "3.1"\n', "rules:\n"]
    for topic in sorted(catalogue.topics):
        lines += [
            f"  - rule: Answer a question about {topic}\n",
            "    steps:\n",
            f"      - intent: {topic}\n",
            f"      - action: {ANSWER_ACTION}\n",
            "\n",
        ]
    return "".join(lines).rstrip("\n") + "\n"


def domain_file(catalogue: Catalogue, current: str) -> str:
    lines = current.splitlines()
    try:
        start, end = lines.index(BEGIN), lines.index(END)
    except ValueError:
        raise SystemExit(f"domain.yml lacks the markers:\n{BEGIN}\n{END}") from None
    block = [f"  - {topic}" for topic in sorted(catalogue.topics)]
    return "\n".join([*lines[: start + 1], *block, *lines[end:]]) + "\n"


def outputs(catalogue: Catalogue, root: Path) -> dict[Path, str]:
    domain = root / "domain.yml"
    return {
        domain: domain_file(catalogue, domain.read_text(encoding="utf-8")),
        root / "data" / "rules" / "topics.yml": rules_file(catalogue),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a file is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, content in outputs(load_catalogue(), ROOT).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        stale.append(path.relative_to(ROOT))
        if not args.check:
            path.write_text(content, encoding="utf-8")
    if args.check and stale:
        names = ", ".join(str(p) for p in stale)
        print(f"Out of date with the catalogue: {names}. Run `make generate`.", file=sys.stderr)
        return 1
    for path in stale:
        print(f"regenerated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
