"""Render Rasa's endpoints.yml from the environment-level configuration.

Embedded defaults (one kiosk): SQLite tracker store (Rasa's SQL store with pooled,
WAL-mode connections: rasa_plugins/), in-memory lock store. With a
tracker-store URL (PostgreSQL) and a Redis URL, several Rasa instances share
conversations safely: Rasa's SQL tracker store and its Redis lock store.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wegwijzer.config import default

SQLITE_TRACKER_STORE = "wegwijzer_tracker_store.KioskSQLiteTrackerStore"
# Rasa's SQL store on PostgreSQL, with the same cap on a conversation session.
SQL_TRACKER_STORE = "wegwijzer_tracker_store.BoundedSQLTrackerStore"
# Visitor messages in one conversation session before a new session starts with the
# slots carried over: Rasa loads (and its policies read) the whole session every turn.
DEFAULT_SESSION_TURNS: int = default("rasa_session_turns")


def _tracker_store(tracker_url: str | None, sqlite_path: Path) -> dict[str, object]:
    if not tracker_url:
        return {"type": SQLITE_TRACKER_STORE, "dialect": "sqlite", "db": str(sqlite_path)}
    parts = urlsplit(tracker_url)
    dialect = parts.scheme.split("+")[0]
    if dialect not in ("postgresql", "postgres"):
        raise ValueError(f"unsupported tracker store URL scheme {parts.scheme!r}")
    store: dict[str, object] = {
        "type": SQL_TRACKER_STORE,
        "dialect": "postgresql",
        "url": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "db": parts.path.lstrip("/") or "rasa",
    }
    if parts.username:
        store["username"] = unquote(parts.username)
    if parts.password:
        store["password"] = unquote(parts.password)
    return store


def _lock_store(redis_url: str | None) -> dict[str, object]:
    if not redis_url:
        return {"type": "in_memory"}
    parts = urlsplit(redis_url)
    store: dict[str, object] = {
        "type": "redis",
        "url": parts.hostname or "127.0.0.1",
        "port": parts.port or 6379,
        "db": int(parts.path.lstrip("/") or 0),
        "key_prefix": "wegwijzer",
    }
    if parts.password:
        store["password"] = unquote(parts.password)
    return store


def render(
    action_url: str,
    sqlite_path: Path,
    tracker_url: str | None,
    redis_url: str | None,
    *,
    action_headers: dict[str, str] | None = None,
    session_turns: int = DEFAULT_SESSION_TURNS,
) -> str:
    """YAML (written as JSON, which YAML reads) for `rasa run --endpoints`.

    `action_headers` go with every call to the action server (its shared secret);
    `session_turns` caps a conversation session (0: no cap).
    """
    action: dict[str, object] = {
        "url": action_url,
        # Our actions do not read the domain: do not send it with every call.
        "enable_selective_domain": True,
    }
    if action_headers:
        action["headers"] = dict(action_headers)
    tracker_store = _tracker_store(tracker_url, sqlite_path)
    tracker_store["max_session_turns"] = session_turns
    config = {
        "action_endpoint": action,
        "tracker_store": tracker_store,
        "lock_store": _lock_store(redis_url),
    }
    return json.dumps(config, indent=2) + "\n"
