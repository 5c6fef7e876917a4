"""The PII guard removes what must never be stored, and leaves ordinary numbers alone."""

from __future__ import annotations

import pytest

from wegwijzer.pii import PLACEHOLDERS, PiiKind, scrub

VALID_BSN = "111222333"
VALID_BSN_8 = "11122237"  # a BSN written without its leading zero
VALID_IBAN = "NL91ABNA0417164300"


@pytest.mark.parametrize(
    ("text", "kind", "secret"),
    [
        (f"mijn bsn is {VALID_BSN}", PiiKind.BSN, VALID_BSN),
        ("burgerservicenummer: 1112.22.333", PiiKind.BSN, "1112.22.333"),
        ("BSN 111 222 333 staat op mijn pas", PiiKind.BSN, "111 222 333"),
        (f"sofinummer {VALID_BSN_8}", PiiKind.BSN, VALID_BSN_8),
        (f"{VALID_BSN}", PiiKind.BSN, VALID_BSN),
        (f"stort het op {VALID_IBAN} graag", PiiKind.IBAN, VALID_IBAN),
        ("rekening NL91 ABNA 0417 1643 00", PiiKind.IBAN, "NL91 ABNA 0417 1643 00"),
        ("mijn wachtwoord is Zomer2024!", PiiKind.SECRET, "Zomer2024"),
        ("wachtwoord: appeltaart", PiiKind.SECRET, "appeltaart"),
        ("de sms code is 482913", PiiKind.SECRET, "482913"),
        ("sms-code 771234", PiiKind.SECRET, "771234"),
        ("pincode: 1234", PiiKind.SECRET, "1234"),
        ("mijn activeringscode is ABCD-EFGH-IJKL", PiiKind.SECRET, "ABCD-EFGH-IJKL"),
        ("bel me op 06 12345678", PiiKind.PHONE, "06 12345678"),
        ("mijn nummer +31 6 12345678", PiiKind.PHONE, "+31 6 12345678"),
        ("vast nummer 058-1234567", PiiKind.PHONE, "058-1234567"),
        ("mail naar jan.jansen@example.org", PiiKind.EMAIL, "jan.jansen@example.org"),
    ],
)
def test_removes_sensitive_values(text: str, kind: PiiKind, secret: str) -> None:
    result = scrub(text)
    assert secret not in result.text
    assert PLACEHOLDERS[kind] in result.text
    assert kind in result.kinds


@pytest.mark.parametrize(
    "text",
    [
        "Heb ik recht op huurtoeslag?",
        "mijn wachtwoord is vergeten",
        "ik wil een nieuwe code aanvragen",
        "de code voor de app komt per post",
        "ik heb een pincode nodig",
        "het kost 250 euro per maand",
        "ik woon op nummer 12",
        "postcode 8911AB",
        "in 2024 verdiende ik 23000 euro",
        "123456789",  # nine digits that fail the 11-proef
        "mijn bsn is 123456789",  # not a valid BSN either
        "NL91ABNA0417164301",  # IBAN with a wrong checksum
        "mijn aanslag nummer 1234.56.789 H.01",
    ],
)
def test_leaves_ordinary_text_alone(text: str) -> None:
    result = scrub(text)
    assert result.text == text
    assert not result.changed


def test_a_phone_number_is_not_taken_for_a_bsn() -> None:
    result = scrub("bel 0612345678 of 06-11122233")
    assert PiiKind.BSN not in result.kinds
    assert result.kinds == {PiiKind.PHONE}


def test_contact_details_can_be_kept_for_the_referral_note() -> None:
    result = scrub(f"bel mij op 0612345678, bsn {VALID_BSN}", contact=False)
    assert "0612345678" in result.text
    assert VALID_BSN not in result.text
    assert result.kinds == {PiiKind.BSN}


def test_several_findings_in_one_message() -> None:
    text = f"bsn {VALID_BSN}, iban {VALID_IBAN}, wachtwoord is Geheim99 en sms code 123456"
    result = scrub(text)
    for value in (VALID_BSN, VALID_IBAN, "Geheim99", "123456"):
        assert value not in result.text
    assert result.kinds == {PiiKind.BSN, PiiKind.IBAN, PiiKind.SECRET}
