"""The delivery worker: claim due outbox rows, send them, record the outcome.

Runs inside the app process. A claim is a conditional UPDATE with a lease, so
several workers (or app instances) never send the same row at once, and a row
claimed by a worker that died is taken over when the lease runs out. Sending
happens outside any transaction; the outcome is written only while the claim
is still ours.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import secrets
import smtplib
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import httpx
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from wegwijzer.delivery import signing
from wegwijzer.delivery.outbox import (
    EVENT_DIGEST,
    EVENT_REFERRAL_OVERDUE,
    Channel,
    DeliveryStatus,
)
from wegwijzer.partners import Partners
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import DisabledEndpoint, OutboxMessage

logger = logging.getLogger(__name__)

# Waits after failed attempt 1, 2, ...: Standard Webhooks' schedule, as the issue asks.
DEFAULT_RETRY_SCHEDULE = (5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
# The settings model (wegwijzer/config.py) takes these as its defaults too.
DEFAULT_TIMEOUT = 10.0
DEFAULT_POLL_SECONDS = 1.0
DEFAULT_SMTP_PORT = 25
DEFAULT_SENDER = "wegwijzer@localhost"
HTTP_GONE = 410


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = DEFAULT_SMTP_PORT
    sender: str = DEFAULT_SENDER
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    # Extra CA certificates to trust (an internal mail server); the system's otherwise.
    cafile: str | None = None

    def tls_context(self) -> ssl.SSLContext:
        """Verifies the server's certificate and name, as a mail client should."""
        return ssl.create_default_context(cafile=self.cafile)


@dataclass(frozen=True)
class DeliverySettings:
    retry_schedule: Sequence[float] = DEFAULT_RETRY_SCHEDULE
    jitter: float = 0.1
    timeout: float = DEFAULT_TIMEOUT
    poll_interval: float = DEFAULT_POLL_SECONDS
    batch_size: int = 20
    smtp: SmtpSettings | None = None
    worker_id: str = field(default_factory=lambda: "worker-" + secrets.token_hex(4))
    # How long a claim holds; after that another worker takes the row over.
    lease_seconds: float | None = None

    @property
    def lease(self) -> timedelta:
        seconds = self.lease_seconds if self.lease_seconds else self.timeout * 3 + 30
        return timedelta(seconds=seconds)


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    error: str | None = None
    gone: bool = False


def email_text(event_type: str, data: dict[str, Any]) -> tuple[str, str]:
    """Subject and body of a notification e-mail: numbers and links, never personal data."""
    if event_type == EVENT_DIGEST:
        return (
            f"Wegwijzer: {data['new']} nieuwe doorverwijzingen wachten ({data['date']})",
            f"Nieuw, nog niet geopend: {data['new']}.\n"
            f"Daarvan over de beloofde termijn: {data['overdue']}.\n"
            f"Ontvangen of in behandeling: {data['in_progress']}.\n"
            f"Bekijk ze op uw partnerpagina:\n{data['inbox_url']}",
        )
    where = (
        f"Onderwerp: {data['topic'] or 'onbekend'}. Bibliotheek: {data['branch']}.\n"
        f"Bekijk de gegevens op uw partnerpagina:\n{data['inbox_url']}"
    )
    if event_type == EVENT_REFERRAL_OVERDUE:
        return (
            f"Doorverwijzing wacht nog op contact ({data['reference']})",
            f"Doorverwijzing {data['reference']} staat nog op nieuw. "
            f"U had uiterlijk {data.get('due_on', '?')} contact beloofd.\n{where}",
        )
    return (
        f"Nieuwe doorverwijzing via Wegwijzer ({data['reference']})",
        f"Er is een nieuwe doorverwijzing voor u: {data['reference']}.\n{where}",
    )


class DeliveryWorker:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        partners: Partners,
        settings: DeliverySettings,
        http: httpx.AsyncClient,
    ) -> None:
        self._sessions = sessions
        self._partners = partners
        self._settings = settings
        self._http = http

    async def run_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:  # keep delivering after a database hiccup
                logger.exception("delivery round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._settings.poll_interval)

    async def run_once(self) -> int:
        claimed = await asyncio.to_thread(self._claim)
        for message in claimed:
            outcome = await self._send(message)
            await asyncio.to_thread(self._record, message.id, outcome)
        return len(claimed)

    def _claim(self) -> list[OutboxMessage]:
        now = utcnow()
        with self._sessions() as session:
            candidates = session.scalars(
                select(OutboxMessage.id)
                .where(
                    OutboxMessage.status == DeliveryStatus.PENDING.value,
                    OutboxMessage.next_attempt_at <= now,
                    (OutboxMessage.claimed_until.is_(None)) | (OutboxMessage.claimed_until < now),
                )
                .order_by(OutboxMessage.next_attempt_at)
                .limit(self._settings.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            if not candidates:
                return []
            lease_until = now + self._settings.lease
            # Conditional, so that on SQLite (no SKIP LOCKED) two workers that selected
            # the same rows cannot both claim one: the second update finds it taken.
            session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id.in_(candidates),
                    OutboxMessage.status == DeliveryStatus.PENDING.value,
                    (OutboxMessage.claimed_until.is_(None)) | (OutboxMessage.claimed_until < now),
                )
                .values(claimed_by=self._settings.worker_id, claimed_until=lease_until)
            )
            session.commit()
            rows = session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.id.in_(candidates),
                    OutboxMessage.claimed_by == self._settings.worker_id,
                    OutboxMessage.claimed_until == lease_until,
                )
            ).all()
            session.expunge_all()
            return list(rows)

    async def _send(self, message: OutboxMessage) -> Outcome:
        partner = self._partners.partners.get(message.partner_id)
        if partner is None:
            return Outcome(False, f"partner {message.partner_id!r} is no longer configured")
        if message.channel == Channel.WEBHOOK.value and partner.webhook is not None:
            return await self._send_webhook(message, partner.webhook.url, partner.webhook.secret)
        if message.channel == Channel.EMAIL.value and partner.email is not None:
            return await asyncio.to_thread(self._send_email, message, partner.name, partner.email)
        return Outcome(False, f"partner has no {message.channel} configured")

    async def _send_webhook(self, message: OutboxMessage, url: str, secret: str) -> Outcome:
        timestamp = int(time.time())
        headers = signing.headers(secret, message.id, timestamp, message.payload)
        try:
            response = await self._http.post(
                url,
                content=message.payload.encode(),
                headers=headers,
                timeout=self._settings.timeout,
            )
        except httpx.HTTPError as exc:
            return Outcome(False, f"{type(exc).__name__}: {exc}"[:500])
        if response.status_code == HTTP_GONE:
            return Outcome(False, "410 Gone: the partner disabled this endpoint", gone=True)
        if 200 <= response.status_code < 300:
            return Outcome(True)
        return Outcome(False, f"HTTP {response.status_code}")

    def _send_email(self, message: OutboxMessage, partner_name: str, address: str) -> Outcome:
        smtp = self._settings.smtp
        if smtp is None:
            return Outcome(False, "no SMTP server configured (WEGWIJZER_SMTP_HOST)")
        subject, body = email_text(message.event_type, json.loads(message.payload)["data"])
        email = EmailMessage()
        email["From"] = smtp.sender
        email["To"] = address
        email["Subject"] = subject
        email["Message-ID"] = f"<{message.id}@wegwijzer>"
        email.set_content(
            f"Beste {partner_name},\n\n{body}\n\n"
            "In deze e-mail staan bewust geen persoonsgegevens.\n"
        )
        if smtp.username and not smtp.starttls:
            # A password sent in the clear is a password given away.
            return Outcome(False, "refusing to log in to SMTP without STARTTLS")
        try:
            with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as client:
                if smtp.starttls:
                    client.starttls(context=smtp.tls_context())
                if smtp.username and smtp.password:
                    client.login(smtp.username, smtp.password)
                client.send_message(email)
        except (OSError, smtplib.SMTPException) as exc:
            return Outcome(False, f"{type(exc).__name__}: {exc}"[:500])
        return Outcome(True)

    def _next_wait(self, attempts: int) -> float | None:
        schedule = self._settings.retry_schedule
        if attempts > len(schedule):
            return None
        base = schedule[attempts - 1]
        return base * (1 + random.uniform(-self._settings.jitter, self._settings.jitter))

    def _record(self, message_id: str, outcome: Outcome) -> None:
        now = utcnow()
        with self._sessions() as session:
            message = session.get(OutboxMessage, message_id)
            if message is None or message.claimed_by != self._settings.worker_id:
                return  # our lease ran out and another worker took over
            message.attempts += 1
            message.claimed_by = None
            message.claimed_until = None
            if outcome.delivered:
                message.status = DeliveryStatus.DELIVERED.value
                message.delivered_at = now
                message.last_error = None
            elif outcome.gone:
                message.status = DeliveryStatus.DISABLED.value
                message.last_error = outcome.error
                self._disable(session, message)
            else:
                message.last_error = outcome.error
                wait = self._next_wait(message.attempts)
                if wait is None:
                    message.status = DeliveryStatus.FAILED.value
                    logger.warning("delivery %s failed for good: %s", message.id, outcome.error)
                else:
                    message.next_attempt_at = now + timedelta(seconds=wait)
            session.commit()

    @staticmethod
    def _disable(session: Session, message: OutboxMessage) -> None:
        key = (message.partner_id, message.channel)
        if session.get(DisabledEndpoint, key) is None:
            session.add(
                DisabledEndpoint(
                    partner_id=message.partner_id,
                    channel=message.channel,
                    reason=message.last_error or "410 Gone",
                )
            )
        session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.partner_id == message.partner_id,
                OutboxMessage.channel == message.channel,
                OutboxMessage.status == DeliveryStatus.PENDING.value,
                OutboxMessage.id != message.id,
            )
            .values(
                status=DeliveryStatus.DISABLED.value, last_error="endpoint disabled after 410 Gone"
            )
        )
