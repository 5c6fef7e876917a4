"""Start, watch and stop Rasa and the app as child processes.

Used by `make run` (bot/launch.py) and by the end-to-end tests, so both run the
stack the same way: Rasa bound to 127.0.0.1 only, the app on its own address.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO

from bot.endpoints import render as render_endpoints
from bot.paths import APP_PYTHON, RASA_BIN, ROOT, engine_env
from bot.ports import free_port


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    log: IO[bytes] | None = field(default=None)

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
        if self.log is not None:
            self.log.close()


def _open_log(log_path: Path | None) -> IO[bytes] | None:
    if log_path is None:
        return None
    log_path.parent.mkdir(parents=True, exist_ok=True)
    return log_path.open("ab")


def start_rasa(
    model: Path,
    port: int,
    *,
    action_url: str,
    work: Path,
    log_path: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
    tracker_url: str | None = None,
    redis_url: str | None = None,
) -> Child:
    """Rasa on 127.0.0.1:port, with its rendered endpoints in the folder `work`.

    Without `tracker_url`/`redis_url` the tracker store is the SQLite file
    `sqlite_tracker(work)` and the lock store is in memory (the embedded defaults).
    """
    work.mkdir(parents=True, exist_ok=True)
    endpoints = work / f"endpoints-{port}.yml"
    endpoints.write_text(
        render_endpoints(action_url, sqlite_tracker(work), tracker_url, redis_url),
        encoding="utf-8",
    )
    env = engine_env(dict(os.environ))
    env.update(extra_env or {})
    log = _open_log(log_path)
    process = subprocess.Popen(
        [
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
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT if log else None,
    )
    return Child("rasa", process, log)


def start_app(
    host: str,
    port: int,
    rasa_url: str,
    *,
    log_path: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> Child:
    env = dict(os.environ)
    env["WEGWIJZER_HOST"] = host
    env["WEGWIJZER_PORT"] = str(port)
    env["WEGWIJZER_RASA_URL"] = rasa_url
    env.update(extra_env or {})
    log = _open_log(log_path)
    process = subprocess.Popen(
        [
            str(APP_PYTHON),
            "-m",
            "uvicorn",
            "api.app:create_app",
            "--factory",
            "--host",
            host,
            "--port",
            str(port),
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT if log else None,
    )
    return Child("app", process, log)


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
    """Rasa and the app on free loopback ports, with their files under `work`."""

    app_url: str
    rasa_url: str
    work: Path
    children: list[Child]

    def stop(self) -> None:
        for child in reversed(self.children):
            child.stop()


def start_local_stack(
    model: Path, work: Path, app_env: Mapping[str, str] | None = None, timeout: float = 300.0
) -> LocalStack:
    """Start both and wait for /health; on failure stop them and say what the logs say."""
    work.mkdir(parents=True, exist_ok=True)
    app_port, rasa_port = free_port(), free_port()
    stack = LocalStack(
        f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{rasa_port}", work, children=[]
    )
    env = {"WEGWIJZER_DATABASE_URL": f"sqlite:///{work / 'app.db'}", **(app_env or {})}
    try:
        stack.children.append(
            start_rasa(
                model,
                rasa_port,
                action_url=f"{stack.app_url}/webhook",
                work=work,
                log_path=work / "rasa.log",
            )
        )
        stack.children.append(
            start_app(
                "127.0.0.1", app_port, stack.rasa_url, log_path=work / "app.log", extra_env=env
            )
        )
        wait_until(lambda: http_status(f"{stack.app_url}/health") == 200, stack.children, timeout)
    except (RuntimeError, TimeoutError) as exc:
        stack.stop()
        logs = "\n".join(
            f"--- {name}:\n{(work / name).read_text(errors='replace')[-3000:]}"
            for name in ("rasa.log", "app.log")
            if (work / name).exists()
        )
        raise RuntimeError(f"Rasa and the app did not start: {exc}\n{logs}") from exc
    return stack


def supervise(children: list[Child], stop: StopSignal) -> int:
    """Until Ctrl-C or SIGTERM (0), or until a child dies (1, saying where its log is)."""
    while not stop.requested:
        for child in children:
            if not child.alive():
                where = f"; see {child.log.name}" if child.log is not None else ""
                print(f"{child.name} stopped unexpectedly{where}", file=sys.stderr)
                return 1
        time.sleep(0.5)
    return 0


class StopSignal:
    """Set by Ctrl-C (SIGINT) or SIGTERM, so a launcher can stop its children cleanly."""

    def __init__(self) -> None:
        self.requested = False
        signal.signal(signal.SIGINT, self._set)
        signal.signal(signal.SIGTERM, self._set)

    def _set(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
