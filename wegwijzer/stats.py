"""Anonymous statistics: questions per topic per week, DigiD-boundary hits, referrals per partner.

Only counts are kept; the visitor's words never reach this module.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import QuestionStat, Referral


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


class StatsRecorder:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record_question(self, branch: str, topic: str | None, boundary: bool) -> None:
        key = (iso_week(utcnow()), branch, topic or "")
        with self._sessions() as session:
            row = session.get(QuestionStat, key)
            if row is None:
                row = QuestionStat(
                    week=key[0], branch=branch, topic=key[2], questions=0, boundary_hits=0
                )
                session.add(row)
            row.questions += 1
            row.boundary_hits += int(boundary)
            session.commit()


@dataclass(frozen=True)
class TopicWeek:
    week: str
    topic: str
    questions: int
    boundary_hits: int


@dataclass(frozen=True)
class PartnerWeek:
    week: str
    partner: str
    referrals: int


@dataclass(frozen=True)
class Statistics:
    topics: list[TopicWeek]
    referrals: list[PartnerWeek]


def statistics(session: Session, branches: Collection[str] | None) -> Statistics:
    """Counts for these branches (None: every branch)."""
    query = select(QuestionStat)
    if branches is not None:
        query = query.where(QuestionStat.branch.in_(branches))
    totals: dict[tuple[str, str], list[int]] = {}
    for row in session.scalars(query):
        counts = totals.setdefault((row.week, row.topic), [0, 0])
        counts[0] += row.questions
        counts[1] += row.boundary_hits
    topics = [TopicWeek(week, topic, q, b) for (week, topic), (q, b) in sorted(totals.items())]
    referral_query = select(Referral.created_at, Referral.partner_id)
    if branches is not None:
        referral_query = referral_query.where(Referral.branch.in_(branches))
    per_partner: dict[tuple[str, str], int] = {}
    for created_at, partner in session.execute(referral_query):
        key = (iso_week(created_at), partner)
        per_partner[key] = per_partner.get(key, 0) + 1
    referrals = [PartnerWeek(w, p, n) for (w, p), n in sorted(per_partner.items())]
    return Statistics(topics, referrals)


def statistics_csv(stats: Statistics) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["soort", "week", "onderwerp_of_partner", "aantal"])
    for t in stats.topics:
        writer.writerow(["vragen", t.week, t.topic or "geen onderwerp", t.questions])
        writer.writerow(["digid_grens", t.week, t.topic or "geen onderwerp", t.boundary_hits])
    for r in stats.referrals:
        writer.writerow(["doorverwijzingen", r.week, r.partner, r.referrals])
    return out.getvalue()
