"""Staff accounts from the partners file: each sees its own branches; the operator all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from api.deps import get_rasa
from api.settings import Settings
from tests.conftest import STAFF_TOKEN, FakeRasa
from wegwijzer.referrals.service import OfferRequest, record_offer
from wegwijzer.stats import StatsRecorder
from wegwijzer.storage.models import OutboxMessage

OPERATOR = {"Authorization": f"Bearer {STAFF_TOKEN}"}
LEEUWARDEN = {"Authorization": "Bearer demo-balie-leeuwarden-token"}
NOORD = {"Authorization": "Bearer demo-balie-noord-token"}
PARTNER = {"Authorization": "Bearer demo-formulierenhulp-token"}


def refer(client: TestClient, session_id: str, branch: str) -> str:
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        record_offer(
            session,
            services.partners,
            OfferRequest(session_id, "huurtoeslag", "aanvragen", branch),
            timedelta(minutes=30),
        )
    response = client.post(
        "/api/referrals",
        json={"session_id": session_id, "consent": True, "name": "Anna", "phone": "0612345678"},
    )
    assert response.status_code == 201, response.text
    reference: str = response.json()["reference"]
    return reference


@pytest.fixture
def busy(client: TestClient) -> dict[str, str]:
    """One referral in Leeuwarden and one in Dokkum; all their notifications failed."""
    references = {
        "leeuwarden": refer(client, "chat-session-01", "leeuwarden"),
        "dokkum": refer(client, "chat-session-02", "dokkum"),
    }
    services = client.app.state.services  # type: ignore[attr-defined]
    recorder = StatsRecorder(services.sessions)
    recorder.record_question("leeuwarden", "huurtoeslag", boundary=True)
    recorder.record_question("dokkum", "aow", boundary=False)
    with services.sessions() as session:
        for message in session.scalars(select(OutboxMessage)):
            message.status = "failed"
        session.commit()
    return references


def test_a_branch_account_sees_only_its_own_branch(
    client: TestClient, busy: dict[str, str]
) -> None:
    me = client.get("/api/staff/me", headers=LEEUWARDEN).json()
    assert me == {"name": "Balie Leeuwarden (voorbeeld)", "branches": ["leeuwarden"]}
    rows = client.get("/api/staff/referrals", headers=LEEUWARDEN).json()
    assert [r["reference"] for r in rows] == [busy["leeuwarden"]]
    deliveries = client.get("/api/staff/deliveries", headers=LEEUWARDEN).json()
    assert deliveries
    assert {d["referral_id"] for d in deliveries} == {rows[0]["id"]}
    stats = client.get("/api/staff/stats", headers=LEEUWARDEN).json()
    assert [t["topic"] for t in stats["topics"]] == ["huurtoeslag"]
    csv_text = client.get("/api/staff/stats.csv", headers=LEEUWARDEN).text
    assert "Huurtoeslag" in csv_text
    assert "AOW" not in csv_text


@pytest.mark.parametrize(
    "path",
    ["/api/staff/referrals", "/api/staff/deliveries", "/api/staff/stats", "/api/staff/stats.csv"],
)
def test_another_branch_is_refused_in_dutch(client: TestClient, path: str) -> None:
    response = client.get(path, params={"branch": "dokkum"}, headers=LEEUWARDEN)
    assert response.status_code == 403
    assert response.json()["detail"] == "Deze vestiging hoort niet bij uw account."


def test_an_account_with_two_branches_sees_both_and_opens_offers_in_its_own(
    client: TestClient, busy: dict[str, str]
) -> None:
    rows = client.get("/api/staff/referrals", headers=NOORD).json()
    assert [r["reference"] for r in rows] == [busy["dokkum"]]
    # The kiosk's default branch is not theirs: the offer goes to their own branch.
    offer = client.post("/api/staff/referral-offers", json={"topic": "aow"}, headers=NOORD)
    assert offer.status_code == 201, offer.text
    assert offer.json()["branch"] == "dokkum"
    elsewhere = client.post(
        "/api/staff/referral-offers", json={"branch": "leeuwarden"}, headers=NOORD
    )
    assert elsewhere.status_code == 403


def test_the_operator_token_sees_every_branch(client: TestClient, busy: dict[str, str]) -> None:
    assert client.get("/api/staff/me", headers=OPERATOR).json() == {
        "name": "Beheerder",
        "branches": None,
    }
    rows = client.get("/api/staff/referrals", headers=OPERATOR).json()
    assert {r["reference"] for r in rows} == set(busy.values())
    dokkum = client.get("/api/staff/referrals", params={"branch": "dokkum"}, headers=OPERATOR)
    assert [r["reference"] for r in dokkum.json()] == [busy["dokkum"]]


def test_staff_and_partner_tokens_do_not_cross(client: TestClient) -> None:
    assert client.get("/api/staff/referrals", headers=PARTNER).status_code == 401
    assert client.get("/api/partner/referrals", headers=LEEUWARDEN).status_code == 401
    assert client.post("/api/triage", json={"text": "aow"}, headers=LEEUWARDEN).status_code == 200


@pytest.fixture
def without_operator_token(settings: Settings, fake_rasa: FakeRasa) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"staff_token": None}))
    app.dependency_overrides[get_rasa] = lambda: fake_rasa
    with TestClient(app) as test_client:
        yield test_client


def test_accounts_work_without_an_operator_token(without_operator_token: TestClient) -> None:
    client = without_operator_token
    assert client.get("/api/staff/me", headers=LEEUWARDEN).status_code == 200
    refused = client.get("/api/staff/me", headers=OPERATOR)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Log in met een geldig medewerker-token."
