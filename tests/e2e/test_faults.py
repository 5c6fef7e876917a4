"""Faults with the real engine: Rasa down and back, a failing action server, isolated sessions."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.texts import ENGINE_DOWN
from bot.ports import free_port
from bot.processes import (
    Child,
    StackSecrets,
    http_status,
    start_app,
    start_rasa,
    wait_until,
)
from bot.train import model_path
from tests.e2e.conftest import STARTUP_TIMEOUT, Stack, rasa_params
from tests.e2e.test_conversation import chat
from tests.receivers import serving
from wegwijzer.catalogue import Catalogue

pytestmark = pytest.mark.e2e


@pytest.fixture
def broken_action_server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", "0")))
            self.send_response(500)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"error": "boom"}')

        def log_message(self, format: str, *args: Any) -> None:
            return

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as port:
        yield f"http://127.0.0.1:{port}/webhook"


def test_rasa_down_then_back_and_a_failing_action(
    tmp_path: Path, broken_action_server: str, catalogue: Catalogue
) -> None:
    app_port, rasa_port = free_port(), free_port()
    app_url = f"http://127.0.0.1:{app_port}"
    secrets = StackSecrets.generate()
    children: list[Child] = []
    try:
        children.append(
            start_app(
                "127.0.0.1",
                app_port,
                f"http://127.0.0.1:{rasa_port}",
                log_path=tmp_path / "app.log",
                extra_env={
                    "WEGWIJZER_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
                    **secrets.env(),
                },
            )
        )
        wait_until(lambda: http_status(f"{app_url}/health") is not None, children, 60)

        down = httpx.post(f"{app_url}/api/chat", json={"text": "hallo"}, timeout=30)
        assert down.status_code == 503
        assert down.json()["detail"] == ENGINE_DOWN
        health = httpx.get(f"{app_url}/health", timeout=10)
        assert health.status_code == 503
        assert health.json()["failing"] == ["rasa"]
        assert health.json()["database"] == "ok"

        # Rasa comes back, with an action server that fails on every call.
        children.append(
            start_rasa(
                model_path(),
                rasa_port,
                action_url=broken_action_server,
                secrets=secrets,
                work=tmp_path,
                log_path=tmp_path / "rasa.log",
            )
        )
        wait_until(lambda: http_status(f"{app_url}/health") == 200, children, STARTUP_TIMEOUT)

        failed = httpx.post(
            f"{app_url}/api/chat", json={"text": "Heb ik recht op huurtoeslag?"}, timeout=30
        )
        assert failed.status_code == 200
        body = failed.json()
        assert [m["text"] for m in body["messages"]] == [catalogue.texts.no_answer]
        # The session goes on: the next message is answered in the same session. Every
        # reply comes from the action server now (small talk too, in the visitor's
        # language), so while it fails the answer is the same apology, not an error.
        goes_on = httpx.post(
            f"{app_url}/api/chat",
            json={"session_id": body["session_id"], "text": "goedemorgen"},
            timeout=30,
        )
        assert goes_on.status_code == 200
        assert goes_on.json()["session_id"] == body["session_id"]
        assert [m["text"] for m in goes_on.json()["messages"]] == [catalogue.texts.no_answer]
    finally:
        for child in reversed(children):
            child.stop()


def test_concurrent_sessions_never_mix(stack: Stack) -> None:
    questions = {
        "huurtoeslag": "Heb ik recht op huurtoeslag?",
        "ww_uitkering": "Ik ben ontslagen, hoe zit het met de WW?",
        "aow": "Wanneer krijg ik mijn AOW?",
        "verkeersboete": "Ik kreeg een boete van het CJIB voor te hard rijden",
    }

    def converse(topic: str) -> tuple[str, str, dict[str, Any]]:
        first = chat(stack, questions[topic])
        second = chat(stack, "dank u wel", session_id=first["session_id"])
        assert second["session_id"] == first["session_id"]
        return topic, first["session_id"], first

    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        results = list(pool.map(converse, list(questions) * 2))

    sessions = {session for _, session, _ in results}
    assert len(sessions) == len(results)
    for topic, session_id, first in results:
        links = [
            m["custom"]["topic"]
            for m in first["messages"]
            if m["custom"] and m["custom"].get("type") == "links"
        ]
        assert links[0] == topic
        tracker = httpx.get(
            f"{stack.rasa_url}/conversations/{session_id}/tracker",
            params=rasa_params(stack),
            timeout=10,
        ).json()
        assert tracker["slots"]["topic"] == topic
        texts = [e.get("text") for e in tracker["events"] if e["event"] == "user"]
        assert texts == [questions[topic], "dank u wel"]
