"""The launcher's supervisor on real child processes, with a hand-moved clock for backoff."""

from __future__ import annotations

import io
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_rasa
from api.settings import Settings
from bot.processes import Child, spawn
from bot.supervisor import GaveUpError, RestartPolicy, Service, Supervisor
from tests.conftest import STAFF_TOKEN, FakeRasa

SLEEPER = [sys.executable, "-c", "import time; print('started', flush=True); time.sleep(120)"]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def started(tmp_path: Path) -> Iterator[list[Child]]:
    """Every child a test starts, stopped at the end whatever happened."""
    children: list[Child] = []
    yield children
    for child in children:
        child.stop(timeout=5)


def sleeper(tmp_path: Path, started: list[Child], name: str = "rasa") -> Callable[[], Child]:
    def start() -> Child:
        child = spawn(name, SLEEPER, log_path=tmp_path / f"{name}.log")
        started.append(child)
        return child

    return start


def kill(child: Child) -> None:
    child.process.send_signal(signal.SIGKILL)
    child.process.wait()


def state(path: Path) -> dict[str, dict[str, object]]:
    children: dict[str, dict[str, object]] = json.loads(path.read_text())["children"]
    return children


def test_a_killed_child_is_restarted_after_its_backoff_and_the_state_file_says_so(
    tmp_path: Path, started: list[Child], clock: Clock
) -> None:
    start = sleeper(tmp_path, started)
    state_path = tmp_path / "run" / "supervisor.json"
    out = io.StringIO()
    supervisor = Supervisor(
        [Service("rasa", start, start())], RestartPolicy(), state_path, clock=clock, out=out
    )
    first = supervisor.services[0].child
    assert state(state_path)["rasa"]["state"] == "running"

    kill(first)
    supervisor.step()
    assert state(state_path)["rasa"] == {
        "state": "restarting",
        "pid": first.process.pid,
        "restarts": 0,
        "last_exit_code": -9,
        "last_restart": None,
        "log": str(tmp_path / "rasa.log"),
    }
    assert "rasa was killed by SIGKILL; restarting it in 1 s" in out.getvalue()
    assert str(tmp_path / "rasa.log") in out.getvalue()

    clock.now += 0.5
    supervisor.step()
    assert supervisor.services[0].child is first  # the delay is not over yet

    clock.now += 0.5
    supervisor.step()
    second = supervisor.services[0].child
    assert second is not first
    assert second.alive()
    recorded = state(state_path)["rasa"]
    assert recorded["state"] == "running"
    assert recorded["pid"] == second.process.pid
    assert recorded["restarts"] == 1
    assert recorded["last_exit_code"] == -9
    assert isinstance(recorded["last_restart"], str)


def test_the_delay_doubles_with_each_recent_crash_up_to_a_limit() -> None:
    policy = RestartPolicy(first_delay=1, max_delay=30)
    assert [policy.delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_a_burst_of_crashes_gives_up_naming_the_log(
    tmp_path: Path, started: list[Child], clock: Clock
) -> None:
    start = sleeper(tmp_path, started)
    state_path = tmp_path / "supervisor.json"
    policy = RestartPolicy(burst=5, interval=600)
    supervisor = Supervisor(
        [Service("rasa", start, start())], policy, state_path, clock=clock, out=io.StringIO()
    )
    for _ in range(4):
        kill(supervisor.services[0].child)
        supervisor.step()
        clock.now += 60
        supervisor.step()
        assert supervisor.services[0].child.alive()
    assert supervisor.services[0].restarts == 4

    kill(supervisor.services[0].child)
    with pytest.raises(GaveUpError) as gave_up:
        supervisor.step()
    message = str(gave_up.value)
    assert "rasa was killed by SIGKILL" in message
    assert "5 times within 10 minutes" in message
    assert str(tmp_path / "rasa.log") in message
    assert state(state_path)["rasa"]["state"] == "given up"


def test_crashes_longer_ago_than_the_interval_are_forgotten(
    tmp_path: Path, started: list[Child], clock: Clock
) -> None:
    start = sleeper(tmp_path, started)
    supervisor = Supervisor(
        [Service("app", start, start())],
        RestartPolicy(burst=2, interval=600),
        clock=clock,
        out=io.StringIO(),
    )
    for _ in range(5):
        kill(supervisor.services[0].child)
        supervisor.step()
        clock.now += 601  # each crash is the only one in its window
        supervisor.step()
    assert supervisor.services[0].restarts == 5
    assert supervisor.services[0].child.alive()


def test_run_returns_1_with_the_message_when_a_child_keeps_failing(tmp_path: Path) -> None:
    failing = [sys.executable, "-c", "import sys; print('bad configuration'); sys.exit(3)"]
    children: list[Child] = []

    def start() -> Child:
        child = spawn("actions", failing, log_path=tmp_path / "actions.log")
        children.append(child)
        return child

    class Never:
        requested = False

    out = io.StringIO()
    supervisor = Supervisor(
        [Service("actions", start, start())],
        RestartPolicy(burst=3, interval=600, first_delay=0),
        out=out,
    )
    assert supervisor.run(Never(), poll=0.01) == 1
    assert len(children) == 3
    assert "actions exited with code 3; restarting it in 0 s" in out.getvalue()
    assert "it stopped 3 times within 10 minutes, so Wegwijzer gives up" in out.getvalue()
    # Everything each attempt printed reached the one log, also from the last one.
    assert (tmp_path / "actions.log").read_text().count("bad configuration") == 3


def test_restart_settings_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert RestartPolicy.from_env({}) == RestartPolicy(burst=5, interval=600)
    assert RestartPolicy.from_env(
        {"WEGWIJZER_RESTART_BURST": "3", "WEGWIJZER_RESTART_INTERVAL_SECONDS": "60"}
    ) == RestartPolicy(burst=3, interval=60)
    with pytest.raises(ValueError, match="WEGWIJZER_RESTART_BURST"):
        RestartPolicy.from_env({"WEGWIJZER_RESTART_BURST": "0"})


def test_health_and_metrics_show_restarts_and_a_part_that_is_down(
    tmp_path: Path, started: list[Child], clock: Clock
) -> None:
    state_path = tmp_path / "supervisor.json"
    rasa, actions = sleeper(tmp_path, started, "rasa"), sleeper(tmp_path, started, "actions")
    supervisor = Supervisor(
        [Service("rasa", rasa, rasa()), Service("actions", actions, actions())],
        RestartPolicy(),
        state_path,
        clock=clock,
        out=io.StringIO(),
    )
    kill(supervisor.services[0].child)
    supervisor.step()
    clock.now += 1
    supervisor.step()
    kill(supervisor.services[1].child)
    supervisor.step()  # the action server now waits for its restart

    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'app.db'}",
        staff_token=STAFF_TOKEN,
        delivery_worker=False,
        secrets_dir=tmp_path / "secrets",
        supervisor_state=state_path,
    )
    app = create_app(settings)
    fake = FakeRasa()
    app.dependency_overrides[get_rasa] = lambda: fake
    with TestClient(app) as client:
        health = client.get("/health")
        assert health.status_code == 503
        body = health.json()
        assert body["failing"] == ["actions"]
        assert body["processes"]["rasa"]["restarts"] == 1
        assert body["processes"]["rasa"]["state"] == "running"
        assert body["processes"]["actions"]["state"] == "restarting"
        assert body["processes"]["actions"]["last_exit_code"] == -9

        metrics = client.get("/metrics", headers={"Authorization": f"Bearer {STAFF_TOKEN}"})
        assert metrics.status_code == 200
        assert 'wegwijzer_process_restarts_total{process="rasa"} 1' in metrics.text
        assert 'wegwijzer_process_up{process="actions"} 0' in metrics.text

        clock.now += 1
        supervisor.step()
        assert client.get("/health").json()["status"] == "ok"
    assert os.path.exists(state_path)
