"""The kiosk in six languages over HTTP: chat, kiosk config, referral form, triage, statistics."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.routers import pages
from tests.conftest import STAFF_TOKEN, FakeRasa
from wegwijzer.language import LANGUAGES
from wegwijzer.referrals.service import OfferRequest, record_offer
from wegwijzer.storage.models import Referral, ReferralOffer

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}
FORMULIERENHULP = {"Authorization": "Bearer demo-formulierenhulp-token"}


def chat(client: TestClient, text: str, **extra: Any) -> Any:
    return client.post("/api/chat", json={"session_id": "lang-session-01", "text": text, **extra})


def test_dutch_is_the_default_and_goes_to_rasa_as_metadata(
    client: TestClient, fake_rasa: FakeRasa
) -> None:
    body = chat(client, "Ik wil huurtoeslag aanvragen").json()
    assert body["language"] == "nl"
    assert fake_rasa.sent[-1][2] == {"branch": "leeuwarden", "language": "nl"}


def test_the_answer_follows_the_language_the_visitor_types_in(
    client: TestClient, fake_rasa: FakeRasa
) -> None:
    for text, language in [
        ("How do I apply for rent benefit?", "en"),
        ("Як мені отримати допомогу на оренду?", "uk"),
        ("كيف أحصل على مساعدة في الإيجار؟", "ar"),
    ]:
        body = chat(client, text).json()
        assert body["language"] == language
        assert fake_rasa.sent[-1][2]["language"] == language


def test_short_and_mixed_messages_keep_the_conversations_language(
    client: TestClient, fake_rasa: FakeRasa
) -> None:
    assert chat(client, "huurtoeslag", language="pl").json()["language"] == "pl"
    assert chat(client, "ok", language="tr").json()["language"] == "tr"
    assert chat(client, "I need help with my toeslag").json()["language"] == "en"


def test_a_chosen_language_stays_whatever_the_visitor_types(
    client: TestClient, fake_rasa: FakeRasa
) -> None:
    body = chat(client, "Ik wil huurtoeslag aanvragen", language="ar", language_chosen=True).json()
    assert body["language"] == "ar"
    assert fake_rasa.sent[-1][2]["language"] == "ar"


@pytest.mark.parametrize("language", ["fr", "NL", "", "arabic"])
def test_an_unknown_language_is_a_clear_422(
    client: TestClient, fake_rasa: FakeRasa, language: str
) -> None:
    response = chat(client, "hallo", language=language)
    assert response.status_code == 422
    assert response.json()["detail"]["errors"]["language"] == (
        "Deze taal kent Wegwijzer niet. Kies nl, en, pl, tr, ar of uk."
    )
    assert fake_rasa.sent == []


def test_the_apps_own_messages_come_in_the_language(
    client: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.replies = []
    body = chat(client, "Hoe vraag ik huurtoeslag aan", language="en", language_chosen=True).json()
    assert body["messages"][0]["text"].startswith("Sorry, something went wrong")
    fake_rasa.down = True
    response = chat(client, "Як мені отримати допомогу на оренду?")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("Wegwijzer зараз не може відповісти")


def test_a_removed_code_is_warned_about_in_the_language(
    client: TestClient, fake_rasa: FakeRasa
) -> None:
    body = chat(client, "my BSN is 111222333", language="en", language_chosen=True).json()
    assert body["messages"][0]["custom"]["type"] == "pii_removed"
    assert body["messages"][0]["text"].startswith("Please note")


def test_kiosk_config_per_language(client: TestClient) -> None:
    dutch = client.get("/api/kiosk/config").json()
    assert dutch["language"] == "nl"
    assert dutch["dir"] == "ltr"
    assert dutch["interface"]["send"] == "Verstuur"
    assert [lang["code"] for lang in dutch["languages"]] == list(LANGUAGES)
    assert {lang["name"] for lang in dutch["languages"]} >= {"العربية", "Українська", "Türkçe"}
    arabic = client.get("/api/kiosk/config", params={"language": "ar"}).json()
    assert arabic["dir"] == "rtl"
    assert arabic["interface"]["send"] == "أرسل"
    assert arabic["topics"]["huurtoeslag"] == "إعانة الإيجار (huurtoeslag)"
    assert arabic["tiles"][0]["tasks"][0]["title"] == "معلومات"
    assert client.get("/api/kiosk/config", params={"language": "xx"}).status_code == 422


def test_form_check_errors_in_the_visitors_language(client: TestClient) -> None:
    body = {"fields": ["name", "phone"], "name": "", "phone": "12", "language": "en"}
    errors = client.post("/api/referrals/check", json=body).json()["errors"]
    assert errors == {
        "name": "Fill in your name or a nickname.",
        "phone": "This phone number is not right. An example: 06 12345678.",
    }
    dutch = client.post("/api/referrals/check", json={**body, "language": "nl"}).json()["errors"]
    assert dutch["name"] == "Vul uw naam of een bijnaam in."


def test_partner_and_staff_see_the_visitors_language(client: TestClient) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        record_offer(
            session,
            services.partners,
            OfferRequest("lang-session-02", "huurtoeslag", "aanvragen", "leeuwarden", "ar"),
            timedelta(minutes=30),
        )
    form = {
        "session_id": "lang-session-02",
        "consent": True,
        "name": "Amal",
        "phone": "06 12345678",
        "language": "ar",
    }
    created = client.post("/api/referrals", json=form)
    assert created.status_code == 201
    # What happens next, in Arabic, with the reference readable.
    assert created.json()["message"].startswith("شكراً")
    assert created.json()["reference"] in created.json()["message"]
    with services.sessions() as session:
        assert session.scalars(select(Referral.language)).one() == "ar"
    [row] = client.get("/api/partner/referrals", headers=FORMULIERENHULP).json()
    assert row["language"] == "ar"
    assert row["language_note"] == "Bezoeker spreekt Arabisch"
    [staff_row] = client.get(
        "/api/staff/referrals", params={"branch": "leeuwarden"}, headers=STAFF
    ).json()
    assert staff_row["language_note"] == "Bezoeker spreekt Arabisch"


def test_triage_tells_staff_the_language(client: TestClient, fake_rasa: FakeRasa) -> None:
    fake_rasa.ranking = [{"name": "huurtoeslag", "confidence": 0.95}]
    body = client.post(
        "/api/triage", json={"text": "كيف أحصل على huurtoeslag؟"}, headers=STAFF
    ).json()
    assert body["language"] == "ar"
    assert body["language_note"] == "Bezoeker spreekt Arabisch"
    dutch = client.post("/api/triage", json={"text": "huurtoeslag aanvragen"}, headers=STAFF)
    assert dutch.json()["language_note"] == "Bezoeker spreekt Nederlands"


def test_staff_referral_keeps_the_triaged_language(client: TestClient) -> None:
    offer = client.post(
        "/api/staff/referral-offers",
        json={
            "topic": "huurtoeslag",
            "task": "aanvragen",
            "branch": "leeuwarden",
            "language": "uk",
        },
        headers=STAFF,
    )
    assert offer.status_code in (200, 201), offer.text
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        assert session.scalars(select(ReferralOffer.language)).one() == "uk"


def test_todays_spreekuren_come_in_the_kiosks_language(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start screen's "Vandaag in de bibliotheek": hours and place in the language."""
    # A Monday: the demo's Schuldhulpmaatje is in Leeuwarden's reading room, 13 to 15.
    monkeypatch.setattr(pages, "today_local", lambda: date(2026, 12, 7))

    def today(**params: str) -> Any:
        response = client.get("/api/kiosk/today", params={"branch": "leeuwarden", **params})
        assert response.status_code == 200, response.text
        return response.json()

    dutch = today()
    assert dutch["language"] == "nl"
    [hour] = dutch["spreekuren"]
    assert hour["partner"] == "Schuldhulpmaatje Friesland (voorbeeld)"
    assert hour["hours"] == "van 13 tot 15 uur"
    assert hour["where"] == "Waar: hier in de bibliotheek (in de leeszaal)."
    [polish] = today(language="pl")["spreekuren"]
    assert polish["hours"] == "od 13:00 do 15:00"
    assert polish["where"] == "Gdzie: tutaj w bibliotece (in de leeszaal)."
    [arabic] = today(language="ar")["spreekuren"]
    assert arabic["where"].startswith("المكان: ")
    assert "Waar" not in arabic["where"]
    assert "uur" not in arabic["hours"]
    assert client.get("/api/kiosk/today", params={"language": "fr"}).status_code == 422


def test_the_status_pages_back_link_keeps_the_language(client: TestClient) -> None:
    """ "Terug" on /status?lang=ar opens the kiosk in Arabic; Dutch stays plain "/"."""
    for language in LANGUAGES:
        page = client.get("/status", params={"lang": language}).text
        back = re.search(r'<a id="back"[^>]*href="([^"]*)"', page)
        assert back is not None
        assert back[1] == ("/" if language == "nl" else f"/?lang={language}")
    assert 'id="back" class="button secondary" href="/"' in client.get("/status").text
    assert 'href="/"' in client.get("/status", params={"lang": "xx"}).text
