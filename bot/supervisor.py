"""Restart a child that dies, with backoff, and give up after a burst of crashes.

A kiosk has nobody who can restart a Python process. The launcher therefore acts
as systemd's `Restart=on-failure` would for each child: a child that exits when
the launcher did not ask it to (the children are servers, so every such exit is a
failure, whatever its code) is started again after a delay that doubles with each
recent crash (1, 2, 4, ... seconds, at most `max_delay`). When one child crashes
`burst` times within `interval` seconds (StartLimitBurst / StartLimitIntervalSec),
restarting is not helping: the launcher stops everything and says which log to
read. Every change is written to a JSON state file that the app shows in
/health and /metrics (api/supervision.py reads it).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Protocol

from api.supervision import GIVEN_UP, RESTARTING, RUNNING
from bot.processes import Child
from wegwijzer.config import default, settings_from


class StopRequest(Protocol):
    requested: bool


@dataclass(frozen=True)
class RestartPolicy:
    """How soon and how often a child is restarted."""

    burst: int = default("restart_burst")
    interval: float = default("restart_interval_seconds")
    first_delay: float = 1.0
    max_delay: float = 30.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> RestartPolicy:
        """WEGWIJZER_RESTART_BURST and WEGWIJZER_RESTART_INTERVAL_SECONDS."""
        settings = settings_from(env)
        return cls(burst=settings.restart_burst, interval=settings.restart_interval_seconds)

    def delay(self, recent_crashes: int) -> float:
        """Seconds to wait before the restart that follows the n-th recent crash."""
        return float(min(self.first_delay * 2 ** max(0, recent_crashes - 1), self.max_delay))


def describe_exit(code: int | None) -> str:
    if code is None:
        return "ended"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class Service:
    """One supervised child: how to start it, and what happened to it so far."""

    name: str
    start: Callable[[], Child]
    child: Child
    restarts: int = 0
    last_exit_code: int | None = None
    last_restart: str | None = None
    state: str = RUNNING
    crashes: deque[float] = field(default_factory=deque)
    restart_due: float | None = None

    def log_name(self) -> str:
        return self.child.log.name if self.child.log is not None else "the launcher's output"


class GaveUpError(RuntimeError):
    """A child crashed too often; the message names it and its log."""


class Supervisor:
    """Watches the services; `run()` until a stop is requested (0) or it gives up (1)."""

    def __init__(
        self,
        services: list[Service],
        policy: RestartPolicy | None = None,
        state_path: Path | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        out: IO[str] | None = None,
    ) -> None:
        self.services = services
        self.policy = policy or RestartPolicy()
        self.state_path = state_path
        self._clock = clock
        self._out = out if out is not None else sys.stderr
        self.write_state()

    @classmethod
    def of(
        cls,
        starts: list[tuple[str, Callable[[], Child], Child]],
        policy: RestartPolicy | None = None,
        state_path: Path | None = None,
    ) -> Supervisor:
        return cls(
            [Service(name, start, child) for name, start, child in starts], policy, state_path
        )

    def children(self) -> list[Child]:
        return [service.child for service in self.services]

    def run(self, stop: StopRequest, poll: float = 0.5) -> int:
        try:
            while not stop.requested:
                self.step()
                time.sleep(poll)
        except GaveUpError as exc:
            self._say(str(exc))
            return 1
        return 0

    def step(self) -> None:
        """One look at every child: note a death, restart a child whose delay is over."""
        now = self._clock()
        for service in self.services:
            if service.restart_due is not None:
                if now >= service.restart_due:
                    self._restart(service, now)
            elif not service.child.alive():
                self._crashed(service, now, service.child.process.returncode)

    def _crashed(self, service: Service, now: float, code: int | None) -> None:
        service.child.close_log()
        service.last_exit_code = code
        service.crashes.append(now)
        while service.crashes and service.crashes[0] <= now - self.policy.interval:
            service.crashes.popleft()
        recent = len(service.crashes)
        if recent >= self.policy.burst:
            service.state = GIVEN_UP
            self.write_state()
            raise GaveUpError(
                f"{service.name} {describe_exit(code)}: it stopped {recent} times within "
                f"{self.policy.interval / 60:g} minutes, so Wegwijzer gives up and stops. "
                f"Read why in {service.log_name()}, fix it, then start it again (make run)."
            )
        delay = self.policy.delay(recent)
        service.state = RESTARTING
        service.restart_due = now + delay
        self.write_state()
        self._say(
            f"{service.name} {describe_exit(code)}; restarting it in {delay:g} s "
            f"(crash {recent} within {self.policy.interval / 60:g} minutes; at "
            f"{self.policy.burst} Wegwijzer gives up). Its log: {service.log_name()}"
        )

    def _restart(self, service: Service, now: float) -> None:
        service.restart_due = None
        try:
            service.child = service.start()
        except OSError as exc:
            self._say(f"{service.name} could not be started again: {exc}")
            # Counted as one more crash: a child that cannot start is not running either.
            self._crashed(service, now, None)
            return
        service.restarts += 1
        service.last_restart = _now_iso()
        service.state = RUNNING
        self.write_state()
        self._say(f"{service.name} restarted (pid {service.child.process.pid}).")

    def stop_all(self) -> None:
        for service in reversed(self.services):
            service.restart_due = None
            service.child.stop()

    def write_state(self) -> None:
        """The JSON the app reads for /health and /metrics; replaced atomically."""
        if self.state_path is None:
            return
        state = {
            "updated": _now_iso(),
            "launcher_pid": os.getpid(),
            "children": {
                service.name: {
                    "state": service.state,
                    "pid": service.child.process.pid,
                    "restarts": service.restarts,
                    "last_exit_code": service.last_exit_code,
                    "last_restart": service.last_restart,
                    "log": service.child.log.name if service.child.log is not None else None,
                }
                for service in self.services
            },
        }
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.state_path.with_name(self.state_path.name + ".tmp")
        partial.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
        os.replace(partial, self.state_path)

    def _say(self, message: str) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        print(f"[{stamp}] {message}", file=self._out, flush=True)
