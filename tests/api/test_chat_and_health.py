"""POST /api/chat and GET /health, with Rasa replaced by a fake."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.texts import ENGINE_DOWN
from api.visitor_input import MAX_TEXT
from tests.conftest import STAFF_TOKEN, FakeRasa


def test_new_conversation_gets_a_fresh_session_id(client: TestClient, fake_rasa: FakeRasa) -> None:
    first = client.post("/api/chat", json={"session_id": None, "text": "hallo"}).json()
    second = client.post("/api/chat", json={"session_id": None, "text": "hallo"}).json()
    assert first["session_id"] != second["session_id"]
    assert len(first["session_id"]) >= 16
    assert [sender for sender, _, _ in fake_rasa.sent] == [
        first["session_id"],
        second["session_id"],
    ]


def test_session_id_and_branch_are_passed_to_rasa(client: TestClient, fake_rasa: FakeRasa) -> None:
    response = client.post(
        "/api/chat",
        json={"session_id": "kiosk-abc-123", "text": " parkeerbon ", "branch": "dokkum"},
    )
    assert response.status_code == 200
    assert response.json()["session_id"] == "kiosk-abc-123"
    assert fake_rasa.sent == [
        ("kiosk-abc-123", "parkeerbon", {"branch": "dokkum", "language": "nl"})
    ]


def test_rasa_messages_are_mapped_to_the_contract(client: TestClient, fake_rasa: FakeRasa) -> None:
    fake_rasa.replies = [
        {
            "recipient_id": "s",
            "text": "Bedoelt u?",
            "buttons": [{"title": "Ja", "payload": "/affirm"}],
        },
        {"recipient_id": "s", "custom": {"type": "links", "links": []}},
    ]
    body = client.post("/api/chat", json={"text": "ja"}).json()
    assert body["messages"] == [
        {"text": "Bedoelt u?", "buttons": [{"title": "Ja", "payload": "/affirm"}], "custom": None},
        {"text": "", "buttons": [], "custom": {"type": "links", "links": []}},
    ]


@pytest.mark.parametrize(
    "payload",
    [
        {"text": ""},
        {"text": "   "},
        {"text": "x" * (MAX_TEXT + 1)},
        {"session_id": "bad id!", "text": "hallo"},
        {"session_id": None},
        {"text": 12},
    ],
)
def test_bad_input_is_a_clear_422(client: TestClient, fake_rasa: FakeRasa, payload: object) -> None:
    response = client.post("/api/chat", json=payload)
    assert response.status_code == 422
    assert fake_rasa.sent == []


def test_unknown_branch_is_422_in_dutch(client: TestClient) -> None:
    response = client.post("/api/chat", json={"text": "hallo", "branch": "atlantis"})
    assert response.status_code == 422
    assert "Onbekende bibliotheek-vestiging" in response.json()["detail"]


def test_rasa_down_gives_503_with_b1_message(client: TestClient, fake_rasa: FakeRasa) -> None:
    fake_rasa.down = True
    response = client.post("/api/chat", json={"text": "hallo"})
    assert response.status_code == 503
    assert response.json()["detail"] == ENGINE_DOWN


def test_health_ok_when_all_parts_answer(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"


def test_health_names_rasa_when_it_is_down(client: TestClient, fake_rasa: FakeRasa) -> None:
    fake_rasa.down = True
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["failing"] == ["rasa"]
    assert response.json()["rasa"] == "unreachable"


def test_every_response_forbids_caching(client: TestClient) -> None:
    for path in (
        "/",
        "/medewerker",
        "/partner",
        "/api/kiosk/config",
        "/health",
        "/static/style.css",
    ):
        response = client.get(path)
        assert response.headers["cache-control"] == "no-store", path


def test_pages_are_dutch_html(client: TestClient) -> None:
    for path in ("/", "/medewerker", "/partner"):
        response = client.get(path)
        assert response.status_code == 200
        assert '<html lang="nl">' in response.text


def test_kiosk_config_comes_from_the_catalogue(client: TestClient) -> None:
    config = client.get("/api/kiosk/config").json()
    assert config["warning_seconds"] >= 20
    assert len(config["examples"]) == 3
    tile = config["tiles"][0]
    assert {k: tile[k] for k in ("topic", "title", "question")} == {
        "topic": "huurtoeslag",
        "title": "Huurtoeslag",
        "question": "Ik heb een vraag over huurtoeslag",
    }
    # A tile opens a menu of the topic's tasks: the tap-only way to an application.
    assert [t["title"] for t in tile["tasks"]][:2] == ["Informatie", "Aanvragen"]
    assert tile["tasks"][1]["payload"] == '/huurtoeslag{"task_choice": "aanvragen"}'
    assert config["task_menu"] == "Wat wilt u doen?"
    assert config["tasks"]["aanvragen"] == "Aanvragen"
    assert (
        config["partners"]["formulierenhulp_friesland"] == "Formulierenhulp Friesland (voorbeeld)"
    )


def test_tile_buttons_carry_their_topic_and_task_as_rasa_parses_payloads(
    client: TestClient,
) -> None:
    tiles = client.get("/api/kiosk/config").json()["tiles"]
    for tile in tiles:
        for button in tile["tasks"]:
            intent, entities = button["payload"][1:].split("{", 1)
            assert intent == tile["topic"]
            assert json.loads("{" + entities) == {"task_choice": button["task"]}


def test_metrics_count_requests_per_route(client: TestClient) -> None:
    client.post("/api/chat", json={"text": "hallo"})
    client.post("/api/chat", json={"text": "hallo"})
    operator = {"Authorization": f"Bearer {STAFF_TOKEN}"}
    text = client.get("/metrics", headers=operator).text
    assert (
        'wegwijzer_http_request_duration_seconds_count{method="POST",route="/api/chat"} 2' in text
    )
