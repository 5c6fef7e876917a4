"""The real stack's logs after a PII-laden conversation and a referral: JSON, a request id
on every request line, and none of what the visitor typed or filled in."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Stack
from tests.e2e.test_conversation import chat
from tests.receivers import wait_for

pytestmark = pytest.mark.e2e

BSN = "390996038"
PHONE = "0624681357"
EMAIL = "gerbrich.hoekstra-wadden@example.org"
NAME = "Gerbrich Hoekstra-Wadden"
MESSAGE = "Slachtedyk"
NEEDLES = [BSN, "390.996.038", PHONE, "624681357", EMAIL, "hoekstra-wadden", "Gerbrich", MESSAGE]
REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")


def json_lines(path: Path) -> list[dict[str, Any]]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def test_logs_carry_request_ids_and_no_message_text_or_contact_details(stack: Stack) -> None:
    first = chat(stack, f"bsn 390.996.038, ik woon aan de {MESSAGE}. Ik wil huurtoeslag aanvragen")
    session_id = first["session_id"]
    chat(stack, f"mijn naam is {NAME}, bel {PHONE} of mail {EMAIL}", session_id=session_id)
    again = chat(stack, "Ik wil huurtoeslag aanvragen", session_id=session_id)
    assert "organisatie in de buurt" in again["messages"][-1]["text"], again
    chat(stack, "/affirm", session_id=session_id)
    created = httpx.post(
        f"{stack.app_url}/api/referrals",
        json={
            "session_id": session_id,
            "consent": True,
            "name": NAME,
            "phone": PHONE,
            "email": EMAIL,
            "note": f"Ik woon aan de {MESSAGE}.",
        },
        timeout=30,
    )
    assert created.status_code == 201, created.text
    request_id = created.headers["X-Request-ID"]

    def requests() -> list[dict[str, Any]]:
        lines = json_lines(stack.work / "app.log")
        return [line for line in lines if line.get("logger") == "wegwijzer.request"]

    # The launcher's pump writes the app's output to the log a moment later.
    assert wait_for(lambda: any(line["request_id"] == request_id for line in requests()))
    assert all(REQUEST_ID.match(str(line["request_id"])) for line in requests())
    [referral_line] = [line for line in requests() if line["request_id"] == request_id]
    assert referral_line["route"] == "/api/referrals"
    assert referral_line["status"] == 201
    assert referral_line["duration_ms"] >= 0
    # The action server logs its requests (Rasa's calls) the same way.
    action_lines = json_lines(stack.work / "actions.log")
    assert any(line.get("route") == "/webhook" for line in action_lines)

    for name in ("app.log", "actions.log"):
        text = (stack.work / name).read_text(encoding="utf-8").lower()
        assert [needle for needle in NEEDLES if needle.lower() in text] == [], name
