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
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore


def _tune(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Retention deletes old conversations; their text must not stay in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


class KioskSQLiteTrackerStore(SQLTrackerStore):
    """SQLTrackerStore for dialect sqlite only, with pooled, tuned connections."""

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
