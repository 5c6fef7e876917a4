"""Short reference codes a visitor can read aloud on the phone, with a check character.

W-4K7Q-9MXT-V: eight random characters and one check character (a weighted sum
modulo 25), so a mistyped character or two swapped neighbours are caught before
a lookup. Codes made before the check character (W-4K7Q-9MXT) still work.
"""

from __future__ import annotations

import secrets

from wegwijzer.pii.text import normalise

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


def _typed(text: str) -> str:
    """Letters and digits as typed, in capitals; digits from any script (Arabic-Indic,
    full-width) read as 0-9, the way the PII guard reads numbers."""
    return "".join(ch for ch in normalise(text).upper() if ch.isalnum())


def _characters(text: str) -> str:
    """The code's characters without the "W-" in front.

    Nine characters that start with a W are either the W and an old code without a
    check character, or a new code typed without its W whose first character is a W
    (one in 25). The check character decides: nine that make a valid new code are one.
    """
    body = _typed(text)
    if body.startswith("W") and len(body) == BODY + 2:
        return body[1:]
    if body.startswith("W") and len(body) == BODY + 1 and not _checks_out(body):
        return body[1:]
    return body


def _checks_out(body: str) -> bool:
    return all(ch in ALPHABET for ch in body) and check_character(body[:BODY]) == body[BODY]


def normal_reference(text: str) -> str:
    """A reference as typed ("w 4k7q9mxt c", "W-4K7Q-9MXT-V") in its stored form."""
    body = _characters(text)
    if len(body) == BODY + 1:
        return f"W-{body[:4]}-{body[4:BODY]}-{body[BODY]}"
    if len(body) == BODY:
        return f"W-{body[:4]}-{body[4:]}"
    return text.strip().upper()


def reference_readings(text: str) -> tuple[str, ...]:
    """Every stored form a typed code can stand for, the likeliest first.

    Nine characters starting with a W that make a valid new code may still be the W
    and an old code, or a new code typed without its check character (one in 25
    such codes): a lookup tries both readings.
    """
    first = normal_reference(text)
    body = _typed(text)
    if body.startswith("W") and len(body) == BODY + 1 and _checks_out(body):
        return (first, f"W-{body[1:5]}-{body[5:]}")
    return (first,)


def is_well_formed(text: str) -> bool:
    """Whether a typed code can be one of ours: a wrong check character means a typo."""
    body = _characters(text)
    if not body or any(ch not in ALPHABET for ch in body):
        return False
    if len(body) == BODY + 1:
        return check_character(body[:BODY]) == body[BODY]
    # A code from before the check character: nothing to check.
    return len(body) == BODY
