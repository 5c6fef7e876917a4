"""Response models shared by the referral, partner and staff routes."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from wegwijzer.referrals.contact import phone_display
from wegwijzer.referrals.promise import is_overdue
from wegwijzer.storage.models import OutboxMessage, Referral


class ReferralSummary(BaseModel):
    """A referral without contact details: safe for lists and staff."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    reference: str
    topic: str | None
    task: str
    branch: str
    partner_id: str
    status: str
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    # The partner's promise: first contact by the end of this day.
    due_on: date | None = None
    # Still new after `due_on`: staff see it first, with a badge.
    overdue: bool = False

    @classmethod
    def of(cls, referral: Referral, today: date | None = None) -> ReferralSummary:
        summary = cls.model_validate(referral, from_attributes=True)
        if today is not None:
            summary.overdue = is_overdue(referral, today)
        return summary


class Contact(BaseModel):
    name: str | None
    # As stored (+31...), for a tel: link, and as Dutch people write it (06 12345678).
    phone: str | None
    phone_display: str | None
    email: str | None
    preferred_time: str | None
    note: str | None
    # True once the retention period removed the details.
    purged: bool


class HistoryItem(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    status: str
    actor: str
    note: str | None
    at: datetime


class ReferralDetail(ReferralSummary):
    contact: Contact
    history: list[HistoryItem]

    @classmethod
    def with_contact(cls, referral: Referral) -> ReferralDetail:
        return cls(
            **ReferralSummary.of(referral).model_dump(),
            contact=Contact(
                name=referral.name,
                phone=referral.phone,
                phone_display=phone_display(referral.phone),
                email=referral.email,
                preferred_time=referral.preferred_time,
                note=referral.note,
                purged=referral.contact_purged_at is not None,
            ),
            history=[HistoryItem.model_validate(h) for h in referral.history],
        )


class Delivery(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    referral_id: str | None
    partner_id: str
    channel: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime
    delivered_at: datetime | None

    @classmethod
    def of(cls, message: OutboxMessage) -> Delivery:
        return cls.model_validate(message)
