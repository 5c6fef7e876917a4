"""Rate limits: the `limits` library's moving window, in memory (one app) or Redis (several).

Each rule keeps its own window under its own key, so a burst of chat requests can
never shorten the hourly window of the referral rules. An over-limit request stops
at the first rule it breaks and is not counted under the rules after it.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

KEY_PREFIX = "wegwijzer-rate"
# How often the in-memory storage looks for expired windows to forget.
SWEEP_SECONDS = 10.0


class SweepingMemoryStorage(MemoryStorage):
    """limits' MemoryStorage, forgetting expired windows every SWEEP_SECONDS.

    The library starts its sweep over every key after each hit, with a thread hop
    per key: about 65 microseconds of CPU per key per request. Referral windows
    are an hour long, so on a busy day each request cost more than the one
    before, for an hour (the soak showed the app's CPU per turn rising 57% in 30
    minutes). Sweeping now and then frees the same memory at a fixed cost; a
    window's count never depended on the sweep.
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._clock = clock
        self._last_sweep: float | None = None
        self.sweeps = 0

    # The library's private hook (limits 5.x), called by every hit.
    async def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802
        now = self._clock()
        if self._last_sweep is not None and now - self._last_sweep < SWEEP_SECONDS:
            return
        self._last_sweep = now
        self.sweeps += 1
        await super()._MemoryStorage__schedule_expiry()  # type: ignore[misc]


@dataclass(frozen=True)
class Rule:
    """At most `limit` requests per `window_seconds` for one key ("chat:session:<id>")."""

    key: str
    limit: int
    window_seconds: int

    @property
    def item(self) -> RateLimitItem:
        return RateLimitItemPerSecond(self.limit, self.window_seconds)


class Limiter:
    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._strategy = MovingWindowRateLimiter(storage)

    async def hit(self, rules: Sequence[Rule]) -> float | None:
        """Count one request under each rule in order; the seconds to wait at the first
        rule that is over its limit (later rules are not counted), else None."""
        for rule in rules:
            if not await self._strategy.hit(rule.item, rule.key):
                return await self._wait(rule)
        return None

    async def blocked(self, rule: Rule) -> float | None:
        """The seconds to wait when `rule` is used up, without counting a request."""
        if await self._strategy.test(rule.item, rule.key):
            return None
        return await self._wait(rule)

    async def _wait(self, rule: Rule) -> float:
        stats = await self._strategy.get_window_stats(rule.item, rule.key)
        return float(max(1, math.ceil(stats.reset_time - time.time())))

    async def close(self) -> None:
        """Close the Redis connections, if any."""
        bridge = getattr(self._storage, "bridge", None)
        client = getattr(bridge, "storage", None)
        close = getattr(client, "aclose", None)
        if close is not None:
            with contextlib.suppress(Exception):
                await close()


def make_limiter(redis_url: str | None) -> Limiter:
    """Redis (shared by every app instance) when a URL is given, else this process's memory."""
    if redis_url:
        storage: Storage = RedisStorage(
            "async+" + redis_url, implementation="redispy", key_prefix=KEY_PREFIX
        )
    else:
        storage = SweepingMemoryStorage()
    return Limiter(storage)
