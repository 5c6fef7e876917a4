"""Standard Webhooks signatures (https://www.standardwebhooks.com/), by the standard's library.

`webhook-signature` is `v1,` + base64(HMAC-SHA256(secret, f"{id}.{timestamp}.{body}")),
where the secret is the base64 part of a `whsec_...` string. The `standardwebhooks`
package computes it; we only refuse secrets it would accept but that are unsafe or
malformed (it pads and decodes leniently, so a typo would still "sign").
"""

from __future__ import annotations

import base64
import binascii
import hmac
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook

from wegwijzer.errors import WegwijzerError

SECRET_PREFIX = "whsec_"
MIN_SECRET_BYTES = 16


class SigningError(WegwijzerError):
    """A webhook secret that cannot be used to sign."""


def secret_bytes(secret: str) -> bytes:
    """The key of a `whsec_` secret: strict base64 of at least 16 bytes."""
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SigningError("a webhook secret must be whsec_ followed by base64") from exc
    if len(key) < MIN_SECRET_BYTES:
        raise SigningError("a webhook secret must hold at least 16 bytes")
    return key


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    webhook = Webhook(secret_bytes(secret))
    return webhook.sign(message_id, datetime.fromtimestamp(timestamp, tz=UTC), body)


def headers(secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id, timestamp, body),
        "content-type": "application/json",
    }


def verify(secret: str, message_id: str, timestamp: int, body: str, signature_header: str) -> bool:
    """True when any `v1,` signature in the (space-separated) header matches.

    Without the library's clock check (`Webhook.verify`): for comparing a stored
    signature, as the tests of a partner's receiver do.
    """
    expected = sign(secret, message_id, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in signature_header.split())
