"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

`webhook-signature` is `v1,` + base64(HMAC-SHA256(secret, f"{id}.{timestamp}.{body}")),
where the secret is the base64 part of a `whsec_...` string.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from wegwijzer.errors import WegwijzerError

SECRET_PREFIX = "whsec_"


class SigningError(WegwijzerError):
    """A webhook secret that cannot be used to sign."""


def secret_bytes(secret: str) -> bytes:
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SigningError("a webhook secret must be whsec_ followed by base64") from exc
    if len(key) < 16:
        raise SigningError("a webhook secret must hold at least 16 bytes")
    return key


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id, timestamp, body),
        "content-type": "application/json",
    }


def verify(secret: str, message_id: str, timestamp: int, body: str, signature_header: str) -> bool:
    """True when any `v1,` signature in the (space-separated) header matches."""
    expected = sign(secret, message_id, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in signature_header.split())
