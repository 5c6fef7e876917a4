"""Standard Webhooks signatures: the spec's known answer, and the reference library agrees."""

from __future__ import annotations

import base64
import secrets
import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from wegwijzer.delivery.signing import SigningError, headers, sign, verify

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TIMESTAMP = 1614265330
BODY = '{"test": 2432232314}'


def test_known_answer_vector() -> None:
    assert sign(SECRET, MESSAGE_ID, TIMESTAMP, BODY) == (
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_reference_library_verifies_our_headers() -> None:
    now = int(time.time())
    sent = headers(SECRET, MESSAGE_ID, now, BODY)
    assert Webhook(SECRET).verify(BODY, sent) == {"test": 2432232314}


def test_verify_rejects_a_changed_body_or_id() -> None:
    signature = sign(SECRET, MESSAGE_ID, TIMESTAMP, BODY)
    assert verify(SECRET, MESSAGE_ID, TIMESTAMP, BODY, f"v1,bogus {signature}")
    assert not verify(SECRET, MESSAGE_ID, TIMESTAMP, BODY.replace("2", "3"), signature)
    assert not verify(SECRET, "msg_other", TIMESTAMP, BODY, signature)


@pytest.mark.parametrize("secret", ["whsec_not base64!", "whsec_c2hvcnQ="])
def test_unusable_secrets_are_refused(secret: str) -> None:
    with pytest.raises(SigningError):
        sign(secret, MESSAGE_ID, TIMESTAMP, BODY)


def test_the_library_verifies_a_fresh_secret_and_a_non_ascii_body_and_refuses_a_change() -> None:
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    body = '{"topic":"financiële hulp","reference":"W-ABC"}'
    sent = headers(secret, MESSAGE_ID, int(time.time()), body)
    assert Webhook(secret).verify(body, sent) == {"topic": "financiële hulp", "reference": "W-ABC"}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace("W-ABC", "W-ABD"), sent)
