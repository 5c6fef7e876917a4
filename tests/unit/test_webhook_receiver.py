"""The test receiver refuses what a Standard Webhooks partner would, so delivery tests check it."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from tests.receivers import REFUSED, WebhookReceiver, webhook_receiver
from wegwijzer.delivery.signing import headers, sign

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = '{"type": "referral.created"}'
YEAR = 365 * 24 * 3600


def post(url: str, timestamp: int, signature: str | None = None) -> httpx.Response:
    sent = headers(SECRET, "msg_1", timestamp, BODY)
    if signature is not None:
        sent["webhook-signature"] = signature
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
        assert post(receiver.url, timestamp).status_code == REFUSED
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
