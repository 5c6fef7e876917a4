"""Texts are due for a new check after 12 months, or when their amounts are for a past year.

The clock is a parameter: the logic is tested on fixed days, and the check of
the real catalogue runs on today's date (or WEGWIJZER_TODAY=YYYY-MM-DD, to
repeat a run exactly).
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from wegwijzer.catalogue import DEFAULT_CATALOGUE_DIR, Catalogue, Task, load_catalogue
from wegwijzer.catalogue.review import due_reviews, due_topics, months_before, stale_topics


@pytest.fixture
def today() -> date:
    pinned = os.environ.get("WEGWIJZER_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def test_no_topic_review_is_older_than_12_months(catalogue: Catalogue, today: date) -> None:
    due = due_reviews(catalogue, today)
    listing = "\n".join(f"  {d.topic}/{d.task.value}: {d.reason}" for d in due)
    assert due == [], f"due for review on {today.isoformat()}:\n{listing}"


@pytest.fixture
def reviewed_on(tmp_path: Path) -> Catalogue:
    """The catalogue with zorgtoeslag/aanvragen last checked on 2025-11-30."""
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_CATALOGUE_DIR, target)
    path = target / "topics" / "zorgtoeslag.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["reviewed"] = date(2025, 11, 30)
    data["tasks"]["aanvragen"]["reviewed"] = date(2025, 11, 30)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_catalogue(target)


def test_a_review_of_exactly_12_months_ago_is_not_yet_due(reviewed_on: Catalogue) -> None:
    assert due_topics(reviewed_on, date(2026, 11, 30)) == []


def test_a_review_older_than_12_months_is_listed(reviewed_on: Catalogue) -> None:
    due = due_reviews(reviewed_on, date(2026, 12, 1))
    assert [(d.topic, d.task) for d in due] == [("zorgtoeslag", Task.AANVRAGEN)]
    assert due[0].reason == "last checked on 2025-11-30"
    assert due_topics(reviewed_on, date(2026, 12, 1)) == ["zorgtoeslag"]


def test_amounts_for_a_year_that_is_over_are_due_on_1_january(catalogue: Catalogue) -> None:
    assert due_reviews(catalogue, date(2026, 12, 31)) == []
    due = {(d.topic, d.task): d.reason for d in due_reviews(catalogue, date(2027, 1, 1))}
    assert due[("huurtoeslag", Task.INFORMATIE)] == "names amounts for 2026"
    assert due[("eigen_bijdrage_cak", Task.INFORMATIE)] == "names amounts for 2026"
    assert all(reason == "names amounts for 2026" for reason in due.values())


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 30), date(2025, 11, 30)),
        (date(2026, 1, 15), date(2025, 1, 15)),
        (date(2028, 2, 29), date(2027, 2, 28)),
    ],
)
def test_twelve_months_back(day: date, expected: date) -> None:
    assert months_before(day, 12) == expected


def test_a_topic_is_stale_after_its_review_months(reviewed_on: Catalogue) -> None:
    # zorgtoeslag was reviewed as a whole on 2025-11-30, every other topic on 2026-11-30.
    assert stale_topics(reviewed_on, date(2026, 5, 31), months=6) == []
    stale = stale_topics(reviewed_on, date(2026, 6, 1), months=6)
    assert [(s.topic, s.reviewed, s.owner) for s in stale] == [
        ("zorgtoeslag", date(2025, 11, 30), "Redactie IDO")
    ]
    assert stale[0].title == "Zorgtoeslag"
    # A longer period lists it later; the others follow 6 months after their own review.
    assert stale_topics(reviewed_on, date(2026, 6, 1), months=12) == []
    assert len(stale_topics(reviewed_on, date(2027, 6, 1), months=6)) == len(reviewed_on.topics)
