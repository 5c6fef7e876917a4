"""The test receiver refuses what a Standard Webhooks partner would, so delivery tests check it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable

import httpx
import pytest

from tests.receivers import REFUSED, WebhookReceiver, webhook_receiver
from wegwijzer.delivery.signing import headers, sign

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = '{"type": "referral.created"}'
YEAR = 365 * 24 * 3600


def hand_signed(timestamp: int) -> str:
    """A correct HMAC over any timestamp, even one the standard's library cannot represent
    (milliseconds are past the year 9999): what a confused sender could produce."""
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    digest = hmac.new(key, f"msg_1.{timestamp}.{BODY}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def post(url: str, timestamp: int, signature: str | None = None) -> httpx.Response:
    if signature is None:
        sent = headers(SECRET, "msg_1", timestamp, BODY)
    else:
        sent = {"webhook-id": "msg_1", "webhook-timestamp": str(timestamp)}
        sent |= {"webhook-signature": signature, "content-type": "application/json"}
    return httpx.post(url, content=BODY, headers=sent, timeout=10)


def test_a_current_signed_request_is_accepted() -> None:
    with webhook_receiver(WebhookReceiver(SECRET)) as receiver:
        assert post(receiver.url, int(time.time())).status_code == 200
    [request] = receiver.requests
    assert request.signature_ok
    assert request.error is None
    assert receiver.payloads() == [{"type": "referral.created"}]


@pytest.mark.parametrize(
    ("make_timestamp", "reason"),
    [
        # Milliseconds instead of seconds: correctly signed, but not a Standard Webhooks time.
        (lambda now: now * 1000, "Invalid Signature Headers"),
        (lambda now: now - 3 * YEAR, "too old"),
        (lambda now: now + 600, "too new"),
    ],
    ids=["milliseconds", "years-old", "ten-minutes-ahead"],
)
def test_a_signed_request_with_a_bad_timestamp_is_refused(
    make_timestamp: Callable[[int], int], reason: str
) -> None:
    # Computed when the test runs, not when it is collected minutes earlier.
    timestamp = make_timestamp(int(time.time()))
    with webhook_receiver(WebhookReceiver(SECRET)) as receiver:
        assert post(receiver.url, timestamp, hand_signed(timestamp)).status_code == REFUSED
    [request] = receiver.requests
    assert not request.signature_ok
    assert reason in (request.error or "")
    assert receiver.accepted() == []


def test_a_signature_with_another_secret_is_refused() -> None:
    now = int(time.time())
    other = sign("whsec_b3RoZXItc2VjcmV0LTAxMjM0NTY3", "msg_1", now, BODY)
    with webhook_receiver(WebhookReceiver(SECRET)) as receiver:
        assert post(receiver.url, now, signature=other).status_code == REFUSED
    assert "No matching signature" in (receiver.requests[0].error or "")
