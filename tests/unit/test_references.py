"""Reading a reference the way a visitor or partner types it back."""

from __future__ import annotations

import pytest

from wegwijzer.referrals.references import (
    ALPHABET,
    check_character,
    is_well_formed,
    new_reference,
    normal_reference,
    reference_readings,
)


def typed_ways(reference: str) -> list[str]:
    """With or without the W, dashes, spaces, lower case."""
    bare = reference[2:]
    return [reference, reference.lower(), reference.replace("-", " "), bare, bare.lower()]


@pytest.mark.parametrize("first", list(ALPHABET))
def test_every_code_reads_back_whatever_its_first_character(first: str) -> None:
    # A code whose body starts with W and is typed without its own W (one in 25 codes)
    # once lost its first character and was not found.
    body = first + "ACDE346"
    reference = f"W-{body[:4]}-{body[4:]}-{check_character(body)}"
    for typed in typed_ways(reference):
        assert normal_reference(typed) == reference, typed
        assert is_well_formed(typed), typed


def test_new_codes_read_back() -> None:
    for _ in range(200):
        reference = new_reference()
        assert all(normal_reference(t) == reference for t in typed_ways(reference))


def test_an_old_code_without_a_check_character_still_reads_with_its_w() -> None:
    # W-4K7Q-9MXT: made before the check character; "W4K7Q9MXT" is no valid new code.
    assert check_character("W4K7Q9MX") != "T"
    for typed in ("W-4K7Q-9MXT", "w 4k7q 9mxt", "W4K7Q9MXT", "4K7Q-9MXT"):
        assert normal_reference(typed) == "W-4K7Q-9MXT", typed


def test_a_mistyped_check_character_is_caught() -> None:
    body = "WACDE346"
    wrong = next(c for c in ALPHABET if c != check_character(body))
    assert not is_well_formed(f"W-{body[:4]}-{body[4:]}-{wrong}")


def test_nine_characters_that_could_be_either_are_looked_up_both_ways() -> None:
    # "W" + an old code, or a new code typed without its W: both when the check fits.
    body = "WACDE346"
    typed = body + check_character(body)
    assert reference_readings(typed) == (
        f"W-WACD-E346-{check_character(body)}",
        f"W-ACDE-346{check_character(body)}",
    )
    assert reference_readings("W-4K7Q-9MXT") == ("W-4K7Q-9MXT",)
    assert reference_readings("W-ACDE-3467-X") == ("W-ACDE-3467-X",)


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ－",
)


def test_a_code_typed_with_other_digits_or_dashes_reads_back() -> None:
    # An Arabic phone keyboard types ٤ for 4; some keyboards type full-width letters,
    # a word processor a hyphen (U+2010) or a zero-width space.
    reference = "W-4K7Q-9MXT-" + check_character("4K7Q9MXT")
    for typed in (
        reference.translate(ARABIC_INDIC),
        reference.translate(FULL_WIDTH),
        reference.replace("-", "\u2010"),
        reference.replace("-", "\u200b"),
    ):
        assert normal_reference(typed) == reference, typed
        assert is_well_formed(typed), typed
        assert reference_readings(typed)[0] == reference, typed
