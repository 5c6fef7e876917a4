"""The partner's promise: due dates on Dutch working days, one overdue notice, the digest."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.receivers import WebhookReceiver, smtp_server, webhook_receiver
from tests.unit.test_delivery import FORM, SECRET, outbox, partners_with, run
from wegwijzer.delivery.outbox import EVENT_DIGEST, EVENT_REFERRAL_OVERDUE
from wegwijzer.delivery.worker import SmtpSettings
from wegwijzer.partners import Partners
from wegwijzer.referrals.promise import enqueue_digests, is_overdue, mark_overdue
from wegwijzer.referrals.service import OfferRequest, create_referral, record_offer
from wegwijzer.storage.models import Referral
from wegwijzer.workdays import add_working_days, due_date, dutch_date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Friday + 3 working days: the weekend does not count.
        (date(2026, 11, 27), 3, date(2026, 12, 2)),
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday: Monday is the first day
        # Koningsdag 2026 is Monday 27 April.
        (date(2026, 4, 24), 1, date(2026, 4, 28)),
        (date(2026, 4, 24), 3, date(2026, 4, 30)),
        # Christmas: 25 December (Friday) and Tweede Kerstdag (Saturday) in 2026.
        (date(2026, 12, 23), 3, date(2026, 12, 29)),
        # New Year's Day 2027 is a Friday.
        (date(2026, 12, 31), 1, date(2027, 1, 4)),
        # 2027: Christmas falls on Saturday and Sunday, so no weekday is lost.
        (date(2027, 12, 23), 3, date(2027, 12, 28)),
    ],
)
def test_due_dates_skip_weekends_and_public_holidays(start: date, days: int, due: date) -> None:
    assert add_working_days(start, days) == due


def test_due_date_is_counted_from_the_dutch_date() -> None:
    # 23:30 UTC on Friday 27 November is already Saturday in the Netherlands.
    assert due_date(datetime(2026, 11, 27, 23, 30), 1) == date(2026, 11, 30)
    assert due_date(datetime(2026, 11, 27, 22, 30), 1) == date(2026, 11, 30)
    assert due_date(datetime(2026, 11, 27, 10, 0), 1) == date(2026, 11, 30)
    assert due_date(datetime(2026, 11, 26, 10, 0), 1) == date(2026, 11, 27)


def test_dates_are_written_out_in_dutch() -> None:
    assert dutch_date(date(2026, 12, 3)) == "donderdag 3 december"
    assert dutch_date(date(2027, 4, 27), weekday=False) == "27 april"


def make(sessions: sessionmaker[Session], partners: Partners, chat: str) -> str:
    with sessions() as session:
        record_offer(
            session,
            partners,
            OfferRequest(chat, "huurtoeslag", "aanvragen", "leeuwarden"),
            timedelta(minutes=5),
        )
        return create_referral(session, partners, chat, FORM, "http://inbox").id


def backdate(sessions: sessionmaker[Session], referral_id: str, due: date) -> None:
    with sessions() as session:
        referral = session.get(Referral, referral_id)
        assert referral is not None
        referral.due_on = due
        session.commit()


def test_a_referral_gets_its_partners_due_date(
    sessions: sessionmaker[Session], partners: Partners
) -> None:
    referral_id = make(sessions, partners, "chat-due-1")
    with sessions() as session:
        referral = session.get(Referral, referral_id)
        assert referral is not None
        assert referral.due_on == due_date(referral.created_at, 3)
        assert not is_overdue(referral, referral.due_on)
        assert is_overdue(referral, referral.due_on + timedelta(days=1))


def test_an_overdue_referral_is_told_once_signed(sessions: sessionmaker[Session]) -> None:
    with webhook_receiver(WebhookReceiver(SECRET)) as receiver:
        partners = partners_with(receiver.url)
        late = make(sessions, partners, "chat-late")
        on_time = make(sessions, partners, "chat-on-time")
        picked_up = make(sessions, partners, "chat-picked-up")
        today = date(2026, 12, 10)
        backdate(sessions, late, today - timedelta(days=1))
        backdate(sessions, on_time, today)
        backdate(sessions, picked_up, today - timedelta(days=1))
        with sessions() as session:
            referral = session.get(Referral, picked_up)
            assert referral is not None
            referral.status = "received"
            session.commit()
        with sessions() as session:
            assert mark_overdue(session, partners, "http://inbox", today) == 1
            # The next round (or another app instance): no second notice.
            assert mark_overdue(session, partners, "http://inbox", today) == 0
            # The next day only the one due today is new to tell.
            assert mark_overdue(session, partners, "http://inbox", today + timedelta(1)) == 1
        run(sessions, partners)
    bodies = [json.loads(r.body) for r in receiver.accepted()]
    told = [b["data"]["referral_id"] for b in bodies if b["type"] == EVENT_REFERRAL_OVERDUE]
    assert sorted(told) == sorted([late, on_time])
    [overdue] = [
        r
        for r, b in zip(receiver.accepted(), bodies, strict=True)
        if b["type"] == EVENT_REFERRAL_OVERDUE and b["data"]["referral_id"] == late
    ]
    # Verified by the standardwebhooks reference library against the partner's secret.
    assert overdue.signature_ok
    payload = json.loads(overdue.body)
    assert payload["data"]["referral_id"] == late
    assert payload["data"]["due_on"] == "2026-12-09"
    assert "Anna" not in overdue.body
    assert len(receiver.accepted()) == 5  # three created, two overdue: each once


def test_the_overdue_email_carries_no_personal_data(sessions: sessionmaker[Session]) -> None:
    with smtp_server() as mailbox:
        partners = partners_with(None, email="partner@example.org")
        late = make(sessions, partners, "chat-late-mail")
        backdate(sessions, late, date(2026, 12, 1))
        with sessions() as session:
            mark_overdue(session, partners, "http://inbox", date(2026, 12, 2))
        run(sessions, partners, smtp=SmtpSettings(host="127.0.0.1", port=mailbox.port))
    contents = [m.content.decode() for m in mailbox.messages]
    [overdue] = [c for c in contents if "wacht nog op contact" in c]
    assert "uiterlijk 2026-12-01" in overdue
    for private in ("Anna", "0612345678", "612345678", "graag bellen", "middag"):
        assert private not in overdue


def test_the_daily_digest_counts_without_personal_data(sessions: sessionmaker[Session]) -> None:
    with smtp_server() as mailbox:
        partners = partners_with(None, email="partner@example.org")
        first = make(sessions, partners, "chat-digest-1")
        make(sessions, partners, "chat-digest-2")
        backdate(sessions, first, date(2026, 12, 1))
        today = date(2026, 12, 2)
        with sessions() as session:
            assert enqueue_digests(session, partners, "http://inbox/partner", today) == 1
            # Once a day: a second round (or instance) writes nothing.
            assert enqueue_digests(session, partners, "http://inbox/partner", today) == 0
        run(sessions, partners, smtp=SmtpSettings(host="127.0.0.1", port=mailbox.port))
    digests = [m for m in outbox(sessions) if m.event_type == EVENT_DIGEST]
    assert [(m.status, m.referral_id) for m in digests] == [("delivered", None)]
    data = json.loads(digests[0].payload)["data"]
    assert (data["new"], data["overdue"], data["in_progress"]) == (2, 1, 0)
    assert set(data) == {"partner", "date", "new", "overdue", "in_progress", "inbox_url"}
    [content] = [m.content.decode() for m in mailbox.messages if b"wachten" in m.content]
    assert "Nieuw, nog niet geopend: 2." in content
    assert "http://inbox/partner" in content
    with sessions() as session:
        references = session.scalars(select(Referral.reference)).all()
    for private in ("Anna", "0612345678", "612345678", "graag bellen", "huurtoeslag", *references):
        assert private not in content


def test_no_digest_when_nothing_waits(sessions: sessionmaker[Session]) -> None:
    partners = partners_with(None, email="partner@example.org")
    with sessions() as session:
        assert enqueue_digests(session, partners, "http://inbox", date(2026, 12, 2)) == 0
