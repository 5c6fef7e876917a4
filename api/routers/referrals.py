"""POST /api/referrals: the kiosk's referral form, bound to the chat session, never via Rasa."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from anyio import from_thread
from fastapi import APIRouter, HTTPException, Path, Query, Request, status
from pydantic import BaseModel, Field, StrictBool, StringConstraints
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from api.deps import CatalogueDep, LimiterDep, PartnersDep, SessionDep, SettingsDep
from api.errors import error_responses
from api.limits import MINUTE, client_address, enforce, referral_rules
from api.metrics import app_metrics
from api.routers.slip import request_slip_url
from api.visitor_input import Language, SessionId
from wegwijzer.catalogue import Catalogue
from wegwijzer.language import DUTCH, or_dutch
from wegwijzer.partner_cards import partner_card
from wegwijzer.ratelimit import Rule
from wegwijzer.referrals.contact import ContactForm, ReferralValidationError, field_errors
from wegwijzer.referrals.promise import is_overdue, today_local
from wegwijzer.referrals.references import is_well_formed, reference_readings
from wegwijzer.referrals.service import NoOfferError, create_referral
from wegwijzer.referrals.status import Status
from wegwijzer.slip import SlipRequest
from wegwijzer.storage.models import Referral
from wegwijzer.workdays import dutch_date, visitor_date, written_date

router = APIRouter(prefix="/api", tags=["referrals"])

# Hard caps against abuse; the friendly Dutch limits are checked in the core.
Field1k = Annotated[str, StringConstraints(max_length=1000)]
FORM_CHECK = "Kijk het formulier nog even na."
NO_OFFER = (
    "Dit gesprek heeft geen open aanbod voor hulp. "
    "Stel uw vraag opnieuw, dan kunt u het formulier weer invullen."
)
NOT_SAVED = (
    "Het opslaan lukte nu niet. Uw gegevens staan nog in het formulier. Probeer het opnieuw."
)


class ContactFields(BaseModel):
    """The form's own fields, the same when it is sent and when a step is checked."""

    name: Field1k = ""
    phone: Field1k | None = None
    email: Field1k | None = None
    preferred_time: Field1k | None = None
    note: Annotated[str, StringConstraints(max_length=5000)] | None = None
    # The language of the form's error messages (the referral keeps the conversation's).
    language: Language = DUTCH


class ReferralRequest(ContactFields):
    session_id: SessionId
    consent: bool


class PartnerCardOut(BaseModel):
    """A partner's public face: nothing about the visitor."""

    id: str
    name: str
    helps_with: str | None
    address: str | None
    phone: str | None
    website: str | None
    opening_hours: list[str]
    spreekuren: list[str]
    next_time: str = Field(description='"Volgende keer kunt u ook zelf naar ... gaan: ..."')


class ReferralCreated(BaseModel):
    reference: str
    partner: str
    status: str
    message: str = Field(description="What happens next, in B1 Dutch or the visitor's language")
    due_on: date | None = Field(None, description="The partner's promise: contact by this day")
    partner_card: PartnerCardOut | None = None
    slip_url: str | None = Field(None, description="The signed take-home slip of this referral")


@router.post(
    "/referrals",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 409, 422, 429, 503),
)
def create(
    *,
    request: ReferralRequest,
    http_request: Request,
    limiter: LimiterDep,
    session: SessionDep,
    partners: PartnersDep,
    catalogue: CatalogueDep,
    settings: SettingsDep,
) -> ReferralCreated:
    # A plain `def` route runs in a worker thread; the limiter is async.
    from_thread.run(
        enforce, limiter, referral_rules(settings, client_address(http_request), request.session_id)
    )
    form = ContactForm(
        consent=request.consent,
        name=request.name,
        phone=request.phone,
        email=request.email,
        preferred_time=request.preferred_time,
        note=request.note,
    )
    said = catalogue.localised(request.language)
    try:
        referral = create_referral(
            session,
            partners,
            request.session_id,
            form,
            settings.inbox_base,
            messages=said.form_errors,
        )
    except ReferralValidationError as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail={"message": said.interface.get("form_check", FORM_CHECK), "errors": exc.errors},
        ) from None
    except NoOfferError:
        detail = said.interface.get("no_offer", NO_OFFER)
        raise HTTPException(status.HTTP_409_CONFLICT, detail=detail) from None
    except OperationalError:
        session.rollback()
        detail = said.interface.get("not_saved", NOT_SAVED)
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=detail) from None
    app_metrics(http_request).referrals.inc()
    partner = partners.partners[referral.partner_id].name
    said_in = catalogue.localised(referral.language)
    card = partner_card(said_in, partners, referral.partner_id, referral.branch)
    return ReferralCreated(
        reference=referral.reference,
        partner=partner,
        status=referral.status,
        message=said_in.texts.referral_next_steps.format(
            partner=partner,
            reference=referral.reference,
            due=visitor_date(referral.due_on, referral.language)
            if referral.due_on
            else "binnen een paar werkdagen",
        ),
        due_on=referral.due_on,
        partner_card=PartnerCardOut(**card.as_dict()),
        slip_url=request_slip_url(
            settings,
            SlipRequest(
                referral.topic,
                referral.task,
                referral.branch,
                referral.reference,
                language=referral.language,
            ),
        ),
    )


MISTYPED = (
    "Deze code klopt niet. Kijk nog eens goed op uw bon. Een code ziet er zo uit: W-4K7Q-9MXT-V."
)
UNKNOWN = (
    "Wij kennen deze code niet. Misschien is uw vraag al lang klaar. "
    "Vraag het een medewerker van de bibliotheek."
)


class ReferralStatusOut(BaseModel):
    """What a visitor may see with only the code: the status and the partner, no one's data."""

    reference: str
    status: str
    status_text: str = Field(description="The status in B1, in the language asked for")
    due_on: date | None
    partner: PartnerCardOut


def status_text(texts: Catalogue, referral: Referral, partner: str, today: date) -> str:
    """The status in B1, in the language of `texts` (interface.yml's status_* keys)."""
    if is_overdue(referral, today):
        return texts.ui("status_overdue", partner=partner)
    if referral.status == Status.NEW.value:
        if referral.due_on is None:
            return texts.ui("status_sent", partner=partner)
        due = (
            dutch_date(referral.due_on)
            if texts.language == DUTCH
            else written_date(referral.due_on, texts.language)
        )
        return texts.ui("status_sent_due", partner=partner, due=due)
    keys = {
        Status.RECEIVED.value: "status_received",
        Status.IN_PROGRESS.value: "status_in_progress",
        Status.DONE.value: "status_done",
        Status.UNREACHABLE.value: "status_unreachable",
    }
    return texts.ui(keys[referral.status], partner=partner)


@router.get("/referrals/status/{reference}", responses=error_responses(404, 422, 429))
def referral_status(
    reference: Annotated[str, Path(max_length=40)],
    *,
    http_request: Request,
    limiter: LimiterDep,
    session: SessionDep,
    partners: PartnersDep,
    catalogue: CatalogueDep,
    settings: SettingsDep,
    lang: Annotated[
        str | None,
        Query(description="nl, en, pl, tr, ar or uk; anything else gives Dutch"),
    ] = None,
) -> ReferralStatusOut:
    """The visitor asks "Is mijn vraag al opgepakt?"; the answer holds no personal data.

    404 with a clear sentence (in `lang`) for a typo or an unknown code; rate limited
    per client, so codes cannot be tried in bulk.
    """
    texts = catalogue.localised(or_dutch(lang))
    rule = Rule(
        f"referral-status:client:{client_address(http_request)}",
        settings.rate_status_client_per_minute,
        MINUTE,
    )
    from_thread.run(enforce, limiter, [rule])
    if not is_well_formed(reference):
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail=texts.interface.get("status_mistyped", MISTYPED)
        )
    referral = session.scalars(
        select(Referral).where(Referral.reference.in_(reference_readings(reference)))
    ).first()
    if referral is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail=texts.interface.get("status_unknown", UNKNOWN)
        )
    card = partner_card(texts, partners, referral.partner_id, referral.branch)
    return ReferralStatusOut(
        reference=referral.reference,
        status=referral.status,
        status_text=status_text(texts, referral, card.name, today_local()),
        due_on=referral.due_on,
        partner=PartnerCardOut(**card.as_dict()),
    )


FormField = Literal["consent", "name", "contact", "phone", "email", "preferred_time", "note"]


class ReferralCheck(ContactFields):
    """The form as filled in so far, and the fields of the step the visitor leaves."""

    fields: list[FormField] = Field(min_length=1, max_length=7)
    consent: StrictBool = False


class ReferralCheckResult(BaseModel):
    # Each field of the step with a mistake, and a Dutch sentence that says what to do.
    errors: dict[str, str]


@router.post("/referrals/check", responses=error_responses(400, 422, 429))
async def check(
    request: ReferralCheck,
    http_request: Request,
    limiter: LimiterDep,
    settings: SettingsDep,
    catalogue: CatalogueDep,
) -> ReferralCheckResult:
    """Check one step of the form with the same rules as the referral itself; stores nothing.

    So a mistyped phone number is caught at the step where it was typed.
    """
    client = client_address(http_request)
    rule = Rule(f"referral-check:client:{client}", settings.rate_chat_client_per_minute, MINUTE)
    await enforce(limiter, [rule])
    form = ContactForm(
        consent=request.consent,
        name=request.name,
        phone=request.phone,
        email=request.email,
        preferred_time=request.preferred_time,
        note=request.note,
    )
    messages = catalogue.localised(request.language).form_errors
    return ReferralCheckResult(errors=field_errors(form, request.fields, messages))
