"""Anonymous statistics: counts per topic per week, boundary hits, referrals per partner."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wegwijzer.partners import Partners
from wegwijzer.referrals.contact import ContactForm
from wegwijzer.referrals.service import OfferRequest, create_referral, record_offer
from wegwijzer.stats import StatsRecorder, iso_week, statistics, statistics_csv
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import QuestionStat


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
    csv_text = statistics_csv(stats)
    assert csv_text.splitlines()[0] == "soort,week,onderwerp_of_partner,aantal"
    assert f"vragen,{week},huurtoeslag,2" in csv_text
    assert f"digid_grens,{week},huurtoeslag,1" in csv_text
    assert f"doorverwijzingen,{week},schuldhulp_friesland,1" in csv_text
    assert "Anna" not in csv_text
