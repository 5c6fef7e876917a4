"""The take-home slip: signed URLs, built from the catalogue, refused when changed."""

from __future__ import annotations

import re
from datetime import timedelta
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
from wegwijzer.referrals.promise import today_local
from wegwijzer.referrals.service import OfferRequest, record_offer
from wegwijzer.slip import SlipRequest, slip_url
from wegwijzer.workdays import written_date

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


DUTCH_HEADINGS = ("Wat kunt u doen?", "Op internet", "Hulp in de bibliotheek", "Printen")


def in_language(language: str, request: SlipRequest = HUURTOESLAG) -> SlipRequest:
    return SlipRequest(request.topic, request.task, request.branch, request.reference, language)


HEADINGS = {
    "en": ("ltr", ("What can you do?", "On the internet", "Help in the library", "Print")),
    "ar": ("rtl", ("ماذا يمكنك أن تفعل؟", "على الإنترنت", "المساعدة في المكتبة", "طباعة")),
}


@pytest.mark.parametrize("language", sorted(HEADINGS))
def test_a_slip_comes_in_the_conversations_language_with_the_catalogues_links(
    client: TestClient, settings: Settings, catalogue: Catalogue, language: str
) -> None:
    direction, headings = HEADINGS[language]
    before = today_local()
    response = client.get(signed(settings, in_language(language)))
    assert response.status_code == 200
    page = response.text
    assert f'<html lang="{language}" dir="{direction}">' in page
    for heading in headings:
        assert heading in page
    for dutch in DUTCH_HEADINGS:
        assert dutch not in page
    assert any(written_date(day, language) in page for day in {before, today_local()})
    # The same catalogue links (and a QR code each) as the answer in this language.
    answer = compose_answer(
        catalogue.localised(language), "huurtoeslag", Task.AANVRAGEN, "leeuwarden"
    )
    assert answer.text in page
    for link in (*answer.links, answer.info):
        assert link.url in page
    assert page.count("<svg") == 2
    dutch_page = client.get(signed(settings)).text
    assert '<html lang="nl" dir="ltr">' in dutch_page
    if language == "ar":  # no Arabic pages in the catalogue: the very same links as in Dutch
        assert sorted(re.findall(r'class="url" dir="ltr">([^<]+)<', page)) == sorted(
            re.findall(r'class="url" dir="ltr">([^<]+)<', dutch_page)
        )


@pytest.mark.parametrize(
    ("signed_in", "change"),
    [
        ("nl", {"taal": "en"}),  # a language added
        ("ar", {"taal": "en"}),  # a language swapped
        ("ar", {"taal": "-"}),  # a language taken out
        ("en", {"taal": "xx"}),
    ],
)
def test_a_changed_slip_language_is_refused(
    client: TestClient, settings: Settings, signed_in: str, change: dict[str, str]
) -> None:
    url = changed(signed(settings, in_language(signed_in)), **change)
    response = client.get(url)
    assert response.status_code == 403
    assert "https://" not in response.text
    assert client.get(url.replace("/bon?", "/api/slip/phone.svg?")).status_code == 403


def test_the_refusal_speaks_the_language_the_url_names_or_dutch(
    client: TestClient, settings: Settings
) -> None:
    english = client.get(changed(signed(settings), taal="en"))
    assert english.status_code == 403
    assert '<html lang="en" dir="ltr">' in english.text
    assert "This slip is not right" in english.text
    unknown = client.get(changed(signed(settings), taal="xx"))
    assert unknown.status_code == 403
    assert '<html lang="nl" dir="ltr">' in unknown.text
    assert "Deze bon klopt niet" in unknown.text


def test_a_slip_signed_in_an_unknown_language_is_refused_not_an_error(
    client: TestClient, settings: Settings
) -> None:
    response = client.get(signed(settings, in_language("xx")))
    assert response.status_code == 403
    assert "Deze bon klopt niet" in response.text


def test_a_slip_url_from_before_languages_still_fits(settings: Settings) -> None:
    # A Dutch slip signs exactly the fields it signed before: printed slips stay valid.
    assert "taal" not in signed(settings)
    assert "taal=ar" in signed(settings, in_language("ar"))


def test_an_english_conversations_links_message_gets_an_english_slip(
    client: TestClient, fake_rasa: FakeRasa, catalogue: Catalogue, settings: Settings
) -> None:
    english = catalogue.localised("en")
    answer = compose_answer(english, "huurtoeslag", Task.AANVRAGEN, "dokkum")
    message = links_message("huurtoeslag", answer.links, Task.AANVRAGEN)["json_message"]
    fake_rasa.replies = [{"recipient_id": "x", "custom": message}]
    body = {"text": "apply for huurtoeslag", "branch": "dokkum", "language": "en"}
    reply = client.post("/api/chat", json={**body, "language_chosen": True})
    [custom] = [m["custom"] for m in reply.json()["messages"] if m["custom"]]
    wanted = SlipRequest("huurtoeslag", "aanvragen", "dokkum", language="en")
    assert custom["slip_url"] == signed(settings, wanted)
    page = client.get(custom["slip_url"]).text
    assert "What can you do?" in page


def test_a_referral_slip_in_ukrainian_has_the_reference_and_the_card_labels(
    client: TestClient,
) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        request = OfferRequest("chat-slip-uk01", "huurtoeslag", "aanvragen", "leeuwarden", "uk")
        record_offer(session, services.partners, request, timedelta(minutes=30))
    created = client.post("/api/referrals", json=form("chat-slip-uk01")).json()
    assert "taal=uk" in created["slip_url"]
    page = client.get(created["slip_url"]).text
    assert '<html lang="uk" dir="ltr">' in page
    assert created["reference"] in page
    for label in ("Ваш номер", "Допомога від Formulierenhulp Friesland", "Чи вже взялися"):
        assert label in page
    assert "Uw nummer" not in page
    # The partner's card says where to go next time in Ukrainian too.
    assert "Наступного разу ви можете самі піти до Formulierenhulp Friesland" in page
    assert "Volgende keer" not in page
