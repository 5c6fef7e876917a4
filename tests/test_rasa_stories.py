"""`rasa test core` on the test stories in tests/stories/, with the trained model."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bot.paths import RASA_BIN, ROOT, engine_env
from bot.train import model_path


def test_test_stories_pass(tmp_path: Path) -> None:
    model = model_path()
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make test`, which trains it first")
    result = subprocess.run(
        [
            str(RASA_BIN),
            "test",
            "core",
            "--model",
            str(model),
            "--stories",
            "tests/stories",
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
            "--endpoints",
            "endpoints.yml",
        ],
        cwd=ROOT,
        env={
            **engine_env(dict(os.environ)),
            "WEGWIJZER_ACTION_URL": "http://127.0.0.1:9/webhook",
            "WEGWIJZER_RASA_TRACKER_DB": str(tmp_path / "tracker.db"),
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    failed = (tmp_path / "failed_test_stories.yml").read_text(encoding="utf-8")
    assert "None of the test stories failed" in failed, failed
