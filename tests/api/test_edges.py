"""The public app's edges: headers, body cap, operator-only routes, sign-in throttling,
rate limits that keep their own windows, and no demo partners on a public address."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from api.actions_app import create_action_app
from api.app import create_app
from api.deps import get_rasa
from api.edge import CONTENT_SECURITY_POLICY, TOO_LARGE
from api.settings import Settings
from tests.conftest import STAFF_TOKEN, FakeRasa
from wegwijzer.partners import DEFAULT_PARTNERS_FILE, PartnersError
from wegwijzer.referrals.service import OfferRequest, record_offer

OPERATOR = {"Authorization": f"Bearer {STAFF_TOKEN}"}


def app_client(settings: Settings, fake_rasa: FakeRasa, **client: Any) -> TestClient:
    app = create_app(settings)
    app.dependency_overrides[get_rasa] = lambda: fake_rasa
    return TestClient(app, **client)


def test_every_kind_of_response_carries_the_security_headers(client: TestClient) -> None:
    responses = [
        client.get("/"),
        client.get("/medewerker"),
        client.get("/static/kiosk.js"),
        client.get("/api/kiosk/config"),
        client.get("/bestaat-niet"),
        client.post("/api/chat", json={"text": ""}),
        client.get("/api/staff/me"),
        client.post("/api/chat", content=b"x" * 70_000),
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 404, 422, 401, 413]
    for response in responses:
        headers = response.headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-content-type-options"] == "nosniff"
        assert "camera=()" in headers["permissions-policy"]
        assert headers["cache-control"] == "no-store"


def test_pages_have_no_inline_script_or_style() -> None:
    """CSP `default-src 'self'` blocks inline code: the pages must not need any."""
    web = Path(__file__).resolve().parents[2] / "web"
    for page in web.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<style" not in html, page.name
        assert " style=" not in html, page.name
        assert not re.search(r"\son[a-z]+=", html), page.name  # no onclick= and the like
        for line in html.splitlines():
            if "<script" in line:
                assert 'src="/static/' in line, (page.name, line)


@pytest.mark.parametrize("path", ["/metrics", "/openapi.json"])
def test_metrics_and_schema_are_for_the_operator_only(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 401
    for token in ("demo-balie-leeuwarden-token", "demo-formulierenhulp-token", "fout"):
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert "beheerder" in response.json()["detail"]
    assert client.get(path, headers=OPERATOR).status_code == 200


def test_no_browsable_docs_on_the_public_app(client: TestClient) -> None:
    for path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/api/chat"), ("POST", "/api/referrals"), ("POST", "/api/staff/referral-offers")],
)
def test_a_body_over_the_limit_is_413_in_dutch(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, content=b"{" + b" " * 70_000 + b"}", headers=OPERATOR)
    assert response.status_code == 413
    assert response.json() == {"detail": TOO_LARGE}


def test_a_streamed_body_without_length_is_cut_off_too(
    client: TestClient, fake_rasa: FakeRasa
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"a" * 1000
        yield b'"}'

    response = client.post(
        "/api/chat", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json() == {"detail": TOO_LARGE}
    assert fake_rasa.sent == []
    assert client.post("/api/chat", json={"text": "hallo"}).status_code == 200


def test_wrong_tokens_are_logged_without_the_token_and_throttled_per_client(
    settings: Settings, fake_rasa: FakeRasa, caplog: pytest.LogCaptureFixture
) -> None:
    settings.rate_auth_failures_per_minute = 3
    app = create_app(settings)
    app.dependency_overrides[get_rasa] = lambda: fake_rasa
    with (
        caplog.at_level(logging.WARNING, logger="api.auth"),
        TestClient(app, client=("192.0.2.10", 5000)) as guesser,
        TestClient(app, client=("192.0.2.20", 5000)) as colleague,
    ):
        # No token at all is not a guess: it does not count.
        assert [guesser.get("/api/staff/me").status_code for _ in range(5)] == [401] * 5
        guesses = [f"geraden-token-{n}" for n in range(5)]
        codes = [
            guesser.get("/api/staff/me", headers={"Authorization": f"Bearer {g}"}).status_code
            for g in guesses
        ]
        assert codes == [401, 401, 401, 429, 429]
        throttled = guesser.get("/api/partner/referrals", headers=OPERATOR)
        assert throttled.status_code == 429
        assert int(throttled.headers["retry-after"]) >= 1
        assert "Te veel pogingen" in throttled.json()["detail"]
        # Another client is not held up by the guesser.
        assert colleague.get("/api/staff/me", headers=OPERATOR).status_code == 200
    failures = [r.getMessage() for r in caplog.records if r.name == "api.auth"]
    assert len(failures) == 3
    assert all("192.0.2.10" in line and "/api/staff/me" in line for line in failures)
    logged = caplog.text
    assert not any(g in logged for g in guesses)


def test_the_referral_limit_holds_after_many_chat_requests(
    settings: Settings, fake_rasa: FakeRasa
) -> None:
    settings.rate_referral_session_per_hour = 2
    settings.rate_chat_client_per_minute = 1000
    settings.rate_chat_session_per_minute = 1000
    form = {"consent": True, "name": "Anna", "phone": "0612345678"}
    with app_client(settings, fake_rasa) as client:
        services = client.app.state.services  # type: ignore[attr-defined]

        def refer() -> int:
            with services.sessions() as session:
                record_offer(
                    session,
                    services.partners,
                    OfferRequest("limit-session-1", "huurtoeslag", "aanvragen", "leeuwarden"),
                    timedelta(minutes=30),
                )
            body = {"session_id": "limit-session-1", **form}
            return client.post("/api/referrals", json=body).status_code

        assert [refer(), refer()] == [201, 201]
        for n in range(300):
            chat = client.post("/api/chat", json={"session_id": f"chat-{n:05d}", "text": "hoi"})
            assert chat.status_code == 200
        assert refer() == 429


def partners_without_examples(tmp_path: Path) -> Path:
    data = yaml.safe_load(DEFAULT_PARTNERS_FILE.read_text(encoding="utf-8"))
    for partner in data["partners"].values():
        partner["example"] = False
    path = tmp_path / "partners.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.5", "::", "kiosk.example.org"])
def test_example_partners_are_refused_on_a_public_address(settings: Settings, host: str) -> None:
    settings.host = host
    with pytest.raises(PartnersError, match="WEGWIJZER_DEMO=true"):
        create_app(settings)
    settings.demo = True
    create_app(settings)


def test_example_partners_are_fine_on_loopback_and_own_partners_anywhere(
    settings: Settings, tmp_path: Path
) -> None:
    for host in ("127.0.0.1", "localhost", "::1"):
        settings.host = host
        create_app(settings)
    settings.host = "0.0.0.0"
    settings.partners = partners_without_examples(tmp_path)
    create_app(settings)


def test_the_action_listener_refuses_example_partners_on_a_public_address(
    settings: Settings,
) -> None:
    settings.actions_host = "0.0.0.0"
    with pytest.raises(PartnersError, match="example partners"):
        create_action_app(settings)
