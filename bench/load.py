"""An asynchronous load generator: realistic multi-turn chats and staff triage, no sleeps."""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

CONVERSATIONS = [
    ["goedemorgen", "Heb ik recht op huurtoeslag?", "dank u wel", "doei"],
    ["Ik wil mijn WW aanvragen", "nee dank u", "tot ziens"],
    ["Ik ben het niet eens met mijn parkeerboete", "/parkeerboete", "ja graag", "bedankt"],
    ["hoe laat gaat de bibliotheek open", "Wat is kindgebonden budget?", "doei"],
    ["brief van het CJIB", "hoe betaal ik de boete", "dank je"],
    ["mijn digid werkt niet meer", "ik wil een nieuwe digid aanvragen", "bedankt"],
    ["Wanneer krijg ik mijn AOW?", "ben jij een robot?", "doei"],
    ["ik heb schulden en kan de huur niet betalen", "ja", "dank u"],
]


@dataclass
class Samples:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    started: float = 0.0
    finished: float = 0.0

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            if not ordered:
                return 0.0
            return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

        total = len(self.latencies) + self.errors
        duration = max(1e-9, self.finished - self.started)
        return {
            "requests": total,
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else 0.0,
            "throughput_per_s": round(len(self.latencies) / duration, 2),
            "error_rate": round(self.errors / total, 4) if total else 0.0,
            "seconds": round(duration, 1),
        }


async def _timed(samples: Samples, call: Any) -> Any:
    started = time.perf_counter()
    try:
        response = await call
    except httpx.HTTPError:
        samples.errors += 1
        return None
    if response.status_code >= 400:
        samples.errors += 1
        return None
    samples.latencies.append(time.perf_counter() - started)
    return response


async def chat_load(base_url: str, sessions: int, seconds: float) -> Samples:
    """`sessions` visitors, each going through conversations turn by turn until time is up."""
    samples = Samples(started=time.perf_counter())
    deadline = samples.started + seconds
    scripts = itertools.cycle(CONVERSATIONS)
    limits = httpx.Limits(max_connections=sessions + 4, max_keepalive_connections=sessions + 4)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:

        async def visitor() -> None:
            while time.perf_counter() < deadline:
                session_id = None
                for text in next(scripts):
                    if time.perf_counter() >= deadline:
                        return
                    response = await _timed(
                        samples,
                        client.post("/api/chat", json={"session_id": session_id, "text": text}),
                    )
                    if response is None:
                        break
                    session_id = response.json()["session_id"]

        await asyncio.gather(*(visitor() for _ in range(sessions)))
    samples.finished = time.perf_counter()
    return samples


async def triage_load(base_url: str, token: str, texts: list[str], seconds: float) -> Samples:
    samples = Samples(started=time.perf_counter())
    deadline = samples.started + seconds
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base_url, timeout=60, headers=headers) as client:
        for text in itertools.cycle(texts):
            if time.perf_counter() >= deadline:
                break
            await _timed(samples, client.post("/api/triage", json={"text": text}))
    samples.finished = time.perf_counter()
    return samples


async def parse_probe(
    rasa_url: str, texts: list[str], stop: asyncio.Event, rasa_token: str
) -> Samples:
    """Rasa NLU alone (/model/parse), measured while the chat load runs."""
    samples = Samples(started=time.perf_counter())
    async with httpx.AsyncClient(
        base_url=rasa_url, timeout=60, params={"token": rasa_token}
    ) as client:
        for text in itertools.cycle(texts):
            if stop.is_set():
                break
            await _timed(samples, client.post("/model/parse", json={"text": text}))
            # A probe, not load: a few samples a second are enough.
            await asyncio.sleep(0.25)
    samples.finished = time.perf_counter()
    return samples
