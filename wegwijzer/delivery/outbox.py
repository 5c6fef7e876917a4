"""Write notifications into the outbox, in the caller's transaction.

The payload is thin: what happened, which referral, topic and branch, when, and
where the partner reads the rest. No name, phone, e-mail or note ever goes in.
"""

from __future__ import annotations

import json
import secrets
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijzer.partners import Partner
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import DisabledEndpoint, OutboxMessage, Referral

EVENT_REFERRAL_CREATED = "referral.created"
# Still `new` after the partner's promised working days.
EVENT_REFERRAL_OVERDUE = "referral.overdue"
# Once a day per partner: how many referrals wait. Counts and a link only.
EVENT_DIGEST = "digest.daily"


class Channel(StrEnum):
    WEBHOOK = "webhook"
    EMAIL = "email"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    # Every retry used up: shown to staff.
    FAILED = "failed"
    # The endpoint said 410 Gone: shown to staff, not retried.
    DISABLED = "disabled"


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def referral_payload(
    referral: Referral, inbox_url: str, event_type: str = EVENT_REFERRAL_CREATED
) -> str:
    data: dict[str, object] = {
        "referral_id": referral.id,
        "reference": referral.reference,
        "topic": referral.topic,
        "branch": referral.branch,
        "created_at": referral.created_at.isoformat() + "Z",
        "inbox_url": inbox_url,
    }
    if referral.due_on is not None:
        data["due_on"] = referral.due_on.isoformat()
    when = referral.overdue_at if event_type == EVENT_REFERRAL_OVERDUE else None
    return json.dumps(
        {
            "type": event_type,
            "timestamp": (when or referral.created_at).isoformat() + "Z",
            "data": data,
        },
        separators=(",", ":"),
    )


def enqueue(
    session: Session,
    referral: Referral,
    partner_id: str,
    partner: Partner,
    inbox_url: str,
    *,
    event_type: str = EVENT_REFERRAL_CREATED,
) -> list[OutboxMessage]:
    channels = [
        c for c, on in ((Channel.WEBHOOK, partner.webhook), (Channel.EMAIL, partner.email)) if on
    ]
    # An endpoint that answered 410 Gone gets no more attempts: its rows are written
    # as disabled, so staff see them and the worker never has to look them up.
    disabled = {
        row.channel
        for row in session.scalars(
            select(DisabledEndpoint).where(DisabledEndpoint.partner_id == partner_id)
        )
    }
    messages = [
        OutboxMessage(
            id=new_message_id(),
            referral_id=referral.id,
            partner_id=partner_id,
            channel=channel.value,
            event_type=event_type,
            payload=referral_payload(referral, inbox_url, event_type),
            status=(
                DeliveryStatus.DISABLED.value
                if channel.value in disabled
                else DeliveryStatus.PENDING.value
            ),
            last_error="endpoint disabled after 410 Gone" if channel.value in disabled else None,
            attempts=0,
            next_attempt_at=utcnow(),
        )
        for channel in channels
    ]
    session.add_all(messages)
    return messages
