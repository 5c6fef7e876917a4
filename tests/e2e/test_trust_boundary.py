"""The trust boundary, attacked through the real stack: Rasa, the private action server, the app.

Each test is one attack from issue 12, made the way an attacker would make it: with
plain HTTP from outside (or a page of another site in a real browser).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser

from api.edge import TOO_LARGE
from api.routers.action_server import ACTIONS_SECRET_HEADER
from bot.ports import free_port
from bot.processes import Child, http_status, start_app, wait_until
from tests.e2e.conftest import STAFF_TOKEN, Stack, rasa_params
from tests.e2e.test_conversation import chat
from tests.factories import action_call, tracker_state
from tests.receivers import serving

pytestmark = pytest.mark.e2e

FORM = {"consent": True, "name": "Aanvaller", "phone": "0612345678"}


def forged_consent(sender: str) -> dict[str, Any]:
    """Rasa's call of action_referral_consent for a conversation that never happened."""
    state = tracker_state(
        text="/affirm",
        intent="affirm",
        sender_id=sender,
        slots={"topic": "Bel 0612345678, u krijgt geld terug", "task": "aanvragen"},
    )
    return action_call("action_referral_consent", state)


def count(stack: Stack, table: str) -> int:
    with sqlite3.connect(stack.work / "app.db") as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_forged_action_call_on_the_public_port_is_404_and_creates_nothing(
    stack: Stack,
) -> None:
    before = (count(stack, "referral_offers"), count(stack, "referrals"))
    sender = "forged-public-0001"
    for path in ("/webhook", "/actions"):
        forged = httpx.post(f"{stack.app_url}{path}", json=forged_consent(sender), timeout=10)
        assert forged.status_code in (404, 405), path
        assert httpx.get(f"{stack.app_url}{path}", timeout=10).status_code == 404
    referral = httpx.post(
        f"{stack.app_url}/api/referrals", json={"session_id": sender, **FORM}, timeout=10
    )
    assert referral.status_code == 409
    assert (count(stack, "referral_offers"), count(stack, "referrals")) == before


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({ACTIONS_SECRET_HEADER: "raden-maar"}, 403)],
    ids=["no-secret", "wrong-secret"],
)
def test_a_forged_action_call_on_the_private_port_is_refused(
    stack: Stack, headers: dict[str, str], status: int
) -> None:
    before = count(stack, "referral_offers")
    sender = f"forged-private-{status}"
    forged = httpx.post(
        f"{stack.actions_url}/webhook", json=forged_consent(sender), headers=headers, timeout=10
    )
    assert forged.status_code == status
    assert httpx.get(f"{stack.actions_url}/actions", headers=headers, timeout=10).status_code == (
        status
    )
    referral = httpx.post(
        f"{stack.app_url}/api/referrals", json={"session_id": sender, **FORM}, timeout=10
    )
    assert referral.status_code == 409
    assert count(stack, "referral_offers") == before


def test_even_with_the_secret_a_topic_outside_the_catalogue_is_refused(stack: Stack) -> None:
    """Defence in depth: a leaked secret still cannot put free text in a partner's inbox."""
    before = count(stack, "referral_offers")
    forged = httpx.post(
        f"{stack.actions_url}/webhook",
        json=forged_consent("forged-with-secret-1"),
        headers={ACTIONS_SECRET_HEADER: stack.secrets.actions_secret},
        timeout=10,
    )
    assert forged.status_code == 400
    assert count(stack, "referral_offers") == before


def test_the_action_listener_is_on_loopback_and_rasa_uses_it(stack: Stack) -> None:
    assert stack.actions_url.startswith("http://127.0.0.1:")
    body = chat(stack, "Heb ik recht op huurtoeslag?")
    assert any(m["custom"] and m["custom"]["type"] == "links" for m in body["messages"])
    metrics = httpx.get(f"{stack.actions_url}/metrics", timeout=10).text
    assert 'method="POST",route="/webhook"' in metrics


def test_rasa_refuses_its_api_without_the_token(stack: Stack) -> None:
    calls = [
        ("GET", "/status", None),
        ("POST", "/model/parse", {"text": "huurtoeslag"}),
        ("GET", "/conversations/someone-else-0001/tracker", None),
    ]
    for method, path, body in calls:
        url = f"{stack.rasa_url}{path}"
        assert httpx.request(method, url, json=body, timeout=30).status_code == 401, path
        wrong = httpx.request(method, url, json=body, params={"token": "fout"}, timeout=30)
        assert wrong.status_code == 401, path
        right = httpx.request(method, url, json=body, params=rasa_params(stack), timeout=30)
        assert right.status_code == 200, path


def test_an_oversized_body_is_413_and_the_app_stays_up(stack: Stack) -> None:
    huge = b'{"text": "' + b"a" * 1_000_000 + b'"}'
    declared = httpx.post(
        f"{stack.app_url}/api/chat",
        content=huge,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert declared.status_code == 413
    assert declared.json() == {"detail": TOO_LARGE}

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(huge), 65536):
            yield huge[start : start + 65536]

    streamed = httpx.post(
        f"{stack.app_url}/api/chat",
        content=chunks(),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert streamed.status_code == 413
    assert http_status(f"{stack.app_url}/health") == 200
    assert chat(stack, "Heb ik recht op zorgtoeslag?")["messages"]


def test_a_deflate_bomb_is_413_and_the_action_server_stays_up(stack: Stack) -> None:
    call = json.dumps(action_call("action_answer_topic")).encode()
    bomb = zlib.compress(call[:-1] + b" " * 100_000_000 + b"}", 9)
    assert len(bomb) < 200_000
    response = httpx.post(
        f"{stack.actions_url}/webhook",
        content=bomb,
        headers={
            "Content-Encoding": "deflate",
            "Content-Type": "application/json",
            ACTIONS_SECRET_HEADER: stack.secrets.actions_secret,
        },
        timeout=60,
    )
    assert response.status_code == 413
    assert response.json() == {"detail": TOO_LARGE}
    assert http_status(f"{stack.actions_url}/health") == 200
    assert chat(stack, "Wanneer krijg ik mijn AOW?")["messages"]


@pytest.fixture
def attacker_site() -> Iterator[tuple[str, list[str]]]:
    """Another origin on loopback that frames a page: (URL setter, pages served)."""
    framed: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f'<!doctype html><title>Echt niet nep</title><iframe src="{framed[0]}"></iframe>'
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, format: str, *args: Any) -> None:
            return

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as port:
        # localhost, not 127.0.0.1: another origin than the app's.
        yield f"http://localhost:{port}/", framed


@pytest.mark.parametrize("path", ["/partner", "/medewerker", "/"])
def test_a_framed_page_is_refused_by_the_browser(
    stack: Stack, browser: Browser, attacker_site: tuple[str, list[str]], path: str
) -> None:
    url, framed = attacker_site
    framed.append(f"{stack.app_url}{path}")
    context = browser.new_context()
    page = context.new_page()
    refusals: list[str] = []
    page.on("console", lambda message: refusals.append(message.text))
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    # The frame holds Chromium's error page, not ours.
    assert page.frames[1].locator("body[data-ready]").count() == 0
    assert any("frame-ancestors 'none'" in text for text in refusals), refusals
    context.close()


def test_the_pages_run_under_their_policy_without_violations(
    stack: Stack, browser: Browser
) -> None:
    """CSP default-src 'self': every page still loads its code and works, nothing refused."""
    context = browser.new_context()
    page = context.new_page()
    refusals: list[str] = []
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ("/", "/medewerker", "/partner"):
        page.goto(f"{stack.app_url}{path}")
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)
    page.goto(f"{stack.app_url}/")
    page.wait_for_selector("body[data-ready=true]", state="attached")
    page.get_by_label("Uw vraag").fill("Heb ik recht op huurtoeslag?")
    page.get_by_role("button", name="Verstuur").click()
    page.locator("a.card").first.wait_for()
    # The staff page's confidence bars get their width through the CSSOM, not a style attribute.
    page.goto(f"{stack.app_url}/medewerker")
    page.wait_for_selector("body[data-ready=true]", state="attached")
    page.get_by_label("Medewerker-token").fill(STAFF_TOKEN)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Plak of typ de vraag").fill("Ik wil mijn zorgtoeslag aanvragen")
    page.get_by_role("button", name="Bekijk advies").click()
    fill = page.locator("#triage-result .bar span").first
    fill.wait_for()
    assert fill.evaluate("node => node.getBoundingClientRect().width") > 10
    assert refusals == []
    context.close()


def test_example_partners_never_listen_on_a_public_address(tmp_path: Path) -> None:
    port = free_port()
    child: Child = start_app(
        "0.0.0.0",
        port,
        "http://127.0.0.1:9",
        log_path=tmp_path / "app.log",
        extra_env={"WEGWIJZER_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"},
    )
    try:
        wait_until(lambda: not child.alive(), [], 60)
    finally:
        child.stop()
    assert child.process.returncode != 0
    log = (tmp_path / "app.log").read_text(encoding="utf-8")
    assert "example partners" in log
    assert "WEGWIJZER_DEMO=true" in log
    assert http_status(f"http://127.0.0.1:{port}/health") is None


def chat_codes(app_url: str, forwarded_for: list[str]) -> list[int]:
    """Chat requests as if from these clients (Rasa is down: 503 unless rate limited)."""
    return [
        httpx.post(
            f"{app_url}/api/chat",
            json={"text": "hallo"},
            headers={"X-Forwarded-For": address},
            timeout=10,
        ).status_code
        for address in forwarded_for
    ]


@pytest.fixture
def two_apps(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """One app that trusts no proxy (the default), one behind a proxy on 127.0.0.1."""
    children: list[Child] = []
    urls = []
    for name, trusted in (("direct", ""), ("proxied", "127.0.0.1")):
        port = free_port()
        env = {
            "WEGWIJZER_DATABASE_URL": f"sqlite:///{tmp_path / name}.db",
            "WEGWIJZER_RATE_CHAT_CLIENT_PER_MINUTE": "3",
            "WEGWIJZER_SECRETS_DIR": str(tmp_path / "secrets"),
        }
        if trusted:
            env["WEGWIJZER_FORWARDED_ALLOW_IPS"] = trusted
        children.append(
            start_app(
                "127.0.0.1",
                port,
                "http://127.0.0.1:9",
                log_path=tmp_path / f"{name}.log",
                extra_env=env,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            wait_until(lambda url=url: http_status(f"{url}/health") is not None, children, 60)
        yield urls[0], urls[1]
    finally:
        for child in children:
            child.stop()


def test_a_forged_forwarded_for_does_not_escape_the_rate_limit(two_apps: tuple[str, str]) -> None:
    direct, proxied = two_apps
    forged = [f"198.51.100.{n}" for n in range(5)]
    # Without a trusted proxy the header is ignored: one client, limited after 3.
    assert chat_codes(direct, forged) == [503, 503, 503, 429, 429]
    # Behind a trusted proxy each forwarded address is its own client ...
    assert 429 not in chat_codes(proxied, forged)
    # ... and one of them is limited on its own.
    assert chat_codes(proxied, ["203.0.113.7"] * 4) == [503, 503, 503, 429]
