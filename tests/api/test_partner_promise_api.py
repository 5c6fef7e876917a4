"""Partner cards, due dates, the status lookup and overdue referrals over HTTP."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from api.settings import Settings
from tests.api.test_referral_api import FORMULIERENHULP, STAFF, form, open_offer
from wegwijzer.referrals.promise import today_local
from wegwijzer.referrals.references import check_character
from wegwijzer.storage.models import Referral
from wegwijzer.workdays import dutch_date, written_date


def make_referral(client: TestClient, chat: str, topic: str = "huurtoeslag") -> dict[str, object]:
    open_offer(client, chat, topic)
    response = client.post("/api/referrals", json=form(chat))
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def set_due(client: TestClient, reference: object, due: date) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        referral = session.query(Referral).filter_by(reference=reference).one()
        referral.due_on = due
        session.commit()


def test_the_confirmation_names_the_real_due_date_and_the_card(client: TestClient) -> None:
    body = make_referral(client, "chat-promise-01")
    due = date.fromisoformat(str(body["due_on"]))
    assert f"uiterlijk {dutch_date(due)}." in str(body["message"])
    assert "werkdagen" not in str(body["message"])
    card = body["partner_card"]
    assert isinstance(card, dict)
    assert card["name"] == "Formulierenhulp Friesland (voorbeeld)"
    assert card["next_time"] == (
        "Volgende keer kunt u ook zelf naar Formulierenhulp Friesland (voorbeeld) gaan. "
        "Zij zijn er elke dinsdag van 10 tot 12 uur. Dat is hier in de bibliotheek."
    )
    assert card["phone"] == "058 123 4567"


def test_status_lookup_with_a_right_code_shows_status_and_card_only(client: TestClient) -> None:
    body = make_referral(client, "chat-promise-02")
    reference = str(body["reference"])
    # Typed the way people type: lower case, spaces instead of dashes.
    typed = reference.lower().replace("-", " ")
    response = client.get(f"/api/referrals/status/{typed}")
    assert response.status_code == 200
    status = response.json()
    assert set(status) == {"reference", "status", "status_text", "due_on", "partner"}
    assert status["reference"] == reference
    assert status["status"] == "new"
    assert "Formulierenhulp Friesland" in status["status_text"]
    assert "uiterlijk" in status["status_text"]
    assert status["partner"]["helps_with"].startswith("Hulp bij formulieren")
    text = json.dumps(status)
    for private in ("Anna", "612345678", "Graag na 10 uur", "ochtend"):
        assert private not in text


def test_a_mistyped_code_is_caught_by_its_check_character(client: TestClient) -> None:
    reference = str(make_referral(client, "chat-promise-03")["reference"])
    body = reference.replace("-", "")[1:]
    # One character typed wrong: another valid character in its place.
    wrong = ("A" if body[2] != "A" else "C") + body[3:]
    mistyped = f"W-{body[:2]}{wrong}"
    response = client.get(f"/api/referrals/status/{mistyped}")
    assert response.status_code == 404
    assert "Deze code klopt niet" in response.json()["detail"]
    # Two neighbours swapped.
    if body[0] != body[1]:
        swapped = f"W-{body[1]}{body[0]}{body[2:]}"
        response = client.get(f"/api/referrals/status/{swapped}")
        assert "Deze code klopt niet" in response.json()["detail"]
    for nonsense in ("hallo", "W-0000-0000-0", "12345"):
        assert (
            "Deze code klopt niet"
            in client.get(f"/api/referrals/status/{nonsense}").json()["detail"]
        )


def test_an_unknown_but_well_formed_code_is_404(client: TestClient) -> None:
    body = "ACDE3467"
    response = client.get(f"/api/referrals/status/W-{body[:4]}-{body[4:]}-{check_character(body)}")
    assert response.status_code == 404
    assert "Wij kennen deze code niet" in response.json()["detail"]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"rate_status_client_per_minute": 8})


def test_status_lookups_are_rate_limited(client: TestClient) -> None:
    codes = [f"W-ACDE-{n}467-A" for n in "3467ACDEFG"]
    answers = [client.get(f"/api/referrals/status/{c}").status_code for c in codes]
    assert answers[:8] == [404] * 8
    assert answers[8:] == [429] * 2


def test_overdue_referrals_come_first_for_staff_with_a_flag(client: TestClient) -> None:
    old = make_referral(client, "chat-promise-04")["reference"]
    make_referral(client, "chat-promise-05")
    set_due(client, old, today_local() - timedelta(days=1))
    rows = client.get("/api/staff/referrals", headers=STAFF).json()
    assert rows[0]["reference"] == old
    assert [r["overdue"] for r in rows] == [True, False]
    # The partner sees it too.
    inbox = client.get("/api/partner/referrals", headers=FORMULIERENHULP).json()
    assert {r["reference"]: r["overdue"] for r in inbox}[old] is True
    # Its status lookup now says plainly that nobody called yet.
    status = client.get(f"/api/referrals/status/{old}").json()
    assert "nog geen contact" in status["status_text"]


def test_the_kiosk_shows_todays_spreekuren_at_its_branch(client: TestClient) -> None:
    today = client.get("/api/kiosk/today", params={"branch": "leeuwarden"}).json()
    assert today["date_text"] == dutch_date(today_local())
    weekday = today_local().weekday()
    expected = {0: ["Schuldhulpmaatje Friesland (voorbeeld)"]}
    if weekday == 1 and today_local() != date(2026, 12, 29):
        expected[1] = ["Formulierenhulp Friesland (voorbeeld)"]
    assert [s["partner"] for s in today["spreekuren"]] == expected.get(weekday, [])
    assert client.get("/api/kiosk/today", params={"branch": "atlantis"}).status_code == 422


def test_the_status_lookup_answers_in_the_language_asked_for(client: TestClient) -> None:
    body = make_referral(client, "chat-promise-lang1")
    reference = str(body["reference"])
    due = date.fromisoformat(str(body["due_on"]))
    english = client.get(f"/api/referrals/status/{reference}", params={"lang": "en"}).json()
    assert english["status_text"] == (
        "Your question has been passed on to Formulierenhulp Friesland (voorbeeld). "
        f"They will contact you by {written_date(due, 'en')} at the latest."
    )
    assert english["partner"]["next_time"].startswith(
        "Next time you can also go to Formulierenhulp Friesland (voorbeeld) yourself."
    )
    arabic = client.get(f"/api/referrals/status/{reference}", params={"lang": "ar"}).json()
    assert arabic["status_text"].startswith("تم تحويل سؤالك إلى Formulierenhulp Friesland")
    # Not one of the kiosk's languages, or none at all: Dutch, never an error.
    for params in ({"lang": "xx"}, {"lang": "EN"}, {}):
        dutch = client.get(f"/api/referrals/status/{reference}", params=params)
        assert dutch.status_code == 200
        assert "uiterlijk" in dutch.json()["status_text"]
        assert dutch.json()["partner"]["next_time"].startswith("Volgende keer")


def test_a_wrong_code_is_explained_in_the_language_asked_for(client: TestClient) -> None:
    english = client.get("/api/referrals/status/hallo", params={"lang": "en"})
    assert english.status_code == 404
    assert english.json()["detail"].startswith("This code is not right.")
    well_formed = f"W-ACDE-3467-{check_character('ACDE3467')}"
    unknown = client.get(f"/api/referrals/status/{well_formed}", params={"lang": "uk"})
    assert unknown.status_code == 404
    assert unknown.json()["detail"].startswith("Ми не знаємо цього коду.")
    dutch = client.get("/api/referrals/status/hallo", params={"lang": "xx"})
    assert dutch.json()["detail"].startswith("Deze code klopt niet.")


STATUS_PAGE = {
    "en": ("ltr", ("Is someone working on my question?", "Your number", ">Look<", ">Back<")),
    "ar": ("rtl", ("هل بدأ أحد العمل على سؤالي؟", "رقمك", ">ابحث<", ">رجوع<")),
    "nl": ("ltr", ("Is mijn vraag al opgepakt?", "Uw nummer", ">Kijk<", ">Terug<")),
}


@pytest.mark.parametrize(
    ("asked", "language"), [("en", "en"), ("ar", "ar"), ("xx", "nl"), ("", "nl"), (None, "nl")]
)
def test_the_status_page_comes_in_the_language_asked_for(
    client: TestClient, asked: str | None, language: str
) -> None:
    response = client.get("/status", params={} if asked is None else {"lang": asked})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    direction, words = STATUS_PAGE[language]
    assert f'<html lang="{language}" dir="{direction}">' in page
    for word in words:
        assert word in page
    assert "{{" not in page
    # status.js's messages and the card's labels, in the same language.
    [raw] = re.findall(r'data-texts="([^"]*)"', page)
    texts = json.loads(html.unescape(raw))
    dutch = language == "nl"
    assert (texts["card_phone"] == "Telefoon") is dutch
    assert (texts["status_empty"] == "Typ eerst het nummer van uw bon.") is dutch
    assert "{reference}" in texts["status_number"]
