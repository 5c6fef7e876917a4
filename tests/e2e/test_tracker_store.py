"""Rasa's SQLite tracker store: conversations really land in the file, tuned as promised."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import httpx
import pytest

from bot.paths import RASA_VENV, ROOT, engine_env
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e


def test_a_conversation_is_kept_in_the_sqlite_tracker_file(stack: Stack) -> None:
    # Rasa falls back to an in-memory store, with only a warning, when it cannot
    # load a custom tracker store: the file is the proof that ours was loaded.
    response = httpx.post(
        f"{stack.app_url}/api/chat", json={"text": "Heb ik recht op huurtoeslag?"}, timeout=30
    )
    assert response.status_code == 200, response.text
    session_id = response.json()["session_id"]
    with sqlite3.connect(stack.tracker_db) as connection:
        [(mode,)] = connection.execute("PRAGMA journal_mode")
        events = connection.execute(
            "SELECT type_name FROM events WHERE sender_id = ?", (session_id,)
        ).fetchall()
    assert mode == "wal"
    assert ("user",) in events
    assert ("action",) in events


PROBE = """
import asyncio, json, sys
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from wegwijzer_tracker_store import KioskSQLiteTrackerStore

store = KioskSQLiteTrackerStore(domain=Domain.empty(), dialect="sqlite", db=sys.argv[1])
tracker = DialogueStateTracker.from_events("probe", [UserUttered("hallo")])
asyncio.run(store.save(tracker))
with store.session_scope() as session:
    first = session.connection().connection.dbapi_connection
    synchronous = session.execute("PRAGMA synchronous").scalar()
    journal = session.execute("PRAGMA journal_mode").scalar()
    secure_delete = session.execute("PRAGMA secure_delete").scalar()
with store.session_scope() as session:
    again = session.connection().connection.dbapi_connection
restored = asyncio.run(store.retrieve("probe"))
try:
    KioskSQLiteTrackerStore(domain=Domain.empty(), dialect="postgresql", db="x")
    refused = False
except ValueError:
    refused = True
print(json.dumps({
    "synchronous": synchronous, "journal": journal, "reused": first is again,
    "secure_delete": secure_delete,
    "texts": [e.text for e in restored.events if isinstance(e, UserUttered)],
    "refused_postgresql": refused,
}))
"""


def test_the_store_pools_connections_without_a_sync_per_commit(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), "-c", PROBE, str(tmp_path / "tracker.db")],
        cwd=ROOT,
        env=engine_env({"PATH": "/usr/bin:/bin"}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe == {
        "synchronous": 1,  # NORMAL: no disk sync on each commit in WAL mode
        "journal": "wal",
        "secure_delete": 1,  # what retention deletes is zeroed, not left in free pages
        "reused": True,
        "texts": ["hallo"],
        "refused_postgresql": True,
    }
