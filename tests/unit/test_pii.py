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
        # Found by an attacker and by careless visitors (issue 12): separators, context
        # words further away or after the value.
        ("mijn bsn is 1234-56-782", PiiKind.BSN, "1234-56-782"),
        ("nummer 123.456.782 graag", PiiKind.BSN, "123.456.782"),
        ("BSN: 12 34 56 782", PiiKind.BSN, "12 34 56 782"),
        ("mijn bsn is 123456789", PiiKind.BSN, "123456789"),  # near "bsn": no 11-proef needed
        ("iban nl91-abna-0417-1643-00 graag", PiiKind.IBAN, "nl91-abna-0417-1643-00"),
        ("rekening DE89 3704 0044 0532 0130 00", PiiKind.IBAN, "3704 0044 0532 0130 00"),
        ("ww is Zomer2024!", PiiKind.SECRET, "Zomer2024!"),
        ("de code uit de sms is 48 29 17", PiiKind.SECRET, "48 29 17"),
        ("ik kreeg een sms met 123456", PiiKind.SECRET, "123456"),
        ("482913 is de sms code", PiiKind.SECRET, "482913"),
        ("Zomer2024! is mijn wachtwoord", PiiKind.SECRET, "Zomer2024!"),
        ("inloggen met Geheim99 als wachtwoord", PiiKind.SECRET, "Geheim99"),
        ("mijn wachtwoord van digid is appeltaart", PiiKind.SECRET, "appeltaart"),
        ("mijn wachtwoord is 12-03-1980", PiiKind.SECRET, "12-03-1980"),
        ("sms:482913", PiiKind.SECRET, "482913"),
        ("password=Zomer2024", PiiKind.SECRET, "Zomer2024"),
        ("de koppelcode is X7KQ9", PiiKind.SECRET, "X7KQ9"),
        ("pincode 2019", PiiKind.SECRET, "2019"),
        ("wachtwoord: 'Zomer 2024'", PiiKind.SECRET, "2024"),  # quoted, with a space
        ("mijn wachtwoord is Zomer 2024", PiiKind.SECRET, "2024"),  # parts with digits
        ("Mijn wachtwoord is : appeltaart", PiiKind.SECRET, "appeltaart"),
        ("wachtwoord is 'Mijn tuin 7'", PiiKind.SECRET, "Mijn"),  # quoted: every word
        ("mijn koppelcode is abcdefgh", PiiKind.SECRET, "abcdefgh"),  # letters only
        ("de controlecode op mijn brief is 7F3K-9QZP", PiiKind.SECRET, "7F3K-9QZP"),
        ("１１１２２２３３３", PiiKind.BSN, "111222333"),  # full-width digits
        ("111\u200b222\u200b333", PiiKind.BSN, "222"),  # zero-width spaces
        # A code typed in groups: each group alone looks like no code.
        ("activatiecode ABC DEF GHI", PiiKind.SECRET, "DEF"),
        ("de activeringscode is ABCD EFGH J", PiiKind.SECRET, "EFGH"),
        ("koppelcode K7XP 2QRT", PiiKind.SECRET, "2QRT"),
        ("de activatiecode is A1B2 C3D4 E", PiiKind.SECRET, "C3D4"),
        # Digits to be typed or read out by someone else, without a word for a code.
        ("kunt u 482913 intypen", PiiKind.SECRET, "482913"),
        ("typ 48 29 13 maar in", PiiKind.SECRET, "48 29 13"),
        ("lees 482913 even voor", PiiKind.SECRET, "482913"),
        ("please type 482913", PiiKind.SECRET, "482913"),
        # Money in another clause or sentence does not make the code an amount.
        ("kunt u 482913 intypen? ik moet mijn huur betalen", PiiKind.SECRET, "482913"),
        ("typ 482913 in, ik heb schulden", PiiKind.SECRET, "482913"),
        ("ik heb huurtoeslag, kunt u 482913 intypen", PiiKind.SECRET, "482913"),
        # A second review's: a machine in another clause, a topic name, "voorwaarden".
        ("ik zit achter de computer, kunt u 482913 intypen", PiiKind.SECRET, "482913"),
        ("voor de huurtoeslag kunt u 482913 intypen", PiiKind.SECRET, "482913"),
        ("ik ga akkoord met de voorwaarden kunt u 482913 intypen", PiiKind.SECRET, "482913"),
        # Odd formats: a typo letter, letters and digits, other digits, dots.
        ("kunt u 4829l3 intypen", PiiKind.SECRET, "4829l3"),
        ("kunt u ABC123 voor mij invullen", PiiKind.SECRET, "ABC123"),
        ("kunt u ٤٨٢٩١٣ intypen", PiiKind.SECRET, "482913"),
        ("kunt u 48.29.13 invullen", PiiKind.SECRET, "48.29.13"),
    ],
)
def test_removes_sensitive_values(text: str, kind: PiiKind, secret: str) -> None:
    result = scrub(text)
    assert secret not in result.text
    if kind is not PiiKind.PHONE:
        assert secret not in scrub(text, contact=False).text
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
        "mijn WW is gestopt",  # "ww" is also the unemployment benefit
        "Ik wil mijn WW aanvragen",
        "de code is verlopen",
        "op 12-03-2024 kreeg ik een sms",
        "in 2024 kreeg ik een nieuwe pincode",
        "ik kreeg om 14:30 een sms",
        "het kost € 1.234,56 per jaar",
        "ik woon op Dorpsstraat 12a en mijn postcode is 8911 AB",
        "klantnummer 12345678 staat op de brief",  # no context word
        "de sms kwam op mijn 06-nummer",
        "Kan ik mijn DigiD-wachtwoord resetten?",
        "Welke code moet ik invullen bij stap 3?",
        "ik kreeg een sms van DigiD met een code",
        "zaaknummer 2024-0012345 van de gemeente",
        "Ik ben geboren op 3 april 1956",
        "Mijn wachtwoord is simpel, ik zeg het wel.",
        "NL91ABNA0417164301",  # IBAN with a wrong checksum
        "mijn aanslag nummer 1234.56.789 H.01",
        # Issue 20: English visitors describe their password too.
        "my digid password is not working anymore",
        "my password is expired, what now",
        "my password is wrong, can I reset it",
        # How to enter or use a code is a question, not a code.
        "hoe moet ik de activatiecode invoeren?",
        "waar kan ik mijn activatiecode gebruiken",
        "de controlecode plakken lukt niet",
        "moet ik de activatiecode overtypen of scannen?",
        "mijn activatiecode NIET ONTVANGEN",
        "de koppelcode van DigiD werkt niet",
        # Beside a typing verb, an amount or a year is no code.
        "ik moet 23000 invullen als inkomen",
        "welk bedrag vul ik in, 23000?",
        "ik moet 2300 invullen",
        "vul 2024 in bij jaar",
        # A review's: compounds about money, labelled numbers, units, a date with a
        # short year, a book read, the printer's own code.
        "ik moet 23000 invullen bij de huurtoeslag",
        "jaarinkomen invullen: 23000",
        "enter 23000 as my salary",
        "ik moet mijn klantnummer 204518 invullen",
        "meterstand 045213 invullen",
        "ik moet 482913 kilometer invullen",
        "vul 12-03-80 in",
        "I read 482913 pages",
        "ik moet 482913 intoetsen bij de printer",
        # Names in capitals after "sms" or a code word are no code typed in groups.
        "ik kreeg een sms: ABN AMRO vraagt mij te bellen, is dat nep?",
        "toegangscode NS FLEX",
        "de sms: KPN BEL ONS",
        "ik moet 23000 invullen",
        "kunt u mijn postcode 8911AB invullen",
        "kunt u huisnummer 12a invullen",
        "ik moet 4829l3 invullen",
        "de activatiecode intoetsen lukt niet",
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


def test_phone_numbers_stay_in_a_referral_note_and_go_in_chat() -> None:
    text = "bel 06-12345678, +31 6 1234 5678 of 058-2345678"
    assert scrub(text, contact=False).text == text
    result = scrub(text)
    assert result.kinds == {PiiKind.PHONE}
    assert not any(c.isdigit() for c in result.text)


def test_a_bsn_without_trunk_prefix_is_no_phone_number() -> None:
    # phonenumbers calls 612345678 a valid mobile number; written like this it is a BSN.
    for contact in (True, False):
        result = scrub("mijn nummer is 612345671", contact=contact)
        assert "612345671" not in result.text
        assert result.kinds == {PiiKind.BSN}


def test_overlapping_findings_leave_nothing_behind() -> None:
    # The code detector sees the digits inside the token; the password detector the token.
    result = scrub("sms met Ab12.34.56")
    assert result.text == "sms met [code weggehaald]"


def test_output_is_normalised_and_scrubbing_twice_changes_nothing() -> None:
    once = scrub("ＢＳＮ：１１１２２２３３３, ww is Zomer2024!").text
    assert once == "BSN:[BSN weggehaald], ww is [code weggehaald]"
    assert scrub(once).text == once
    assert not scrub(once).changed


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("moje hasło to Ala123kot", "Ala123kot"),
        ("şifrem Kedi2024! ama çalışmıyor", "Kedi2024!"),
        ("мій пароль Sonce2024 не працює", "Sonce2024"),
        ("kod z sms to 482913", "482913"),
        ("код з смс 482913", "482913"),
        ("الرقم السري هو 4821", "4821"),
        # "my" (and "is") between the word and the value.
        ("الباسورد تبعي Salam2024", "Salam2024"),
        ("الباسورد الخاص بي هو Salam2024", "Salam2024"),
        ("пароль мій Sonce2024", "Sonce2024"),
        # Arabizi: "my" is "taba3i" or "dyali", with a digit that is a sound.
        ("password taba3i shams2024", "shams2024"),
        ("el pass dyali hiya 7amza99", "7amza99"),
        ("el password taba3i huwa Xk82pq", "Xk82pq"),
        ("el password taba3i huwa shamsali", "shamsali"),
        ("password 3andi Zomer2024", "Zomer2024"),
        # Named outright, an Arabizi word is the secret itself.
        ("wachtwoord is 3andi", "3andi"),
        ("my password is taba3i", "taba3i"),
        ("wachtwoord: a3mel", "a3mel"),
    ],
)
def test_secrets_named_in_the_newcomer_languages_are_removed(text: str, secret: str) -> None:
    # Issue 20: a visitor may name the password or the code in their own language.
    cleaned = scrub(text).text
    assert secret not in cleaned
    assert "code weggehaald" in cleaned


@pytest.mark.parametrize(
    "text",
    [
        "hasło nie działa",
        "пароль не працює, що робити",
        "şifremi unuttum",
        "الرمز لا يعمل",
        "الباسورد تبعي لا يعمل",
        # Arabizi words with a digit for a sound are words, not codes.
        "el password taba3i mesh shaghal",
        "password 3andi mokhtalif",
        "ana nsit el password, shu a3mel",
        "ana 3andi mushkila bel password",
    ],
)
def test_words_about_a_secret_in_those_languages_stay(text: str) -> None:
    assert scrub(text).text == text


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("activatiecode ABC DEF GHI", "activatiecode [code weggehaald]"),
        ("de activeringscode is ABCD EFGH J", "de activeringscode is [code weggehaald]"),
        ("koppelcode K7XP 2QRT, wat nu?", "koppelcode [code weggehaald], wat nu?"),
        ("de activatiecode is A1B2 C3D4 E", "de activatiecode is [code weggehaald]"),
    ],
)
def test_a_code_typed_in_groups_goes_whole(text: str, cleaned: str) -> None:
    """Every group goes, not only the first: the rest alone would still be the code."""
    assert scrub(text).text == cleaned
