"""Build the Dutch spaCy pipeline that Rasa's SpacyNLP loads from disk.

A blank Dutch pipeline with the lookup lemmatizer: no statistical model is
downloaded (there is no internet at run time); the lemma tables come from the
spacy-lookups-data package.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from bot.paths import SPACY_DIR


def build(target: Path) -> None:
    import spacy  # noqa: PLC0415 (spaCy exists only in the Rasa environment)

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    nlp.to_disk(tmp)
    if target.exists():
        shutil.rmtree(target)
    tmp.rename(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=SPACY_DIR)
    args = parser.parse_args(argv)
    build(args.out)
    print(f"Dutch spaCy pipeline written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
