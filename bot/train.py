"""Train the Rasa model only when its inputs changed.

The model file is named after a fingerprint of everything training reads
(config, domain, data, the pinned engine versions), so "is the model stale?"
is a file-exists check and the launcher always loads the model that matches
the checked-out data.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.paths import MODELS_DIR, RASA_BIN, ROOT, TRAINING_INPUTS, engine_env

MODEL_PREFIX = "wegwijzer-"


def _files(inputs: tuple[Path, ...]) -> list[Path]:
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found.extend(p for p in item.rglob("*") if p.is_file())
        elif item.is_file():
            found.append(item)
    return sorted(found)


def fingerprint(inputs: tuple[Path, ...] = TRAINING_INPUTS) -> str:
    digest = hashlib.sha256()
    for path in _files(inputs):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path(models_dir: Path = MODELS_DIR) -> Path:
    """The model file for the data as it is now (it may not exist yet)."""
    return models_dir / f"{MODEL_PREFIX}{fingerprint()}.tar.gz"


def train(models_dir: Path = MODELS_DIR, force: bool = False) -> Path:
    target = model_path(models_dir)
    if target.exists() and not force:
        print(f"Model is up to date: {target.relative_to(ROOT)}")
        return target
    print(f"Training the Rasa model ({target.name}); this takes a few minutes...", flush=True)
    started = time.monotonic()
    subprocess.run(
        [
            str(RASA_BIN),
            "train",
            "--config",
            "config.yml",
            "--domain",
            "domain.yml",
            "--data",
            "data",
            "--out",
            str(models_dir),
            "--fixed-model-name",
            target.name.removesuffix(".tar.gz"),
        ],
        cwd=ROOT,
        env=engine_env(dict(os.environ)),
        check=True,
    )
    if not target.exists():
        raise SystemExit(f"rasa train finished but {target} is missing")
    for old in models_dir.glob(f"{MODEL_PREFIX}*.tar.gz"):
        if old != target:
            old.unlink()
    print(f"Model trained in {time.monotonic() - started:.0f} s: {target.relative_to(ROOT)}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--force", action="store_true", help="train even when up to date")
    parser.add_argument("--print-path", action="store_true", help="print the model path and exit")
    args = parser.parse_args(argv)
    if args.print_path:
        print(model_path())
        return 0
    train(force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
