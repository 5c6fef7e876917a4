"""Where the engine's files live; one place so the Makefile, launcher and tests agree."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var"
SPACY_DIR = VAR_DIR / "spacy_nl"
MODELS_DIR = ROOT / "models"
RASA_VENV = ROOT / ".venv-rasa"
APP_VENV = ROOT / ".venv"
RASA_BIN = RASA_VENV / "bin" / "rasa"
# Code Rasa loads by name from its endpoints (our SQLite tracker store).
RASA_PLUGINS = ROOT / "rasa_plugins"
APP_PYTHON = APP_VENV / "bin" / "python"

# Everything `rasa train` reads: a change to any of these makes the model stale.
TRAINING_INPUTS = (
    ROOT / "config.yml",
    ROOT / "domain.yml",
    ROOT / "data",
    ROOT / "requirements" / "rasa.txt",
    # The task classifier is trained by `rasa train`: its code shapes the model.
    RASA_PLUGINS / "task_classifier.py",
)


def engine_env(base: dict[str, str]) -> dict[str, str]:
    """Environment for Rasa processes: quiet, offline, no telemetry, our plugins found."""
    env = dict(base)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(RASA_PLUGINS), env.get("PYTHONPATH", "")) if p
    )
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    env.setdefault("PYTHONHASHSEED", "0")
    env.setdefault("HF_HUB_OFFLINE", "1")
    return env
