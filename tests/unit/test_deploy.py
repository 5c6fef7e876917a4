"""The service files in deploy/: systemd units checked by `systemd-analyze verify`, the
nginx site by `nginx -t`, and both against the settings and commands they name.

`systemd-analyze verify` fails a unit whose ExecStart is not an executable file, and
the units name the installed command (/opt/wegwijzer/.venv/bin/wegwijzer). The test
moves the install prefix to a temporary folder with an executable at that place, so it
checks the unit files themselves on any machine; that each ExecStart is a real
`wegwijzer` command is checked separately against the CLI's own parser. The nginx site
is tested inside a minimal nginx.conf, as Debian's includes it inside `http {}`, with
a throwaway self-signed certificate in place of the TLS placeholders.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import bot.cli
from bot.paths import ROOT
from tests.ci import skip_or_fail
from wegwijzer.config import Settings, default

DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
SITE = DEPLOY / "nginx" / "wegwijzer.conf"
PREFIX = "/opt/wegwijzer"
CERT = "/etc/letsencrypt/live/wegwijzer.example.org/fullchain.pem"
KEY = "/etc/letsencrypt/live/wegwijzer.example.org/privkey.pem"


def tool(name: str, *places: str) -> str:
    found = shutil.which(name) or next((p for p in places if Path(p).exists()), None)
    if found is None:
        skip_or_fail(f"{name} is not installed (make deploy-tools)")
    return found


def unit_files() -> list[Path]:
    return sorted(p for p in UNITS.iterdir() if p.suffix in {".service", ".timer", ".target"})


def exec_starts() -> dict[str, list[str]]:
    starts = {}
    for path in unit_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("ExecStart="):
                starts[path.name] = shlex.split(line.removeprefix("ExecStart="))
    return starts


def verify(directory: Path) -> list[str]:
    """What `systemd-analyze verify` says about our units (it exits 0 on mere warnings)."""
    binary = tool("systemd-analyze", "/usr/bin/systemd-analyze")
    done = subprocess.run(
        [binary, "verify", *sorted(str(p) for p in directory.iterdir())],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    said = [line for line in (done.stdout + done.stderr).splitlines() if "wegwijzer" in line]
    if done.returncode != 0 and not said:
        said = [f"exit status {done.returncode}: {done.stderr.strip()}"]
    return said


def relocated(tmp_path: Path) -> Path:
    """The units with the install prefix moved to tmp_path/opt, where the command exists."""
    prefix = tmp_path / "opt"
    command = prefix / ".venv" / "bin" / "wegwijzer"
    command.parent.mkdir(parents=True)
    command.write_text("#!/bin/sh\n", encoding="utf-8")
    command.chmod(0o755)
    units = tmp_path / "units"
    units.mkdir()
    for path in unit_files():
        text = path.read_text(encoding="utf-8").replace(PREFIX, str(prefix))
        (units / path.name).write_text(text, encoding="utf-8")
    return units


def test_the_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    units = relocated(tmp_path)
    assert verify(units) == []


def test_the_check_catches_a_broken_unit(tmp_path: Path) -> None:
    units = relocated(tmp_path)
    app = units / "wegwijzer-app.service"
    app.write_text(app.read_text(encoding="utf-8").replace("Restart=on-failure", "Restart=soms"))
    assert any("Restart" in line or "restart" in line for line in verify(units))


def test_there_are_units_for_every_part_and_timers_for_the_jobs() -> None:
    starts = exec_starts()
    assert starts["wegwijzer-rasa.service"][1:] == ["serve", "rasa"]
    assert starts["wegwijzer-actions.service"][1:] == ["serve", "actions"]
    assert starts["wegwijzer-app.service"][1:] == ["serve", "app"]
    assert starts["wegwijzer-retention.service"][1:] == ["retention"]
    assert starts["wegwijzer-check-links.service"][1:] == ["check-links"]
    for job in ("retention", "check-links"):
        timer = (UNITS / f"wegwijzer-{job}.timer").read_text(encoding="utf-8")
        assert "OnCalendar=" in timer
        assert "Persistent=true" in timer
        service = (UNITS / f"wegwijzer-{job}.service").read_text(encoding="utf-8")
        assert "Type=oneshot" in service
    target = (UNITS / "wegwijzer.target").read_text(encoding="utf-8")
    for part in ("rasa", "actions", "app"):
        assert f"wegwijzer-{part}.service" in target


def test_every_exec_start_is_a_wegwijzer_command() -> None:
    parser = bot.cli.build_parser()
    for unit, argv in exec_starts().items():
        assert argv[0] == f"{PREFIX}/.venv/bin/wegwijzer", unit
        if argv[1] in bot.cli.PASSTHROUGH:
            continue  # parses its own options; check-links comes with wegwijzer/linkcheck.py
        parser.parse_args(argv[1:])  # exits (fails the test) on an unknown command


def test_the_units_and_their_settings_file_name_only_real_settings() -> None:
    for path in [*unit_files(), DEPLOY / "wegwijzer.env"]:
        for name in re.findall(r"WEGWIJZER_([A-Z_]+)=", path.read_text(encoding="utf-8")):
            assert name.lower() in Settings.model_fields, f"{path.name}: {name}"


def test_the_settings_file_is_valid_and_keeps_state_in_the_state_directory() -> None:
    settings = Settings(_env_file=DEPLOY / "wegwijzer.env")  # type: ignore[call-arg]
    state = Path("/var/lib/wegwijzer")
    assert settings.run_dir == state
    assert settings.secrets_dir == state / "secrets"
    assert settings.database_url == f"sqlite:///{state / 'wegwijzer.db'}"
    assert settings.tracker_db == state / "rasa" / "tracker.db"
    assert settings.staff_token is None  # left empty: the operator fills it in
    for path in unit_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".service":
            assert "EnvironmentFile=/etc/wegwijzer/wegwijzer.env" in text, path.name
            assert "StateDirectory=wegwijzer" in text, path.name
            assert "User=wegwijzer" in text, path.name


def nginx_test(tmp_path: Path, site_text: str) -> subprocess.CompletedProcess[str]:
    binary = tool("nginx", "/usr/sbin/nginx")
    openssl = tool("openssl", "/usr/bin/openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = subprocess.run(
        [
            *(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=wegwijzer.example.org", "-keyout", str(key), "-out", str(cert)),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    site = tmp_path / "wegwijzer.conf"
    site.write_text(site_text.replace(CERT, str(cert)).replace(KEY, str(key)), encoding="utf-8")
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    include {site};\n}}\n",
        encoding="utf-8",
    )
    return subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-c", str(main), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_nginx_site_passes_nginx_t(tmp_path: Path) -> None:
    text = SITE.read_text(encoding="utf-8")
    assert CERT in text
    assert KEY in text
    done = nginx_test(tmp_path, text)
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_nginx_t_catches_a_broken_site(tmp_path: Path) -> None:
    broken = SITE.read_text(encoding="utf-8").replace("keepalive 16;", "keepalive 16")
    assert nginx_test(tmp_path, broken).returncode != 0


def test_nginx_sends_visitors_to_the_apps_default_address() -> None:
    text = SITE.read_text(encoding="utf-8")
    assert f"server 127.0.0.1:{default('port')};" in text
    app_unit = (UNITS / "wegwijzer-app.service").read_text(encoding="utf-8")
    # The app trusts X-Forwarded-For from this nginx only, which sets it to the peer.
    assert "Environment=WEGWIJZER_FORWARDED_ALLOW_IPS=127.0.0.1" in app_unit
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in text
