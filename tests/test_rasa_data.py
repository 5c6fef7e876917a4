"""`rasa data validate` is clean: domain, rules and NLU data agree with each other."""

from __future__ import annotations

import os
import subprocess

import pytest

from bot.paths import RASA_BIN, ROOT, engine_env

# Runs Rasa itself (its own environment, TensorFlow): the engine's tier, not `make check`'s.
pytestmark = pytest.mark.e2e


def test_rasa_data_validate_is_clean() -> None:
    result = subprocess.run(
        [
            str(RASA_BIN),
            "data",
            "validate",
            "--fail-on-warnings",
            "--config",
            "config.yml",
            "--domain",
            "domain.yml",
            "--data",
            "data",
        ],
        cwd=ROOT,
        env=engine_env(dict(os.environ)),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
