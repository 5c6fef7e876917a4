"""Start, watch and stop Rasa, the action server and the app as child processes.

Used by `make run` (bot/launch.py) and by the end-to-end tests, so both run the
stack the same way: Rasa bound to 127.0.0.1 only and requiring its auth token, the
action server on its own private listener (loopback) requiring the shared secret
Rasa sends, the app on its own address.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from secrets import token_urlsafe
from types import FrameType
from typing import Any

from api.routers.action_server import ACTIONS_SECRET_HEADER
from api.settings import Settings
from bot.endpoints import render as render_endpoints
from bot.logs import LogPolicy, RotatingLog, pump
from bot.paths import APP_PYTHON, RASA_BIN, ROOT, engine_env
from bot.ports import free_port
from wegwijzer.config import settings_from


@dataclass(frozen=True)
class StackSecrets:
    """Rasa's auth token and the action server's shared secret, the same for every child."""

    rasa_token: str
    actions_secret: str

    @classmethod
    def generate(cls) -> StackSecrets:
        """Fresh ones, kept in memory only (tests, benchmarks)."""
        return cls(token_urlsafe(32), token_urlsafe(32))

    @classmethod
    def configured(cls, settings: Settings) -> StackSecrets:
        """From the environment, else the ones generated into `var/secrets/` on first start."""
        return cls(settings.rasa_token_value(), settings.actions_secret_value())

    def env(self) -> dict[str, str]:
        """For the app and the action server."""
        return {
            "WEGWIJZER_RASA_TOKEN": self.rasa_token,
            "WEGWIJZER_ACTIONS_SECRET": self.actions_secret,
        }


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    log: RotatingLog | None = field(default=None)
    # The thread that copies the child's output into `log`.
    pump: threading.Thread | None = field(default=None)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 15.0) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.close_log()

    def close_log(self) -> None:
        """After the child ended: copy what is left in its pipe, then close the file."""
        if self.pump is not None:
            self.pump.join(timeout=5)
        if self.log is not None:
            self.log.close()


def spawn(
    name: str,
    argv: list[str],
    *,
    log_path: Path | None,
    log_policy: LogPolicy | None = None,
    **popen: Any,
) -> Child:
    """Start a child whose output (stdout and stderr) goes to a rotating log at `log_path`.

    Without a log path the child writes to the launcher's own terminal.
    """
    if log_path is None:
        return Child(name, subprocess.Popen(argv, **popen))
    log = RotatingLog(log_path, log_policy or LogPolicy.from_env())
    try:
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **popen)
    except OSError:
        log.close()
        raise
    assert process.stdout is not None
    return Child(name, process, log, pump(process.stdout, log))


@dataclass(frozen=True)
class Command:
    """A child's command line and environment; it runs in the project folder (ROOT)."""

    argv: list[str]
    env: dict[str, str]


def rasa_command(
    model: Path,
    port: int,
    *,
    action_url: str,
    secrets: StackSecrets,
    work: Path,
    extra_env: Mapping[str, str] | None = None,
    tracker_url: str | None = None,
    redis_url: str | None = None,
    session_turns: int | None = None,
) -> Command:
    """Rasa on 127.0.0.1:port, with its rendered endpoints in the folder `work`.

    Its HTTP API needs `secrets.rasa_token`; it sends `secrets.actions_secret` with
    every action call. Without `tracker_url`/`redis_url` the tracker store is the
    SQLite file `sqlite_tracker(work)` and the lock store is in memory.
    `session_turns` (default WEGWIJZER_RASA_SESSION_TURNS, else 20; 0 = no limit)
    is how many visitor messages one conversation session holds before the tracker
    store starts a new one with the slots carried over.
    """
    work.mkdir(parents=True, exist_ok=True)
    endpoints = work / f"endpoints-{port}.yml"
    # The file holds the shared secret: readable by its owner only.
    endpoints.touch(mode=0o600)
    endpoints.chmod(0o600)
    endpoints.write_text(
        render_endpoints(
            action_url,
            sqlite_tracker(work),
            tracker_url,
            redis_url,
            action_headers={ACTIONS_SECRET_HEADER: secrets.actions_secret},
            session_turns=session_turns if session_turns is not None else configured_turns(),
        ),
        encoding="utf-8",
    )
    env = engine_env(dict(os.environ))
    env.update(extra_env or {})
    argv = [
        str(RASA_BIN),
        "run",
        "--enable-api",
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        "--model",
        str(model),
        "--endpoints",
        str(endpoints),
        "--credentials",
        "credentials.yml",
        # One word: a token that starts with "-" (token_urlsafe makes those) would
        # otherwise read as an option and Rasa would refuse to start.
        f"--auth-token={secrets.rasa_token}",
    ]
    return Command(argv, env)


def start_rasa(
    model: Path,
    port: int,
    *,
    action_url: str,
    secrets: StackSecrets,
    work: Path,
    log_path: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
    tracker_url: str | None = None,
    redis_url: str | None = None,
    session_turns: int | None = None,
) -> Child:
    """Rasa as `rasa_command` describes it, its output in a rotating log at `log_path`."""
    command = rasa_command(
        model,
        port,
        action_url=action_url,
        secrets=secrets,
        work=work,
        extra_env=extra_env,
        tracker_url=tracker_url,
        redis_url=redis_url,
        session_turns=session_turns,
    )
    return spawn("rasa", command.argv, log_path=log_path, cwd=ROOT, env=command.env)


def configured_turns() -> int:
    """WEGWIJZER_RASA_SESSION_TURNS: visitor messages per conversation session (0: no cap)."""
    return settings_from().rasa_session_turns


def uvicorn_command(factory: str, host: str, port: int, env: dict[str, str]) -> Command:
    """uvicorn with the client address from proxy headers only when
    WEGWIJZER_FORWARDED_ALLOW_IPS names the proxies to trust (never by default)."""
    allowed = (settings_from(env).forwarded_allow_ips or "").strip()
    proxy = ["--proxy-headers", "--forwarded-allow-ips", allowed] if allowed else []
    argv = [
        str(APP_PYTHON),
        "-m",
        "uvicorn",
        factory,
        "--factory",
        "--host",
        host,
        "--port",
        str(port),
        "--no-access-log",
        *(proxy or ["--no-proxy-headers"]),
    ]
    return Command(argv, env)


def app_command(
    host: str, port: int, rasa_url: str, extra_env: Mapping[str, str] | None = None
) -> Command:
    """The public app. Its Rasa token comes from `extra_env` (StackSecrets.env())."""
    env = dict(os.environ)
    env["WEGWIJZER_HOST"] = host
    env["WEGWIJZER_PORT"] = str(port)
    env["WEGWIJZER_RASA_URL"] = rasa_url
    env.update(extra_env or {})
    return uvicorn_command("api.app:create_app", host, port, env)


def actions_command(host: str, port: int, extra_env: Mapping[str, str] | None = None) -> Command:
    """The private action server that Rasa calls (api.actions_app)."""
    env = dict(os.environ)
    env.update(extra_env or {})
    env["WEGWIJZER_ACTIONS_HOST"] = host
    env["WEGWIJZER_ACTIONS_PORT"] = str(port)
    # Only Rasa talks to it, directly: no proxy headers.
    env.pop("WEGWIJZER_FORWARDED_ALLOW_IPS", None)
    return uvicorn_command("api.actions_app:create_action_app", host, port, env)


def start_app(
    host: str,
    port: int,
    rasa_url: str,
    *,
    log_path: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> Child:
    """The public app (`app_command`), its output in a rotating log at `log_path`."""
    command = app_command(host, port, rasa_url, extra_env)
    return spawn("app", command.argv, log_path=log_path, cwd=ROOT, env=command.env)


def start_actions(
    host: str,
    port: int,
    *,
    log_path: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> Child:
    """The private action server (`actions_command`), its output in a rotating log."""
    command = actions_command(host, port, extra_env)
    return spawn("actions", command.argv, log_path=log_path, cwd=ROOT, env=command.env)


def http_status(url: str, timeout: float = 2.0) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, ValueError):
        return None


def wait_until(
    ready: Callable[[], bool],
    children: list[Child],
    timeout: float,
    on_wait: Callable[[float], None] | None = None,
) -> None:
    """Poll until `ready()`; fail early when a child dies, late when time runs out."""
    started = time.monotonic()
    while not ready():
        for child in children:
            if not child.alive():
                raise RuntimeError(f"{child.name} exited with code {child.process.returncode}")
        elapsed = time.monotonic() - started
        if elapsed > timeout:
            raise TimeoutError(f"not ready after {timeout:.0f} s")
        if on_wait is not None:
            on_wait(elapsed)
        time.sleep(0.5)


def sqlite_tracker(work: Path) -> Path:
    """Rasa's SQLite tracker store in a Rasa work folder (used without a tracker URL)."""
    return work / "tracker.db"


@dataclass
class LocalStack:
    """Rasa, the action server and the app on free loopback ports, files under `work`."""

    app_url: str
    rasa_url: str
    actions_url: str
    secrets: StackSecrets
    work: Path
    children: list[Child]

    def stop(self) -> None:
        for child in reversed(self.children):
            child.stop()


def start_local_stack(
    model: Path, work: Path, app_env: Mapping[str, str] | None = None, timeout: float = 300.0
) -> LocalStack:
    """Start all three and wait for /health; on failure stop them and show the logs.

    `app_env` goes to the app and the action server alike (they share the database
    and the partners file).
    """
    work.mkdir(parents=True, exist_ok=True)
    app_port, rasa_port, actions_port = free_port(), free_port(), free_port()
    stack = LocalStack(
        f"http://127.0.0.1:{app_port}",
        f"http://127.0.0.1:{rasa_port}",
        f"http://127.0.0.1:{actions_port}",
        StackSecrets.generate(),
        work,
        children=[],
    )
    env = {
        "WEGWIJZER_DATABASE_URL": f"sqlite:///{work / 'app.db'}",
        "WEGWIJZER_SECRETS_DIR": str(work / "secrets"),
        **stack.secrets.env(),
        **(app_env or {}),
    }
    try:
        stack.children.append(
            start_rasa(
                model,
                rasa_port,
                action_url=f"{stack.actions_url}/webhook",
                secrets=stack.secrets,
                work=work,
                log_path=work / "rasa.log",
            )
        )
        stack.children.append(
            start_app(
                "127.0.0.1", app_port, stack.rasa_url, log_path=work / "app.log", extra_env=env
            )
        )
        stack.children.append(
            start_actions("127.0.0.1", actions_port, log_path=work / "actions.log", extra_env=env)
        )
        wait_until(
            lambda: all(
                http_status(f"{url}/health") == 200 for url in (stack.app_url, stack.actions_url)
            ),
            stack.children,
            timeout,
        )
    except (RuntimeError, TimeoutError) as exc:
        stack.stop()
        logs = "\n".join(
            f"--- {name}:\n{(work / name).read_text(errors='replace')[-3000:]}"
            for name in ("rasa.log", "app.log", "actions.log")
            if (work / name).exists()
        )
        raise RuntimeError(
            f"Rasa, the app and the action server did not start: {exc}\n{logs}"
        ) from exc
    return stack


class StopSignal:
    """Set by Ctrl-C (SIGINT) or SIGTERM, so a launcher can stop its children cleanly."""

    def __init__(self) -> None:
        self.requested = False
        signal.signal(signal.SIGINT, self._set)
        signal.signal(signal.SIGTERM, self._set)

    def _set(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
