"""Short reference codes a visitor can read aloud on the phone."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: easy to read and to say.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"W-{body[:4]}-{body[4:]}"


def new_id() -> str:
    return secrets.token_hex(16)


def normal_reference(text: str) -> str:
    """A reference as typed ("w 4k7q9mxt", "W-4K7Q-9MXT") in its stored form."""
    body = "".join(ch for ch in text.upper() if ch.isalnum())
    if body.startswith("W") and len(body) == 9:
        body = body[1:]
    if len(body) != 8:
        return text.strip().upper()
    return f"W-{body[:4]}-{body[4:]}"
