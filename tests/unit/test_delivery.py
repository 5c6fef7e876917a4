"""The delivery worker against real loopback servers: signed, retried, never lost, never twice."""

from __future__ import annotations

import asyncio
import json
import ssl
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.settings import Settings
from tests.receivers import WebhookReceiver, smtp_server, webhook_receiver
from wegwijzer.delivery.outbox import DeliveryStatus
from wegwijzer.delivery.worker import DeliverySettings, DeliveryWorker, SmtpSettings
from wegwijzer.partners import Partners
from wegwijzer.referrals.contact import ContactForm
from wegwijzer.referrals.service import OfferRequest, create_referral, record_offer
from wegwijzer.storage.models import DisabledEndpoint, OutboxMessage

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
FAST = (0.05, 0.05, 0.05, 0.05, 0.05)
FORM = ContactForm(True, "Anna", "0612345678", None, "middag", "graag bellen")


def partners_with(webhook_url: str | None, email: str | None = None) -> Partners:
    partner: dict[str, Any] = {"name": "Testpartner", "token_sha256": ["0" * 64]}
    if webhook_url:
        partner["webhook"] = {"url": webhook_url, "secret": SECRET}
    if email:
        partner["email"] = email
    return Partners.model_validate(
        {"partners": {"p": partner}, "branches": {"leeuwarden": {"fallback": "p"}}}
    )


def make_referral(sessions: sessionmaker[Session], partners: Partners, chat: str = "chat-1") -> str:
    with sessions() as session:
        record_offer(
            session,
            partners,
            OfferRequest(chat, "huurtoeslag", "aanvragen", "leeuwarden"),
            timedelta(minutes=5),
        )
        return create_referral(session, partners, chat, FORM, "http://inbox").id


async def drain(worker: DeliveryWorker, sessions: sessionmaker[Session], rounds: int = 200) -> None:
    """Run delivery rounds until nothing is pending any more."""
    for _ in range(rounds):
        await worker.run_once()
        with sessions() as session:
            pending = session.scalars(
                select(OutboxMessage).where(OutboxMessage.status == DeliveryStatus.PENDING.value)
            ).all()
        if not pending:
            return
        await asyncio.sleep(0.02)


def run(sessions: sessionmaker[Session], partners: Partners, **settings: Any) -> None:
    async def go() -> None:
        async with httpx.AsyncClient() as http:
            worker = DeliveryWorker(
                sessions, partners, DeliverySettings(retry_schedule=FAST, **settings), http
            )
            await drain(worker, sessions)

    asyncio.run(go())


def outbox(sessions: sessionmaker[Session]) -> list[OutboxMessage]:
    with sessions() as session:
        return list(session.scalars(select(OutboxMessage)).all())


def test_three_failures_then_delivered_once_signed(sessions: sessionmaker[Session]) -> None:
    with webhook_receiver(WebhookReceiver(SECRET, failures=3)) as receiver:
        partners = partners_with(receiver.url)
        referral_id = make_referral(sessions, partners)
        run(sessions, partners)
    assert len(receiver.requests) == 4
    assert len({r.message_id for r in receiver.requests}) == 1
    assert all(r.signature_ok for r in receiver.requests)
    assert len(receiver.accepted()) == 1
    assert receiver.payloads()[0]["data"]["referral_id"] == referral_id
    [message] = outbox(sessions)
    assert message.status == "delivered"
    assert message.attempts == 4


def test_a_hanging_endpoint_is_retried_and_nothing_is_lost(sessions: sessionmaker[Session]) -> None:
    receiver = WebhookReceiver(SECRET, hang_seconds=1.5, hang_times=1)
    with webhook_receiver(receiver):
        partners = partners_with(receiver.url)
        make_referral(sessions, partners)
        run(sessions, partners, timeout=0.5)
    [message] = outbox(sessions)
    assert message.status == "delivered"
    assert message.attempts == 2
    assert len(receiver.accepted()) == 1


def test_gone_disables_the_endpoint(sessions: sessionmaker[Session]) -> None:
    with webhook_receiver(WebhookReceiver(SECRET, failures=99, fail_status=410)) as receiver:
        partners = partners_with(receiver.url)
        make_referral(sessions, partners, "chat-1")
        run(sessions, partners)
        make_referral(sessions, partners, "chat-2")
        run(sessions, partners)
    assert len(receiver.requests) == 1
    assert [m.status for m in outbox(sessions)] == ["disabled", "disabled"]
    with sessions() as session:
        assert session.get(DisabledEndpoint, ("p", "webhook")) is not None


def test_exhausted_retries_end_as_failed(sessions: sessionmaker[Session]) -> None:
    with webhook_receiver(WebhookReceiver(SECRET, failures=99)) as receiver:
        partners = partners_with(receiver.url)
        make_referral(sessions, partners)
        run(sessions, partners)
    [message] = outbox(sessions)
    assert message.status == "failed"
    assert message.attempts == len(FAST) + 1
    assert message.last_error == "HTTP 500"
    assert len(receiver.requests) == len(FAST) + 1


def test_email_reaches_a_real_smtp_server_without_personal_data(
    sessions: sessionmaker[Session],
) -> None:
    with smtp_server() as mailbox:
        partners = partners_with(None, email="partner@example.org")
        make_referral(sessions, partners)
        run(sessions, partners, smtp=SmtpSettings(host="127.0.0.1", port=mailbox.port))
    [envelope] = mailbox.messages
    assert envelope.rcpt_tos == ["partner@example.org"]
    content = envelope.content.decode()
    assert "Nieuwe doorverwijzing" in content
    for private in ("Anna", "0612345678", "612345678", "graag bellen"):
        assert private not in content
    assert [m.status for m in outbox(sessions)] == ["delivered"]


def test_without_smtp_the_email_stays_visible_as_failed(sessions: sessionmaker[Session]) -> None:
    partners = partners_with(None, email="partner@example.org")
    make_referral(sessions, partners)
    run(sessions, partners)
    [message] = outbox(sessions)
    assert message.status == "failed"
    assert "SMTP" in (message.last_error or "")


@pytest.fixture(scope="module")
def loopback_certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with Debian's openssl."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def starttls_server(certificate: tuple[Path, Path]) -> Any:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return smtp_server(tls_context=context, require_starttls=True)


def test_starttls_delivers_to_a_server_whose_certificate_is_trusted(
    sessions: sessionmaker[Session], loopback_certificate: tuple[Path, Path]
) -> None:
    with starttls_server(loopback_certificate) as mailbox:
        partners = partners_with(None, email="partner@example.org")
        make_referral(sessions, partners)
        smtp = SmtpSettings(
            host="127.0.0.1", port=mailbox.port, starttls=True, cafile=str(loopback_certificate[0])
        )
        run(sessions, partners, smtp=smtp)
    assert len(mailbox.messages) == 1
    assert [m.status for m in outbox(sessions)] == ["delivered"]


def test_starttls_refuses_a_certificate_nobody_vouches_for(
    sessions: sessionmaker[Session], loopback_certificate: tuple[Path, Path]
) -> None:
    with starttls_server(loopback_certificate) as mailbox:
        partners = partners_with(None, email="partner@example.org")
        make_referral(sessions, partners)
        run(sessions, partners, smtp=SmtpSettings("127.0.0.1", mailbox.port, starttls=True))
    assert mailbox.messages == []
    [message] = outbox(sessions)
    assert message.status == "failed"
    assert "CERTIFICATE_VERIFY_FAILED" in (message.last_error or "")


def test_no_smtp_login_without_tls(sessions: sessionmaker[Session]) -> None:
    with smtp_server() as mailbox:
        partners = partners_with(None, email="partner@example.org")
        make_referral(sessions, partners)
        smtp = SmtpSettings("127.0.0.1", mailbox.port, username="wegwijzer", password="geheim")
        run(sessions, partners, smtp=smtp)
    assert mailbox.messages == []
    [message] = outbox(sessions)
    assert message.status == "failed"
    assert "without STARTTLS" in (message.last_error or "")
    with pytest.raises(ValidationError, match="no SMTP login without TLS"):
        Settings(smtp_host="mail.example.org", smtp_username="wegwijzer")


def test_two_workers_never_send_the_same_message(sessions: sessionmaker[Session]) -> None:
    with webhook_receiver(WebhookReceiver(SECRET)) as receiver:
        partners = partners_with(receiver.url)
        for n in range(20):
            make_referral(sessions, partners, f"chat-{n}")

        async def go() -> None:
            async with httpx.AsyncClient() as http:
                workers = [
                    DeliveryWorker(
                        sessions,
                        partners,
                        DeliverySettings(retry_schedule=FAST, batch_size=3),
                        http,
                    )
                    for _ in range(2)
                ]
                await asyncio.gather(*(drain(w, sessions) for w in workers))

        asyncio.run(go())
    ids = [r.message_id for r in receiver.requests]
    assert len(ids) == 20
    assert len(set(ids)) == 20


def test_payload_is_thin(sessions: sessionmaker[Session]) -> None:
    with webhook_receiver(WebhookReceiver(SECRET)) as receiver:
        partners = partners_with(receiver.url)
        make_referral(sessions, partners)
        run(sessions, partners)
    [payload] = receiver.payloads()
    assert set(payload) == {"type", "timestamp", "data"}
    assert set(payload["data"]) == {
        "referral_id",
        "reference",
        "topic",
        "branch",
        "created_at",
        "inbox_url",
        "due_on",
    }
    assert "Anna" not in json.dumps(payload)
    assert [m.status for m in outbox(sessions)] == ["delivered"]
