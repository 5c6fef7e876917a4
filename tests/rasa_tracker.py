"""Write conversations into a tracker store with Rasa's own code, in Rasa's environment.

Retention tests use this so the `events` table is exactly the one Rasa makes
(its SQLTrackerStore, or our SQLite subclass in rasa_plugins/).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bot.paths import RASA_VENV, ROOT, engine_env

# timestamp (epoch seconds) and the visitor's messages, per conversation (sender id).
Conversations = dict[str, tuple[float, list[str]]]

_SCRIPT = """
import asyncio, json, sys
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

spec = json.loads(sys.argv[1])
if spec["store"]["dialect"] == "sqlite":
    from wegwijzer_tracker_store import KioskSQLiteTrackerStore as Store
else:
    from rasa.core.tracker_store import SQLTrackerStore as Store
store = Store(domain=Domain.empty(), **spec["store"])
for sender, (timestamp, texts) in spec["conversations"].items():
    events = [UserUttered(text, timestamp=timestamp) for text in texts]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
store.engine.dispose()
"""


def run_in_rasa(script: str, *args: str) -> str:
    """Run a Python script in Rasa's environment (our plugins importable); its stdout.
    A failing script fails the calling test with the end of its stderr."""
    result = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), "-c", script, *args],
        cwd=ROOT,
        env=engine_env({"PATH": "/usr/bin:/bin"}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def write_with_rasa(store: dict[str, object], conversations: Conversations) -> None:
    """`store`: SQLTrackerStore arguments (dialect, db, and host/port/username for PostgreSQL)."""
    run_in_rasa(_SCRIPT, json.dumps({"store": store, "conversations": conversations}))


def sqlite_store(path: Path) -> dict[str, object]:
    return {"dialect": "sqlite", "db": str(path)}
