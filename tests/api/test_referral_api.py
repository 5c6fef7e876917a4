"""Referral form, partner API and staff API over HTTP."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import STAFF_TOKEN
from wegwijzer.referrals.references import check_character
from wegwijzer.referrals.service import OfferRequest, record_offer
from wegwijzer.stats import iso_week
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import AuditEntry, OutboxMessage, Referral, ReferralOffer

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}
FORMULIERENHULP = {"Authorization": "Bearer demo-formulierenhulp-token"}
SCHULDHULP = {"Authorization": "Bearer demo-schuldhulp-token"}


def open_offer(client: TestClient, session_id: str, topic: str = "huurtoeslag") -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        record_offer(
            session,
            services.partners,
            OfferRequest(session_id, topic, "aanvragen", "leeuwarden"),
            timedelta(minutes=30),
        )


def form(session_id: str = "chat-session-01", **changes: Any) -> dict[str, Any]:
    body = {
        "session_id": session_id,
        "consent": True,
        "name": "Anna",
        "phone": "06 12345678",
        "email": None,
        "preferred_time": "ochtend",
        "note": "Graag na 10 uur bellen.",
    }
    body.update(changes)
    return body


def test_referral_created_with_reference_and_next_steps(client: TestClient) -> None:
    open_offer(client, "chat-session-01")
    response = client.post("/api/referrals", json=form())
    assert response.status_code == 201
    body = response.json()
    assert body["reference"].startswith("W-")
    assert body["partner"] == "Formulierenhulp Friesland (voorbeeld)"
    assert body["reference"] in body["message"]
    assert body["partner"] in body["message"]


def test_without_an_offer_the_form_is_409(client: TestClient) -> None:
    response = client.post("/api/referrals", json=form())
    assert response.status_code == 409
    assert "geen open aanbod" in response.json()["detail"]


def test_an_expired_offer_is_409_and_stores_nothing(client: TestClient) -> None:
    open_offer(client, "chat-session-01")
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        [offer] = session.scalars(select(ReferralOffer)).all()
        # Half a minute past WEGWIJZER_REFERRAL_OFFER_MINUTES.
        offer.expires_at = utcnow() - timedelta(seconds=30)
        session.commit()
    response = client.post("/api/referrals", json=form())
    assert response.status_code == 409
    assert "geen open aanbod" in response.json()["detail"]
    with services.sessions() as session:
        assert session.scalars(select(Referral)).all() == []
    # A new offer (the visitor says "ja" again) opens the form again.
    open_offer(client, "chat-session-01")
    assert client.post("/api/referrals", json=form()).status_code == 201


def test_form_errors_are_dutch_per_field(client: TestClient) -> None:
    open_offer(client, "chat-session-01")
    response = client.post(
        "/api/referrals", json=form(consent=False, phone="123", email="x@", name="")
    )
    assert response.status_code == 422
    errors = response.json()["detail"]["errors"]
    assert set(errors) == {"consent", "phone", "email", "name"}
    assert "telefoonnummer" in errors["phone"]
    # Nothing was stored: after correcting, the same offer still works.
    assert client.post("/api/referrals", json=form()).status_code == 201


def test_partner_api_shows_contact_details_to_the_right_partner_only(
    client: TestClient,
) -> None:
    open_offer(client, "chat-session-01")
    client.post("/api/referrals", json=form())
    [summary] = client.get("/api/partner/referrals", headers=FORMULIERENHULP).json()
    assert "phone" not in summary
    referral_id = summary["id"]
    assert (
        client.get(f"/api/partner/referrals/{referral_id}", headers=SCHULDHULP).status_code == 404
    )
    assert client.get("/api/partner/referrals", headers=SCHULDHULP).json() == []
    detail = client.get(f"/api/partner/referrals/{referral_id}", headers=FORMULIERENHULP).json()
    assert detail["contact"]["phone"] == "+31612345678"
    assert detail["contact"]["name"] == "Anna"
    assert detail["status"] == "received"
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        audit = session.scalars(select(AuditEntry)).all()
        assert [(a.actor, a.referral_id) for a in audit] == [
            ("partner:formulierenhulp_friesland", referral_id)
        ]


def test_partner_changes_status_with_a_note(client: TestClient) -> None:
    open_offer(client, "chat-session-01")
    client.post("/api/referrals", json=form())
    [summary] = client.get("/api/partner/referrals", headers=FORMULIERENHULP).json()
    url = f"/api/partner/referrals/{summary['id']}/status"
    response = client.post(
        url, json={"status": "in_progress", "note": "Gebeld"}, headers=FORMULIERENHULP
    )
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert client.post(url, json={"status": "received"}, headers=FORMULIERENHULP).status_code == 409
    assert client.post(url, json={"status": "done"}, headers=SCHULDHULP).status_code == 404
    assert client.post(url, json={"status": "weg"}, headers=FORMULIERENHULP).status_code == 422
    detail = client.get(f"/api/partner/referrals/{summary['id']}", headers=FORMULIERENHULP).json()
    assert [(h["status"], h["note"]) for h in detail["history"]] == [
        ("new", None),
        ("in_progress", "Gebeld"),
    ]


@pytest.mark.parametrize("path", ["/api/partner/referrals", "/api/partner/referrals/x"])
def test_partner_api_needs_a_partner_token(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 401
    assert client.get(path, headers=STAFF).status_code == 401


def test_staff_sees_branch_referrals_and_failed_deliveries(client: TestClient) -> None:
    open_offer(client, "chat-session-01")
    client.post("/api/referrals", json=form())
    assert client.get("/api/staff/referrals").status_code == 401
    rows = client.get("/api/staff/referrals", params={"branch": "leeuwarden"}, headers=STAFF).json()
    assert len(rows) == 1
    assert "contact" not in rows[0]
    assert (
        client.get("/api/staff/referrals", params={"branch": "dokkum"}, headers=STAFF).json() == []
    )
    assert client.get("/api/staff/deliveries", headers=STAFF).json() == []
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        for message in session.scalars(select(OutboxMessage)):
            message.status = "failed"
            message.last_error = "HTTP 500"
        session.commit()
    failed = client.get("/api/staff/deliveries", headers=STAFF).json()
    assert {d["channel"] for d in failed} == {"webhook", "email"}
    assert all(d["last_error"] == "HTTP 500" for d in failed)


def test_chat_removes_pii_before_rasa_and_warns(client: TestClient, fake_rasa: Any) -> None:
    response = client.post(
        "/api/chat", json={"text": "mijn bsn is 111222333 en mijn wachtwoord is Geheim12"}
    )
    [(_, sent, _)] = fake_rasa.sent
    assert "111222333" not in sent
    assert "Geheim12" not in sent
    first = response.json()["messages"][0]
    assert first["custom"]["type"] == "pii_removed"
    assert "nooit" in first["text"]


def test_a_form_step_is_checked_with_the_referral_rules_and_stores_nothing(
    client: TestClient,
) -> None:
    step3 = {"fields": ["contact", "phone", "email"], "phone": "123"}
    errors = client.post("/api/referrals/check", json=step3).json()["errors"]
    assert errors == {"phone": "Dit telefoonnummer klopt niet. Een voorbeeld: 06 12345678."}
    # Only this step's fields: the missing consent and name of other steps are not named.
    ok = client.post("/api/referrals/check", json={**step3, "phone": "06 12345678"})
    assert ok.status_code == 200
    assert ok.json() == {"errors": {}}
    empty = client.post("/api/referrals/check", json={"fields": ["contact", "phone", "email"]})
    assert set(empty.json()["errors"]) == {"contact"}
    consent = client.post("/api/referrals/check", json={"fields": ["consent"]}).json()
    assert "vinkje" in consent["errors"]["consent"]
    assert client.post("/api/referrals/check", json={"fields": ["bsn"]}).status_code == 422
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        assert session.scalars(select(Referral)).all() == []


def _with_check(body: str) -> str:
    return f"W-{body[:4]}-{body[4:]}-{check_character(body)}"


@pytest.mark.parametrize(
    ("reference", "typed"),
    [
        # Its body starts with W and it is typed without its own W ("one in 25").
        (_with_check("WACDE346"), _with_check("WACDE346")[2:]),
        # Typed without its check character, where W and the rest make a valid new code.
        (
            _with_check("ACDE346" + check_character("WACDE346")),
            "W-ACDE-346" + check_character("WACDE346"),
        ),
    ],
    ids=["no-w", "no-check-character"],
)
def test_a_number_that_reads_two_ways_is_found_by_partner_and_visitor(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, reference: str, typed: str
) -> None:
    monkeypatch.setattr("wegwijzer.referrals.service.new_reference", lambda: reference)
    open_offer(client, "chat-session-01")
    assert client.post("/api/referrals", json=form()).json()["reference"] == reference
    found = client.get(
        "/api/partner/referrals", params={"reference": typed}, headers=FORMULIERENHULP
    ).json()
    assert [r["reference"] for r in found] == [reference]
    if typed.replace("-", "")[-1] == reference[-1]:  # the visitor's slip has the check
        status = client.get(f"/api/referrals/status/{typed}")
        assert status.status_code == 200, status.text
        assert status.json()["reference"] == reference


def test_a_visitor_typing_the_number_in_arabic_digits_finds_it(client: TestClient) -> None:
    open_offer(client, "chat-session-01")
    reference = client.post("/api/referrals", json=form()).json()["reference"]
    typed = reference.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    status = client.get(f"/api/referrals/status/{typed}", params={"lang": "ar"})
    assert status.status_code == 200, status.text
    assert status.json()["reference"] == reference
    found = client.get(
        "/api/partner/referrals", params={"reference": typed}, headers=FORMULIERENHULP
    ).json()
    assert [r["reference"] for r in found] == [reference]


def test_partner_finds_a_referral_by_the_number_the_visitor_reads_out(client: TestClient) -> None:
    open_offer(client, "chat-session-01")
    reference = client.post("/api/referrals", json=form()).json()["reference"]
    open_offer(client, "chat-session-02")
    client.post("/api/referrals", json=form("chat-session-02"))
    # Also without its check character (the last one), as an older habit would type it.
    typed_ways = (reference, reference.lower(), reference.replace("-", " "), reference[2:])
    for typed in (*typed_ways, reference[:-2], reference[2:-2].lower()):
        found = client.get(
            "/api/partner/referrals", params={"reference": typed}, headers=FORMULIERENHULP
        ).json()
        assert [r["reference"] for r in found] == [reference], typed
    other = client.get(
        "/api/partner/referrals", params={"reference": reference}, headers=SCHULDHULP
    ).json()
    assert other == []


def test_partner_sees_the_phone_as_dutch_people_write_it(client: TestClient) -> None:
    open_offer(client, "chat-session-01")
    client.post("/api/referrals", json=form(phone="058 123 4567"))
    [row] = client.get("/api/partner/referrals", headers=FORMULIERENHULP).json()
    assert row["task"] == "aanvragen"
    contact = client.get(f"/api/partner/referrals/{row['id']}", headers=FORMULIERENHULP).json()
    assert contact["contact"]["phone"] == "+31581234567"
    assert contact["contact"]["phone_display"] == "058 123 4567"


def test_a_note_on_the_current_status_is_kept_without_a_change(client: TestClient) -> None:
    open_offer(client, "chat-session-01")
    client.post("/api/referrals", json=form())
    [row] = client.get("/api/partner/referrals", headers=FORMULIERENHULP).json()
    url = f"/api/partner/referrals/{row['id']}"
    client.get(url, headers=FORMULIERENHULP)  # opened: received
    noted = client.post(
        f"{url}/status",
        json={"status": "received", "note": "Voicemail ingesproken"},
        headers=FORMULIERENHULP,
    )
    assert noted.status_code == 200
    assert noted.json()["status"] == "received"
    history = client.get(url, headers=FORMULIERENHULP).json()["history"]
    assert [(h["status"], h["note"]) for h in history][-1] == ("received", "Voicemail ingesproken")
    bare = client.post(f"{url}/status", json={"status": "received"}, headers=FORMULIERENHULP)
    assert bare.status_code == 409
    assert "Ontvangen" in bare.json()["detail"]


def test_staff_statistics_name_their_period(client: TestClient) -> None:
    everything = client.get("/api/staff/stats", headers=STAFF).json()
    assert everything["period"]["first_week"] is None
    four = client.get("/api/staff/stats", params={"weeks": 4}, headers=STAFF).json()["period"]
    start, end = date.fromisoformat(four["from_date"]), date.fromisoformat(four["to_date"])
    assert start.weekday() == 0
    assert end.weekday() == 6
    assert (end - start).days == 4 * 7 - 1
    assert four["last_week"] == iso_week(utcnow())
    assert client.get("/api/staff/stats", params={"weeks": 0}, headers=STAFF).status_code == 422
