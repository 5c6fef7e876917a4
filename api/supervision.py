"""What the launcher's supervisor says about its children, for /health and /metrics.

The launcher (bot/supervisor.py) writes a small JSON file whenever a child starts,
dies or is restarted, and tells the app where it is (WEGWIJZER_SUPERVISOR_STATE).
The app only reads it: it may itself be a child that was restarted, and the file
outlives it. Without the file (the app run on its own) there is nothing to show.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RUNNING = "running"
RESTARTING = "restarting"
GIVEN_UP = "given up"


def read_processes(path: Path | None) -> dict[str, dict[str, Any]] | None:
    """Per child: state, pid, restarts, last exit code, last restart (ISO time)."""
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    children = data.get("children") if isinstance(data, dict) else None
    if not isinstance(children, dict):
        return None
    return {
        str(name): {
            "state": str(info.get("state", "")),
            "restarts": int(info.get("restarts", 0)),
            "last_exit_code": info.get("last_exit_code"),
            "last_restart": info.get("last_restart"),
        }
        for name, info in children.items()
        if isinstance(info, dict)
    }
