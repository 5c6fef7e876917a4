"""POST /webhook and GET /actions behave as Rasa 3.6 expects of an action server."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ActionExecutionRejection

from api.app import create_app
from api.deps import get_executor
from api.settings import Settings
from tests.factories import action_call, tracker_state
from wegwijzer.catalogue import Catalogue


class RejectingAction(Action):
    def name(self) -> str:
        return "action_reject"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        raise ActionExecutionRejection(self.name(), "not now")


class BrokenAction(Action):
    def name(self) -> str:
        return "action_broken"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        raise RuntimeError("boom")


@pytest.fixture
def action_client(settings: Settings, catalogue: Catalogue) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app) as test_client:
        executor = test_client.app.state.services.executor  # type: ignore[attr-defined]
        executor.register_action(RejectingAction())
        executor.register_action(BrokenAction())
        app.dependency_overrides[get_executor] = lambda: executor
        yield test_client


def test_lists_registered_actions(client: TestClient) -> None:
    response = client.get("/actions")
    assert response.status_code == 200
    assert {"name": "action_answer_topic"} in response.json()


def test_runs_topic_action_with_rasa_payload(client: TestClient, catalogue: Catalogue) -> None:
    response = client.post("/webhook", json=action_call("action_answer_topic"))
    assert response.status_code == 200
    body = response.json()
    slots = {e["name"]: e["value"] for e in body["events"] if e["event"] == "slot"}
    assert slots == {
        "topic": "huurtoeslag",
        "task": "informatie",
        "pending_task": None,
        "referral_offered": False,
    }
    assert body["responses"][0]["text"].startswith("Huurtoeslag")
    custom = body["responses"][1]["custom"]
    assert custom["links"][0]["url"] == catalogue.topics["huurtoeslag"].links["info"].url
    # Rasa reads these keys from every response.
    for key in ("text", "buttons", "elements", "custom", "template", "response", "image"):
        assert key in body["responses"][0]


def test_deflate_encoded_body_is_accepted(client: TestClient) -> None:
    raw = zlib.compress(json.dumps(action_call("action_answer_topic")).encode())
    response = client.post(
        "/webhook",
        content=raw,
        headers={"Content-Encoding": "deflate", "Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["responses"]


def test_unknown_action_is_404(client: TestClient) -> None:
    response = client.post("/webhook", json=action_call("action_does_not_exist"))
    assert response.status_code == 404
    body = response.json()
    assert body["action_name"] == "action_does_not_exist"
    assert "action_does_not_exist" in body["error"]


def test_rejection_is_400_with_action_name(action_client: TestClient) -> None:
    response = action_client.post("/webhook", json=action_call("action_reject"))
    assert response.status_code == 400
    assert response.json() == {"error": "not now", "action_name": "action_reject"}


def test_failing_action_is_500_without_visitor_text(action_client: TestClient) -> None:
    payload = action_call("action_broken", tracker_state(text="mijn geheime vraag"))
    response = action_client.post("/webhook", json=payload)
    assert response.status_code == 500
    assert "geheime" not in response.text
    assert response.json()["action_name"] == "action_broken"


@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b'{"next_action": "x"}'])
def test_malformed_body_is_400(client: TestClient, body: bytes) -> None:
    response = client.post("/webhook", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"] == "Invalid body request"


def test_executor_override_is_used(action_client: TestClient) -> None:
    names = {item["name"] for item in action_client.get("/actions").json()}
    assert {"action_reject", "action_broken", "action_answer_topic"} <= names


def test_missing_next_action_returns_null(client: TestClient) -> None:
    payload = action_call("action_answer_topic")
    payload["next_action"] = None
    response = client.post("/webhook", json=payload)
    assert response.status_code == 200
    assert response.json() is None


def test_call_without_domain_runs_as_with_selective_domain(client: TestClient) -> None:
    payload = action_call("action_answer_topic")
    del payload["domain"]
    response = client.post("/webhook", json=payload)
    assert response.status_code == 200
    assert response.json()["responses"][0]["text"].startswith("Huurtoeslag")
