"""Referrals from offer to closing: one transaction per step, contact details audited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wegwijzer.delivery.outbox import enqueue
from wegwijzer.errors import WegwijzerError
from wegwijzer.partners import Partners
from wegwijzer.pii import scrub
from wegwijzer.referrals.contact import ContactForm, validate_contact
from wegwijzer.referrals.promise import due_on
from wegwijzer.referrals.references import new_id, new_reference
from wegwijzer.referrals.status import CLOSED, Status, allowed
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import AuditEntry, Referral, ReferralOffer, StatusChange

VISITOR = "bezoeker"


class NoOfferError(WegwijzerError):
    """The chat session has no open referral offer (never offered, expired or used)."""


class ReferralNotFoundError(WegwijzerError):
    """No such referral, or not one this actor may see."""


class StatusChangeError(WegwijzerError):
    """The status change is not allowed from the referral's current status."""


@dataclass(frozen=True)
class OfferRequest:
    session_id: str
    topic: str | None
    task: str
    branch: str


def record_offer(
    session: Session,
    partners: Partners,
    request: OfferRequest,
    ttl: timedelta,
    offer_id: str | None = None,
) -> ReferralOffer:
    now = utcnow()
    offer = ReferralOffer(
        id=offer_id or new_id(),
        session_id=request.session_id,
        topic=request.topic,
        task=request.task,
        branch=request.branch,
        partner_id=partners.route(request.branch, request.topic),
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(offer)
    session.commit()
    return offer


def keyed_offer_id(owner: str, request_key: str) -> str:
    """The same offer id for the same click of the same account: a double click is one."""
    return hashlib.sha256(f"{owner}\0{request_key}".encode()).hexdigest()[:32]


def record_offer_once(
    session: Session, partners: Partners, request: OfferRequest, ttl: timedelta, offer_id: str
) -> ReferralOffer:
    """Record the offer under `offer_id`, or return the one already recorded under it.

    Two requests with the same id at the same moment race on the primary key: the
    loser rolls back and gets the winner's offer, so both post to the same session.
    """
    existing = session.get(ReferralOffer, offer_id)
    if existing is not None:
        return existing
    try:
        return record_offer(session, partners, request, ttl, offer_id)
    except IntegrityError:
        session.rollback()
        winner = session.get(ReferralOffer, offer_id)
        if winner is None:
            raise
        return winner


def open_offer(session: Session, session_id: str) -> ReferralOffer:
    offer = session.scalars(
        select(ReferralOffer)
        .where(
            ReferralOffer.session_id == session_id,
            ReferralOffer.used_at.is_(None),
            ReferralOffer.expires_at > utcnow(),
        )
        .order_by(ReferralOffer.created_at.desc())
        .limit(1)
    ).first()
    if offer is None:
        raise NoOfferError(session_id)
    return offer


def create_referral(
    session: Session, partners: Partners, session_id: str, form: ContactForm, inbox_base: str
) -> Referral:
    """Store the referral, its first status and its notifications in one transaction.

    The offer is claimed first with a conditional UPDATE, so of two requests that
    arrive at the same moment (a double tap) only one finds it open: the other gets
    NoOfferError and stores nothing.
    """
    contact = validate_contact(form)
    offer = open_offer(session, session_id)
    now = utcnow()
    claimed = session.execute(
        update(ReferralOffer)
        .where(ReferralOffer.id == offer.id, ReferralOffer.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        session.rollback()
        raise NoOfferError(session_id)
    referral = Referral(
        id=new_id(),
        reference=new_reference(),
        topic=offer.topic,
        task=offer.task,
        branch=offer.branch,
        partner_id=offer.partner_id,
        status=Status.NEW.value,
        created_at=now,
        updated_at=now,
        name=contact.name,
        phone=contact.phone,
        email=contact.email,
        preferred_time=contact.preferred_time,
        note=contact.note,
    )
    referral.due_on = due_on(partners, offer.partner_id, now)
    referral.history.append(StatusChange(status=Status.NEW.value, actor=VISITOR, at=now))
    session.add(referral)
    session.flush()
    partner = partners.partners[offer.partner_id]
    enqueue(session, referral, offer.partner_id, partner, f"{inbox_base}#{referral.id}")
    # The referral holds what it needs: cut the offer's tie to the chat session. The
    # row itself stays until it expires, so a repeated staff click (the same keyed
    # offer) finds it used instead of opening a second referral.
    offer.session_id = f"used-{offer.id}"
    session.commit()
    return referral


def get_referral(session: Session, referral_id: str, partner_id: str | None = None) -> Referral:
    """A referral; with `partner_id`, only that partner's (another's is 'not found')."""
    referral = session.get(Referral, referral_id)
    if referral is None or (partner_id is not None and referral.partner_id != partner_id):
        raise ReferralNotFoundError(referral_id)
    return referral


def read_contact(session: Session, referral: Referral, actor: str) -> Referral:
    """Log the read of contact details, in the same transaction as any status it sets."""
    session.add(AuditEntry(actor=actor, action="read_contact", referral_id=referral.id))
    if referral.status == Status.NEW.value and actor.startswith("partner:"):
        _set_status(referral, Status.RECEIVED, actor, None)
    session.commit()
    return referral


def _set_status(referral: Referral, status: Status, actor: str, note: str | None) -> None:
    # A partner's note is kept with the contact details and purged with them; a BSN,
    # IBAN or code in it is never kept at all.
    note = scrub(note, contact=False).text if note else None
    now = utcnow()
    referral.status = status.value
    referral.updated_at = now
    if status in CLOSED:
        referral.closed_at = now
    referral.history.append(StatusChange(status=status.value, actor=actor, note=note, at=now))


def change_status(
    session: Session, referral: Referral, status: Status, actor: str, note: str | None
) -> Referral:
    """Move the referral on; the current status again with a note only adds the note."""
    current = Status(referral.status)
    if status is current and note and current not in CLOSED:
        now = utcnow()
        referral.updated_at = now
        referral.history.append(StatusChange(status=status.value, actor=actor, note=note, at=now))
        session.commit()
        return referral
    if not allowed(current, status):
        raise StatusChangeError(f"{current.value} -> {status.value}")
    _set_status(referral, status, actor, note)
    session.commit()
    return referral


@dataclass(frozen=True)
class PurgeCounts:
    closed: int  # referrals closed longer ago than the retention period
    open: int  # referrals left open, without a change, for longer than allowed
    offers: int  # referral offers that expired unused


def purge_contacts(session: Session, closed_days: int, open_days: int | None = None) -> PurgeCounts:
    """Remove contact details and partner notes; keep the anonymous record.

    Closed referrals lose them `closed_days` after closing; referrals still open
    `open_days` after their last change (None: never). Expired offers go too.
    """
    now = utcnow()
    closed = _purge(
        session,
        Referral.closed_at.is_not(None),
        Referral.closed_at < now - timedelta(days=closed_days),
    )
    opened = 0
    if open_days is not None:
        opened = _purge(
            session,
            Referral.closed_at.is_(None),
            Referral.updated_at < now - timedelta(days=open_days),
        )
    # Notes written after a purge (a partner moving an open referral on) go as well.
    purged = select(Referral.id).where(Referral.contact_purged_at.is_not(None))
    session.execute(
        update(StatusChange)
        .where(StatusChange.referral_id.in_(purged), StatusChange.note.is_not(None))
        .values(note=None)
    )
    # An unused offer ties a chat session to a topic; once expired it serves nothing.
    offers = session.execute(delete(ReferralOffer).where(ReferralOffer.expires_at < now))
    session.commit()
    return PurgeCounts(closed, opened, int(getattr(offers, "rowcount", 0) or 0))


def _purge(session: Session, *conditions: ColumnElement[bool]) -> int:
    referrals = session.scalars(
        select(Referral).where(Referral.contact_purged_at.is_(None), *conditions)
    ).all()
    now = utcnow()
    for referral in referrals:
        referral.name = referral.phone = referral.email = None
        referral.preferred_time = referral.note = None
        referral.contact_purged_at = now
        for change in referral.history:
            change.note = None
    return len(referrals)
