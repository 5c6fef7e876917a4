"""POST /api/referrals: the kiosk's referral form, bound to the chat session, never via Rasa."""

from __future__ import annotations

from typing import Annotated, Literal

from anyio import from_thread
from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field, StrictBool, StringConstraints
from sqlalchemy.exc import OperationalError

from api.deps import CatalogueDep, LimiterDep, PartnersDep, SessionDep, SettingsDep
from api.errors import error_responses
from api.limits import MINUTE, client_address, enforce, referral_rules
from api.visitor_input import Language, SessionId
from wegwijzer.language import DUTCH
from wegwijzer.ratelimit import Rule
from wegwijzer.referrals.contact import ContactForm, ReferralValidationError, field_errors
from wegwijzer.referrals.service import NoOfferError, create_referral

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


class ReferralRequest(BaseModel):
    session_id: SessionId
    consent: bool
    name: Field1k = ""
    phone: Field1k | None = None
    email: Field1k | None = None
    preferred_time: Field1k | None = None
    note: Annotated[str, StringConstraints(max_length=5000)] | None = None
    # The language of the form's error messages (the referral keeps the conversation's).
    language: Language = DUTCH


class ReferralCreated(BaseModel):
    reference: str
    partner: str
    status: str
    message: str = Field(description="What happens next, in B1 Dutch or the visitor's language")


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
    partner = partners.partners[referral.partner_id].name
    return ReferralCreated(
        reference=referral.reference,
        partner=partner,
        status=referral.status,
        message=catalogue.localised(referral.language).texts.referral_next_steps.format(
            partner=partner, reference=referral.reference
        ),
    )


FormField = Literal["consent", "name", "contact", "phone", "email", "preferred_time", "note"]


class ReferralCheck(BaseModel):
    """The form as filled in so far, and the fields of the step the visitor leaves."""

    fields: list[FormField] = Field(min_length=1, max_length=7)
    consent: StrictBool = False
    name: Field1k = ""
    phone: Field1k | None = None
    email: Field1k | None = None
    preferred_time: Field1k | None = None
    note: Annotated[str, StringConstraints(max_length=5000)] | None = None
    language: Language = DUTCH


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
