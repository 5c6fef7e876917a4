"""POST /api/triage: staff auth, the interface contract, and clear errors."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.visitor_input import MAX_TEXT
from tests.conftest import STAFF_TOKEN, FakeRasa
from wegwijzer.catalogue import Catalogue

AUTH = {"Authorization": f"Bearer {STAFF_TOKEN}"}


def ranking(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"name": n, "confidence": c} for n, c in pairs]


def test_doubt_is_reported_and_never_says_no_digid(client: TestClient, fake_rasa: FakeRasa) -> None:
    fake_rasa.ranking = ranking(("huurtoeslag", 0.9))
    fake_rasa.task_ranking = ranking(("informatie", 0.5), ("aanvragen", 0.45))
    body = client.post("/api/triage", json={"text": "huurtoeslag regelen"}, headers=AUTH).json()
    assert body["task"] == "informatie"
    assert body["task_uncertain"] is True
    assert body["task_alternatives"] == ["aanvragen"]
    assert body["digid_required"] is True
    assert body["at_the_boundary"] is True
    assert [t["topic"] for t in body["top_topics"]] == ["huurtoeslag"]


def test_arranging_a_mandate_needs_digid_but_staff_need_not_stop(
    client: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.ranking = ranking(("digid_machtigen", 0.9))
    fake_rasa.task_ranking = ranking(("aanvragen", 0.9), ("informatie", 0.05))
    body = client.post(
        "/api/triage", json={"text": "ik wil mijn buurvrouw machtigen"}, headers=AUTH
    ).json()
    assert (body["topic"], body["task"]) == ("digid_machtigen", "aanvragen")
    assert body["digid_required"] is True
    assert body["at_the_boundary"] is False


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {STAFF_TOKEN}"}],
)
def test_requires_the_staff_token(
    client: TestClient, fake_rasa: FakeRasa, headers: dict[str, str]
) -> None:
    response = client.post("/api/triage", json={"text": "huurtoeslag"}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert fake_rasa.parsed == []


def test_contract_for_a_clear_application(
    client: TestClient, fake_rasa: FakeRasa, catalogue: Catalogue
) -> None:
    fake_rasa.ranking = ranking(
        ("huurtoeslag", 0.93), ("zorgtoeslag", 0.04), ("toeslag_terugbetalen", 0.02)
    )
    fake_rasa.task_ranking = ranking(("aanvragen", 0.85), ("informatie", 0.1))
    response = client.post(
        "/api/triage", json={"text": "Hoe vraag ik huurtoeslag aan?", "branch": None}, headers=AUTH
    )
    assert response.status_code == 200
    body = response.json()
    assert body["topic"] == "huurtoeslag"
    assert body["confidence"] == pytest.approx(0.93)
    assert body["task"] == "aanvragen"
    assert body["task_confidence"] == pytest.approx(0.85)
    assert body["task_uncertain"] is False
    assert body["digid_required"] is True
    assert body["provider"] == {
        "name": "Dienst Toeslagen",
        "url": catalogue.topics["huurtoeslag"].links["info"].url,
    }
    assert body["links"][0]["url"] == "https://mijn.toeslagen.nl"
    assert set(body["links"][0]) >= {"title", "url"}
    assert body["alternatives"] == [
        {"topic": "zorgtoeslag", "confidence": pytest.approx(0.04)},
        {"topic": "toeslag_terugbetalen", "confidence": pytest.approx(0.02)},
    ]
    assert "Huurtoeslag" in body["explanation"]
    assert fake_rasa.parsed == ["Hoe vraag ik huurtoeslag aan?"]


def test_out_of_scope_has_null_topic(client: TestClient, fake_rasa: FakeRasa) -> None:
    fake_rasa.ranking = ranking(("out_of_scope", 0.98), ("aow", 0.01))
    body = client.post("/api/triage", json={"text": "wifi wachtwoord"}, headers=AUTH).json()
    assert body["topic"] is None
    assert body["provider"] is None
    assert body["links"] == []
    assert body["digid_required"] is False


def test_low_confidence_has_null_topic_and_alternatives(
    client: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.ranking = ranking(("parkeerboete", 0.3), ("verkeersboete", 0.28), ("schulden", 0.2))
    body = client.post("/api/triage", json={"text": "boete"}, headers=AUTH).json()
    assert body["topic"] is None
    assert body["verdict"] == "unclear"
    assert [a["topic"] for a in body["alternatives"]] == ["verkeersboete", "schulden"]


@pytest.mark.parametrize(
    "payload",
    [{"text": ""}, {"text": "  "}, {"text": "x" * (MAX_TEXT + 1)}, {}, {"text": ["a"]}],
)
def test_bad_text_is_422(client: TestClient, fake_rasa: FakeRasa, payload: object) -> None:
    response = client.post("/api/triage", json=payload, headers=AUTH)
    assert response.status_code == 422
    assert fake_rasa.parsed == []


def test_unknown_branch_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/triage", json={"text": "parkeerbon", "branch": "atlantis"}, headers=AUTH
    )
    assert response.status_code == 422
    assert "atlantis" in response.json()["detail"]


def test_engine_down_is_503(client: TestClient, fake_rasa: FakeRasa) -> None:
    fake_rasa.down = True
    response = client.post("/api/triage", json={"text": "aow"}, headers=AUTH)
    assert response.status_code == 503


def test_context_topic_reads_a_follow_up_as_the_chat_does(
    client: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.ranking = ranking(("follow_up", 0.9), ("verhuizing", 0.05))
    fake_rasa.task_ranking = ranking(("aanvragen", 0.9))
    text = {"text": "en hoe vraag ik het aan?"}
    alone = client.post("/api/triage", json=text, headers=AUTH).json()
    assert alone["topic"] is None
    follow_up = client.post(
        "/api/triage", json={**text, "context_topic": "huurtoeslag"}, headers=AUTH
    ).json()
    assert (follow_up["topic"], follow_up["task"], follow_up["digid_required"]) == (
        "huurtoeslag",
        "aanvragen",
        True,
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("context_topic", "huursubsidie"),
        ("context_topic", "x" * 65),
        ("context_topic", 12),
        ("offered_topics", ["huursubsidie"]),
        ("offered_topics", ["x" * 65]),
        ("offered_topics", ["aow"] * 9),
        ("offered_topics", "aow"),
    ],
)
def test_unknown_or_malformed_conversation_topics_are_422(
    client: TestClient, fake_rasa: FakeRasa, field: str, value: object
) -> None:
    response = client.post(
        "/api/triage", json={"text": "kan dat in termijnen", field: value}, headers=AUTH
    )
    assert response.status_code == 422
    assert fake_rasa.parsed == []  # refused before the engine is asked


def test_offered_topics_read_a_follow_up_as_the_chat_does(
    client: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.ranking = ranking(("follow_up", 0.95), ("aow", 0.02))
    fake_rasa.task_ranking = ranking(("aanvragen", 0.95))
    offered = ["aow", "huurtoeslag", "zorgtoeslag"]
    body = client.post(
        "/api/triage",
        json={"text": "ik moet iets aanvragen, hoe doe ik dat", "offered_topics": offered},
        headers=AUTH,
    ).json()
    assert (body["verdict"], body["topic"], body["task"]) == ("unclear", None, "aanvragen")
    assert [c["topic"] for c in body["candidates"]] == offered
