"""All stored times are naive UTC: SQLite keeps no time zone, PostgreSQL gets the same values."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
