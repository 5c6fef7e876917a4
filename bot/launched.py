"""`make run` as a child process on free loopback ports, for fault tests and the soak.

This runs the very launcher a kiosk runs (bot/launch.py: supervisor, rotating
logs, maintenance), with every file under one folder, so a test can kill one of
its children with a signal and watch the launcher bring it back.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.paths import APP_PYTHON, ROOT
from bot.ports import free_port
from bot.processes import StackSecrets, http_status


@dataclass
class LaunchedStack:
    process: subprocess.Popen[bytes]
    run_dir: Path
    app_url: str
    rasa_url: str
    actions_url: str
    secrets: StackSecrets
    database: Path

    @property
    def state_file(self) -> Path:
        return self.run_dir / "run" / "supervisor.json"

    @property
    def output(self) -> Path:
        """What the launcher itself printed (start-up, restarts, giving up)."""
        return self.run_dir / "launcher.out"

    def state(self) -> dict[str, Any]:
        children: dict[str, Any] = json.loads(self.state_file.read_text())["children"]
        return children

    def pid(self, child: str) -> int:
        return int(self.state()[child]["pid"])

    def signal(self, child: str, signum: signal.Signals) -> int:
        pid = self.pid(child)
        os.kill(pid, signum)
        return pid

    def stop(self, timeout: float = 60.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return int(self.process.returncode)


def launch(
    run_dir: Path, env: Mapping[str, str] | None = None, timeout: float = 300.0
) -> LaunchedStack:
    """Start `wegwijzer run` (the launcher) with its files in `run_dir`; wait until it is ready."""
    run_dir.mkdir(parents=True, exist_ok=True)
    app_port, rasa_port, actions_port = free_port(), free_port(), free_port()
    secrets = StackSecrets.generate()
    database = run_dir / "app.db"
    full_env = {
        **os.environ,
        "WEGWIJZER_RUN_DIR": str(run_dir),
        "WEGWIJZER_PORT": str(app_port),
        "WEGWIJZER_RASA_PORT": str(rasa_port),
        "WEGWIJZER_ACTIONS_PORT": str(actions_port),
        "WEGWIJZER_DATABASE_URL": f"sqlite:///{database}",
        "WEGWIJZER_SECRETS_DIR": str(run_dir / "secrets"),
        **secrets.env(),
        **(env or {}),
    }
    output = (run_dir / "launcher.out").open("ab")
    process = subprocess.Popen(
        [str(APP_PYTHON), "-m", "bot.cli", "run"],
        cwd=ROOT,
        env=full_env,
        stdout=output,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    output.close()
    stack = LaunchedStack(
        process,
        run_dir,
        f"http://127.0.0.1:{app_port}",
        f"http://127.0.0.1:{rasa_port}",
        f"http://127.0.0.1:{actions_port}",
        secrets,
        database,
    )
    started = time.monotonic()
    # Ready once the supervisor has written its state (after the launcher's own wait).
    while not (stack.state_file.exists() and http_status(f"{stack.app_url}/health") == 200):
        if process.poll() is not None or time.monotonic() - started > timeout:
            stack.stop()
            raise RuntimeError(
                f"the launcher did not get ready:\n{stack.output.read_text(errors='replace')}"
            )
        time.sleep(0.5)
    return stack
