"""Rasa's SQL tracker store on one SQLite file, without a disk sync on every turn.

Loaded by Rasa itself (endpoints rendered by bot/endpoints.py, this folder on
Rasa's PYTHONPATH); it runs in the engine environment, not in the app's.

Rasa commits after every turn and, on SQLite, opens a new connection for every
read and write (SQLAlchemy 1.4 gives file databases a NullPool). Under load that
made the tracker store the largest share of a turn (README, benchmarks). Here
connections are pooled and each runs in WAL mode with synchronous=NORMAL: a
crash of Rasa loses nothing, a power cut may lose the last turns of a
conversation but never corrupts the file. `secure_delete` zeroes what
`make retention` deletes (wegwijzer/retention.py). Rasa never awaits while it holds a
session, so its single event loop uses one pooled connection at a time. One
Rasa process per file, as for any SQLite tracker store; several instances use
PostgreSQL instead.

Rasa loads the whole current conversation session every turn, and its policies
and our action server read all of it: a turn costs more the longer the session
is. Rasa's session_config ends a session only after inactivity, so both stores
here also end one after `max_session_turns` visitor messages: right after the
turn that reached the cap, a new session is written as Rasa's own
`action_session_start` writes one (SessionStarted, the slots carried over,
action_listen), plus the assistant's last messages again, so that a button
pressed under them still refers to them. The next turn loads only that.
"""

from __future__ import annotations

import json
import time
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker


def _tune(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Retention deletes old conversations; their text must not stay in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _current_session(events: list[Event]) -> list[Event]:
    starts = [i for i, event in enumerate(events) if isinstance(event, SessionStarted)]
    return events[starts[-1] :] if starts else events


def _last_turn_bot_messages(session: list[Event]) -> list[BotUttered]:
    last_user = max(
        (i for i, event in enumerate(session) if isinstance(event, UserUttered)), default=-1
    )
    return [event for event in session[last_user + 1 :] if isinstance(event, BotUttered)]


def session_restart(tracker: DialogueStateTracker, now: float) -> list[Event]:
    """The events that start a new session which goes on where `tracker` is."""
    session = _current_session(list(tracker.events))
    events: list[Event] = [SessionStarted(timestamp=now)]
    events += [
        SlotSet(name, value, timestamp=now)
        for name, value in tracker.current_slot_values().items()
        if value is not None
    ]
    events += [
        BotUttered(bot.text, bot.data, bot.metadata, timestamp=now)
        for bot in _last_turn_bot_messages(session)
    ]
    events.append(ActionExecuted(ACTION_LISTEN_NAME, timestamp=now))
    return events


class BoundedSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store that starts a new session after `max_session_turns`."""

    def __init__(self, *args: Any, max_session_turns: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_session_turns = int(max_session_turns)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        if not self.max_session_turns:
            return
        session = _current_session(list(tracker.events))
        turns = sum(isinstance(event, UserUttered) for event in session)
        if turns < self.max_session_turns:
            return
        # Stored after this turn's events; later than all of them, so the next
        # retrieve (events from the latest SessionStarted on) starts here.
        now = max(time.time(), *(event.timestamp for event in session))
        with self.session_scope() as db:
            for event in session_restart(tracker, now):
                data = event.as_dict()
                db.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=None,
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            db.commit()


class KioskSQLiteTrackerStore(BoundedSQLTrackerStore):
    """BoundedSQLTrackerStore for dialect sqlite only, with pooled, tuned connections."""

    def __init__(self, *args: Any, dialect: str = "sqlite", **kwargs: Any) -> None:
        if dialect != "sqlite":
            raise ValueError(f"KioskSQLiteTrackerStore is for sqlite, not {dialect!r}")
        super().__init__(*args, dialect=dialect, **kwargs)
        # Rasa built its engine (and the tables) already; swap in a pooled one.
        url = self.engine.url
        self.engine.dispose()
        # hide_parameters: an error must not log the events (a visitor's words).
        self.engine = sa.create_engine(
            url,
            poolclass=sa.pool.QueuePool,
            connect_args={"check_same_thread": False},
            hide_parameters=True,
        )
        sa.event.listen(self.engine, "connect", _tune)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
