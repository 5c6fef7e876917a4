"""Short reference codes a visitor can read aloud on the phone, with a check character.

W-4K7Q-9MXT-V: eight random characters and one check character (a weighted sum
modulo 25), so a mistyped character or two swapped neighbours are caught before
a lookup. Codes made before the check character (W-4K7Q-9MXT) still work.
"""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: easy to read and to say.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
BODY = 8


# Weights of the eight characters; the check character weighs 1. None is a multiple
# of 5 (so any single wrong character changes the sum modulo 25), and neither is any
# difference between neighbours (so any swap of two neighbours changes it too).
WEIGHTS = (12, 11, 9, 8, 7, 6, 4, 3)


def check_character(body: str) -> str:
    """The character that makes the weighted sum of the whole code 0 modulo 25."""
    total = sum(w * ALPHABET.index(ch) for w, ch in zip(WEIGHTS, body, strict=True))
    return ALPHABET[-total % len(ALPHABET)]


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY))
    return f"W-{body[:4]}-{body[4:]}-{check_character(body)}"


def new_id() -> str:
    return secrets.token_hex(16)


def _characters(text: str) -> str:
    body = "".join(ch for ch in text.upper() if ch.isalnum())
    if body.startswith("W") and len(body) in (BODY + 1, BODY + 2):
        body = body[1:]
    return body


def normal_reference(text: str) -> str:
    """A reference as typed ("w 4k7q9mxt c", "W-4K7Q-9MXT-V") in its stored form."""
    body = _characters(text)
    if len(body) == BODY + 1:
        return f"W-{body[:4]}-{body[4:BODY]}-{body[BODY]}"
    if len(body) == BODY:
        return f"W-{body[:4]}-{body[4:]}"
    return text.strip().upper()


def is_well_formed(text: str) -> bool:
    """Whether a typed code can be one of ours: a wrong check character means a typo."""
    body = _characters(text)
    if not body or any(ch not in ALPHABET for ch in body):
        return False
    if len(body) == BODY + 1:
        return check_character(body[:BODY]) == body[BODY]
    # A code from before the check character: nothing to check.
    return len(body) == BODY
