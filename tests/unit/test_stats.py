"""Anonymous statistics: counts per topic per week, boundary hits, referrals per partner."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wegwijzer.partners import Partners
from wegwijzer.referrals.contact import ContactForm
from wegwijzer.referrals.service import OfferRequest, create_referral, record_offer
from wegwijzer.stats import Period, StatsRecorder, iso_week, statistics, statistics_csv
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import QuestionStat, Referral, StatusChange


def test_iso_week() -> None:
    assert iso_week(datetime(2026, 11, 28)) == "2026-W48"
    assert iso_week(datetime(2027, 1, 1)) == "2026-W53"


def test_counts_per_branch_topic_and_boundary(
    sessions: sessionmaker[Session], partners: Partners
) -> None:
    recorder = StatsRecorder(sessions)
    recorder.record_question("leeuwarden", "huurtoeslag", boundary=True)
    recorder.record_question("leeuwarden", "huurtoeslag", boundary=False)
    recorder.record_question("leeuwarden", None, boundary=False)
    recorder.record_question("dokkum", "aow", boundary=False)
    with sessions() as session:
        record_offer(
            session,
            partners,
            OfferRequest("chat-1", "schulden", "aanvragen", "leeuwarden"),
            timedelta(minutes=5),
        )
        create_referral(
            session,
            partners,
            "chat-1",
            ContactForm(True, "Anna", "0612345678", None, None, None),
            "http://x",
        )
        stats = statistics(session, ["leeuwarden"])
        week = iso_week(utcnow())
        assert [(t.week, t.topic, t.questions, t.boundary_hits) for t in stats.topics] == [
            (week, "", 1, 0),
            (week, "huurtoeslag", 2, 1),
        ]
        assert [(r.partner, r.referrals) for r in stats.referrals] == [("schuldhulp_friesland", 1)]
        everywhere = statistics(session, None)
        assert sum(t.questions for t in everywhere.topics) == 4
        two = statistics(session, ["leeuwarden", "dokkum"])
        assert sum(t.questions for t in two.topics) == 4
        assert [t.topic for t in statistics(session, ["dokkum"]).topics] == ["aow"]
        columns = {c.name for c in QuestionStat.__table__.columns}
        assert columns == {"week", "branch", "topic", "questions", "boundary_hits"}
        assert len(session.scalars(select(QuestionStat)).all()) == 3
    titles = {"huurtoeslag": "Huurtoeslag"}
    names = {"schuldhulp_friesland": "Schuldhulp Friesland (voorbeeld)"}
    raw = statistics_csv(stats, titles, names).encode("utf-8")
    # As Dutch Excel reads it: a byte-order mark, then ";" between the columns.
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Soort", "Week", "Onderwerp of partner", "Aantal"]
    assert ["Vragen", week, "Huurtoeslag", "2"] in rows
    assert ["DigiD-grens bereikt", week, "Huurtoeslag", "1"] in rows
    assert ["Vragen", week, "Geen onderwerp", "1"] in rows
    assert ["Doorverwijzingen", week, "Schuldhulp Friesland (voorbeeld)", "1"] in rows
    assert all(len(row) == 4 for row in rows)
    assert "Anna" not in raw.decode("utf-8")
    assert "huurtoeslag" not in raw.decode("utf-8")  # the title, never the internal id


def test_a_period_counts_only_its_weeks(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        for week, questions in (("2026-W40", 3), ("2026-W45", 5), ("2026-W48", 7)):
            session.add(
                QuestionStat(
                    week=week,
                    branch="leeuwarden",
                    topic="aow",
                    questions=questions,
                    boundary_hits=0,
                )
            )
        session.commit()
        period = Period.last_weeks(4, date(2026, 11, 28))
        assert (period.first, period.last) == ("2026-W45", "2026-W48")
        assert Period.monday("2026-W45") == date(2026, 11, 2)
        counted = statistics(session, ["leeuwarden"], period)
        assert [(t.week, t.questions) for t in counted.topics] == [("2026-W45", 5), ("2026-W48", 7)]
        assert counted.period == period
        everything = statistics(session, ["leeuwarden"])
        assert sum(t.questions for t in everything.topics) == 15
        one = statistics(session, ["leeuwarden"], Period.last_weeks(1, date(2026, 11, 28)))
        assert [t.week for t in one.topics] == ["2026-W48"]


def test_overdue_counts_and_median_time_to_first_contact_per_partner(
    sessions: sessionmaker[Session], partners: Partners
) -> None:
    form = ContactForm(True, "Anna", "0612345678", None, None, None)
    ids = []
    with sessions() as session:
        for n in range(4):
            chat = f"chat-promise-{n}"
            record_offer(
                session,
                partners,
                OfferRequest(chat, "huurtoeslag", "aanvragen", "leeuwarden"),
                timedelta(minutes=5),
            )
            ids.append(create_referral(session, partners, chat, form, "http://x").id)
        referrals = [session.get(Referral, i) for i in ids]
        assert all(r is not None for r in referrals)
        first, second, third, late = [r for r in referrals if r is not None]
        # First contact after 2, 10 and 30 hours ("received" alone is not contact).
        for referral, hours, status in ((first, 2, "in_progress"), (second, 10, "unreachable")):
            referral.history.append(
                StatusChange(
                    status="received",
                    actor="partner:p",
                    at=referral.created_at + timedelta(hours=1),
                )
            )
            referral.history.append(
                StatusChange(
                    status=status,
                    actor="partner:p",
                    at=referral.created_at + timedelta(hours=hours),
                )
            )
            referral.status = status
        third.history.append(
            StatusChange(
                status="done", actor="partner:p", at=third.created_at + timedelta(hours=30)
            )
        )
        third.status = "done"
        # Picked up only after it was overdue: it still counts as late.
        third.overdue_at = third.created_at + timedelta(days=5)
        late.due_on = date.today() - timedelta(days=2)
        session.commit()
        stats = statistics(session, ["leeuwarden"])
    [promise] = stats.promises or []
    assert promise.partner == "formulierenhulp_friesland"
    assert (promise.referrals, promise.overdue) == (4, 2)
    assert promise.median_hours_to_contact == 10.0
    names = {"formulierenhulp_friesland": "Formulierenhulp Friesland (voorbeeld)"}
    rows = list(
        csv.reader(io.StringIO(statistics_csv(stats, {}, names)[1:], newline=""), delimiter=";")
    )
    assert ["Te laat opgepakt", "", "Formulierenhulp Friesland (voorbeeld)", "2"] in rows
    assert [
        "Mediaan uren tot eerste contact",
        "",
        "Formulierenhulp Friesland (voorbeeld)",
        "10,0",
    ] in rows
