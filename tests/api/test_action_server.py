"""The private action listener: POST /webhook and GET /actions as Rasa 3.6 expects them,
only with the shared secret, with capped bodies and checked slot values."""

from __future__ import annotations

import json
import zlib
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ActionExecutionRejection
from sqlalchemy import func, select

from api.actions_app import create_action_app
from api.deps import get_executor
from api.edge import TOO_LARGE
from api.routers.action_server import ACTIONS_SECRET_HEADER
from api.settings import Settings
from tests.factories import action_call, tracker_state
from wegwijzer.catalogue import Catalogue
from wegwijzer.storage.models import ReferralOffer


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
def action_client(actions_client: TestClient) -> TestClient:
    app = actions_client.app
    executor = app.state.actions.executor  # type: ignore[attr-defined]
    executor.register_action(RejectingAction())
    executor.register_action(BrokenAction())
    app.dependency_overrides[get_executor] = lambda: executor  # type: ignore[attr-defined]
    return actions_client


def test_lists_registered_actions(actions_client: TestClient) -> None:
    response = actions_client.get("/actions")
    assert response.status_code == 200
    assert {"name": "action_answer_topic"} in response.json()


def test_runs_topic_action_with_rasa_payload(
    actions_client: TestClient, catalogue: Catalogue
) -> None:
    response = actions_client.post("/webhook", json=action_call("action_answer_topic"))
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


def test_deflate_encoded_body_is_accepted(actions_client: TestClient) -> None:
    raw = zlib.compress(json.dumps(action_call("action_answer_topic")).encode())
    response = actions_client.post(
        "/webhook",
        content=raw,
        headers={"Content-Encoding": "deflate", "Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["responses"]


def test_unknown_action_is_404(actions_client: TestClient) -> None:
    response = actions_client.post("/webhook", json=action_call("action_does_not_exist"))
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
def test_malformed_body_is_400(actions_client: TestClient, body: bytes) -> None:
    response = actions_client.post(
        "/webhook", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "Invalid body request"


def test_executor_override_is_used(action_client: TestClient) -> None:
    names = {item["name"] for item in action_client.get("/actions").json()}
    assert {"action_reject", "action_broken", "action_answer_topic"} <= names


def test_missing_next_action_returns_null(actions_client: TestClient) -> None:
    payload = action_call("action_answer_topic")
    payload["next_action"] = None
    response = actions_client.post("/webhook", json=payload)
    assert response.status_code == 200
    assert response.json() is None


def test_call_without_domain_runs_as_with_selective_domain(actions_client: TestClient) -> None:
    payload = action_call("action_answer_topic")
    del payload["domain"]
    response = actions_client.post("/webhook", json=payload)
    assert response.status_code == 200
    assert response.json()["responses"][0]["text"].startswith("Huurtoeslag")


def consent_call(
    slots: dict[str, Any], metadata: dict[str, Any] | None = None, sender: str = "forged-0001"
) -> dict[str, Any]:
    state = tracker_state(
        text="/affirm", intent="affirm", slots=slots, metadata=metadata, sender_id=sender
    )
    return action_call("action_referral_consent", state)


def offers_stored(actions_client: TestClient) -> int:
    services = actions_client.app.state.actions  # type: ignore[attr-defined]
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(ReferralOffer)) or 0


def test_the_public_app_serves_no_action_protocol(
    client: TestClient, actions_client: TestClient
) -> None:
    for path in ("/webhook", "/actions"):
        assert client.post(path, json=consent_call({"topic": "huurtoeslag"})).status_code in (
            404,
            405,
        )
        assert client.get(path).status_code == 404
    assert offers_stored(actions_client) == 0


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({ACTIONS_SECRET_HEADER: "wrong-secret"}, 403), ({ACTIONS_SECRET_HEADER: ""}, 403)],
    ids=["missing", "wrong", "empty"],
)
def test_a_call_without_the_shared_secret_runs_nothing(
    settings: Settings, actions_client: TestClient, headers: dict[str, str], status: int
) -> None:
    with TestClient(create_action_app(settings)) as stranger:
        forged = stranger.post(
            "/webhook", json=consent_call({"topic": "huurtoeslag"}), headers=headers
        )
        assert forged.status_code == status
        assert stranger.get("/actions", headers=headers).status_code == status
    assert "detail" in forged.json()
    assert offers_stored(actions_client) == 0
    # The same call with the secret does open an offer: the refusal was the secret.
    assert actions_client.post("/webhook", json=consent_call({"topic": "huurtoeslag"})).is_success
    assert offers_stored(actions_client) == 1


@pytest.mark.parametrize(
    ("slots", "metadata"),
    [
        ({"topic": "Bel 0612345678, u krijgt geld terug"}, None),
        ({"topic": ["huurtoeslag"]}, None),
        ({"topic": "huurtoeslag", "task": "alles"}, None),
        ({"topic": "huurtoeslag"}, {"branch": "amsterdam"}),
        ({"topic": "huurtoeslag"}, {"branch": 7}),
    ],
    ids=["free-text-topic", "list-topic", "unknown-task", "unknown-branch", "number-branch"],
)
def test_slot_values_outside_the_catalogue_are_refused_and_nothing_is_stored(
    actions_client: TestClient, slots: dict[str, Any], metadata: dict[str, Any] | None
) -> None:
    response = actions_client.post("/webhook", json=consent_call(slots, metadata))
    assert response.status_code == 400
    assert response.json()["action_name"] == "action_referral_consent"
    assert offers_stored(actions_client) == 0


def test_a_malformed_sender_id_opens_no_offer(actions_client: TestClient) -> None:
    call = consent_call({"topic": "huurtoeslag"}, sender="x" * 65)
    assert actions_client.post("/webhook", json=call).status_code == 400
    assert offers_stored(actions_client) == 0


def test_a_valid_offer_without_topic_is_stored(actions_client: TestClient) -> None:
    call = consent_call({"topic": None, "task": "inloggen_voor_mij"}, {"branch": "dokkum"})
    response = actions_client.post("/webhook", json=call)
    assert response.status_code == 200
    form = response.json()["responses"][1]["custom"]
    assert (form["type"], form["topic"], form["branch"]) == ("referral_form", None, "dokkum")
    assert offers_stored(actions_client) == 1


def test_an_oversized_body_is_413_and_the_listener_goes_on(actions_client: TestClient) -> None:
    limit = actions_client.app.state.actions.settings.actions_max_body_bytes  # type: ignore[attr-defined]
    response = actions_client.post(
        "/webhook", content=b"x" * (limit + 1), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json() == {"detail": TOO_LARGE}
    assert actions_client.get("/health").json()["status"] == "ok"


def test_a_deflate_bomb_is_413(actions_client: TestClient) -> None:
    limit = actions_client.app.state.actions.settings.actions_max_body_bytes  # type: ignore[attr-defined]
    call = json.dumps(action_call("action_answer_topic")).encode()
    bomb = zlib.compress(call[:-1] + b" " * (limit * 4) + b"}", 9)
    assert len(bomb) < limit // 10
    response = actions_client.post(
        "/webhook",
        content=bomb,
        headers={"Content-Encoding": "deflate", "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {"detail": TOO_LARGE}
    # Just under the limit inflated, the same call runs.
    fits = zlib.compress(call[:-1] + b" " * (limit - len(call) - 1) + b"}", 9)
    assert actions_client.post(
        "/webhook",
        content=fits,
        headers={"Content-Encoding": "deflate", "Content-Type": "application/json"},
    ).is_success


def test_a_truncated_deflate_body_is_400(actions_client: TestClient) -> None:
    raw = zlib.compress(json.dumps(action_call("action_answer_topic")).encode())
    response = actions_client.post(
        "/webhook",
        content=raw[: len(raw) // 2],
        headers={"Content-Encoding": "deflate", "Content-Type": "application/json"},
    )
    assert response.status_code == 400


def test_health_and_metrics_need_no_secret(settings: Settings, actions_client: TestClient) -> None:
    with TestClient(create_action_app(settings)) as operator:
        assert operator.get("/health").json() == {"status": "ok", "database": "ok"}
        assert operator.get("/metrics").status_code == 200


def test_metrics_time_the_actions(actions_client: TestClient) -> None:
    actions_client.post("/webhook", json=action_call("action_answer_topic"))
    text = actions_client.get("/metrics").text
    assert 'wegwijzer_http_request_duration_seconds_count{method="POST",route="/webhook"} 1' in text
