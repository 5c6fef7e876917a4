"""Retention on the province shape: Rasa's tracker store and the app's database on PostgreSQL."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import text

from bot.cluster import DB_USER
from tests.cluster.conftest import Infra
from tests.rasa_tracker import write_with_rasa
from wegwijzer.catalogue import load_catalogue
from wegwijzer.config import Settings
from wegwijzer.partners import DEFAULT_PARTNERS_FILE, load_partners
from wegwijzer.referrals.contact import ContactForm
from wegwijzer.referrals.service import OfferRequest, change_status, create_referral, record_offer
from wegwijzer.referrals.status import Status
from wegwijzer.retention import run
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.engine import make_engine, make_sessionmaker
from wegwijzer.storage.migrate import upgrade

HOUR = 3600.0


def test_retention_deletes_old_transcripts_and_contact_details_on_postgres(infra: Infra) -> None:
    tracker_db, app_db = infra.new_database(), infra.new_database()
    now = time.time()
    write_with_rasa(
        {
            "dialect": "postgresql",
            "host": "127.0.0.1",
            "port": infra.pg_port,
            "db": tracker_db,
            "username": DB_USER,
        },
        {
            "sessie-oud": (now - 30 * HOUR, ["Mijn buurman Hieronymus helpt mij"]),
            "sessie-nieuw": (now - 1 * HOUR, ["Heb ik recht op huurtoeslag?"]),
        },
    )
    app_url = infra.app_url(app_db)
    upgrade(app_url)
    engine = make_engine(app_url)
    partners = load_partners(DEFAULT_PARTNERS_FILE, load_catalogue())
    with make_sessionmaker(engine)() as session:
        record_offer(
            session,
            partners,
            OfferRequest("chat-pg", "huurtoeslag", "aanvragen", "leeuwarden"),
            timedelta(minutes=30),
        )
        form = ContactForm(True, "Wilhelmina", "0687654321", None, None, "Bel na de lunch")
        referral = create_referral(session, partners, "chat-pg", form, "http://x/partner")
        change_status(session, referral, Status.DONE, "partner:x", "Wilhelmina gebeld")
        referral.closed_at = utcnow() - timedelta(days=31)
        session.commit()

    report = run(Settings(database_url=app_url, rasa_tracker_url=infra.tracker_url(tracker_db)))
    assert (report.referrals.closed, report.transcript_events) == (1, 1)
    assert "postgresql" in report.tracker

    tracker = make_engine(infra.app_url(tracker_db))
    with tracker.connect() as connection:
        rows = connection.execute(text("SELECT sender_id, data FROM events")).all()
    tracker.dispose()
    assert [sender for sender, _ in rows] == ["sessie-nieuw"]
    assert "Hieronymus" not in str(rows)
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT name, phone, note FROM referrals WHERE id = :id"), {"id": referral.id}
        ).one()
        notes = connection.execute(text("SELECT note FROM referral_status_changes")).all()
    engine.dispose()
    assert tuple(stored) == (None, None, None)
    assert [note for (note,) in notes] == [None, None]
