"""The partner API: a partner sees and works through its own referrals only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, StringConstraints
from sqlalchemy import or_, select

from api.auth import PartnerIdDep
from api.deps import SessionDep
from api.errors import error_responses
from api.schemas import ReferralDetail, ReferralSummary
from wegwijzer.referrals.promise import today_local
from wegwijzer.referrals.references import reference_readings
from wegwijzer.referrals.service import (
    ReferralNotFoundError,
    StatusChangeError,
    change_status,
    get_referral,
    read_contact,
)
from wegwijzer.referrals.status import Status
from wegwijzer.storage.models import Referral

router = APIRouter(prefix="/api/partner", tags=["partner"])
NOT_FOUND = "Deze doorverwijzing bestaat niet of is niet voor u."
STATUS_NAMES = {
    Status.NEW: "Nieuw",
    Status.RECEIVED: "Ontvangen",
    Status.IN_PROGRESS: "Mee bezig",
    Status.DONE: "Klaar",
    Status.UNREACHABLE: "Niet bereikbaar",
}


class StatusRequest(BaseModel):
    status: Status
    note: Annotated[str, StringConstraints(max_length=500)] | None = None


def _own(session: SessionDep, referral_id: str, partner_id: str) -> Referral:
    try:
        return get_referral(session, referral_id, partner_id)
    except ReferralNotFoundError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NOT_FOUND) from None


@router.get("/referrals", responses=error_responses(401, 422, 429))
def list_referrals(
    partner_id: PartnerIdDep,
    session: SessionDep,
    status_filter: Annotated[Status | None, Query(alias="status")] = None,
    reference: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[ReferralSummary]:
    """Newest first; `reference` finds one by the number the visitor reads out."""
    query = select(Referral).where(Referral.partner_id == partner_id)
    if status_filter is not None:
        query = query.where(Referral.status == status_filter.value)
    if reference is not None:
        # Typed without its check character, the number still finds its referral.
        query = query.where(
            or_(
                *(
                    condition
                    for wanted in reference_readings(reference)
                    for condition in (
                        Referral.reference == wanted,
                        Referral.reference.startswith(wanted + "-", autoescape=True),
                    )
                )
            )
        )
    rows = session.scalars(query.order_by(Referral.created_at.desc()).limit(limit)).all()
    today = today_local()
    return [ReferralSummary.of(r, today) for r in rows]


@router.get(
    "/referrals/{referral_id}",
    responses={
        401: {"description": "Missing or wrong partner token."},
        404: {"description": NOT_FOUND},
        **error_responses(429),
    },
)
def read_referral(
    partner_id: PartnerIdDep, session: SessionDep, referral_id: str
) -> ReferralDetail:
    """With contact details; every read is written to the audit log."""
    referral = read_contact(
        session, _own(session, referral_id, partner_id), f"partner:{partner_id}"
    )
    return ReferralDetail.with_contact(referral)


@router.post(
    "/referrals/{referral_id}/status",
    responses=error_responses(400, 401, 404, 409, 422, 429),
)
def set_status(
    partner_id: PartnerIdDep, session: SessionDep, referral_id: str, request: StatusRequest
) -> ReferralSummary:
    referral = _own(session, referral_id, partner_id)
    try:
        note = (request.note or "").strip() or None
        change_status(session, referral, request.status, f"partner:{partner_id}", note)
    except StatusChangeError:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail=(
                f"Van {STATUS_NAMES[Status(referral.status)]} naar {STATUS_NAMES[request.status]} "
                "kan niet. Kies een andere status, of schrijf een notitie."
            ),
        ) from None
    return ReferralSummary.of(referral)
