"""One settings model (wegwijzer/config.py) for the app, the launcher and the jobs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import api.settings
import bot.endpoints
import bot.logs
import bot.supervisor
from wegwijzer.config import ROOT, Settings, default, export_env_file, settings_from

CODE_DIRS = ("api", "bot", "wegwijzer", "bench", "actions")


def test_the_adapters_use_the_core_model() -> None:
    assert api.settings.Settings is Settings


def test_a_bad_value_names_the_variable() -> None:
    with pytest.raises(ValueError, match="WEGWIJZER_RESTART_BURST") as caught:
        settings_from({"WEGWIJZER_RESTART_BURST": "0", "WEGWIJZER_PORT": "8001"})
    assert "WEGWIJZER_PORT" not in str(caught.value)
    with pytest.raises(ValueError, match="WEGWIJZER_SMTP_STARTTLS=true"):
        settings_from({"WEGWIJZER_SMTP_USERNAME": "kiosk"})


def test_a_given_environment_is_read_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEGWIJZER_PORT", "9999")
    assert settings_from({"WEGWIJZER_RASA_PORT": "5006"}).port == default("port")
    assert settings_from({"WEGWIJZER_RASA_PORT": "5006"}).rasa_port == 5006
    assert settings_from().port == 9999
    # Empty means unset, as the launcher's children have always read it.
    assert settings_from({"WEGWIJZER_RESTART_BURST": ""}).restart_burst == 5


def test_the_launcher_helpers_take_their_defaults_from_the_model() -> None:
    assert bot.supervisor.RestartPolicy().burst == default("restart_burst") == 5
    assert bot.supervisor.RestartPolicy().interval == default("restart_interval_seconds")
    assert bot.logs.LogPolicy() == bot.logs.LogPolicy(
        default("log_max_bytes"), default("log_backups")
    )
    assert bot.endpoints.DEFAULT_SESSION_TURNS == default("rasa_session_turns") == 20


def test_a_dotenv_file_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# comment\nWEGWIJZER_PORT=8123\nWEGWIJZER_BRANCH=noord\nOTHER=ignored\n"
        "WEGWIJZER_STAFF_TOKEN=\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("WEGWIJZER_PORT", raising=False)
    monkeypatch.setenv("WEGWIJZER_BRANCH", "leeuwarden")
    monkeypatch.delenv("OTHER", raising=False)
    monkeypatch.delenv("WEGWIJZER_STAFF_TOKEN", raising=False)
    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    assert (settings.port, settings.branch) == (8123, "leeuwarden")
    assert settings.staff_token is None  # empty means unset, in the file as in the environment
    # The CLI copies it into the environment for the launcher's children.
    assert export_env_file(env_file) == ["WEGWIJZER_PORT"]
    assert os.environ["WEGWIJZER_PORT"] == "8123"
    assert os.environ["WEGWIJZER_BRANCH"] == "leeuwarden"
    assert "OTHER" not in os.environ
    assert "WEGWIJZER_STAFF_TOKEN" not in os.environ
    assert export_env_file(tmp_path / "missing.env") == []


def test_the_example_env_file_names_only_real_settings() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = re.findall(r"^#?\s*WEGWIJZER_([A-Z_]+)=", example, flags=re.MULTILINE)
    assert len(names) >= 10
    unknown = [n for n in names if n.lower() not in Settings.model_fields]
    assert unknown == []
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_no_setting_is_read_from_the_environment_outside_the_model() -> None:
    """Defaults live in one place: code reads settings, not os.environ["WEGWIJZER_..."]."""
    reading = re.compile(
        r"(environ\.get|getenv)\(\s*[\"']WEGWIJZER_|environ\[[\"']WEGWIJZER_\w+[\"']\](?!\s*=)"
    )
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for directory in CODE_DIRS
        for path in sorted((ROOT / directory).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if reading.search(line)
    ]
    assert offenders == []
