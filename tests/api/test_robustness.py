"""Robustness at the HTTP edge: rate limits, bad input, a busy database, a silent engine."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from api.deps import get_rasa
from api.settings import Settings
from tests.conftest import FakeRasa
from wegwijzer.referrals.service import OfferRequest, record_offer
from wegwijzer.storage.models import OutboxMessage, Referral


def make_client(tmp_path: Path, fake_rasa: FakeRasa, **overrides: Any) -> Iterator[TestClient]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'app.db'}",
        rasa_url="http://127.0.0.1:9",
        delivery_worker=False,
        **overrides,
    )
    app = create_app(settings)
    app.dependency_overrides[get_rasa] = lambda: fake_rasa
    with TestClient(app) as client:
        yield client


@pytest.fixture
def limited(tmp_path: Path, fake_rasa: FakeRasa) -> Iterator[TestClient]:
    yield from make_client(
        tmp_path,
        fake_rasa,
        rate_chat_session_per_minute=3,
        rate_chat_client_per_minute=5,
        rate_referral_session_per_hour=2,
    )


def open_offer(client: TestClient, session_id: str) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        record_offer(
            session,
            services.partners,
            OfferRequest(session_id, "huurtoeslag", "aanvragen", "leeuwarden"),
            timedelta(minutes=30),
        )


FORM = {"consent": True, "name": "Anna", "phone": "0612345678"}


def test_chat_is_limited_per_session(limited: TestClient) -> None:
    codes = [
        limited.post("/api/chat", json={"session_id": "kiosk-session-1", "text": "hoi"}).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    response = limited.post("/api/chat", json={"session_id": "kiosk-session-1", "text": "hoi"})
    assert response.status_code == 429
    assert 1 <= int(response.headers["retry-after"]) <= 60
    assert "Wacht even" in response.json()["detail"]


def test_chat_is_limited_per_client_address(limited: TestClient) -> None:
    codes = [
        limited.post(
            "/api/chat", json={"session_id": f"kiosk-session-{n}", "text": "hoi"}
        ).status_code
        for n in range(6)
    ]
    assert codes == [200] * 5 + [429]


def test_referrals_are_limited_per_session(limited: TestClient) -> None:
    codes = []
    for _ in range(3):
        open_offer(limited, "kiosk-session-9")
        codes.append(
            limited.post(
                "/api/referrals", json={"session_id": "kiosk-session-9", **FORM}
            ).status_code
        )
    assert codes == [201, 201, 429]


def chat_from(client: TestClient, n: int, forwarded_for: str) -> int:
    response = client.post(
        "/api/chat",
        json={"session_id": f"kiosk-session-{n}", "text": "hoi"},
        headers={"X-Forwarded-For": forwarded_for},
    )
    return response.status_code


def test_without_trust_a_forged_forwarded_for_does_not_dodge_the_limit(
    tmp_path: Path, fake_rasa: FakeRasa
) -> None:
    for client in make_client(tmp_path, fake_rasa, rate_chat_client_per_minute=2):
        codes = [chat_from(client, n, f"192.0.2.{n}") for n in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "field"),
    [
        ('{"text": "' + "x" * 2001 + '"}', "application/json", 422, "text"),
        ('{"text": ""}', "application/json", 422, "text"),
        ('{"text": "hallo"', "application/json", 422, None),
        ("niet eens json", "application/json", 422, None),
        (b'{"text": "\xff\xfe hallo"}', "application/json", 400, None),
        ('{"text": "hallo"}', "text/plain", 422, None),
    ],
)
def test_bad_chat_input_is_a_clear_4xx_without_internals(  # noqa: PLR0917 (parametrized)
    client: TestClient,
    fake_rasa: FakeRasa,
    body: str | bytes,
    content_type: str,
    status: int,
    field: str | None,
) -> None:
    response = client.post("/api/chat", content=body, headers={"Content-Type": content_type})
    assert response.status_code == status
    detail = response.json()["detail"]
    if field is not None:
        assert field in detail["errors"]
    text = response.text
    for leak in ("Traceback", 'File "', "pydantic", "Exception"):
        assert leak not in text
    assert fake_rasa.sent == []


def test_validation_errors_are_dutch(client: TestClient) -> None:
    body = client.post("/api/chat", json={"text": "x" * 2001}).json()
    assert body["detail"]["message"] == "Controleer wat u heeft ingevuld."
    assert body["detail"]["errors"]["text"] == "Dit is te lang."


def test_unknown_address_is_dutch(client: TestClient) -> None:
    response = client.get("/api/bestaat-niet")
    assert response.status_code == 404
    assert response.json()["detail"] == "Deze pagina of dit adres bestaat niet."


def test_a_silent_engine_gets_an_apology_and_the_chat_goes_on(
    client: TestClient, fake_rasa: FakeRasa, catalogue: Any
) -> None:
    fake_rasa.replies = []
    first = client.post("/api/chat", json={"text": "hallo"}).json()
    assert [m["text"] for m in first["messages"]] == [catalogue.texts.no_answer]
    fake_rasa.replies = [{"recipient_id": "x", "text": "Hallo!"}]
    second = client.post("/api/chat", json={"session_id": first["session_id"], "text": "hoi"})
    assert second.json()["messages"][0]["text"] == "Hallo!"


def hold_write_lock(database: Path, seconds: float, started: threading.Event) -> None:
    connection = sqlite3.connect(database, timeout=0)
    connection.execute("BEGIN IMMEDIATE")
    started.set()
    time.sleep(seconds)
    connection.rollback()
    connection.close()


def count_rows(client: TestClient) -> tuple[int, int]:
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        referrals = session.scalar(select(func.count()).select_from(Referral)) or 0
        outbox = session.scalar(select(func.count()).select_from(OutboxMessage)) or 0
        return referrals, outbox


@pytest.mark.parametrize(
    ("busy_timeout_ms", "hold_seconds", "expected"),
    [(4000, 1.0, 201), (200, 2.0, 503)],
    ids=["waits-and-stores", "gives-up-cleanly"],
)
def test_busy_sqlite_never_half_writes_a_referral(
    tmp_path: Path, fake_rasa: FakeRasa, busy_timeout_ms: int, hold_seconds: float, expected: int
) -> None:
    for client in make_client(tmp_path, fake_rasa, sqlite_busy_timeout_ms=busy_timeout_ms):
        open_offer(client, "kiosk-session-1")
        started = threading.Event()
        holder = threading.Thread(
            target=hold_write_lock, args=(tmp_path / "app.db", hold_seconds, started)
        )
        holder.start()
        started.wait()
        response = client.post("/api/referrals", json={"session_id": "kiosk-session-1", **FORM})
        holder.join()
        assert response.status_code == expected
        if expected == 503:
            assert "Probeer het opnieuw" in response.json()["detail"]
            assert count_rows(client) == (0, 0)
            retry = client.post("/api/referrals", json={"session_id": "kiosk-session-1", **FORM})
            assert retry.status_code == 201
        assert count_rows(client) == (1, 2)
