"""Rasa's SQLite tracker store: conversations really land in the file, tuned as promised."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import Stack, rasa_params
from tests.e2e.test_conversation import all_text, chat
from tests.rasa_tracker import run_in_rasa

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
    stdout = run_in_rasa(PROBE, str(tmp_path / "tracker.db"))
    probe = json.loads(stdout.strip().splitlines()[-1])
    assert probe == {
        "synchronous": 1,  # NORMAL: no disk sync on each commit in WAL mode
        "journal": "wal",
        "secure_delete": 1,  # what retention deletes is zeroed, not left in free pages
        "reused": True,
        "texts": ["hallo"],
        "refused_postgresql": True,
    }


def current_session(tracker_db: Path, session_id: str) -> list[tuple[str, dict[str, object]]]:
    """The events Rasa loads for the next turn: from the latest session start on."""
    with sqlite3.connect(tracker_db) as connection:
        rows = connection.execute(
            "SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (session_id,)
        ).fetchall()
    starts = [i for i, (kind, _) in enumerate(rows) if kind == "session_started"]
    return [(kind, json.loads(data)) for kind, data in rows[starts[-1] if starts else 0 :]]


def test_a_long_conversation_starts_a_new_session_and_keeps_its_context(stack: Stack) -> None:
    # The stack runs with the default cap: 20 visitor messages per session.
    first = chat(stack, "goedemorgen")
    session_id = first["session_id"]
    for _ in range(18):
        chat(stack, "dank u wel", session_id=session_id)
    assert sum(kind == "user" for kind, _ in current_session(stack.tracker_db, session_id)) == 19

    # The 20th message asks a question back; the session is cut right after it.
    asked = chat(stack, "Ik ben het niet eens met deze parkeerboete", session_id=session_id)
    assert "Staat er CJIB op de brief?" in all_text(asked)
    session = current_session(stack.tracker_db, session_id)
    kinds = [kind for kind, _ in session]
    assert kinds[0] == "session_started"
    assert "user" not in kinds
    assert ("slot", "topic", "parkeerboete") in {
        (kind, data.get("name"), data.get("value")) for kind, data in session
    }
    assert any("Staat er CJIB op de brief?" in str(data.get("text")) for _, data in session)

    # The answer to that question, in the new session, still refers to it.
    buttons = {b["title"]: b["payload"] for m in asked["messages"] for b in m["buttons"]}
    answered = chat(stack, buttons["Nee, van de gemeente"], session_id=session_id)
    assert "bezwaar bij de gemeente" in all_text(answered)
    session = current_session(stack.tracker_db, session_id)
    assert sum(kind == "user" for kind, _ in session) == 1

    # Rasa's full history still holds every message (retention removes it, not the cap).
    tracker = httpx.get(
        f"{stack.rasa_url}/conversations/{session_id}/tracker",
        params=rasa_params(stack),
        timeout=10,
    ).json()
    assert sum(e["event"] == "user" for e in tracker["events"]) == 21
    assert tracker["slots"]["topic"] == "parkeerboete"
