"""What the launcher hands to Rasa and the action server: secrets, endpoints, refusals."""

from __future__ import annotations

import json
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from api.routers.action_server import ACTIONS_SECRET_HEADER
from api.settings import Settings
from bot.endpoints import render
from bot.launch import check_configuration
from bot.processes import StackSecrets, rasa_command
from wegwijzer.secretfile import read_or_create


def test_a_generated_secret_is_private_and_stays_the_same(tmp_path: Path) -> None:
    path = tmp_path / "secrets" / "rasa-token"
    first = read_or_create(path)
    assert len(first) >= 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert read_or_create(path) == first
    assert read_or_create(tmp_path / "secrets" / "actions-secret") != first


def test_processes_starting_together_get_one_secret(tmp_path: Path) -> None:
    path = tmp_path / "actions-secret"
    with ThreadPoolExecutor(max_workers=8) as pool:
        values = set(pool.map(lambda _: read_or_create(path), range(32)))
    assert len(values) == 1


def test_configured_secrets_win_over_generated_ones(tmp_path: Path) -> None:
    generated = StackSecrets.configured(Settings(secrets_dir=tmp_path))
    assert generated == StackSecrets.configured(Settings(secrets_dir=tmp_path))
    configured = StackSecrets.configured(
        Settings(secrets_dir=tmp_path, rasa_token="t" * 32, actions_secret="s" * 32)
    )
    assert configured == StackSecrets("t" * 32, "s" * 32)
    assert configured.env() == {
        "WEGWIJZER_RASA_TOKEN": "t" * 32,
        "WEGWIJZER_ACTIONS_SECRET": "s" * 32,
    }


def test_rasa_sends_the_secret_with_every_action_call(tmp_path: Path) -> None:
    rendered = json.loads(
        render(
            "http://127.0.0.1:5055/webhook",
            tmp_path / "tracker.db",
            None,
            None,
            action_headers={ACTIONS_SECRET_HEADER: "geheim"},
        )
    )
    assert rendered["action_endpoint"] == {
        "url": "http://127.0.0.1:5055/webhook",
        "enable_selective_domain": True,
        "headers": {ACTIONS_SECRET_HEADER: "geheim"},
    }


def test_the_launcher_refuses_demo_partners_on_a_public_address(tmp_path: Path) -> None:
    assert check_configuration(Settings(secrets_dir=tmp_path)) is None
    problem = check_configuration(Settings(secrets_dir=tmp_path, host="0.0.0.0"))
    assert problem is not None
    assert "WEGWIJZER_DEMO=true" in problem
    assert check_configuration(Settings(secrets_dir=tmp_path, host="0.0.0.0", demo=True)) is None
    problem = check_configuration(Settings(secrets_dir=tmp_path, actions_host="0.0.0.0"))
    assert problem is not None


def test_both_tracker_stores_cap_a_conversation_session(tmp_path: Path) -> None:
    embedded = json.loads(render("http://a/webhook", tmp_path / "t.db", None, None))
    assert embedded["tracker_store"] == {
        "type": "wegwijzer_tracker_store.KioskSQLiteTrackerStore",
        "dialect": "sqlite",
        "db": str(tmp_path / "t.db"),
        "max_session_turns": 20,
    }
    shared = json.loads(
        render(
            "http://a/webhook",
            tmp_path / "t.db",
            "postgresql://wegwijzer@127.0.0.1:5433/rasa",
            None,
            session_turns=0,
        )
    )
    assert shared["tracker_store"]["type"] == "wegwijzer_tracker_store.BoundedSQLTrackerStore"
    assert shared["tracker_store"]["dialect"] == "postgresql"
    assert shared["tracker_store"]["max_session_turns"] == 0


def test_a_token_that_starts_with_a_dash_reaches_rasa_whole(tmp_path: Path) -> None:
    # token_urlsafe makes such tokens; as a separate word Rasa read it as an option.
    secrets = StackSecrets("-starts-with-a-dash", "actions-secret")
    command = rasa_command(
        tmp_path / "model.tar.gz",
        5005,
        action_url="http://127.0.0.1:9/webhook",
        secrets=secrets,
        work=tmp_path,
    )
    assert "--auth-token=-starts-with-a-dash" in command.argv
    assert "-starts-with-a-dash" not in command.argv
