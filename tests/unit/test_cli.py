"""The `wegwijzer` command (bot/cli.py): every subcommand, called as an operator would.

`run`, `run-cluster` and `train` are tested here up to the point where they would
start Rasa or train: the full start of `wegwijzer run` is the launcher that
tests/e2e/test_crash_recovery.py starts (bot/launched.py runs `python -m bot.cli run`),
and `run-cluster` is tests/cluster/test_scale_out.py's `start_cluster`.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import shutil
import subprocess
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import inspect

import bench.rasa_eval
import bench.understanding
import bot.cli
from api.app import create_app
from api.deps import get_rasa
from api.routers.action_server import ACTIONS_SECRET_HEADER
from api.settings import Settings
from bot.paths import APP_PYTHON, ROOT
from bot.ports import free_port
from bot.processes import Child, http_status, wait_until
from bot.train import model_path
from tests.ci import skip_or_fail
from tests.conftest import FakeRasa
from wegwijzer.catalogue import DEFAULT_CATALOGUE_DIR
from wegwijzer.partners import DEFAULT_PARTNERS_FILE
from wegwijzer.storage.engine import make_engine, make_sessionmaker
from wegwijzer.storage.migrate import upgrade
from wegwijzer.storage.models import QuestionStat

COMMANDS = [
    ["run"],
    ["serve"],
    ["run-cluster"],
    ["migrate"],
    ["retention"],
    ["train"],
    ["check-config"],
    ["token", "new"],
    ["stats", "export"],
    ["eval"],
]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `wegwijzer argv...` in this process: (exit status, stdout, stderr)."""
    try:
        status = bot.cli.main(list(argv))
    except SystemExit as exc:  # argparse: --help, or a usage error
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_help_names_every_command_with_examples(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "--help")
    assert status == 0
    for command in COMMANDS:
        assert re.search(rf"^\s+{command[0]}\b", out, flags=re.MULTILINE), command
    assert "examples:" in out
    assert "wegwijzer token new --for partner" in out


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_each_command_explains_itself_with_an_example(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    status, out, _ = cli(capsys, *command, "--help")
    assert status == 0
    assert f"wegwijzer {' '.join(command)}" in out  # the usage line and the examples
    assert "example" in out


def test_the_module_runs_as_the_installed_command_does() -> None:
    done = subprocess.run(
        [str(APP_PYTHON), "-m", "bot.cli", "token", "new", "--for", "staff", "balie"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "token_sha256" in done.stdout


def test_the_console_script_is_declared_and_builds(tmp_path: Path) -> None:
    """A wheel of the project carries the `wegwijzer` script, pointing at bot.cli:main."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("wegwijzer", "api", "actions", "bot", "bench"):
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    done = subprocess.run(
        [
            str(APP_PYTHON),
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr

    (wheel,) = (tmp_path / "dist").glob("wegwijzer-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "wegwijzer = bot.cli:main" in archive.read(entry_points).decode()
        assert "bot/cli.py" in names
        assert "wegwijzer/config.py" in names


# --- check-config --------------------------------------------------------------------


SECRETS = {
    "WEGWIJZER_STAFF_TOKEN": "staff-secret-4711",
    "WEGWIJZER_RASA_TOKEN": "rasa-secret-4712",
    "WEGWIJZER_ACTIONS_SECRET": "actions-secret-4713",
    "WEGWIJZER_SMTP_PASSWORD": "smtp-secret-4714",
    "WEGWIJZER_DATABASE_URL": "postgresql+psycopg://wegwijzer:db-secret-4715@db.local/wegwijzer",
    "WEGWIJZER_REDIS_URL": "redis://:redis-secret-4716@cache.local:6379/0",
    "WEGWIJZER_RASA_TRACKER_URL": "postgresql://rasa:tracker-secret-4717@db.local/rasa",
}


def test_check_config_shows_the_settings_with_secrets_masked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("WEGWIJZER_PORT", "8123")
    status, out, err = cli(capsys, "check-config", "--today", "2026-12-01")
    assert status == 0, err
    for value in SECRETS.values():
        secret = re.search(r"[a-z]+-secret-\d+", value)
        assert secret is not None
        assert secret.group(0) not in out + err
    lines = dict(line.strip().split("=", 1) for line in out.splitlines() if "=" in line)
    assert lines["WEGWIJZER_STAFF_TOKEN"] == "********"
    assert lines["WEGWIJZER_SMTP_PASSWORD"] == "********"
    assert lines["WEGWIJZER_DATABASE_URL"] == (
        "postgresql+psycopg://wegwijzer:********@db.local/wegwijzer"
    )
    assert lines["WEGWIJZER_REDIS_URL"] == "redis://:********@cache.local:6379/0"
    # What the environment set is marked apart from the defaults.
    assert lines["WEGWIJZER_PORT"] == "8123"
    assert lines["WEGWIJZER_HOST"] == "127.0.0.1  (default)"
    assert "Configuration OK" in out


def broken_catalogue(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_CATALOGUE_DIR, target)
    path = target / "topics" / "zorgtoeslag.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["links"]["info"]["url"] = "http://example.com/zorgtoeslag"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def test_check_config_fails_clearly_on_a_bad_catalogue(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WEGWIJZER_CATALOGUE_DIR", str(broken_catalogue(tmp_path)))
    status, _, err = cli(capsys, "check-config")
    assert status == 1
    assert "error: catalogue (WEGWIJZER_CATALOGUE_DIR)" in err
    assert "topic zorgtoeslag, link info" in err
    assert "http://example.com/zorgtoeslag is not https" in err


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"WEGWIJZER_PARTNERS": "/nonexistent/partners.yml"}, "cannot read partners file"),
        ({"WEGWIJZER_HOST": "0.0.0.0"}, "refusing to listen on 0.0.0.0"),
        ({"WEGWIJZER_BRANCH": "atlantis"}, "WEGWIJZER_BRANCH=atlantis is not a branch"),
    ],
)
def test_check_config_fails_on_a_bad_partners_file_or_branch(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    expected: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    status, _, err = cli(capsys, "check-config")
    assert status == 1
    assert expected in err
    assert "Configuration has 1 error(s)." in err


def test_check_config_names_a_bad_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEGWIJZER_PORT", "eighty")
    monkeypatch.setenv("WEGWIJZER_REVIEW_MONTHS", "0")
    status, out, err = cli(capsys, "check-config")
    assert status == 1
    assert "WEGWIJZER_PORT: Input should be a valid integer" in err
    assert "WEGWIJZER_REVIEW_MONTHS" in err
    assert "Effective settings" not in out


def test_check_config_warns_about_topics_not_reviewed_for_review_months(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The shipped topics were reviewed on 2026-11-30: stale after 6 months, on 2027-06-01.
    status, out, _ = cli(capsys, "check-config", "--today", "2027-05-31")
    assert status == 0
    assert "was last reviewed as a whole" not in out
    status, out, _ = cli(capsys, "check-config", "--today", "2027-06-01")
    assert status == 0
    stale = [line for line in out.splitlines() if "was last reviewed as a whole" in line]
    assert len(stale) == 23
    assert (
        "warning: topic aow (AOW) was last reviewed as a whole on 2026-11-30, more than "
        "6 months ago; owner: Redactie IDO" in stale
    )
    # --strict makes a warning fail, e.g. in a deploy pipeline.
    status, _, _ = cli(capsys, "check-config", "--today", "2027-06-01", "--strict")
    assert status == 1
    monkeypatch.setenv("WEGWIJZER_REVIEW_MONTHS", "7")
    _, out, _ = cli(capsys, "check-config", "--today", "2027-06-01")
    assert "was last reviewed as a whole" not in out


# --- token new -----------------------------------------------------------------------


def new_token(capsys: pytest.CaptureFixture[str], kind: str, name: str) -> tuple[str, str, str]:
    """(token, digest, the whole output) of `wegwijzer token new`."""
    status, out, _ = cli(capsys, "token", "new", "--for", kind, name)
    assert status == 0
    token = out.splitlines()[1].strip()
    digest = re.findall(r"^\s+- ([0-9a-f]{64})$", out, flags=re.MULTILINE)
    assert len(digest) == 1
    return token, digest[0], out


def test_a_new_token_is_strong_and_never_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    first, first_digest, out = new_token(capsys, "partner", "schuldhulp_friesland")
    second, _, _ = new_token(capsys, "partner", "schuldhulp_friesland")
    assert first != second
    assert len(first) >= 43  # 32 random bytes, URL-safe
    assert re.fullmatch(r"[A-Za-z0-9_-]+", first)
    assert first_digest not in first
    # The snippet is YAML to paste under the account.
    snippet = out[out.index("partners:") :]
    assert yaml.safe_load(snippet) == {
        "partners": {"schuldhulp_friesland": {"token_sha256": [first_digest]}}
    }


def test_the_printed_digest_opens_the_partner_and_staff_apis(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, settings: Settings
) -> None:
    partner_token, partner_digest, _ = new_token(capsys, "partner", "schuldhulp_friesland")
    staff_token, staff_digest, out = new_token(capsys, "staff", "balie_noord")
    assert "staff:\n  balie_noord:" in out
    data = yaml.safe_load(DEFAULT_PARTNERS_FILE.read_text(encoding="utf-8"))
    data["partners"]["schuldhulp_friesland"]["token_sha256"] = [partner_digest]
    data["staff"]["balie_noord"]["token_sha256"] = [staff_digest]
    partners_file = tmp_path / "partners.yml"
    partners_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    app = create_app(settings.model_copy(update={"partners": partners_file}))
    app.dependency_overrides[get_rasa] = FakeRasa
    with TestClient(app) as client:
        partner = {"Authorization": f"Bearer {partner_token}"}
        assert client.get("/api/partner/referrals", headers=partner).status_code == 200
        staff = {"Authorization": f"Bearer {staff_token}"}
        me = client.get("/api/staff/me", headers=staff)
        assert me.status_code == 200
        assert me.json()["name"] == data["staff"]["balie_noord"]["name"]
        # The digest itself is no token.
        wrong = {"Authorization": f"Bearer {partner_digest}"}
        assert client.get("/api/partner/referrals", headers=wrong).status_code == 401


def test_a_token_needs_its_kind(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = cli(capsys, "token", "new", "schuldhulp_friesland")
    assert status == 2
    assert "--for" in err
    status, _, err = cli(capsys, "token", "new", "--for", "admin", "x")
    assert status == 2
    assert "invalid choice: 'admin'" in err
    status, out, err = cli(capsys, "token", "new", "--for", "partner", "Schuldhulp Friesland")
    assert status == 2
    assert "cannot be an account id in the partners file" in err
    assert out == ""  # no token printed for an account that cannot exist


# --- stats export --------------------------------------------------------------------


@pytest.fixture
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Questions in three weeks of 2026, in two branches."""
    url = f"sqlite:///{tmp_path / 'stats.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        for week, branch, topic, questions, hits in [
            ("2026-W01", "leeuwarden", "huurtoeslag", 3, 1),
            ("2026-W10", "dokkum", "aow", 2, 0),
            ("2026-W14", "leeuwarden", "zorgtoeslag", 5, 2),
            ("2026-W10", "leeuwarden", "", 1, 0),
        ]:
            session.add(
                QuestionStat(
                    week=week, branch=branch, topic=topic, questions=questions, boundary_hits=hits
                )
            )
        session.commit()
    engine.dispose()
    monkeypatch.setenv("WEGWIJZER_DATABASE_URL", url)
    return url


def rows_of(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # Dutch Excel reads UTF-8 only with a byte-order mark
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def test_stats_export_writes_the_weeks_asked_for(
    capsys: pytest.CaptureFixture[str], counted: str
) -> None:
    # 2026-03-31 is in week 14: whole weeks are counted.
    status, out, err = cli(capsys, "stats", "export", "--from", "2026-01-01", "--to", "2026-03-29")
    assert status == 0, err
    rows = rows_of(out)
    assert rows[0] == ["Soort", "Week", "Onderwerp of partner", "Aantal"]
    assert sorted(rows[1:]) == sorted(
        [
            ["Vragen", "2026-W01", "Huurtoeslag", "3"],
            ["DigiD-grens bereikt", "2026-W01", "Huurtoeslag", "1"],
            ["Vragen", "2026-W10", "AOW", "2"],
            ["DigiD-grens bereikt", "2026-W10", "AOW", "0"],
            ["Vragen", "2026-W10", "Geen onderwerp", "1"],
            ["DigiD-grens bereikt", "2026-W10", "Geen onderwerp", "0"],
        ]
    )
    status, out, _ = cli(capsys, "stats", "export", "--from", "2026-03-02", "--to", "2026-03-31")
    assert {r[1] for r in rows_of(out)[1:]} == {"2026-W10", "2026-W14"}


def test_stats_export_for_one_branch_to_a_file(
    capsys: pytest.CaptureFixture[str], counted: str, tmp_path: Path
) -> None:
    target = tmp_path / "leeuwarden.csv"
    status, out, err = cli(
        capsys,
        "stats",
        "export",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--branch",
        "leeuwarden",
        "-o",
        str(target),
    )
    assert status == 0, err
    assert out == ""
    raw = target.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert b"\r\n" in raw
    rows = rows_of(raw.decode("utf-8"))
    assert {r[2] for r in rows[1:]} == {"Huurtoeslag", "Zorgtoeslag", "Geen onderwerp"}


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--from", "2026-03-01", "--to", "2026-01-01"], "--from must be on or before --to"),
        (["--from", "2026-01-01", "--to", "2026-03-01", "--branch", "atlantis"], "atlantis"),
        (["--from", "1 januari", "--to", "2026-03-01"], "is not a date like 2026-03-31"),
    ],
)
def test_stats_export_refuses_bad_input(
    capsys: pytest.CaptureFixture[str], counted: str, argv: list[str], expected: str
) -> None:
    status, out, err = cli(capsys, "stats", "export", *argv)
    assert status == 2
    assert expected in err
    assert out == ""


def test_stats_export_without_a_database_says_what_to_do(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "none.db"
    monkeypatch.setenv("WEGWIJZER_DATABASE_URL", f"sqlite:///{missing}")
    status, _, err = cli(capsys, "stats", "export", "--from", "2026-01-01", "--to", "2026-01-31")
    assert status == 1
    assert "run `wegwijzer migrate`" in err
    assert not missing.exists()


# --- migrate and retention -----------------------------------------------------------


def test_migrate_brings_the_configured_database_to_the_newest_schema(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from_env = tmp_path / "env.db"
    monkeypatch.setenv("WEGWIJZER_DATABASE_URL", f"sqlite:///{from_env}")
    status, out, _ = cli(capsys, "migrate")
    assert status == 0
    assert "newest schema" in out
    by_flag = tmp_path / "flag.db"
    assert cli(capsys, "migrate", "--url", f"sqlite:///{by_flag}")[0] == 0
    for path in (from_env, by_flag):
        engine = make_engine(f"sqlite:///{path}")
        assert inspect(engine).has_table("referrals")
        engine.dispose()


def test_retention_runs_with_the_configured_settings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    monkeypatch.setenv("WEGWIJZER_DATABASE_URL", url)
    monkeypatch.setenv("WEGWIJZER_RUN_DIR", str(tmp_path / "run"))
    monkeypatch.setenv("WEGWIJZER_RETENTION_DAYS", "14")
    status, out, _ = cli(capsys, "retention")
    assert status == 0
    assert "closed more than 14 days ago" in out
    assert f"no tracker store at {tmp_path / 'run' / 'rasa' / 'tracker.db'}" in out
    status, _, err = cli(capsys, "retention", "--days", "-1")
    assert status == 2
    assert "--days" in err


# --- run, run-cluster, train, eval: up to the start ----------------------------------


def test_run_refuses_to_start_on_a_bad_configuration(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEGWIJZER_PARTNERS", "/nonexistent/partners.yml")
    status, out, err = cli(capsys, "run")
    assert status == 2
    assert "Cannot start: cannot read partners file /nonexistent/partners.yml" in err
    assert "Starting Rasa" not in out
    monkeypatch.delenv("WEGWIJZER_PARTNERS")
    monkeypatch.setenv("WEGWIJZER_RESTART_BURST", "0")
    status, _, err = cli(capsys, "run")
    assert status == 2
    assert "WEGWIJZER_RESTART_BURST" in err


def test_run_cluster_refuses_a_bad_setting_before_starting_anything(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEGWIJZER_CLUSTER_INSTANCES", "0")
    status, out, err = cli(capsys, "run-cluster")
    assert status == 2
    assert "WEGWIJZER_CLUSTER_INSTANCES" in err
    assert "Starting PostgreSQL" not in out


def test_train_names_the_model_for_this_data(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "train", "--print-path")
    assert status == 0
    assert out.strip() == str(model_path())


def test_train_skips_an_up_to_date_model(capsys: pytest.CaptureFixture[str]) -> None:
    if not model_path().exists():
        skip_or_fail(f"no trained model at {model_path()} (make train)")
    status, out, _ = cli(capsys, "train")
    assert status == 0
    assert f"Model is up to date: models/{model_path().name}" in out


def test_eval_runs_the_figures_then_rasa_test(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wiring only: the evaluation itself starts Rasa (make eval, tests/e2e/test_nlu_holdout)."""
    calls: list[Any] = []
    monkeypatch.setattr(bench.understanding, "main", lambda: calls.append("figures") or 0)
    monkeypatch.setattr(bench.rasa_eval, "main", lambda argv: calls.append(argv) or 0)
    assert cli(capsys, "eval")[0] == 0
    assert cli(capsys, "eval", "--cross-validation")[0] == 0
    assert cli(capsys, "eval", "--skip-rasa-test")[0] == 0
    assert calls == ["figures", [], "figures", ["--cross-validation"], "figures"]
    monkeypatch.setattr(bench.understanding, "main", lambda: 1)  # no model: stop there
    assert cli(capsys, "eval")[0] == 1
    assert len(calls) == 5


# --- check-links: part of the command once wegwijzer/linkcheck.py exists -------------


def test_check_links_is_handed_its_arguments_when_the_module_exists(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    module = tmp_path / "fake_linkcheck_for_cli.py"
    module.write_text(
        textwrap.dedent(
            """
            def main(argv):
                print("checked", argv)
                return 3
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(bot.cli, "LINKCHECK_MODULE", "fake_linkcheck_for_cli")
    status, out, _ = cli(capsys, "check-links", "--json", "report.json")
    assert status == 3
    assert "checked ['--json', 'report.json']" in out
    assert re.search(r"^\s+check-links\b", cli(capsys, "--help")[1], flags=re.MULTILINE)
    monkeypatch.setattr(bot.cli, "LINKCHECK_MODULE", "no_such_module_for_cli")
    assert "check-links" not in cli(capsys, "--help")[1]
    assert cli(capsys, "check-links")[0] == 2


# --- serve: one part in the foreground, as the systemd units in deploy/ run it -------


def test_serve_rasa_is_wired_as_the_launcher_wires_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if not model_path().exists():
        skip_or_fail(f"no trained model at {model_path()} (make train)")
    monkeypatch.setenv("WEGWIJZER_RUN_DIR", str(tmp_path))
    monkeypatch.setenv("WEGWIJZER_RASA_PORT", "5123")
    monkeypatch.setenv("WEGWIJZER_ACTIONS_PORT", "5124")
    monkeypatch.setenv("WEGWIJZER_RASA_TOKEN", "rasa-token-for-serve-test")
    monkeypatch.setenv("WEGWIJZER_ACTIONS_SECRET", "actions-secret-for-serve-test")
    status, out, err = cli(capsys, "serve", "rasa", "--print")
    assert status == 0, err
    words = out.split()
    assert words[words.index("--port") + 1] == "5123"
    assert "--auth-token=********" in words
    assert "rasa-token-for-serve-test" not in out
    assert words[words.index("--model") + 1] == str(model_path())
    endpoints = Path(words[words.index("--endpoints") + 1])
    assert endpoints == tmp_path / "rasa" / "endpoints-5123.yml"
    assert endpoints.stat().st_mode & 0o777 == 0o600
    rendered = yaml.safe_load(endpoints.read_text(encoding="utf-8"))
    assert rendered["action_endpoint"]["url"] == "http://127.0.0.1:5124/webhook"
    assert "actions-secret-for-serve-test" in endpoints.read_text(encoding="utf-8")


def test_serve_app_trusts_forwarded_addresses_only_when_told(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WEGWIJZER_SECRETS_DIR", str(tmp_path / "secrets"))
    _, out, _ = cli(capsys, "serve", "app", "--print")
    assert "--no-proxy-headers" in out.split()
    monkeypatch.setenv("WEGWIJZER_FORWARDED_ALLOW_IPS", "127.0.0.1")
    _, out, _ = cli(capsys, "serve", "app", "--print")
    assert "--proxy-headers --forwarded-allow-ips 127.0.0.1" in out
    monkeypatch.setenv("WEGWIJZER_PARTNERS", "/nonexistent/partners.yml")
    status, _, err = cli(capsys, "serve", "app")
    assert status == 2
    assert "Cannot start: cannot read partners file" in err


def test_serve_actions_becomes_the_private_action_server(tmp_path: Path) -> None:
    port = free_port()
    secret = "actions-secret-for-serve-test"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WEGWIJZER_")},
        "WEGWIJZER_ACTIONS_PORT": str(port),
        "WEGWIJZER_ACTIONS_SECRET": secret,
        "WEGWIJZER_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "WEGWIJZER_SECRETS_DIR": str(tmp_path / "secrets"),
    }
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [str(APP_PYTHON), "-m", "bot.cli", "serve", "actions"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(
            lambda: http_status(f"http://127.0.0.1:{port}/health") == 200,
            [Child("actions", process)],
            60,
        )
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            assert client.get("/actions").status_code == 401
            listed = client.get("/actions", headers={ACTIONS_SECRET_HEADER: secret})
            assert listed.status_code == 200
            assert any(a["name"] == "action_answer_topic" for a in listed.json())
    finally:
        process.terminate()
        process.wait(30)
        log.close()
    # The process itself became uvicorn: no launcher stayed in between.
    assert "Uvicorn running" in (tmp_path / "serve.log").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("sqlite:////var/lib/wegwijzer/wegwijzer.db", "sqlite:////var/lib/wegwijzer/wegwijzer.db"),
        ("postgresql://wegwijzer@db/wegwijzer", "postgresql://wegwijzer@db/wegwijzer"),
        ("postgresql://u:p%40ss@db:5432/w", "postgresql://u:********@db:5432/w"),
        ("redis://:geheim@cache:6379/0", "redis://:********@cache:6379/0"),
        (
            "https://user:pw@partner.example.org/hook",
            "https://user:********@partner.example.org/hook",
        ),
    ],
)
def test_urls_lose_only_their_password(url: str, shown: str) -> None:
    assert bot.cli.mask_url(url) == shown
