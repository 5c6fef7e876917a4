"""Rate limits on the `limits` library: each rule its own moving window, first rule stops."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from wegwijzer.ratelimit import SWEEP_SECONDS, Limiter, Rule, SweepingMemoryStorage, make_limiter


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(time, "time", fake)
    return fake


def run(scenario: Callable[[Limiter], object]) -> None:
    async def main() -> None:
        limiter = make_limiter(None)
        await scenario(limiter)  # type: ignore[misc]
        await limiter.close()

    asyncio.run(main())


REFERRAL = Rule("referral:session:s1", 2, 3600)


def test_an_hourly_window_survives_a_flood_of_chat_keys(clock: Clock) -> None:
    """The home-made limiter pruned every key with the current rule's (minute) window
    once it held 100,000 keys: a flood of chat requests reset the hourly referral limit."""

    async def scenario(limiter: Limiter) -> None:
        assert await limiter.hit([REFERRAL]) is None
        assert await limiter.hit([REFERRAL]) is None
        clock.now += 120  # two minutes on: older than any chat window
        for n in range(100_001):
            await limiter.hit([Rule(f"chat:client:10.0.{n // 256}.{n % 256}", 240, 60)])
        wait = await limiter.hit([REFERRAL])
        assert wait is not None
        assert 3000 < wait <= 3480

    run(scenario)


def test_an_over_limit_request_stops_at_the_first_rule(clock: Clock) -> None:
    client = Rule("chat:client:c", 2, 60)
    session = Rule("chat:session:s", 3, 60)

    async def scenario(limiter: Limiter) -> None:
        assert [await limiter.hit([client, session]) for _ in range(2)] == [None, None]
        for _ in range(5):
            assert await limiter.hit([client, session]) is not None
        # The refused requests were counted nowhere: the session rule has room for one.
        assert await limiter.blocked(session) is None
        assert await limiter.hit([session]) is None
        assert await limiter.blocked(session) is not None

    run(scenario)


def test_refused_requests_do_not_push_the_window_on(clock: Clock) -> None:
    rule = Rule("chat:session:s", 2, 60)

    async def scenario(limiter: Limiter) -> None:
        await limiter.hit([rule])
        clock.now += 10
        await limiter.hit([rule])
        for _ in range(20):  # hammering while over the limit
            clock.now += 2
            wait = await limiter.hit([rule])
            assert wait is not None
            assert wait <= 60
        clock.now = 1_800_000_000.0 + 61  # the first request has left the window
        assert await limiter.hit([rule]) is None
        assert await limiter.hit([rule]) is not None

    run(scenario)


def test_blocked_does_not_count(clock: Clock) -> None:
    rule = Rule("auth-failure:client:c", 1, 60)

    async def scenario(limiter: Limiter) -> None:
        for _ in range(5):
            assert await limiter.blocked(rule) is None
        assert await limiter.hit([rule]) is None
        wait = await limiter.blocked(rule)
        assert wait is not None
        assert 1 <= wait <= 60

    run(scenario)


class Ticks:
    """The sweep's own clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_memory_storage_sweeps_now_and_then_not_after_every_hit(clock: Clock) -> None:
    """limits swept every key after every hit: a request cost more the more sessions the
    last hour had seen. The sweep runs at most every SWEEP_SECONDS, and still runs."""
    ticks = Ticks()
    storage = SweepingMemoryStorage(clock=ticks)

    async def scenario() -> None:
        limiter = Limiter(storage)
        for n in range(50):
            await limiter.hit([Rule(f"chat:session:s{n}", 30, 60)])
        # The library's hook was reached (a renamed hook would leave this at 0), once.
        assert storage.sweeps == 1
        ticks.now += SWEEP_SECONDS
        clock.now += 120  # every chat window above has run out
        await limiter.hit([REFERRAL])
        assert storage.sweeps == 2

        def kept() -> list[str]:
            return [key for key in storage.events if "chat:session" in key or REFERRAL.key in key]

        for _ in range(100):  # the sweep runs as a task beside the requests
            if len(kept()) == 1:
                break
            await asyncio.sleep(0.05)
        assert len(kept()) == 1
        assert REFERRAL.key in kept()[0]
        # Counting never depended on the sweep: the referral window still holds.
        assert await limiter.hit([REFERRAL]) is None
        assert await limiter.hit([REFERRAL]) is not None

    asyncio.run(scenario())
