"""The partner's promise, kept: due dates, one overdue notice, and a daily digest.

A referral is due on the partner's `response_days`-th Dutch working day after it
was made; still `new` after that day, it is overdue. The partner is told once
(`referral.overdue`, through the same outbox and signatures as `referral.created`),
and every morning gets a digest of how many referrals wait: counts and a link only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from wegwijzer.delivery.outbox import (
    EVENT_DIGEST,
    EVENT_REFERRAL_OVERDUE,
    Channel,
    DeliveryStatus,
    enqueue,
)
from wegwijzer.partners import Partners
from wegwijzer.referrals.status import Status
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import OutboxMessage, Referral
from wegwijzer.workdays import LOCAL, due_date, local_date

logger = logging.getLogger(__name__)

WAITING = (Status.RECEIVED.value, Status.IN_PROGRESS.value)


def due_on(partners: Partners, partner_id: str, created_at: datetime) -> date:
    return due_date(created_at, partners.partners[partner_id].response_days)


def is_overdue(referral: Referral, today: date) -> bool:
    return (
        referral.status == Status.NEW.value
        and referral.due_on is not None
        and referral.due_on < today
    )


def mark_overdue(session: Session, partners: Partners, inbox_base: str, today: date) -> int:
    """Tell each partner once about each referral that is still new after its due day.

    The conditional UPDATE on `overdue_at` makes "once" hold with several app
    instances too: only the one that sets it writes the notifications.
    """
    candidates = session.scalars(
        select(Referral).where(
            Referral.status == Status.NEW.value,
            Referral.overdue_at.is_(None),
            Referral.due_on.is_not(None),
            Referral.due_on < today,
        )
    ).all()
    told = 0
    for referral in candidates:
        now = utcnow()
        claimed = session.execute(
            update(Referral)
            .where(Referral.id == referral.id, Referral.overdue_at.is_(None))
            .values(overdue_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            continue
        referral.overdue_at = now
        partner = partners.partners.get(referral.partner_id)
        if partner is not None:
            enqueue(
                session,
                referral,
                referral.partner_id,
                partner,
                f"{inbox_base}#{referral.id}",
                event_type=EVENT_REFERRAL_OVERDUE,
            )
        session.commit()
        told += 1
    return told


@dataclass(frozen=True)
class Waiting:
    new: int
    overdue: int
    in_progress: int

    @property
    def any(self) -> bool:
        return self.new + self.in_progress > 0


def waiting_for(session: Session, partner_id: str, today: date) -> Waiting:
    def count(*conditions: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(Referral)
        query = query.where(Referral.partner_id == partner_id, *conditions)
        return int(session.scalar(query) or 0)

    return Waiting(
        new=count(Referral.status == Status.NEW.value),
        overdue=count(Referral.status == Status.NEW.value, Referral.due_on < today),
        in_progress=count(Referral.status.in_(WAITING)),
    )


def digest_id(partner_id: str, day: date) -> str:
    """One digest per partner per day: a second attempt hits the primary key."""
    return f"digest_{day.isoformat()}_{partner_id}"[:40]


def digest_payload(partner_id: str, day: date, waiting: Waiting, inbox_base: str) -> str:
    return json.dumps(
        {
            "type": EVENT_DIGEST,
            "timestamp": utcnow().isoformat() + "Z",
            "data": {
                "partner": partner_id,
                "date": day.isoformat(),
                "new": waiting.new,
                "overdue": waiting.overdue,
                "in_progress": waiting.in_progress,
                "inbox_url": inbox_base,
            },
        },
        separators=(",", ":"),
    )


def enqueue_digests(session: Session, partners: Partners, inbox_base: str, today: date) -> int:
    """Today's digest for every partner with an e-mail address and referrals waiting."""
    written = 0
    for partner_id, partner in partners.partners.items():
        if partner.email is None:
            continue
        if session.get(OutboxMessage, digest_id(partner_id, today)) is not None:
            continue
        waiting = waiting_for(session, partner_id, today)
        if not waiting.any:
            continue
        session.add(
            OutboxMessage(
                id=digest_id(partner_id, today),
                referral_id=None,
                partner_id=partner_id,
                channel=Channel.EMAIL.value,
                event_type=EVENT_DIGEST,
                payload=digest_payload(partner_id, today, waiting, inbox_base),
                status=DeliveryStatus.PENDING.value,
                attempts=0,
                next_attempt_at=utcnow(),
            )
        )
        try:
            session.commit()
        except IntegrityError:  # another instance wrote it a moment ago
            session.rollback()
            continue
        written += 1
    return written


def today_local() -> date:
    return local_date(utcnow())


class PromiseKeeper:
    """Runs in the app: marks overdue referrals, and writes the digests once the day's
    digest hour (Dutch time) has come."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        partners: Partners,
        inbox_base: str,
        poll_seconds: float,
        digest_hour: int,
    ) -> None:
        self._sessions = sessions
        self._partners = partners
        self._inbox_base = inbox_base
        self._poll = poll_seconds
        self._digest_hour = digest_hour

    def run_once(self) -> None:
        today = today_local()
        with self._sessions() as session:
            mark_overdue(session, self._partners, self._inbox_base, today)
            hour = utcnow().replace(tzinfo=UTC).astimezone(LOCAL).hour
            if hour >= self._digest_hour:
                enqueue_digests(session, self._partners, self._inbox_base, today)

    async def run_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.to_thread(self.run_once)
            except Exception:  # a database hiccup must not end the promise
                logger.exception("overdue and digest round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._poll)
