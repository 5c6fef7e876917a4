"""The DigiD boundary and warm referral through the real stack, and the PII leak check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Stack
from tests.e2e.test_conversation import all_text, chat
from tests.e2e.test_pii_leak import contains_value
from tests.receivers import wait_for

pytestmark = pytest.mark.e2e

FORMULIERENHULP = {"Authorization": "Bearer demo-formulierenhulp-token"}
SCHULDHULP = {"Authorization": "Bearer demo-schuldhulp-token"}


def custom_of(body: dict[str, Any], kind: str) -> dict[str, Any] | None:
    for message in body["messages"]:
        if message["custom"] and message["custom"].get("type") == kind:
            custom: dict[str, Any] = message["custom"]
            return custom
    return None


@pytest.mark.parametrize("consent", ["/affirm", "ja graag"])
def test_application_boundary_consent_form_webhook_and_partner_api(
    stack: Stack, consent: str
) -> None:
    first = chat(stack, "Ik wil huurtoeslag aanvragen")
    session_id = first["session_id"]
    offer = first["messages"][-1]
    assert "organisatie in de buurt" in offer["text"]
    assert [b["payload"] for b in offer["buttons"]] == ["/affirm", "/deny"]
    assert "DigiD Machtigen" in all_text(first)

    second = chat(stack, consent, session_id=session_id)
    form = custom_of(second, "referral_form")
    assert form is not None, second
    assert form["session_id"] == session_id
    assert form["topic"] == "huurtoeslag"
    assert form["partner"] == "Formulierenhulp Friesland (voorbeeld)"

    created = httpx.post(
        f"{stack.app_url}/api/referrals",
        json={
            "session_id": session_id,
            "consent": True,
            "name": "Jan",
            "phone": "06 87654321",
            "preferred_time": "middag",
            "note": "Ik heb hulp nodig met het formulier.",
        },
        timeout=30,
    )
    assert created.status_code == 201, created.text
    reference = created.json()["reference"]

    def delivered() -> list[dict[str, Any]]:
        return [p for p in stack.receiver.payloads() if p["data"]["reference"] == reference]

    assert wait_for(lambda: bool(delivered()), timeout=30)
    [payload] = delivered()
    assert all(r.signature_ok for r in stack.receiver.requests)
    assert "Jan" not in str(payload)
    referral_id = payload["data"]["referral_id"]

    url = f"{stack.app_url}/api/partner/referrals/{referral_id}"
    assert httpx.get(url, headers=SCHULDHULP, timeout=10).status_code == 404
    detail = httpx.get(url, headers=FORMULIERENHULP, timeout=10).json()
    assert detail["contact"]["name"] == "Jan"
    assert detail["contact"]["phone"] == "+31687654321"


def test_declining_the_offer_gets_the_do_it_yourself_route(stack: Stack) -> None:
    first = chat(stack, "Ik wil mijn WW aanvragen")
    second = chat(stack, "nee dank u", session_id=first["session_id"])
    assert "zelf doen" in all_text(second)
    assert custom_of(second, "referral_form") is None


def test_a_yes_that_asks_on_gets_an_answer_and_the_offer_stands(stack: Stack) -> None:
    """Only explicit consent opens the form: "ja, maar waar doe ik dat?" asks on."""
    first = chat(stack, "Ik wil huurtoeslag aanvragen")
    second = chat(
        stack, "ja dat snap ik, maar waar doe ik dat precies", session_id=first["session_id"]
    )
    assert custom_of(second, "referral_form") is None
    boundary = custom_of(second, "digid_boundary")
    assert boundary is not None
    assert boundary["topic"] == "huurtoeslag"
    # The offer is made again, and a plain yes then opens the form.
    third = chat(stack, "ja graag", session_id=first["session_id"])
    assert custom_of(third, "referral_form") is not None


@pytest.mark.parametrize(
    "reply",
    # The intent model may hear these as a yes or as a request that staff log in.
    ["ja graag, maar kost dat iets?", "ja, maar kost het iets?", "ja, wie belt mij dan?"],
)
def test_an_unclear_yes_is_checked_before_the_form(stack: Stack, reply: str) -> None:
    """A yes with a question about the offer: one check with the buttons, then the form."""
    first = chat(stack, "Ik wil huurtoeslag aanvragen")
    second = chat(stack, reply, session_id=first["session_id"])
    assert custom_of(second, "referral_form") is None
    [check] = second["messages"]
    assert [b["payload"] for b in check["buttons"]] == ["/affirm", "/deny"]
    third = chat(stack, "/affirm", session_id=first["session_id"])
    assert custom_of(third, "referral_form") is not None


def test_a_yes_with_a_phone_number_gets_the_check_without_the_number(stack: Stack) -> None:
    """The number is removed before Rasa, which then heard no yes (it answered about
    DigiD); the offer is checked with the buttons, and a press opens the form."""
    first = chat(stack, "Ik wil huurtoeslag aanvragen")
    second = chat(
        stack, "ja graag, mijn telefoonnummer is 06-12345678", session_id=first["session_id"]
    )
    assert custom_of(second, "pii_removed") is not None
    assert custom_of(second, "referral_form") is None
    assert "12345678" not in str(second)
    buttons = [b["payload"] for m in second["messages"] for b in m.get("buttons") or []]
    assert buttons == ["/affirm", "/deny"]
    third = chat(stack, "/affirm", session_id=first["session_id"])
    assert custom_of(third, "referral_form") is not None


SECRETS = ["111222333", "NL91ABNA0417164300", "Zonnebloem77", "583920"]


def test_pii_never_reaches_a_file(stack: Stack) -> None:
    session_id = None
    for text in (
        f"Ik wil huurtoeslag aanvragen, mijn bsn is {SECRETS[0]}",
        f"mijn rekeningnummer is {SECRETS[1]}",
        f"mijn wachtwoord is {SECRETS[2]} kunt u inloggen",
        f"de sms code is {SECRETS[3]}",
    ):
        body = chat(stack, text, session_id=session_id)
        session_id = body["session_id"]
        assert custom_of(body, "pii_removed") is not None
    files = [p for p in stack.work.rglob("*") if p.is_file()]
    assert any(p.name.startswith("tracker.db") for p in files)
    assert any(p.name.startswith("app.db") for p in files)
    leaks = [
        (str(path.relative_to(stack.work)), secret)
        for path in files
        for secret in SECRETS
        if contains_value(Path(path).read_bytes(), secret)
    ]
    assert leaks == []
