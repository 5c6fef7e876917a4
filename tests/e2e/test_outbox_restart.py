"""A process killed after the referral commit and before sending: after restart it is delivered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from bot.ports import free_port
from bot.processes import Child, http_status, start_app, wait_until
from tests.e2e.conftest import RECEIVER_SECRET, partners_file
from tests.receivers import WebhookReceiver, wait_for, webhook_receiver
from wegwijzer.catalogue import load_catalogue
from wegwijzer.partners import load_partners
from wegwijzer.referrals.service import OfferRequest, record_offer
from wegwijzer.storage.engine import make_engine, make_sessionmaker


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with webhook_receiver(WebhookReceiver(RECEIVER_SECRET)) as running:
        yield running


def app_process(work: Path, port: int, partners: Path, worker: bool) -> Child:
    child = start_app(
        "127.0.0.1",
        port,
        "http://127.0.0.1:9",  # Rasa is not needed for the referral form
        log_path=work / "app.log",
        extra_env={
            "WEGWIJZER_DATABASE_URL": f"sqlite:///{work / 'app.db'}",
            "WEGWIJZER_PARTNERS": str(partners),
            "WEGWIJZER_DELIVERY_WORKER": "true" if worker else "false",
            "WEGWIJZER_DELIVERY_POLL_SECONDS": "0.2",
        },
    )
    wait_until(lambda: http_status(f"http://127.0.0.1:{port}/health") is not None, [child], 60)
    return child


def test_delivered_after_a_crash_between_commit_and_send(
    tmp_path: Path, receiver: WebhookReceiver
) -> None:
    partners_path = partners_file(tmp_path, receiver.url)
    port = free_port()
    first = app_process(tmp_path, port, partners_path, worker=False)
    try:
        engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
        with make_sessionmaker(engine)() as session:
            record_offer(
                session,
                load_partners(partners_path, load_catalogue()),
                OfferRequest("crash-session-1", "huurtoeslag", "aanvragen", "leeuwarden"),
                timedelta(minutes=5),
            )
        engine.dispose()
        created = httpx.post(
            f"http://127.0.0.1:{port}/api/referrals",
            json={
                "session_id": "crash-session-1",
                "consent": True,
                "name": "Piet",
                "phone": "0612345678",
            },
            timeout=30,
        )
        assert created.status_code == 201, created.text
    finally:
        first.process.kill()  # no clean shutdown: the notification was never sent
        first.process.wait()
        first.stop()
    assert receiver.requests == []

    second = app_process(tmp_path, port, partners_path, worker=True)
    try:
        assert wait_for(lambda: len(receiver.accepted()) == 1, timeout=30)
    finally:
        second.stop()
    [payload] = receiver.payloads()
    assert payload["data"]["reference"] == created.json()["reference"]
    assert receiver.requests[0].signature_ok
