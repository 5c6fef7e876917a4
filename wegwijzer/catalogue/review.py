"""Which task texts and topics are due for a new check.

Rules change (a new year's amounts, a new law), and a text that was true when
an editor checked it can mislead a visitor later. A text is due when its
review is more than 12 months old, or when it names an amount for a year that
is over. A whole topic (links, provider, every text) is stale when its own
`reviewed:` is more than WEGWIJZER_REVIEW_MONTHS (6) old: `wegwijzer
check-config` warns and the staff page lists it. The caller passes today's
date, so tests can fix the clock.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from wegwijzer.catalogue.models import Catalogue, Task

REVIEW_MONTHS = 12

_AMOUNT = re.compile(r"€\s?\d")
_YEAR = re.compile(r"\b(20\d\d)\b")


@dataclass(frozen=True)
class DueReview:
    topic: str
    task: Task
    reviewed: date
    reason: str


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier; the last day of that month when it is shorter."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_reviews(catalogue: Catalogue, today: date) -> list[DueReview]:
    """Every task text whose review is older than 12 months or whose amounts are for a past year."""
    oldest_allowed = months_before(today, REVIEW_MONTHS)
    due: list[DueReview] = []
    for topic_id, topic in sorted(catalogue.topics.items()):
        for task, guidance in topic.tasks.items():
            reasons = []
            if guidance.reviewed < oldest_allowed:
                reasons.append(f"last checked on {guidance.reviewed.isoformat()}")
            years = {int(y) for y in _YEAR.findall(guidance.text)}
            if _AMOUNT.search(guidance.text) and years and max(years) < today.year:
                reasons.append(f"names amounts for {max(years)}")
            if reasons:
                due.append(DueReview(topic_id, task, guidance.reviewed, "; ".join(reasons)))
    return due


@dataclass(frozen=True)
class StaleTopic:
    topic: str
    title: str
    owner: str
    reviewed: date


def stale_topics(catalogue: Catalogue, today: date, months: int) -> list[StaleTopic]:
    """Topics whose whole-topic review is more than `months` months before `today`."""
    oldest_allowed = months_before(today, months)
    return [
        StaleTopic(topic_id, topic.title, topic.owner, topic.reviewed)
        for topic_id, topic in sorted(catalogue.topics.items())
        if topic.reviewed < oldest_allowed
    ]


def due_topics(catalogue: Catalogue, today: date) -> list[str]:
    """The topic ids with at least one text due for review, in order."""
    return sorted({d.topic for d in due_reviews(catalogue, today)})
