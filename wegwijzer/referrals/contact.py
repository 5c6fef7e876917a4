"""Validate the referral form; every error is a short Dutch sentence for the visitor."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from wegwijzer.errors import WegwijzerError
from wegwijzer.pii import scrub

MAX_NAME = 80
MAX_NOTE = 500
MAX_PREFERRED_TIME = 100


class ReferralValidationError(WegwijzerError):
    """The form has mistakes; `errors` maps each field to a Dutch message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class ContactForm:
    consent: bool
    name: str
    phone: str | None
    email: str | None
    preferred_time: str | None
    note: str | None


@dataclass(frozen=True)
class ContactDetails:
    name: str
    phone: str | None
    email: str | None
    preferred_time: str | None
    note: str | None


def _phone(raw: str) -> str:
    """A Dutch phone number in E.164 (+31...), or ValueError."""
    try:
        number = phonenumbers.parse(raw, "NL")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if not phonenumbers.is_valid_number(number) or number.country_code != 31:
        raise ValueError("not a valid Dutch number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# The visitor's errors in Dutch, by key; catalogue/i18n/<language>.yml translates them
# under `form_errors` with the same {max} placeholder.
MESSAGES: Mapping[str, str] = {
    "consent": "Zet een vinkje als u akkoord bent. Anders kunnen wij u niet doorsturen.",
    "name_missing": "Vul uw naam of een bijnaam in.",
    "name_too_long": "Uw naam mag niet langer zijn dan {max} tekens.",
    "contact_missing": "Vul een telefoonnummer of een e-mailadres in.",
    "phone_invalid": "Dit telefoonnummer klopt niet. Een voorbeeld: 06 12345678.",
    "email_invalid": "Dit e-mailadres klopt niet. Een voorbeeld: naam@voorbeeld.nl.",
    "preferred_time_too_long": "Schrijf het moment korter, in {max} tekens.",
    "note_too_long": "Uw bericht mag niet langer zijn dan {max} tekens.",
}


def validate_contact(form: ContactForm, messages: Mapping[str, str] = MESSAGES) -> ContactDetails:
    """The cleaned details, or ReferralValidationError with a message per field."""

    def say(key: str, limit: int = 0) -> str:
        return (messages.get(key) or MESSAGES[key]).format(max=limit)

    errors: dict[str, str] = {}
    if not form.consent:
        errors["consent"] = say("consent")
    name = " ".join(form.name.split())
    if not name:
        errors["name"] = say("name_missing")
    elif len(name) > MAX_NAME:
        errors["name"] = say("name_too_long", MAX_NAME)
    phone = email = None
    raw_phone = (form.phone or "").strip()
    raw_email = (form.email or "").strip()
    if not raw_phone and not raw_email:
        errors["contact"] = say("contact_missing")
    if raw_phone:
        try:
            phone = _phone(raw_phone)
        except ValueError:
            errors["phone"] = say("phone_invalid")
    if raw_email:
        try:
            email = validate_email(raw_email, check_deliverability=False).normalized
        except EmailNotValidError:
            errors["email"] = say("email_invalid")
    preferred = " ".join((form.preferred_time or "").split()) or None
    if preferred and len(preferred) > MAX_PREFERRED_TIME:
        errors["preferred_time"] = say("preferred_time_too_long", MAX_PREFERRED_TIME)
    note = (form.note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        errors["note"] = say("note_too_long", MAX_NOTE)
    if errors:
        raise ReferralValidationError(errors)
    # A BSN, IBAN or login code never goes into the referrals table either.
    return ContactDetails(
        name=scrub(name, contact=False).text,
        phone=phone,
        email=email,
        preferred_time=scrub(preferred, contact=False).text if preferred else None,
        note=scrub(note, contact=False).text if note else None,
    )


def field_errors(
    form: ContactForm, fields: Collection[str], messages: Mapping[str, str] = MESSAGES
) -> dict[str, str]:
    """The errors of these fields only: the form checks each step before the next one."""
    try:
        validate_contact(form, messages)
    except ReferralValidationError as exc:
        return {field: message for field, message in exc.errors.items() if field in fields}
    return {}


def phone_display(phone: str | None) -> str | None:
    """A stored +31 number the way Dutch people write it: 06 12345678, 058 123 4567."""
    if not phone:
        return None
    try:
        number = phonenumbers.parse(phone, "NL")
    except phonenumbers.NumberParseException:
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
