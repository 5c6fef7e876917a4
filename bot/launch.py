"""`make run`: start Rasa, the action server and the app, print the kiosk URL, stop on Ctrl-C.

While they run, a child that dies is restarted (bot/supervisor.py), the children's
logs rotate (bot/logs.py) and the SQLite files are checkpointed and vacuumed now
and then (bot/maintenance.py).
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from api.settings import Settings
from bot.maintenance import Maintenance, sqlite_file
from bot.processes import (
    Child,
    Command,
    StackSecrets,
    StopSignal,
    actions_command,
    app_command,
    http_status,
    rasa_command,
    sqlite_tracker,
    start_actions,
    start_app,
    start_rasa,
    wait_until,
)
from bot.supervisor import RestartPolicy, Supervisor
from bot.train import model_path
from wegwijzer.catalogue import load_catalogue
from wegwijzer.config import settings_from
from wegwijzer.errors import WegwijzerError
from wegwijzer.partners import load_partners, refuse_examples_in_public

STARTUP_TIMEOUT = 300.0


def check_configuration(settings: Settings) -> str | None:
    """What would stop the app from starting, said before anything starts."""
    try:
        partners = load_partners(settings.partners, load_catalogue(settings.catalogue_dir))
        refuse_examples_in_public(partners, settings.host, settings.demo)
        refuse_examples_in_public(partners, settings.actions_host, settings.demo)
    except WegwijzerError as exc:
        return str(exc)
    return None


def reachable(host: str) -> str:
    """The address to reach a listener bound to `host` from this machine, for a URL."""
    if host in ("0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def actions_base_url(settings: Settings) -> str:
    """Where Rasa and the launcher reach the private action server."""
    return f"http://{reachable(settings.actions_host)}:{settings.actions_port}"


PARTS = ("rasa", "actions", "app")


def part_command(part: str, settings: Settings, secrets: StackSecrets, model: Path) -> Command:
    """One part as a service manager runs it (`wegwijzer serve PART`, systemd): wired as
    the launcher wires it, without the launcher's restarts and log files."""
    if part == "rasa":
        return rasa_command(
            model,
            settings.rasa_port,
            action_url=f"{actions_base_url(settings)}/webhook",
            secrets=secrets,
            work=settings.run_dir / "rasa",
            tracker_url=settings.rasa_tracker_url,
            redis_url=settings.redis_url,
        )
    if part == "app":
        rasa_url = f"http://127.0.0.1:{settings.rasa_port}"
        return app_command(settings.host, settings.port, rasa_url, secrets.env())
    if part == "actions":
        return actions_command(settings.actions_host, settings.actions_port, secrets.env())
    raise ValueError(f"unknown part {part!r}; one of {', '.join(PARTS)}")


def main() -> int:  # noqa: PLR0915 - one start-up story, told in order
    try:
        settings = settings_from()
        policy = RestartPolicy.from_env()
    except ValueError as exc:
        print(f"Configuration error:\n{exc}", file=sys.stderr)
        return 2
    problem = check_configuration(settings)
    if problem is not None:
        print(f"Cannot start: {problem}", file=sys.stderr)
        return 2
    host, port = settings.host, settings.port
    rasa_port = settings.rasa_port
    model = model_path()
    if not model.exists():
        print(
            f"No trained model at {model}; run `wegwijzer train` first (`make run` does).",
            file=sys.stderr,
        )
        return 2
    local = reachable(host)
    actions_url = actions_base_url(settings)
    # Rasa's auth token and the action server's secret: configured, or made once in var/.
    secrets = StackSecrets.configured(settings)
    base = settings.run_dir
    logs = base / "logs"
    rasa_work = base / "rasa"
    state = base / "run" / "supervisor.json"
    tracker_url = settings.rasa_tracker_url
    app_env = {**secrets.env(), "WEGWIJZER_SUPERVISOR_STATE": str(state)}
    starts = {
        "rasa": partial(
            start_rasa,
            model,
            rasa_port,
            action_url=f"{actions_url}/webhook",
            secrets=secrets,
            work=rasa_work,
            log_path=logs / "rasa.log",
            tracker_url=tracker_url,
            redis_url=settings.redis_url,
        ),
        "app": partial(
            start_app,
            host,
            port,
            f"http://127.0.0.1:{rasa_port}",
            log_path=logs / "app.log",
            extra_env=app_env,
        ),
        "actions": partial(
            start_actions,
            settings.actions_host,
            settings.actions_port,
            log_path=logs / "actions.log",
            extra_env=app_env,
        ),
    }
    # A state file left by an earlier run ("given up") would make /health fail at start.
    state.unlink(missing_ok=True)
    children: list[Child] = []
    supervisor: Supervisor | None = None
    maintenance: Maintenance | None = None
    stop = StopSignal()
    try:
        print(f"Starting Rasa on 127.0.0.1:{rasa_port} with {model.name} (logs: {logs}/rasa.log)")
        children.append(starts["rasa"]())
        print(f"Starting the app on {host}:{port} (logs: {logs}/app.log)")
        children.append(starts["app"]())
        print(
            f"Starting the action server on {settings.actions_host}:{settings.actions_port} "
            f"(private; logs: {logs}/actions.log)"
        )
        children.append(starts["actions"]())
        last_report = [0.0]

        def progress(elapsed: float) -> None:
            if stop.requested:
                raise KeyboardInterrupt
            if elapsed - last_report[0] >= 5:
                last_report[0] = elapsed
                print(f"  waiting for Rasa to load the model... {elapsed:.0f} s", flush=True)

        # A child that dies before everything is ready is a set-up problem: stop and say so.
        wait_until(
            lambda: (
                http_status(f"http://{local}:{port}/health") == 200
                and http_status(f"{actions_url}/health") == 200
            ),
            children,
            STARTUP_TIMEOUT,
            progress,
        )
        supervisor = Supervisor.of(
            [(name, starts[name], child) for name, child in zip(starts, children, strict=True)],
            policy,
            state,
        )
        databases = [
            path
            for path in (
                None if tracker_url else sqlite_tracker(rasa_work),
                sqlite_file(settings.database_url),
            )
            if path is not None
        ]
        maintenance = Maintenance.from_env(databases)
        maintenance.start()
        print(f"\nWegwijzer is ready: http://{local}:{port}/")
        print(
            f"Staff page: http://{local}:{port}/medewerker, with a staff token from the "
            "partners file or WEGWIJZER_STAFF_TOKEN (see README)."
        )
        print(
            f"A part that stops is restarted; after {policy.burst} stops of one part within "
            f"{policy.interval / 60:g} minutes Wegwijzer gives up. Press Ctrl-C to stop.",
            flush=True,
        )
        return supervisor.run(stop)
    except KeyboardInterrupt:
        return 0
    except (RuntimeError, TimeoutError) as exc:
        print(f"Start-up failed: {exc}. See the logs in {logs}.", file=sys.stderr)
        return 1
    finally:
        print("Stopping...", flush=True)
        if maintenance is not None:
            maintenance.stop()
        if supervisor is not None:
            supervisor.stop_all()
        else:
            for child in reversed(children):
                child.stop()
        print("Stopped.")


if __name__ == "__main__":
    sys.exit(main())
