"""Property tests of the PII guard: generated secrets in many spellings never survive,
and the numbers a conversation or a referral needs always do.

Examples are drawn deterministically (the `wegwijzer` Hypothesis profile in
tests/conftest.py), so a failure here fails the same way on every run.
"""

from __future__ import annotations

import re

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban
from stdnum.nl import bsn

from wegwijzer.pii import PLACEHOLDERS, PiiKind, normalise, scrub

# Three times the profile's number: 300 in CI, fewer in the fast loop, more when exploring.
EXAMPLES = settings(max_examples=3 * settings().max_examples)

# --- Writing a number the way people (and people who try to get past a filter) do.

SEPARATORS = [" ", ".", "-", "/", " - ", "  ", "_", "\u00a0", "\u2011", "\u2013", ". ", " / "]
INVISIBLE = ["", "", "", "\u200b", "\u00ad", "\u2060"]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def grouped(draw: st.DrawFn, value: str, sizes: list[list[int]] | None = None) -> str:
    """`value` split into groups, joined by separators, maybe in full-width or with zero-widths."""
    if sizes:
        groups = draw(st.sampled_from(sizes))
    else:
        groups = []
        left = len(value)
        while left:
            size = draw(st.integers(1, left))
            groups.append(size)
            left -= size
    parts, cursor = [], 0
    for size in groups:
        parts.append(value[cursor : cursor + size])
        cursor += size
    same = draw(st.booleans())
    first = draw(st.sampled_from(SEPARATORS))
    text = parts[0]
    for part in parts[1:]:
        separator = first if same else draw(st.sampled_from(SEPARATORS))
        text += separator + draw(st.sampled_from(INVISIBLE)) + part
    if draw(st.integers(0, 5)) == 0:
        text = text.translate(FULL_WIDTH)
    return text


def collapsed(text: str) -> str:
    """Letters and digits only, upper case: what any spelling of a value comes down to."""
    return re.sub(r"[^0-9A-Z]", "", normalise(text).upper())


# --- Valid values.


def _bsn_from(head: str) -> str:
    """Eight digits and the check digit that makes them pass the 11-proef."""
    digits = [int(c) for c in head]
    check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
    if check == 10:  # no digit fits: change the last one, which moves the sum by 2 or -18
        digits[-1] = (digits[-1] + 1) % 10
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
    number = "".join(map(str, digits)) + str(check)
    return number if bsn.is_valid(number) else "111222333"


BSN_GROUPS = [[9], [4, 2, 3], [3, 3, 3], [2, 2, 2, 3], [3, 2, 2, 2], [1] * 9, [4, 5], [2, 3, 4]]


def _check_digits(country: str, bban: str) -> str:
    rearranged = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(rearranged) % 97:02d}"


_DIGIT = st.sampled_from("0123456789")
_UPPER = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _chars(alphabet: st.SearchStrategy[str], n: int) -> st.SearchStrategy[str]:
    return st.lists(alphabet, min_size=n, max_size=n).map("".join)


# Country: how its BBAN is built (stdnum's IBAN registry decides what is valid).
BBANS: dict[str, st.SearchStrategy[str]] = {
    "NL": st.tuples(
        st.sampled_from(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ"]),
        _chars(_DIGIT, 10),
    ).map("".join),
    "DE": _chars(_DIGIT, 18),
    "BE": _chars(_DIGIT, 12),
    "GB": st.tuples(_chars(_UPPER, 4), _chars(_DIGIT, 14)).map("".join),
    "FR": st.tuples(_chars(_DIGIT, 10), _chars(_DIGIT | _UPPER, 11), _chars(_DIGIT, 2)).map(
        "".join
    ),
    "ES": _chars(_DIGIT, 20),
}


@st.composite
def ibans(draw: st.DrawFn) -> str:
    country = draw(st.sampled_from(sorted(BBANS)))
    bban = draw(BBANS[country])
    number = country + _check_digits(country, bban) + bban
    assert iban.is_valid(number, check_country=False), number
    return number


@st.composite
def written_iban(draw: st.DrawFn, number: str) -> str:
    size = draw(st.sampled_from([4, 4, 4, 2, 3, 5, 6, 34]))
    groups = [number[i : i + size] for i in range(0, len(number), size)]
    separator = draw(st.sampled_from([" ", "-", ".", " - ", "  ", "\u00a0"]))
    text = separator.join(groups)
    case = draw(st.sampled_from([str.upper, str.lower, str.title, lambda s: s]))
    return str(case(text))


sms_codes = st.integers(5, 8).flatmap(lambda n: _chars(_DIGIT, n))
pins = _chars(_DIGIT, 4)
# DigiD's rule: at least 8 characters with a capital, a small letter and a digit.
PASSWORD_ALPHABET = st.sampled_from(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%&*?+_-."
)
passwords = (
    st.lists(PASSWORD_ALPHABET, min_size=8, max_size=20)
    .map("".join)
    .filter(
        lambda p: (
            any(c.islower() for c in p)
            and any(c.isupper() for c in p)
            and any(c.isdigit() for c in p)
        )
    )
)
activation_codes = st.one_of(
    _chars(_UPPER, 9).filter(lambda c: c not in ("DIGIDCODE",)),
    st.lists(_chars(_UPPER | _DIGIT, 3), min_size=3, max_size=3).map("-".join),
    _chars(_UPPER | _DIGIT, 8).filter(lambda c: any(ch.isdigit() for ch in c)),
)

# --- Sentence frames. `{}` is the value; the frames hold no digits of their own.

BSN_FRAMES = [
    "{}",
    "mijn bsn is {}",
    "BSN: {}",
    "bsn:{}",
    "burgerservicenummer {} staat op mijn pas",
    "{} is mijn burgerservicenummer",
    "Kunt u mij helpen? Mijn nummer is {}.",
    "ik heb een brief gekregen met nummer {} erop",
    "mijn sofinummer ({}) klopt niet",
    "het staat er: {}, wat moet ik doen",
    "BSN van mijn moeder is {} en ik wil toeslag aanvragen",
    "Op de brief staat {}. Is dat goed?",
]
IBAN_FRAMES = [
    "{}",
    "mijn rekeningnummer is {}",
    "iban: {} graag",
    "stort het op {} alstublieft",
    "{} is mijn rekening",
    "kunt u het geld naar {} overmaken?",
]
CODE_FRAMES = [
    "ik kreeg een sms met {}",
    "de code uit de sms is {}",
    "{} is de sms code",
    "sms-code: {}",
    "de inlogcode is {}",
    "koppelcode {}",
    "controlecode: {} maar het werkt niet",
    "hier is mijn code {}",
    "ik heb een sms gekregen, daar staat {} in",
    "SMS {}",
    "code {} werkt niet",
    "mijn activeringscode is {}",
    "ik typ {} maar de code werkt niet",
    "de verificatiecode {} klopt niet",
    "Ik heb de sms. {} staat erin.",
    "code van de sms: {}",
]
PIN_FRAMES = [
    "mijn pincode is {}",
    "pin: {}",
    "{} is mijn pincode",
    "pincode {}",
    "ik heb pin {} ingetoetst",
    "mijn pin is {} en die werkt niet",
]
PASSWORD_FRAMES = [
    "ww is {}",
    "mijn wachtwoord is {}",
    "{} is mijn wachtwoord",
    "wachtwoord: {}",
    "password={}",
    "mijn ww voor digid is {}",
    "het wachtwoord van mijn DigiD is {} kunt u inloggen",
    "inloggen met {} als wachtwoord",
    "pass {}",
    "mijn wachtwoord {} werkt niet meer",
    "kunt u inloggen? wachtwoord {}",
    "gebruikersnaam jan, ww {}",
    "{} dat is mijn ww",
    "Mijn DigiD wachtwoord luidt {}.",
    'mijn wachtwoord is "{}"',
    "wachtwoord: '{}'",
]
# Named directly, a password may hold spaces: quoted, or with digits in its further parts.
SPACED_FRAMES = [
    'mijn wachtwoord is "{}"',
    "wachtwoord: '{}'",
    "mijn wachtwoord is {}",
    "het wachtwoord van mijn DigiD is {}, kunt u inloggen?",
]
spaced_passwords = st.tuples(
    st.sampled_from(["Zomer", "appel", "Kaas", "welkom", "Fiets"]),
    passwords,
).map(" ".join)
ACTIVATION_FRAMES = [
    "mijn activeringscode is {}",
    "activeringscode: {}",
    "{} is de activeringscode",
    "de koppelcode {} werkt niet",
    "controlecode {}",
]
# Secrets sit next to values that must stay, in the same message.
NEIGHBOURS = [
    "",
    "Op 12-03-2024 ",
    "Ik woon in 8911 AB. ",
    "Het gaat om € 1.234,56. ",
    "Sinds 2019 heb ik DigiD. ",
    "Bel mij op 06-12345678. ",
]


def _framed(frames: list[str]) -> st.SearchStrategy[tuple[str, str]]:
    return st.tuples(st.sampled_from(NEIGHBOURS), st.sampled_from(frames))


def _neighbour_survives(neighbour: str, out: str, contact: bool) -> None:
    if neighbour and (not contact or "06-" not in neighbour):
        assert normalise(neighbour).strip() in out


# --- Nothing survives.

written_bsns = (
    _chars(_DIGIT, 8)
    .map(_bsn_from)
    .flatmap(lambda n: st.tuples(st.just(n), grouped(n, BSN_GROUPS)))
)
written_ibans = ibans().flatmap(lambda n: st.tuples(st.just(n), written_iban(n)))


@EXAMPLES
@given(written_bsns, _framed(BSN_FRAMES), st.booleans())
def test_no_bsn_survives(value: tuple[str, str], frame: tuple[str, str], contact: bool) -> None:
    number, written = value
    neighbour, template = frame
    result = scrub(neighbour + template.format(written), contact=contact)
    assert number not in collapsed(result.text), result.text
    assert PiiKind.BSN in result.kinds
    _neighbour_survives(neighbour, result.text, contact)


@EXAMPLES
@given(written_ibans, _framed(IBAN_FRAMES), st.booleans())
def test_no_iban_survives(value: tuple[str, str], frame: tuple[str, str], contact: bool) -> None:
    number, written = value
    neighbour, template = frame
    result = scrub(neighbour + template.format(written), contact=contact)
    remains = collapsed(result.text)
    assert number[4:] not in remains, result.text
    assert PiiKind.IBAN in result.kinds
    _neighbour_survives(neighbour, result.text, contact)


def code_groupings(n: int) -> list[list[int]]:
    """Plain, 3 + rest, pairs, halves and one digit at a time."""
    pairs = [2] * (n // 2) + ([1] if n % 2 else [])
    return [[n], [3, n - 3], pairs, [n // 2, n - n // 2], [1] * n]


written_codes = sms_codes.flatmap(
    lambda c: st.tuples(st.just(c), grouped(c, code_groupings(len(c))))
)


@EXAMPLES
@given(written_codes, _framed(CODE_FRAMES), st.booleans())
def test_no_sms_code_survives(
    value: tuple[str, str], frame: tuple[str, str], contact: bool
) -> None:
    code, written = value
    neighbour, template = frame
    result = scrub(neighbour + template.format(written), contact=contact)
    assert code not in collapsed(result.text), result.text
    assert PiiKind.SECRET in result.kinds or PiiKind.BSN in result.kinds
    _neighbour_survives(neighbour, result.text, contact)


@EXAMPLES
@given(pins, _framed(PIN_FRAMES), st.booleans())
def test_no_pin_survives(pin: str, frame: tuple[str, str], contact: bool) -> None:
    neighbour, template = frame
    result = scrub(neighbour + template.format(pin), contact=contact)
    assert pin not in re.sub(r"\D", "", result.text.replace(neighbour, "")), result.text
    assert PiiKind.SECRET in result.kinds
    _neighbour_survives(neighbour, result.text, contact)


@EXAMPLES
@given(passwords, _framed(PASSWORD_FRAMES), st.booleans())
def test_no_password_survives(password: str, frame: tuple[str, str], contact: bool) -> None:
    neighbour, template = frame
    result = scrub(neighbour + template.format(password), contact=contact)
    assert password not in result.text
    # Not even most of it: at most the sentence's own full stop is left.
    assert password.rstrip(".") not in result.text, result.text
    # A password with an @ may be taken for an e-mail address: gone either way.
    assert result.kinds & {PiiKind.SECRET, PiiKind.EMAIL}
    _neighbour_survives(neighbour, result.text, contact)


@EXAMPLES
@given(spaced_passwords, st.sampled_from(SPACED_FRAMES), st.booleans())
def test_no_password_with_spaces_survives(password: str, frame: str, contact: bool) -> None:
    result = scrub(frame.format(password), contact=contact)
    for part in password.split():
        assert part.rstrip(".") not in result.text, result.text


@EXAMPLES
@given(activation_codes, _framed(ACTIVATION_FRAMES), st.booleans())
def test_no_activation_code_survives(code: str, frame: tuple[str, str], contact: bool) -> None:
    neighbour, template = frame
    result = scrub(neighbour + template.format(code), contact=contact)
    assert collapsed(code) not in collapsed(result.text), result.text
    _neighbour_survives(neighbour, result.text, contact)


# --- What a conversation or a referral needs survives.

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"]


@st.composite
def dates(draw: st.DrawFn) -> str:
    day, month, year = (
        draw(st.integers(1, 28)),
        draw(st.integers(1, 12)),
        draw(st.integers(1930, 2030)),
    )
    style = draw(st.integers(0, 4))
    separator = draw(st.sampled_from("-/."))
    pad = draw(st.booleans())
    d, m = (f"{day:02d}", f"{month:02d}") if pad else (str(day), str(month))
    if style == 0:
        return f"{d}{separator}{m}{separator}{year}"
    if style == 1:
        return f"{year}-{month:02d}-{day:02d}"
    if style == 2:
        return f"{day} {MONTHS[month % len(MONTHS)]} {year}"
    if style == 3:
        return f"{day} {MONTHS[month % len(MONTHS)]}"
    return f"{d}{separator}{m}{separator}{year}"


@st.composite
def amounts(draw: st.DrawFn) -> str:
    euros, cents = draw(st.integers(0, 99_999)), draw(st.integers(0, 99))
    thousands = f"{euros:,}".replace(",", ".")
    return draw(
        st.sampled_from(
            [
                f"€ {thousands},{cents:02d}",
                f"€{euros},{cents:02d}",
                f"{thousands},{cents:02d} euro",
                f"{euros} euro",
                f"€ {euros},-",
                f"EUR {thousands}",
            ]
        )
    )


@st.composite
def dutch_phone_numbers(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["mobile", "058", "020", "0513"]))
    if kind == "mobile":
        national = "6" + draw(_chars(_DIGIT, 8))
    elif kind == "0513":
        national = "513" + draw(st.sampled_from("2345678")) + draw(_chars(_DIGIT, 5))
    else:
        national = kind[1:] + draw(st.sampled_from("2345678")) + draw(_chars(_DIGIT, 6))
    number = phonenumbers.parse("0" + national, "NL")
    if not phonenumbers.is_valid_number(number):
        return "06-12345678"
    style = draw(
        st.sampled_from(
            [
                phonenumbers.PhoneNumberFormat.NATIONAL,
                phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                phonenumbers.PhoneNumberFormat.E164,
            ]
        )
    )
    written = phonenumbers.format_number(number, style)
    return draw(
        st.sampled_from(
            [
                written,
                "0" + national,
                "0" + national[:1] + "-" + national[1:] if kind == "mobile" else written,
                "0" + national[:2] + "-" + national[2:] if kind != "mobile" else written,
                "+31 " + national,
                "0031 " + national,
            ]
        )
    )


postcodes = st.tuples(st.integers(1000, 9999), _chars(_UPPER, 2), st.sampled_from([" ", ""])).map(
    lambda p: f"{p[0]}{p[2]}{p[1]}"
)
house_numbers = st.tuples(
    st.integers(1, 999), st.sampled_from(["", "a", "b", "-2", " A", "bis"])
).map(lambda h: f"{h[0]}{h[1]}")
years = st.integers(1930, 2030).map(str)


def _ordinary(reference: str) -> bool:
    """Not a BSN by its 11-proef, and not a phone number (an 0800 number is one)."""
    digits = re.sub(r"\D", "", reference)
    if len(digits) == 9 and bsn.is_valid(digits):
        return False
    return not any(phonenumbers.PhoneNumberMatcher(reference, "NL"))


references = st.one_of(
    st.tuples(st.integers(2000, 2030), _chars(_DIGIT, 5)).map(lambda r: f"{r[0]}-{r[1]}"),
    _chars(_DIGIT, 8),
    st.tuples(_chars(_DIGIT, 2), _chars(_DIGIT, 6)).map(lambda r: f"Z/{r[0]}/{r[1]}"),
    st.tuples(_chars(_UPPER | _DIGIT, 4), _chars(_UPPER | _DIGIT, 4)).map(
        lambda r: f"W-{r[0]}-{r[1]}"
    ),
    _chars(_DIGIT, 12),
).filter(_ordinary)

# Frames for values that must stay; several name a secret nearby on purpose.
KEEP_FRAMES = [
    "{}",
    "Ik kreeg op {} een brief.",
    "Het gaat om {} per maand.",
    "ik kreeg een sms over {}",
    "de code kwam op {} niet aan",
    "Sinds {} heb ik een nieuwe pincode",
    "mijn wachtwoord is sinds {} verlopen",
]
PHONE_FRAMES = [
    "bel mij op {}",
    "mijn nummer is {}",
    "u kunt mij bellen: {}",
    "sms mij op {} als het kan",
    "telefoon {} na vijf uur",
    "{}",
]
ADDRESS_FRAMES = [
    "mijn postcode is {pc} en mijn huisnummer {hn}",
    "ik woon op Dorpsstraat {hn}, {pc} Leeuwarden",
    "postcode {pc} nummer {hn}, de sms kwam niet",
]
REFERENCE_FRAMES = [
    "mijn dossiernummer is {}",
    "het gaat over zaak {}",
    "op de brief staat kenmerk {}",
    "klantnummer {} bij de gemeente",
    "{}",
]


def _survives(text: str, contact: bool = True) -> None:
    result = scrub(text, contact=contact)
    assert result.text == normalise(text), (text, result.text)
    assert not result.changed


@EXAMPLES
@given(st.one_of(dates(), amounts(), years), st.sampled_from(KEEP_FRAMES), st.booleans())
def test_dates_amounts_and_years_survive(value: str, frame: str, contact: bool) -> None:
    _survives(frame.format(value), contact)


@EXAMPLES
@given(dutch_phone_numbers(), st.sampled_from(PHONE_FRAMES))
def test_phone_numbers_survive_in_a_referral_note(number: str, frame: str) -> None:
    _survives(frame.format(number), contact=False)
    chat = scrub(frame.format(number))
    assert chat.kinds == {PiiKind.PHONE}, (number, chat.text)


@EXAMPLES
@given(postcodes, house_numbers, st.sampled_from(ADDRESS_FRAMES), st.booleans())
def test_postcodes_and_house_numbers_survive(pc: str, hn: str, frame: str, contact: bool) -> None:
    _survives(frame.format(pc=pc, hn=hn), contact)


@EXAMPLES
@given(references, st.sampled_from(REFERENCE_FRAMES), st.booleans())
def test_reference_numbers_without_a_context_word_survive(
    reference: str, frame: str, contact: bool
) -> None:
    _survives(frame.format(reference), contact)


# --- Any text at all.


@EXAMPLES
@given(st.text(max_size=300))
def test_any_text_is_scrubbed_to_a_fixed_point(text: str) -> None:
    once = scrub(text)
    assert scrub(once.text).text == once.text
    for kind in once.kinds:
        assert PLACEHOLDERS[kind] in once.text
