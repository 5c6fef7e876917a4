"""Through the whole stack: kiosk API -> Rasa (trained model) -> action server -> catalogue."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Stack
from wegwijzer.catalogue import Catalogue

pytestmark = pytest.mark.e2e


def chat(stack: Stack, text: str, **extra: Any) -> dict[str, Any]:
    response = httpx.post(f"{stack.app_url}/api/chat", json={"text": text, **extra}, timeout=30)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def link_urls(body: dict[str, Any]) -> list[str]:
    return [
        link["url"]
        for message in body["messages"]
        if message["custom"] and message["custom"].get("type") == "links"
        for link in message["custom"]["links"]
    ]


def all_text(body: dict[str, Any]) -> str:
    return " ".join(message["text"] for message in body["messages"])


def test_health_reports_the_loaded_model(stack: Stack) -> None:
    body = httpx.get(f"{stack.app_url}/health", timeout=10).json()
    assert body["status"] == "ok"
    assert body["model"].startswith("wegwijzer-")


def test_huursubsidie_question_gets_dienst_toeslagen_link(
    stack: Stack, catalogue: Catalogue
) -> None:
    body = chat(stack, "Heb ik recht op huursubsidie?")
    assert catalogue.topics["huurtoeslag"].links["info"].url in link_urls(body)
    assert "huurtoeslag" in all_text(body).lower()


def test_parking_fine_objection_is_answered_about_the_gemeente(stack: Stack) -> None:
    body = chat(stack, "Ik ben het niet eens met deze parkeerboete", branch="dokkum")
    assert "gemeente Noardeast-Fryslân" in all_text(body)
    assert link_urls(body) == ["https://www.noardeast-fryslan.nl"]


def test_ww_question_gets_the_uwv_page(stack: Stack, catalogue: Catalogue) -> None:
    body = chat(stack, "Hoe vraag ik een uitkering aan bij het UWV, ik ben ontslagen")
    assert catalogue.topics["ww_uitkering"].links["info"].url in link_urls(body)


def test_greeting_and_session_continue(stack: Stack) -> None:
    first = chat(stack, "goedemorgen")
    assert "Wegwijzer" in all_text(first)
    second = chat(stack, "doei", session_id=first["session_id"])
    assert second["session_id"] == first["session_id"]
    assert "Tot ziens" in all_text(second)
