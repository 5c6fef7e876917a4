"""Short-lived practice state (runs, group sessions) behind one small interface.

In memory for one app process; a shared store (Redis, a table) can implement
the same protocol when the app runs as several replicas. Entries expire a fixed
time after they were made, and the store never holds more than `capacity`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Generic, Protocol, TypeVar

from wegwijzer.errors import WegwijzerError

T = TypeVar("T")
EXPIRY = timedelta(hours=4)


class StoreFullError(WegwijzerError):
    """Too many open practice runs or group sessions at once."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store(Protocol[T]):
    def put(self, key: str, item: T) -> None: ...
    def get(self, key: str) -> T | None: ...
    def delete(self, key: str) -> None: ...
    def __len__(self) -> int: ...


@dataclass
class _Entry(Generic[T]):
    item: T
    expires: datetime


class MemoryStore(Generic[T]):
    """A dict with expiry; `clock` is injectable so tests can move time on."""

    def __init__(
        self,
        ttl: timedelta = EXPIRY,
        capacity: int = 1000,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self.clock = clock
        self._entries: dict[str, _Entry[T]] = {}
        self._lock = threading.Lock()

    def _purge(self, now: datetime) -> None:
        for key in [k for k, e in self._entries.items() if e.expires <= now]:
            del self._entries[key]

    def put(self, key: str, item: T) -> None:
        with self._lock:
            now = self.clock()
            self._purge(now)
            if key not in self._entries and len(self._entries) >= self.capacity:
                raise StoreFullError("the practice store is full")
            self._entries[key] = _Entry(item, now + self.ttl)

    def get(self, key: str) -> T | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires <= self.clock():
                del self._entries[key]
                return None
            return entry.item

    def delete(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            self._purge(self.clock())
            return len(self._entries)
