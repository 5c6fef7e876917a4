"""`make run`: start Rasa and the app together, print the kiosk URL, stop both on Ctrl-C."""

from __future__ import annotations

import os
import sys

from bot.paths import VAR_DIR
from bot.processes import (
    Child,
    StopSignal,
    http_status,
    start_app,
    start_rasa,
    supervise,
    wait_until,
)
from bot.train import model_path

STARTUP_TIMEOUT = 300.0


def main() -> int:
    host = os.environ.get("WEGWIJZER_HOST", "127.0.0.1")
    port = int(os.environ.get("WEGWIJZER_PORT", "8000"))
    rasa_port = int(os.environ.get("WEGWIJZER_RASA_PORT", "5005"))
    model = model_path()
    if not model.exists():
        print(f"No trained model at {model}; run `make run` (it trains first).", file=sys.stderr)
        return 2
    local = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    logs = VAR_DIR / "logs"
    children: list[Child] = []
    stop = StopSignal()
    try:
        print(f"Starting Rasa on 127.0.0.1:{rasa_port} with {model.name} (logs: {logs}/rasa.log)")
        children.append(
            start_rasa(
                model,
                rasa_port,
                action_url=f"http://{local}:{port}/webhook",
                work=VAR_DIR / "rasa",
                log_path=logs / "rasa.log",
                tracker_url=os.environ.get("WEGWIJZER_RASA_TRACKER_URL") or None,
                redis_url=os.environ.get("WEGWIJZER_REDIS_URL") or None,
            )
        )
        print(f"Starting the app on {host}:{port} (logs: {logs}/app.log)")
        children.append(
            start_app(host, port, f"http://127.0.0.1:{rasa_port}", log_path=logs / "app.log")
        )
        last_report = [0.0]

        def progress(elapsed: float) -> None:
            if stop.requested:
                raise KeyboardInterrupt
            if elapsed - last_report[0] >= 5:
                last_report[0] = elapsed
                print(f"  waiting for Rasa to load the model... {elapsed:.0f} s", flush=True)

        wait_until(
            lambda: http_status(f"http://{local}:{port}/health") == 200,
            children,
            STARTUP_TIMEOUT,
            progress,
        )
        print(f"\nWegwijzer is ready: http://{local}:{port}/")
        print(
            f"Staff page: http://{local}:{port}/medewerker, with a staff token from the "
            "partners file or WEGWIJZER_STAFF_TOKEN (see README)."
        )
        print("Press Ctrl-C to stop.", flush=True)
        return supervise(children, stop)
    except KeyboardInterrupt:
        return 0
    except (RuntimeError, TimeoutError) as exc:
        print(f"Start-up failed: {exc}. See the logs in {logs}.", file=sys.stderr)
        return 1
    finally:
        print("Stopping...", flush=True)
        for child in reversed(children):
            child.stop()
        print("Stopped.")


if __name__ == "__main__":
    sys.exit(main())
