"""Group sessions: codes, joining, answers, reveal, expiry, and 25 participants over SSE."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.settings import Settings
from tests.conftest import STAFF_TOKEN, FakeRasa
from tests.practice_server import Server, serve
from wegwijzer.practice.groups import CODE_ALPHABET, CODE_LENGTH, clean_code
from wegwijzer.practice.service import Practice
from wegwijzer.practice.store import MemoryStore

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}
NO_GROUP = {"detail": "Deze code klopt niet of de sessie is voorbij."}
PARTICIPANTS = 25
RIGHT = {
    "topic": "verkeersboete",
    "link_url": "https://www.cjib.nl",
    "digid_boundary": False,
    "referral": False,
    "partner": None,
}


def start_group(client: TestClient, case_id: str = "cjib_aanmaning") -> str:
    response = client.post("/api/practice/groups", json={"case_id": case_id}, headers=STAFF)
    assert response.status_code == 201, response.text
    code: str = response.json()["code"]
    return code


def test_codes_are_short_and_drawn_from_a_safe_alphabet(client: TestClient) -> None:
    codes = {start_group(client) for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(CODE_ALPHABET)
        assert clean_code(f" {code[:4].lower()}-{code[4:]} ") == code
    assert clean_code("0OIL1234") is None


def test_trainer_needs_a_staff_token_participants_only_the_code(client: TestClient) -> None:
    assert (
        client.post("/api/practice/groups", json={"case_id": "cjib_aanmaning"}).status_code == 401
    )
    code = start_group(client)
    assert client.post(f"/api/practice/groups/{code}/reveal").status_code == 401
    assert client.post(f"/api/practice/groups/{code}/ask", json={"text": "Hoi"}).status_code == 401
    joined = client.post(f"/api/practice/groups/{code}/join", json={"nickname": "Anna"})
    assert joined.status_code == 201
    assert joined.json()["opening"].startswith("Goedemorgen")
    assert any(t["id"] == "verkeersboete" for t in joined.json()["choices"]["topics"])


def test_a_session_from_join_to_reveal(client: TestClient) -> None:
    code = start_group(client)
    base = f"/api/practice/groups/{code}"
    ids = [
        client.post(f"{base}/join", json={"nickname": name}).json()["participant_id"]
        for name in ("Anna", "Bram", "Cor")
    ]
    reply = client.post(f"{base}/ask", json={"text": "Van wie is de brief?"}, headers=STAFF)
    assert "CJIB" in reply.json()["reply"]
    answers = [RIGHT, {**RIGHT, "topic": "parkeerboete"}, {**RIGHT, "digid_boundary": True}]
    for participant_id, answer in zip(ids, answers, strict=True):
        sent = client.post(f"{base}/answers", json={**answer, "participant_id": participant_id})
        assert sent.status_code == 202
    before = client.get(base, headers=STAFF).json()
    assert (before["participants"], before["answers"], before["revealed"]) == (3, 3, False)
    assert before["expected"] is None, "nothing leaks before reveal"
    assert before["spread"] is None
    assert [line["speaker"] for line in before["transcript"]] == ["visitor", "trainer", "visitor"]
    state = client.post(f"{base}/reveal", headers=STAFF).json()
    assert state["expected"]["topic"] == "verkeersboete"
    topics = {bar["label"]: (bar["count"], bar["right"]) for bar in state["spread"]["topic"]}
    assert topics == {"Verkeersboete": (2, True), "Parkeerboete": (1, False)}
    digid = {bar["label"]: bar["count"] for bar in state["spread"]["digid_boundary"]}
    assert digid == {"DigiD-grens: nee": 2, "DigiD-grens: ja": 1}
    assert state["average_score"] == pytest.approx((4 + 3 + 3) / 3, abs=0.01)
    late = client.post(f"{base}/answers", json={**RIGHT, "participant_id": ids[0]})
    assert late.status_code == 409
    stranger = client.post(f"{base}/answers", json={**RIGHT, "participant_id": "nobody"})
    assert stranger.status_code == 404


@pytest.mark.parametrize("code", ["ABCDEFGH", "abc", "23456789" * 3, "ZZZZ-ZZZZ", "%00"])
def test_wrong_codes_are_404_and_tell_nothing(client: TestClient, code: str) -> None:
    start_group(client)
    for method, path, body in (
        ("POST", "join", {"nickname": "Anna"}),
        ("POST", "answers", {**RIGHT, "participant_id": "x"}),
        ("GET", "events", None),
    ):
        response = client.request(method, f"/api/practice/groups/{code}/{path}", json=body)
        assert response.status_code == 404
        assert response.json() == NO_GROUP


def test_wrong_codes_are_rate_limited(client: TestClient) -> None:
    statuses = [
        client.post("/api/practice/groups/ABCDEFGH/join", json={"nickname": "x"}).status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [404] * 10
    assert statuses[10:] == [429, 429]


def test_sessions_expire_after_4_hours(client: TestClient) -> None:
    practice: Practice = client.app.state.practice  # type: ignore[attr-defined]
    store = practice.groups
    assert isinstance(store, MemoryStore)
    now = datetime.now(UTC)
    store.clock = lambda: now
    code = start_group(client)
    joined = client.post(f"/api/practice/groups/{code}/join", json={"nickname": "Anna"})
    assert joined.status_code == 201
    store.clock = lambda: now + timedelta(hours=3, minutes=59)
    assert client.get(f"/api/practice/groups/{code}", headers=STAFF).status_code == 200
    store.clock = lambda: now + timedelta(hours=4)
    for response in (
        client.post(f"/api/practice/groups/{code}/join", json={"nickname": "Bram"}),
        client.get(f"/api/practice/groups/{code}", headers=STAFF),
        client.get(f"/api/practice/groups/{code}/events"),
    ):
        assert response.status_code == 404
        assert response.json() == NO_GROUP
    assert len(store) == 0, "an expired session is gone, not hidden"


@pytest.fixture
def server(settings: Settings, fake_rasa: FakeRasa) -> Iterator[Server]:
    with serve(settings, fake_rasa) as running:
        yield running


async def next_state(lines: Any, want: Any) -> dict[str, Any]:
    """Read server-sent events until a `state` event for which `want(state)` holds."""
    event = None
    async for line in lines:
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: ") and event == "state":
            state: dict[str, Any] = json.loads(line.removeprefix("data: "))
            if want(state):
                return state
    raise AssertionError("the stream ended")


async def participant(
    http: httpx.AsyncClient, code: str, index: int, joined_all: asyncio.Event
) -> dict[str, Any]:
    base = f"/api/practice/groups/{code}"
    join = await http.post(f"{base}/join", json={"nickname": f"Deelnemer {index}"})
    assert join.status_code == 201, join.text
    participant_id = join.json()["participant_id"]
    async with http.stream("GET", f"{base}/events") as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        lines = stream.aiter_lines()
        first = await next_state(lines, lambda s: True)
        assert first["revealed"] is False
        assert first["expected"] is None
        await joined_all.wait()
        answer = {**RIGHT, "participant_id": participant_id}
        if index % 5 == 0:
            answer["digid_boundary"] = True
        sent = await http.post(f"{base}/answers", json=answer)
        assert sent.status_code == 202
        return await next_state(lines, lambda s: s["revealed"])


def test_25_participants_follow_a_session_over_sse(server: Server) -> None:
    async def session() -> list[dict[str, Any]]:
        limits = httpx.Limits(max_connections=2 * PARTICIPANTS + 5)
        async with (
            httpx.AsyncClient(base_url=server.url, timeout=30, limits=limits) as http,
            httpx.AsyncClient(base_url=server.url, timeout=30, headers=STAFF) as trainer,
        ):
            created = await trainer.post("/api/practice/groups", json={"case_id": "cjib_aanmaning"})
            code = created.json()["code"]
            joined_all = asyncio.Event()
            tasks = [
                asyncio.create_task(participant(http, code, i, joined_all))
                for i in range(PARTICIPANTS)
            ]
            async with trainer.stream("GET", f"/api/practice/groups/{code}/events") as stream:
                lines = stream.aiter_lines()
                await next_state(lines, lambda s: s["participants"] == PARTICIPANTS)
                joined_all.set()
                await trainer.post(
                    f"/api/practice/groups/{code}/ask", json={"text": "Wanneer moet u betalen?"}
                )
                answered = await next_state(lines, lambda s: s["answers"] == PARTICIPANTS)
                assert "15 maart" in answered["transcript"][-1]["text"]
                reveal = await trainer.post(f"/api/practice/groups/{code}/reveal")
                assert reveal.status_code == 200
            return list(await asyncio.wait_for(asyncio.gather(*tasks), 60))

    finals = asyncio.run(session())
    assert len(finals) == PARTICIPANTS
    for final in finals:
        assert final["revealed"] is True
        assert final["participants"] == final["answers"] == PARTICIPANTS
        assert final["expected"]["topic"] == "verkeersboete"
        digid = {bar["label"]: bar["count"] for bar in final["spread"]["digid_boundary"]}
        assert digid == {"DigiD-grens: nee": 20, "DigiD-grens: ja": 5}
        assert len(final["nicknames"]) == PARTICIPANTS
