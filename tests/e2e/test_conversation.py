"""Through the whole stack: kiosk API -> Rasa (trained model) -> action server -> catalogue."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.conftest import STAFF_TOKEN, Stack
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
    asked = chat(stack, "Ik ben het niet eens met deze parkeerboete", branch="dokkum")
    assert "Staat er CJIB op de brief?" in all_text(asked)
    buttons = {b["title"]: b["payload"] for m in asked["messages"] for b in m["buttons"]}
    assert link_urls(asked) == []
    # "No": the naheffingsaanslag of the gemeente.
    body = chat(
        stack, buttons["Nee, van de gemeente"], session_id=asked["session_id"], branch="dokkum"
    )
    assert "bezwaar bij de gemeente Noardeast-Fryslân" in all_text(body)
    assert link_urls(body)[0] == "https://www.noardeast-fryslan.nl"
    # Objecting online needs DigiD, so the letter route and a referral are offered too.
    assert "Een brief sturen mag ook" in all_text(body)


def test_parking_fine_from_the_cjib_is_appealed_at_the_officier(stack: Stack) -> None:
    asked = chat(stack, "Ik ben het niet eens met deze parkeerboete")
    buttons = {b["title"]: b["payload"] for m in asked["messages"] for b in m["buttons"]}
    body = chat(stack, buttons["Ja, van het CJIB"], session_id=asked["session_id"])
    assert "officier van justitie" in all_text(body)
    assert "https://verkeer.loket.om.nl/beroep-ovj" in link_urls(body)


def test_ww_question_gets_the_uwv_page(stack: Stack, catalogue: Catalogue) -> None:
    body = chat(stack, "Hoe vraag ik een uitkering aan bij het UWV, ik ben ontslagen")
    assert catalogue.topics["ww_uitkering"].links["info"].url in link_urls(body)


def test_greeting_and_session_continue(stack: Stack) -> None:
    first = chat(stack, "goedemorgen")
    assert "Wegwijzer" in all_text(first)
    second = chat(stack, "doei", session_id=first["session_id"])
    assert second["session_id"] == first["session_id"]
    assert "Tot ziens" in all_text(second)


def test_application_gets_the_portal_and_the_digid_notice(stack: Stack) -> None:
    body = chat(stack, "Ik wil huurtoeslag aanvragen")
    assert "https://mijn.toeslagen.nl" in link_urls(body)
    assert "zelf in met DigiD" in all_text(body)
    assert "niet voor u inloggen" in all_text(body)


def test_eligibility_question_gets_the_proefberekening(stack: Stack) -> None:
    body = chat(stack, "Kom ik in aanmerking voor zorgtoeslag?")
    assert any("proefberekening" in url for url in link_urls(body))
    assert "niet voor u inloggen" not in all_text(body)


def test_out_of_scope_gets_a_friendly_explanation(stack: Stack) -> None:
    body = chat(stack, "Hoe laat gaat de bibliotheek open op zaterdag?")
    text = all_text(body)
    assert "alleen bij vragen over de overheid" in text
    assert "medewerker van de bibliotheek" in text
    assert link_urls(body) == []


def test_login_request_gets_the_boundary(stack: Stack) -> None:
    body = chat(stack, "Kunt u voor mij inloggen met mijn DigiD? Ik weet het niet meer.")
    assert "Niemand mag voor u inloggen" in all_text(body)


UNCLEAR_CANDIDATES = ["toeslag", "boete", "uitkering", "geld voor de kinderen", "een brief"]


def test_unclear_message_offers_topic_buttons_and_a_button_answers(stack: Stack) -> None:
    headers = {"Authorization": f"Bearer {STAFF_TOKEN}"}
    unclear = None
    for text in UNCLEAR_CANDIDATES:
        verdict = httpx.post(
            f"{stack.app_url}/api/triage", json={"text": text}, headers=headers, timeout=30
        ).json()
        if verdict["verdict"] == "unclear":
            unclear = text
            break
    assert unclear is not None, "no candidate is unclear to this model: add a vaguer one"
    body = chat(stack, unclear)
    question = next(m for m in body["messages"] if m["buttons"])
    assert question["text"] == "Bedoelt u een van deze onderwerpen?"
    payloads = [b["payload"] for b in question["buttons"]]
    assert payloads[-1] == "/deny"
    assert question["buttons"][-1]["title"] == "Iets anders"
    # Up to five topics of a family, and "Iets anders".
    assert 2 <= len(payloads) <= 6
    topic = payloads[0].removeprefix("/")
    answer = chat(stack, payloads[0], session_id=body["session_id"])
    links = [
        m["custom"] for m in answer["messages"] if m["custom"] and m["custom"]["type"] == "links"
    ]
    assert links
    assert links[0]["topic"] == topic
