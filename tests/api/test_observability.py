"""What an operator sees: Prometheus figures that move, live and ready checks, JSON logs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from sqlalchemy import select

from api.app import create_app
from api.deps import get_rasa
from api.settings import Settings
from bot.ports import free_port
from tests.api.test_referral_api import FORMULIERENHULP, open_offer
from tests.conftest import STAFF_TOKEN, FakeRasa
from tests.receivers import serving
from wegwijzer.referrals.promise import today_local
from wegwijzer.storage.models import OutboxMessage, Referral

OPERATOR = {"Authorization": f"Bearer {STAFF_TOKEN}"}
REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")


def samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of /metrics, keyed by (name, labels)."""
    response = client.get("/metrics", headers=OPERATOR)
    assert response.status_code == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(client: TestClient, name: str, **labels: str) -> float | None:
    return samples(client).get((name, frozenset(labels.items())))


def test_latency_histogram_per_route_template_not_per_path(client: TestClient) -> None:
    for referral_id in ("a", "b", "c"):
        assert (
            client.get(f"/api/partner/referrals/{referral_id}", headers=FORMULIERENHULP).status_code
            == 404
        )
    route = "/api/partner/referrals/{referral_id}"
    name = "wegwijzer_http_request_duration_seconds"
    assert value(client, f"{name}_count", method="GET", route=route) == 3
    assert value(client, f"{name}_bucket", method="GET", route=route, le="+Inf") == 3
    assert value(client, "wegwijzer_http_responses_total", method="GET", route=route, status="404")
    routes = {dict(labels).get("route") for _, labels in samples(client)}
    assert not any(r and r.endswith(("/a", "/b", "/c")) for r in routes)


def test_two_apps_keep_their_own_figures(settings: Settings, fake_rasa: FakeRasa) -> None:
    first, second = create_app(settings), create_app(settings)
    for app in (first, second):
        app.dependency_overrides[get_rasa] = lambda: fake_rasa
    with TestClient(first) as one, TestClient(second) as two:
        one.post("/api/chat", json={"text": "hallo"})
        one.post("/api/chat", json={"text": "hallo"})
        two.post("/api/chat", json={"text": "hallo"})
        name = "wegwijzer_http_request_duration_seconds_count"
        assert value(one, name, method="POST", route="/api/chat") == 2
        assert value(two, name, method="POST", route="/api/chat") == 1


def test_a_referral_moves_the_counter_and_the_outbox_gauges(client: TestClient) -> None:
    assert value(client, "wegwijzer_referrals_created_total") == 0
    assert value(client, "wegwijzer_outbox_messages", status="pending") == 0
    assert value(client, "wegwijzer_outbox_oldest_pending_age_seconds") == 0
    open_offer(client, "chat-session-01")
    form = {"session_id": "chat-session-01", "consent": True, "name": "Anna", "phone": "0612345678"}
    assert client.post("/api/referrals", json=form).status_code == 201
    assert value(client, "wegwijzer_referrals_created_total") == 1
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        rows = session.scalars(select(OutboxMessage)).all()
        assert rows  # the demo partner has a webhook and an e-mail address
        pending = len(rows)
        rows[0].status = "failed"
        session.commit()
    assert value(client, "wegwijzer_outbox_messages", status="pending") == pending - 1
    assert value(client, "wegwijzer_outbox_messages", status="failed") == 1
    assert value(client, "wegwijzer_outbox_messages", status="disabled") == 0
    age = value(client, "wegwijzer_outbox_oldest_pending_age_seconds")
    assert age is not None
    assert age > 0
    # Not overdue until the partner's due day has passed.
    assert value(client, "wegwijzer_referrals_overdue") == 0
    with services.sessions() as session:
        referral = session.scalars(select(Referral)).one()
        referral.due_on = today_local() - timedelta(days=1)
        session.commit()
    assert value(client, "wegwijzer_referrals_overdue") == 1
    with services.sessions() as session:
        session.scalars(select(Referral)).one().status = "in_progress"
        session.commit()
    assert value(client, "wegwijzer_referrals_overdue") == 0


def test_rate_limit_rejections_are_counted_per_route(
    settings: Settings, fake_rasa: FakeRasa
) -> None:
    settings.rate_chat_session_per_minute = 2
    app = create_app(settings)
    app.dependency_overrides[get_rasa] = lambda: fake_rasa
    with TestClient(app) as client:
        session_id = client.post("/api/chat", json={"text": "hallo"}).json()["session_id"]
        codes = [
            client.post("/api/chat", json={"text": "hallo", "session_id": session_id}).status_code
            for _ in range(4)
        ]
        assert codes == [200, 200, 429, 429]
        assert value(client, "wegwijzer_rate_limited_total", route="/api/chat") == 2


@pytest.fixture
def rasa_down(settings: Settings) -> Iterator[TestClient]:
    """The real Rasa client, pointed at a loopback port where nothing listens."""
    settings.rasa_url = f"http://127.0.0.1:{free_port()}"
    settings.rasa_timeout_seconds = 5
    with TestClient(create_app(settings)) as client:
        yield client


def test_ready_names_rasa_when_it_is_down_and_live_still_answers(rasa_down: TestClient) -> None:
    assert rasa_down.get("/health/live").json() == {"status": "ok"}
    ready = rasa_down.get("/health/ready")
    assert ready.status_code == 503
    body = ready.json()
    assert body["failing"] == ["rasa"]
    assert body["rasa"] == "unreachable"
    assert body["database"] == "ok"
    # The failed call was timed, under its outcome.
    count = "wegwijzer_rasa_request_duration_seconds_count"
    assert value(rasa_down, count, endpoint="/status", outcome="error") == 1
    assert value(rasa_down, count, endpoint="/status", outcome="ok") is None


class RasaStatus(BaseHTTPRequestHandler):
    """Rasa's GET /status, as the real server answers it (with the auth token)."""

    def do_GET(self) -> None:
        known = self.path.startswith("/status?token=")
        body = json.dumps({"model_file": "models/wegwijzer-x.tar.gz"}).encode()
        self.send_response(200 if known else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def test_ready_through_the_real_client_times_each_rasa_call(settings: Settings) -> None:
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), RasaStatus)) as port:
        settings.rasa_url = f"http://127.0.0.1:{port}"
        settings.rasa_token = SecretStr("rasa-token-0123456789")
        with TestClient(create_app(settings)) as client:
            for _ in range(2):
                assert client.get("/health/ready").json()["model"] == "wegwijzer-x.tar.gz"
            count = "wegwijzer_rasa_request_duration_seconds_count"
            assert value(client, count, endpoint="/status", outcome="ok") == 2
            assert value(client, count, endpoint="/status", outcome="error") is None


def test_ready_is_ok_with_rasa_and_the_database(client: TestClient) -> None:
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ok"
    assert client.get("/health/live").status_code == 200


def test_ready_names_the_database_when_it_is_gone(client: TestClient) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    services.engine.dispose()
    database = services.settings.database_url.removeprefix("sqlite:///")
    # A folder where the database file was: SQLite cannot open it.
    Path(database).unlink()
    Path(database).mkdir()
    ready = client.get("/health/ready")
    assert ready.status_code == 503
    assert ready.json()["failing"] == ["database"]


# A visitor who types everything they should not, and then fills in the form.
BSN = "908301662"
PHONE = "0613572468"
EMAIL = "wilhelmina.zonderland@example.org"
NAME = "Wilhelmina Zonderland"
MESSAGE = "Kolkenpoortje huurtoeslag aanvragen"
PII_TEXTS = [
    f"mijn bsn is {BSN}, {MESSAGE}",
    f"bel me op {PHONE} of mail {EMAIL}",
    f"ik ben {NAME}",
]
NEEDLES = [BSN, PHONE, "+31613572468", "13572468", EMAIL, "zonderland", "Wilhelmina", MESSAGE]


def log_lines(err: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert lines, err
    return lines


@pytest.fixture
def logging_client(settings: Settings, fake_rasa: FakeRasa) -> Iterator[TestClient]:
    """The app as it runs: request lines at INFO."""
    settings.log_level = "INFO"
    app = create_app(settings)
    app.dependency_overrides[get_rasa] = lambda: fake_rasa
    with TestClient(app) as test_client:
        yield test_client


def test_logs_are_json_with_a_request_id_and_hold_no_message_or_contact_details(
    logging_client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    client = logging_client
    capsys.readouterr()
    ids = []
    session_id = None
    for text in PII_TEXTS:
        response = client.post("/api/chat", json={"text": text, "session_id": session_id})
        assert response.status_code == 200
        session_id = response.json()["session_id"]
        ids.append(response.headers["X-Request-ID"])
    open_offer(client, session_id)
    form = {
        "session_id": session_id,
        "consent": True,
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "note": MESSAGE,
    }
    response = client.post("/api/referrals", json=form)
    assert response.status_code == 201
    ids.append(response.headers["X-Request-ID"])
    # A form with mistakes is logged too (422), still without what was typed.
    assert client.post("/api/referrals", json={**form, "phone": "06"}).status_code in {409, 422}
    partner_read = client.get("/api/partner/referrals", headers=FORMULIERENHULP)
    [summary] = partner_read.json()
    detail = client.get(f"/api/partner/referrals/{summary['id']}", headers=FORMULIERENHULP)
    assert detail.json()["contact"]["email"] == EMAIL

    err = capsys.readouterr().err
    lines = log_lines(err)
    requests = [line for line in lines if line["logger"] == "wegwijzer.request"]
    assert len(requests) == 7
    for line in requests:
        assert REQUEST_ID.match(line["request_id"]), line
        assert {"method", "route", "status", "duration_ms", "time", "level"} <= set(line)
    # The id in the log is the one the client got back.
    chat_ids = [line["request_id"] for line in requests if line["route"] == "/api/chat"]
    assert chat_ids == ids[:3]
    assert {line["route"] for line in requests} >= {
        "/api/chat",
        "/api/referrals",
        "/api/partner/referrals/{referral_id}",
    }
    lowered = err.lower()
    assert [needle for needle in NEEDLES if needle.lower() in lowered] == []
