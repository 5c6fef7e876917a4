"""The take-home slip: signed URLs, built from the catalogue, refused when changed."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from actions.messages import links_message
from api.settings import Settings
from tests.api.test_referral_api import form, open_offer
from tests.conftest import FakeRasa
from wegwijzer.answers import compose_answer
from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.slip import SlipRequest, slip_url

HUURTOESLAG = SlipRequest("huurtoeslag", "aanvragen", "leeuwarden")


def signed(settings: Settings, request: SlipRequest = HUURTOESLAG) -> str:
    return slip_url(settings.slip_secret_value().encode(), request)


def changed(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return f"{parts.path}?{urlencode({k: v for k, v in query.items() if v != '-'})}"


def test_a_signed_slip_shows_the_catalogues_steps_and_links(
    client: TestClient, settings: Settings, catalogue: Catalogue
) -> None:
    response = client.get(signed(settings))
    assert response.status_code == 200
    page = response.text
    answer = compose_answer(catalogue, "huurtoeslag", Task.AANVRAGEN, "leeuwarden")
    assert answer.text in page
    for link in (*answer.links, answer.info):
        assert link.url in page
    assert page.count("<svg") == 2  # one QR code per link
    assert "Formulierenhulp Friesland (voorbeeld)" in page
    assert "maandag tot en met vrijdag van 10 tot 17 uur" in page  # the branch's IDO hours
    assert "Uw nummer" not in page  # no referral, no reference


@pytest.mark.parametrize(
    "change",
    [
        {"onderwerp": "zorgtoeslag"},  # another topic's links
        {"taak": "bezwaar"},
        {"vestiging": "dokkum"},
        {"nummer": "W-4K7Q-9MXT-V"},  # a reference added
        {"sig": "-"},
        {"sig": "AAAAAAAAAAAAAAAAAAAAAAAA"},
        {"v": "2"},
    ],
)
def test_a_changed_slip_url_is_refused(
    client: TestClient, settings: Settings, change: dict[str, str]
) -> None:
    url = changed(signed(settings), **change)
    response = client.get(url)
    assert response.status_code == 403
    assert "Deze bon klopt niet" in response.text
    assert "https://" not in response.text
    assert client.get(url.replace("/bon?", "/api/slip/phone.svg?")).status_code == 403


def test_a_slip_signed_with_another_secret_is_refused(client: TestClient) -> None:
    forged = slip_url(b"not-the-server-secret", HUURTOESLAG)
    assert client.get(forged).status_code == 403


def test_a_referral_slip_has_the_reference_and_the_partners_card(
    client: TestClient, settings: Settings
) -> None:
    open_offer(client, "chat-slip-0001")
    created = client.post("/api/referrals", json=form("chat-slip-0001")).json()
    page = client.get(created["slip_url"]).text
    assert created["reference"] in page
    assert "Volgende keer kunt u ook zelf naar Formulierenhulp Friesland" in page
    for private in ("Anna", "612345678", "Graag na 10 uur"):
        assert private not in page
    # The reference cannot be swapped for someone else's.
    other = changed(created["slip_url"], nummer="W-ACDE-3467-A")
    assert client.get(other).status_code == 403


def test_the_phone_qr_code_opens_the_same_slip(client: TestClient, settings: Settings) -> None:
    url = signed(settings)
    response = client.get(url.replace("/bon?", "/api/slip/phone.svg?"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml")


def test_qr_codes_only_for_catalogue_addresses(client: TestClient) -> None:
    assert client.get("/api/qr.svg", params={"url": "https://mijn.toeslagen.nl"}).status_code == 200
    # An English visitor's page is a catalogue address too.
    english = "https://www.svb.nl/en/aow-pension"
    assert client.get("/api/qr.svg", params={"url": english}).status_code == 200
    refused = client.get("/api/qr.svg", params={"url": "https://evil.example.org"})
    assert refused.status_code == 404


def test_a_links_message_carries_its_signed_slip_url(
    client: TestClient, fake_rasa: FakeRasa, catalogue: Catalogue, settings: Settings
) -> None:
    answer = compose_answer(catalogue, "huurtoeslag", Task.AANVRAGEN, "dokkum")
    message = links_message("huurtoeslag", answer.links, Task.AANVRAGEN)["json_message"]
    fake_rasa.replies = [{"recipient_id": "x", "custom": message}]
    reply = client.post("/api/chat", json={"text": "huurtoeslag aanvragen", "branch": "dokkum"})
    [custom] = [m["custom"] for m in reply.json()["messages"] if m["custom"]]
    assert custom["links"][0]["portal"] is True
    expected = signed(settings, SlipRequest("huurtoeslag", "aanvragen", "dokkum"))
    assert custom["slip_url"] == expected
    assert client.get(custom["slip_url"]).status_code == 200


def test_the_kiosk_is_told_how_to_show_portal_links(client: TestClient) -> None:
    assert client.get("/api/kiosk/config").json()["portal_links"] == "qr"


def test_portal_links_may_open_where_the_operator_says_so() -> None:
    assert Settings(kiosk_portal_links="open").kiosk_portal_links == "open"
    with pytest.raises(ValidationError):
        Settings(kiosk_portal_links="sometimes")  # type: ignore[arg-type]
