"""The staff API: a branch's referrals and the notifications that could not be delivered."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from api.auth import StaffDep
from api.deps import SessionDep
from api.schemas import Delivery, ReferralSummary
from wegwijzer.delivery.outbox import DeliveryStatus
from wegwijzer.storage.models import OutboxMessage, Referral

router = APIRouter(
    prefix="/api/staff",
    tags=["staff"],
    dependencies=[StaffDep],
    responses={401: {"description": "Missing or wrong staff token."}},
)

PROBLEMS = [DeliveryStatus.FAILED, DeliveryStatus.DISABLED]


@router.get("/referrals")
def list_referrals(
    session: SessionDep,
    branch: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[ReferralSummary]:
    """Without contact details: staff see that a referral exists and how it goes."""
    query = select(Referral)
    if branch is not None:
        query = query.where(Referral.branch == branch)
    rows = session.scalars(query.order_by(Referral.created_at.desc()).limit(limit)).all()
    return [ReferralSummary.of(r) for r in rows]


@router.get("/deliveries")
def list_deliveries(
    session: SessionDep,
    status: Annotated[list[DeliveryStatus] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[Delivery]:
    """By default the failed (retries used up) and disabled (410 Gone) deliveries."""
    wanted = [s.value for s in (status or PROBLEMS)]
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status.in_(wanted))
        .order_by(OutboxMessage.created_at.desc())
        .limit(limit)
    ).all()
    return [Delivery.of(m) for m in rows]
