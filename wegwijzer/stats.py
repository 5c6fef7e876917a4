"""Anonymous statistics: questions per topic per week, DigiD-boundary hits, referrals per partner.

Only counts are kept; the visitor's words never reach this module.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wegwijzer.referrals.status import Status
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import QuestionStat, Referral, StatusChange
from wegwijzer.workdays import local_date

# The partner reached the visitor (or tried to): the first of these statuses.
CONTACT = (Status.IN_PROGRESS.value, Status.DONE.value, Status.UNREACHABLE.value)


def iso_week(moment: date) -> str:
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
class Period:
    """ISO weeks from `first` to `last`, both included; `first` None: since the start."""

    first: str | None
    last: str | None

    @classmethod
    def last_weeks(cls, weeks: int | None, today: date) -> Period:
        """The last `weeks` weeks up to and including this one; None: everything."""
        if weeks is None:
            return cls(None, None)
        start = today - timedelta(weeks=weeks - 1)
        return cls(iso_week(start), iso_week(today))

    def holds(self, week: str) -> bool:
        return (self.first is None or week >= self.first) and (
            self.last is None or week <= self.last
        )

    @staticmethod
    def monday(week: str) -> date:
        year, number = week.split("-W")
        return date.fromisocalendar(int(year), int(number), 1)


EVERYTHING = Period(None, None)


@dataclass(frozen=True)
class PartnerPromise:
    """How a partner keeps its promise, over the referrals made in the period."""

    partner: str
    referrals: int
    # Still new after the due day, now or when they were first picked up.
    overdue: int
    # Median hours from the referral to the first contact (None: no contact yet).
    median_hours_to_contact: float | None


@dataclass(frozen=True)
class Statistics:
    topics: list[TopicWeek]
    referrals: list[PartnerWeek]
    period: Period = EVERYTHING
    promises: list[PartnerPromise] | None = None


def statistics(
    session: Session, branches: Collection[str] | None, period: Period = EVERYTHING
) -> Statistics:
    """Counts for these branches (None: every branch) in these weeks."""
    query = select(QuestionStat)
    if branches is not None:
        query = query.where(QuestionStat.branch.in_(branches))
    if period.first is not None:
        query = query.where(QuestionStat.week >= period.first)
    if period.last is not None:
        query = query.where(QuestionStat.week <= period.last)
    totals: dict[tuple[str, str], list[int]] = {}
    for row in session.scalars(query):
        counts = totals.setdefault((row.week, row.topic), [0, 0])
        counts[0] += row.questions
        counts[1] += row.boundary_hits
    topics = [TopicWeek(week, topic, q, b) for (week, topic), (q, b) in sorted(totals.items())]
    referral_query = select(Referral)
    if branches is not None:
        referral_query = referral_query.where(Referral.branch.in_(branches))
    per_partner: dict[tuple[str, str], int] = {}
    if period.first is not None:
        start = datetime.combine(Period.monday(period.first), datetime.min.time())
        referral_query = referral_query.where(Referral.created_at >= start)
    in_period = [r for r in session.scalars(referral_query) if period.holds(iso_week(r.created_at))]
    for referral in in_period:
        key = (iso_week(referral.created_at), referral.partner_id)
        per_partner[key] = per_partner.get(key, 0) + 1
    referrals = [PartnerWeek(w, p, n) for (w, p), n in sorted(per_partner.items())]
    return Statistics(topics, referrals, period, promises(session, in_period))


def promises(session: Session, referrals: list[Referral]) -> list[PartnerPromise]:
    """Overdue counts and the median time to first contact, per partner."""
    today = local_date(utcnow())
    contacts: dict[str, datetime] = {}
    ids = [r.id for r in referrals]
    for start in range(0, len(ids), 500):  # stay below SQL parameter limits
        rows = session.execute(
            select(StatusChange.referral_id, StatusChange.at).where(
                StatusChange.referral_id.in_(ids[start : start + 500]),
                StatusChange.status.in_(CONTACT),
            )
        )
        for referral_id, at in rows:
            if referral_id not in contacts or at < contacts[referral_id]:
                contacts[referral_id] = at
    grouped: dict[str, list[Referral]] = {}
    for referral in referrals:
        grouped.setdefault(referral.partner_id, []).append(referral)
    result = []
    for partner, own in sorted(grouped.items()):
        overdue = sum(
            1
            for r in own
            if r.overdue_at is not None
            or (r.status == Status.NEW.value and r.due_on is not None and r.due_on < today)
        )
        hours = [
            (contacts[r.id] - r.created_at).total_seconds() / 3600 for r in own if r.id in contacts
        ]
        result.append(
            PartnerPromise(
                partner=partner,
                referrals=len(own),
                overdue=overdue,
                median_hours_to_contact=round(median(hours), 1) if hours else None,
            )
        )
    return result


# Dutch Excel opens a CSV file by double click only with ";" between the columns, and
# reads it as UTF-8 (é, ë, €) only when the file starts with a byte-order mark.
CSV_SEPARATOR = ";"
BYTE_ORDER_MARK = "\ufeff"
NO_TOPIC = "Geen onderwerp"


def statistics_csv(
    stats: Statistics, topic_titles: Mapping[str, str], partner_names: Mapping[str, str]
) -> str:
    """The counts as Dutch Excel opens them, with names instead of internal ids."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow(["Soort", "Week", "Onderwerp of partner", "Aantal"])
    for t in stats.topics:
        title = topic_titles.get(t.topic, t.topic) if t.topic else NO_TOPIC
        writer.writerow(["Vragen", t.week, title, t.questions])
        writer.writerow(["DigiD-grens bereikt", t.week, title, t.boundary_hits])
    for r in stats.referrals:
        writer.writerow(
            ["Doorverwijzingen", r.week, partner_names.get(r.partner, r.partner), r.referrals]
        )
    # The partner's promise over the whole period: no week.
    for p in stats.promises or []:
        name = partner_names.get(p.partner, p.partner)
        writer.writerow(["Te laat opgepakt", "", name, p.overdue])
        hours = p.median_hours_to_contact
        shown = "" if hours is None else f"{hours:.1f}".replace(".", ",")
        writer.writerow(["Mediaan uren tot eerste contact", "", name, shown])
    return out.getvalue()
