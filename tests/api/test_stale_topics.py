"""The staff page lists topics not reviewed as a whole for WEGWIJZER_REVIEW_MONTHS."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_rasa
from api.settings import Settings
from tests.conftest import STAFF_TOKEN, FakeRasa
from wegwijzer.catalogue import DEFAULT_CATALOGUE_DIR
from wegwijzer.catalogue.review import months_before
from wegwijzer.storage.clock import utcnow

OPERATOR = {"Authorization": f"Bearer {STAFF_TOKEN}"}
LEEUWARDEN = {"Authorization": "Bearer demo-balie-leeuwarden-token"}


def reviewed_on(catalogue_dir: Path, topic: str, day: object) -> None:
    """Date the topic's review and every task's check `day`."""
    path = catalogue_dir / "topics" / f"{topic}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["reviewed"] = day
    for guidance in data["tasks"].values():
        guidance["reviewed"] = day
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def aged(tmp_path: Path, settings: Settings) -> Iterator[tuple[TestClient, Settings]]:
    """AOW reviewed 7 months ago, zorgtoeslag 5 months ago, the rest as shipped."""
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_CATALOGUE_DIR, target)
    today = utcnow().date()
    reviewed_on(target, "aow", months_before(today, 7))
    reviewed_on(target, "zorgtoeslag", months_before(today, 5))
    chosen = settings.model_copy(update={"catalogue_dir": target})
    app = create_app(chosen)
    app.dependency_overrides[get_rasa] = FakeRasa
    with TestClient(app) as client:
        yield client, chosen


def test_staff_see_the_topics_not_reviewed_for_six_months(
    aged: tuple[TestClient, Settings],
) -> None:
    client, _ = aged
    response = client.get("/api/staff/reviews", headers=LEEUWARDEN)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["months"] == 6
    assert [(t["topic"], t["title"], t["owner"]) for t in body["topics"]] == [
        ("aow", "AOW", "Redactie IDO")
    ]
    assert body["topics"][0]["reviewed"] == months_before(utcnow().date(), 7).isoformat()


def test_the_review_period_is_a_setting(tmp_path: Path, aged: tuple[TestClient, Settings]) -> None:
    _, chosen = aged
    app = create_app(chosen.model_copy(update={"review_months": 4}))
    app.dependency_overrides[get_rasa] = FakeRasa
    with TestClient(app) as client:
        topics = client.get("/api/staff/reviews", headers=OPERATOR).json()["topics"]
    assert [t["topic"] for t in topics] == ["aow", "zorgtoeslag"]


def test_the_list_needs_a_staff_token(client: TestClient) -> None:
    assert client.get("/api/staff/reviews").status_code == 401
    partner = {"Authorization": "Bearer demo-formulierenhulp-token"}
    assert client.get("/api/staff/reviews", headers=partner).status_code == 401
    assert client.get("/api/staff/reviews", headers=OPERATOR).status_code == 200
