"""Rate limits: fixed windows per key, in memory (one app instance) or in Redis (several)."""

from __future__ import annotations

import math
import threading
import time
from typing import Any, Protocol


class RateLimiter(Protocol):
    def hit(self, key: str, limit: int, window: float) -> float | None:
        """Count one request; the seconds to wait when over the limit, else None."""


class MemoryRateLimiter:
    def __init__(self) -> None:
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()
        self._now = time.monotonic

    def hit(self, key: str, limit: int, window: float) -> float | None:
        now = self._now()
        with self._lock:
            start, count = self._windows.get(key, (now, 0))
            if now - start >= window:
                start, count = now, 0
            count += 1
            self._windows[key] = (start, count)
            if len(self._windows) > 100_000:  # forget finished windows now and then
                self._windows = {k: v for k, v in self._windows.items() if now - v[0] < window}
        if count > limit:
            return max(1.0, math.ceil(start + window - now))
        return None


class RedisRateLimiter:
    """The same fixed windows, kept in Redis so limits hold across app instances."""

    def __init__(self, client: Any, prefix: str = "wegwijzer:rate:") -> None:
        self._client = client
        self._prefix = prefix

    def hit(self, key: str, limit: int, window: float) -> float | None:
        name = self._prefix + key
        pipeline = self._client.pipeline()
        pipeline.incr(name)
        pipeline.expire(name, math.ceil(window), nx=True)
        pipeline.ttl(name)
        count, _, ttl = pipeline.execute()
        if int(count) > limit:
            return float(max(1, int(ttl)))
        return None

    def close(self) -> None:
        self._client.close()
