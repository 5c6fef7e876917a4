"""Referrals: bound to an offer, validated in Dutch, stored with their outbox, audited, purged."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wegwijzer.partners import Partners
from wegwijzer.referrals.contact import ContactForm, ReferralValidationError
from wegwijzer.referrals.service import (
    NoOfferError,
    OfferRequest,
    ReferralNotFoundError,
    StatusChangeError,
    change_status,
    create_referral,
    get_referral,
    purge_contacts,
    read_contact,
    record_offer,
)
from wegwijzer.referrals.status import Status
from wegwijzer.retention import main
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import AuditEntry, OutboxMessage, Referral, ReferralOffer

INBOX = "http://127.0.0.1:8000/partner"


def form(**changes: object) -> ContactForm:
    values: dict[str, object] = {
        "consent": True,
        "name": "Anna",
        "phone": "06 12345678",
        "email": None,
        "preferred_time": "ochtend",
        "note": "Ik kom er niet uit met de aanvraag.",
    }
    values.update(changes)
    return ContactForm(**values)  # type: ignore[arg-type]


def offer(
    session: Session, partners: Partners, session_id: str = "chat-0001", topic: str = "huurtoeslag"
) -> None:
    record_offer(
        session,
        partners,
        OfferRequest(session_id, topic, "aanvragen", "leeuwarden"),
        timedelta(minutes=30),
    )


def test_referral_is_stored_with_history_and_thin_outbox(
    sessions: sessionmaker[Session], partners: Partners
) -> None:
    with sessions() as session:
        offer(session, partners)
        referral = create_referral(session, partners, "chat-0001", form(), INBOX)
    with sessions() as session:
        stored = session.get(Referral, referral.id)
        assert stored is not None
        assert stored.partner_id == "formulierenhulp_friesland"
        assert stored.phone == "+31612345678"
        assert stored.topic == "huurtoeslag"
        assert [h.status for h in stored.history] == ["new"]
        messages = session.scalars(select(OutboxMessage)).all()
        assert sorted(m.channel for m in messages) == ["email", "webhook"]
        payload = json.loads(messages[0].payload)
        assert payload["type"] == "referral.created"
        assert payload["data"]["referral_id"] == referral.id
        assert payload["data"]["inbox_url"] == f"{INBOX}#{referral.id}"
        for message in messages:
            for private in ("Anna", "612345678", "niet uit"):
                assert private not in message.payload
    assert referral.reference.startswith("W-")


def test_topic_routes_to_its_partner(sessions: sessionmaker[Session], partners: Partners) -> None:
    with sessions() as session:
        offer(session, partners, topic="schulden")
        referral = create_referral(session, partners, "chat-0001", form(), INBOX)
        assert referral.partner_id == "schuldhulp_friesland"
        assert [m.channel for m in session.scalars(select(OutboxMessage))] == ["webhook"]


def test_an_offer_is_needed_and_used_once(
    sessions: sessionmaker[Session], partners: Partners
) -> None:
    with sessions() as session:
        with pytest.raises(NoOfferError):
            create_referral(session, partners, "chat-0001", form(), INBOX)
        offer(session, partners)
        create_referral(session, partners, "chat-0001", form(), INBOX)
        with pytest.raises(NoOfferError):
            create_referral(session, partners, "chat-0001", form(), INBOX)
        with pytest.raises(NoOfferError):
            create_referral(session, partners, "other-chat", form(), INBOX)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent": False}, "consent"),
        ({"name": "  "}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"phone": None, "email": None}, "contact"),
        ({"phone": "12"}, "phone"),
        ({"phone": "+44 20 7946 0958"}, "phone"),
        ({"email": "geen-adres"}, "email"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_form_mistakes_get_dutch_messages_and_store_nothing(
    sessions: sessionmaker[Session], partners: Partners, changes: dict[str, object], field: str
) -> None:
    with sessions() as session:
        offer(session, partners)
        with pytest.raises(ReferralValidationError) as caught:
            create_referral(session, partners, "chat-0001", form(**changes), INBOX)
        assert field in caught.value.errors
        assert caught.value.errors[field].endswith(".")
        assert session.scalars(select(Referral)).all() == []
        assert session.scalars(select(OutboxMessage)).all() == []


def test_bsn_in_the_note_is_never_stored(
    sessions: sessionmaker[Session], partners: Partners
) -> None:
    with sessions() as session:
        offer(session, partners)
        referral = create_referral(
            session, partners, "chat-0001", form(note="mijn bsn is 111222333, bel na 5"), INBOX
        )
        assert referral.note is not None
        assert "111222333" not in referral.note
        assert "bel na 5" in referral.note


def test_partner_sees_only_own_referrals_and_reads_are_audited(
    sessions: sessionmaker[Session], partners: Partners
) -> None:
    with sessions() as session:
        offer(session, partners)
        referral = create_referral(session, partners, "chat-0001", form(), INBOX)
        with pytest.raises(ReferralNotFoundError):
            get_referral(session, referral.id, "schuldhulp_friesland")
        own = get_referral(session, referral.id, "formulierenhulp_friesland")
        read_contact(session, own, "partner:formulierenhulp_friesland")
        audit = session.scalars(select(AuditEntry)).all()
        assert [(a.actor, a.action, a.referral_id) for a in audit] == [
            ("partner:formulierenhulp_friesland", "read_contact", referral.id)
        ]
        assert own.status == "received"


def test_status_moves_forward_only(sessions: sessionmaker[Session], partners: Partners) -> None:
    with sessions() as session:
        offer(session, partners)
        referral = create_referral(session, partners, "chat-0001", form(), INBOX)
        change_status(session, referral, Status.IN_PROGRESS, "partner:x", "gebeld")
        with pytest.raises(StatusChangeError):
            change_status(session, referral, Status.RECEIVED, "partner:x", None)
        change_status(session, referral, Status.DONE, "partner:x", None)
        assert referral.closed_at is not None
        with pytest.raises(StatusChangeError):
            change_status(session, referral, Status.UNREACHABLE, "partner:x", None)
        assert [(h.status, h.actor, h.note) for h in referral.history] == [
            ("new", "bezoeker", None),
            ("in_progress", "partner:x", "gebeld"),
            ("done", "partner:x", None),
        ]


def test_retention_removes_contact_details_of_old_closed_referrals(
    sessions: sessionmaker[Session], partners: Partners
) -> None:
    with sessions() as session:
        ids = []
        for n in range(3):
            offer(session, partners, session_id=f"chat-000{n}")
            ids.append(create_referral(session, partners, f"chat-000{n}", form(), INBOX).id)
        old, recent, still_open = (session.get(Referral, i) for i in ids)
        assert old is not None
        assert recent is not None
        assert still_open is not None
        change_status(session, old, Status.DONE, "partner:x", "Gebeld met Anna, opgelost")
        change_status(session, recent, Status.UNREACHABLE, "partner:x", None)
        old.closed_at = utcnow() - timedelta(days=31)
        session.commit()
        assert purge_contacts(session, 30).closed == 1
        assert (old.name, old.phone, old.email, old.note) == (None, None, None, None)
        assert old.contact_purged_at is not None
        assert (old.topic, old.status) == ("huurtoeslag", "done")
        # The partner's note goes with the contact details; the status history stays.
        assert [(h.status, h.note) for h in old.history] == [("new", None), ("done", None)]
        assert recent.name == "Anna"
        assert still_open.name == "Anna"
        assert purge_contacts(session, 30).closed == 0


def test_open_referrals_lose_contact_details_after_the_open_period(
    sessions: sessionmaker[Session], partners: Partners
) -> None:
    with sessions() as session:
        ids = []
        for n in range(2):
            offer(session, partners, session_id=f"chat-000{n}")
            ids.append(create_referral(session, partners, f"chat-000{n}", form(), INBOX).id)
        stale, active = (session.get(Referral, i) for i in ids)
        assert stale is not None
        assert active is not None
        change_status(session, stale, Status.IN_PROGRESS, "partner:x", "Bel Anna terug")
        stale.updated_at = utcnow() - timedelta(days=61)
        active.updated_at = utcnow() - timedelta(days=59)
        session.commit()
        assert purge_contacts(session, 30, open_days=None).open == 0
        counts = purge_contacts(session, 30, open_days=60)
        assert (counts.closed, counts.open) == (0, 1)
        assert (stale.name, stale.phone, stale.note, stale.status) == (
            None,
            None,
            None,
            "in_progress",
        )
        assert [h.note for h in stale.history] == [None, None]
        assert active.name == "Anna"
        # A note the partner writes after the purge is removed by the next round.
        change_status(session, stale, Status.DONE, "partner:x", "Anna gesproken")
        assert stale.history[-1].note == "Anna gesproken"
        purge_contacts(session, 30, open_days=60)
        assert stale.history[-1].note is None


def test_a_used_offer_loses_its_chat_session_and_expired_offers_go_at_retention(
    sessions: sessionmaker[Session], partners: Partners
) -> None:
    with sessions() as session:
        offer(session, partners, session_id="chat-used")
        offer(session, partners, session_id="chat-unused")
        create_referral(session, partners, "chat-used", form(), INBOX)
        # Nothing ties the referral to the chat session any more.
        stored = sorted(o.session_id for o in session.scalars(select(ReferralOffer)))
        assert stored[0] == "chat-unused"
        assert stored[1].startswith("used-")
        assert purge_contacts(session, 30).offers == 0
        for item in session.scalars(select(ReferralOffer)):
            item.expires_at = utcnow() - timedelta(seconds=1)
        session.commit()
        assert purge_contacts(session, 30).offers == 2
        assert session.scalars(select(ReferralOffer)).all() == []


def test_partner_notes_lose_bsn_iban_and_codes(
    sessions: sessionmaker[Session], partners: Partners
) -> None:
    with sessions() as session:
        offer(session, partners)
        referral = create_referral(session, partners, "chat-0001", form(), INBOX)
        note = "Gebeld op 06-12345678, bsn 1234-56-782, iban nl91 abna 0417 1643 00"
        change_status(session, referral, Status.IN_PROGRESS, "partner:x", note)
        stored = referral.history[-1].note
        assert stored == (
            "Gebeld op 06-12345678, bsn [BSN weggehaald], iban [rekeningnummer weggehaald]"
        )


def test_retention_command_purges_old_closed_referrals(
    sessions: sessionmaker[Session], partners: Partners, database_url: str, tmp_path: Path
) -> None:
    with sessions() as session:
        offer(session, partners)
        referral = create_referral(session, partners, "chat-0001", form(), INBOX)
        change_status(session, referral, Status.DONE, "partner:x", None)
        referral.closed_at = utcnow() - timedelta(days=8)
        session.commit()
    # Never the developer's own tracker store under var/.
    tracker = ["--tracker-db", str(tmp_path / "no-tracker.db")]
    assert main(["--url", database_url, "--days", "10", *tracker]) == 0
    with sessions() as session:
        assert session.get(Referral, referral.id).name == "Anna"  # type: ignore[union-attr]
    assert main(["--url", database_url, "--days", "7", *tracker]) == 0
    with sessions() as session:
        assert session.get(Referral, referral.id).name is None  # type: ignore[union-attr]
    assert not (tmp_path / "no-tracker.db").exists()
