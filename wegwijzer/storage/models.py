"""Tables. Contact details live only in `referrals`; everything else is anonymous."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from wegwijzer.storage.clock import utcnow


class Base(DeclarativeBase):
    pass


class ReferralOffer(Base):
    """The assistant offered a referral in this chat session and the visitor said yes.

    The referral form binds to it, so a referral is always about the topic the
    conversation reached, and contact details never pass through Rasa. When the
    referral is made, the row loses its chat session id (nothing then ties a
    referral to a chat session) and keeps `used_at`, so it cannot be used twice;
    retention deletes every offer once it expired.
    """

    __tablename__ = "referral_offers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    topic: Mapped[str | None] = mapped_column(String(64))
    task: Mapped[str] = mapped_column(String(32))
    branch: Mapped[str] = mapped_column(String(64))
    partner_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class Referral(Base):
    __tablename__ = "referrals"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    topic: Mapped[str | None] = mapped_column(String(64))
    task: Mapped[str] = mapped_column(String(32))
    branch: Mapped[str] = mapped_column(String(64), index=True)
    partner_id: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    # Contact details: the minimum, and only until the retention period ends.
    name: Mapped[str | None] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    preferred_time: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    contact_purged_at: Mapped[datetime | None]
    # The partner's promise: first contact by the end of this (Dutch working) day.
    due_on: Mapped[date | None] = mapped_column(index=True)
    # When the partner was told the referral is overdue; set once, so they are told once.
    overdue_at: Mapped[datetime | None]

    history: Mapped[list[StatusChange]] = relationship(
        back_populates="referral", order_by="StatusChange.id", cascade="all, delete-orphan"
    )


class StatusChange(Base):
    __tablename__ = "referral_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    referral: Mapped[Referral] = relationship(back_populates="history")


class OutboxMessage(Base):
    """One notification to one partner over one channel, written with the referral."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    # The Standard Webhooks `webhook-id`: stable across retries.
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    # None for the daily digest, which is about many referrals.
    referral_id: Mapped[str | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    partner_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))
    event_type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]


class DisabledEndpoint(Base):
    """A partner endpoint that answered 410 Gone: no more deliveries until re-enabled."""

    __tablename__ = "disabled_endpoints"

    partner_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    disabled_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """Every read of contact details: who, which referral, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    referral_id: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class QuestionStat(Base):
    """Anonymous counts for the library's IDO registration: never any message text."""

    __tablename__ = "question_stats"

    # ISO week, e.g. "2026-W48".
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    branch: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The topic id, or "" for questions without a topic.
    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    questions: Mapped[int] = mapped_column(Integer, default=0)
    boundary_hits: Mapped[int] = mapped_column(Integer, default=0)
