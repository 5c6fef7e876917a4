"""Retention deletes old transcripts and contact details from the files themselves.

Each test finds the values in the database files and their write-ahead logs
first, runs retention, and then greps the bytes again: with secure_delete and
the closing WAL checkpoint nothing may be left in free pages or in the log.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.paths import VAR_DIR
from bot.processes import sqlite_tracker
from wegwijzer.config import Settings
from wegwijzer.partners import Partners
from wegwijzer.referrals.contact import ContactForm
from wegwijzer.referrals.service import OfferRequest, change_status, create_referral, record_offer
from wegwijzer.referrals.status import Status
from wegwijzer.retention import main, run
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import Referral

INBOX = "http://127.0.0.1:8000/partner"
HOUR = 3600.0

# Rasa 3.6's SQLTrackerStore table (rasa/core/tracker_store.py, SQLEvent).
EVENTS_TABLE = """
CREATE TABLE events (
    id INTEGER NOT NULL PRIMARY KEY,
    sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT,
    intent_name VARCHAR(255),
    action_name VARCHAR(255),
    data TEXT
)
"""


def file_bytes(database: Path) -> bytes:
    """The database file, its WAL and its shared-memory index, as they are on disk."""
    return b"".join(p.read_bytes() for p in sorted(database.parent.glob(database.name + "*")))


def found(values: list[str], database: Path) -> list[str]:
    data = file_bytes(database)
    return [v for v in values if v.encode() in data]


def write_tracker(path: Path, conversations: dict[str, tuple[float, list[str]]]) -> None:
    """Events as Rasa writes them: one row per user message, in WAL mode."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(EVENTS_TABLE)
    for sender, (timestamp, texts) in conversations.items():
        for text in texts:
            data = {"event": "user", "timestamp": timestamp, "text": text}
            connection.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
                (sender, "user", timestamp, json.dumps(data)),
            )
    connection.commit()
    connection.close()


def add_referral(
    sessions: sessionmaker[Session], partners: Partners, session_id: str, name: str, phone: str
) -> str:
    with sessions() as session:
        record_offer(
            session,
            partners,
            OfferRequest(session_id, "huurtoeslag", "aanvragen", "leeuwarden"),
            timedelta(minutes=30),
        )
        form = ContactForm(
            consent=True,
            name=name,
            phone=phone,
            email=f"{name.lower().replace(' ', '.')}@example.org",
            preferred_time="ochtend",
            note=f"Bel {name} na de lunch",
        )
        referral = create_referral(session, partners, session_id, form, INBOX)
        return referral.id


def test_the_default_tracker_store_is_where_the_launcher_puts_it(tmp_path: Path) -> None:
    # bot/launch.py starts Rasa with its files in run_dir/rasa.
    assert Settings(run_dir=tmp_path).tracker_db == sqlite_tracker(tmp_path / "rasa")
    assert Settings().tracker_db == sqlite_tracker(VAR_DIR / "rasa")
    elsewhere = tmp_path / "elsewhere.db"
    assert Settings(run_dir=tmp_path, rasa_tracker_db=elsewhere).tracker_db == elsewhere


def test_retention_leaves_no_trace_in_database_files_or_wal(
    sessions: sessionmaker[Session], partners: Partners, database_url: str, tmp_path: Path
) -> None:
    app_db = Path(database_url.removeprefix("sqlite:///"))
    tracker_db = tmp_path / "rasa" / "tracker.db"
    tracker_db.parent.mkdir()
    now = time.time()
    write_tracker(
        tracker_db,
        {
            "sessie-oud": (now - 25 * HOUR, ["Mijn buurman Hieronymus helpt mij", "Dank u"]),
            "sessie-nieuw": (now - 2 * HOUR, ["Heb ik recht op huurtoeslag?"]),
        },
    )
    closed = add_referral(sessions, partners, "chat-closed", "Wilhelmina Zonderland", "0687654321")
    stale = add_referral(sessions, partners, "chat-stale", "Berend Oosterwijk", "0611122233")
    kept = add_referral(sessions, partners, "chat-kept", "Grietje Vlasblom", "0622233344")
    with sessions() as session:
        for referral_id, status, note in (
            (closed, Status.DONE, "Wilhelmina gebeld, formulier samen ingevuld"),
            (stale, Status.IN_PROGRESS, "Berend wil dinsdag langskomen"),
        ):
            referral = session.get(Referral, referral_id)
            assert referral is not None
            change_status(session, referral, status, "partner:formulierenhulp", note)
        old = session.get(Referral, closed)
        assert old is not None
        old.closed_at = utcnow() - timedelta(days=31)
        left_open = session.get(Referral, stale)
        assert left_open is not None
        left_open.updated_at = utcnow() - timedelta(days=61)
        session.commit()

    gone_from_app = [
        "Wilhelmina Zonderland",
        "wilhelmina.zonderland@example.org",
        "+31687654321",
        "Wilhelmina gebeld",
        "Berend Oosterwijk",
        "+31611122233",
        "Berend wil dinsdag",
    ]
    gone_from_tracker = ["Hieronymus", "sessie-oud"]
    assert found(gone_from_app, app_db) == gone_from_app
    assert found(gone_from_tracker, tracker_db) == gone_from_tracker

    settings = Settings(database_url=database_url, rasa_tracker_db=tracker_db)
    report = run(settings)
    assert (report.referrals.closed, report.referrals.open, report.transcript_events) == (1, 1, 2)

    assert found(gone_from_app, app_db) == []
    assert found(gone_from_tracker, tracker_db) == []
    # What is still in its period stays, and the WAL is empty.
    assert found(["Grietje Vlasblom", "+31622233344"], app_db) == [
        "Grietje Vlasblom",
        "+31622233344",
    ]
    assert found(["huurtoeslag", "sessie-nieuw"], tracker_db) == ["huurtoeslag", "sessie-nieuw"]
    for database in (app_db, tracker_db):
        wal = database.with_name(database.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0
    with sessions() as session:
        still = session.get(Referral, kept)
        assert still is not None
        assert still.name == "Grietje Vlasblom"


def test_the_command_reads_its_settings_from_the_environment(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracker_db = tmp_path / "tracker.db"
    now = time.time()
    write_tracker(
        tracker_db,
        {"a": (now - 5 * HOUR, ["vijf uur oud"]), "b": (now - 1 * HOUR, ["een uur oud"])},
    )
    monkeypatch.setenv("WEGWIJZER_DATABASE_URL", database_url)
    monkeypatch.setenv("WEGWIJZER_RASA_TRACKER_DB", str(tracker_db))
    monkeypatch.setenv("WEGWIJZER_TRANSCRIPT_HOURS", "4")
    assert main([]) == 0
    with sqlite3.connect(tracker_db) as connection:
        senders = connection.execute("SELECT sender_id FROM events").fetchall()
    assert senders == [("b",)]


def test_a_missing_tracker_store_is_not_created(database_url: str, tmp_path: Path) -> None:
    missing = tmp_path / "rasa" / "tracker.db"
    report = run(Settings(database_url=database_url, rasa_tracker_db=missing))
    assert report.transcript_events == 0
    assert not missing.exists()
