"""The staff API: a branch's referrals and the notifications that could not be delivered."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from pydantic import BaseModel
from sqlalchemy import select

from api.auth import StaffDep
from api.deps import CatalogueDep, PartnersDep, SessionDep, SettingsDep
from api.errors import error_responses
from api.schemas import Delivery, ReferralSummary
from api.visitor_input import branch_or_422
from wegwijzer.catalogue import Task
from wegwijzer.delivery.outbox import DeliveryStatus
from wegwijzer.referrals.references import new_id
from wegwijzer.referrals.service import OfferRequest, record_offer
from wegwijzer.stats import Statistics, statistics, statistics_csv
from wegwijzer.storage.models import OutboxMessage, Referral

router = APIRouter(
    prefix="/api/staff",
    tags=["staff"],
    dependencies=[StaffDep],
    responses=error_responses(400, 401, 422),
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


class StaffOfferRequest(BaseModel):
    topic: str | None = None
    task: Task = Task.INFORMATIE
    branch: str | None = None


class StaffOffer(BaseModel):
    session_id: str
    partner: str
    topic: str | None
    branch: str


@router.post("/referral-offers", status_code=status.HTTP_201_CREATED)
def open_referral_offer(
    request: StaffOfferRequest,
    session: SessionDep,
    partners: PartnersDep,
    catalogue: CatalogueDep,
    settings: SettingsDep,
) -> StaffOffer:
    """For a visitor at the desk: open an offer, then post the form to /api/referrals."""
    branch = branch_or_422(request.branch, settings, catalogue)
    if request.topic is not None and request.topic not in catalogue.topics:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"Onbekend onderwerp: {request.topic}"
        )
    offer = record_offer(
        session,
        partners,
        OfferRequest(f"staff-{new_id()}", request.topic, request.task.value, branch),
        timedelta(minutes=settings.referral_offer_minutes),
    )
    return StaffOffer(
        session_id=offer.session_id,
        partner=partners.partners[offer.partner_id].name,
        topic=offer.topic,
        branch=offer.branch,
    )


class TopicWeekOut(BaseModel):
    week: str
    topic: str
    questions: int
    boundary_hits: int


class PartnerWeekOut(BaseModel):
    week: str
    partner: str
    referrals: int


class StatisticsOut(BaseModel):
    topics: list[TopicWeekOut]
    referrals: list[PartnerWeekOut]

    @classmethod
    def of(cls, stats: Statistics) -> StatisticsOut:
        return cls(
            topics=[TopicWeekOut(**vars(t)) for t in stats.topics],
            referrals=[PartnerWeekOut(**vars(r)) for r in stats.referrals],
        )


@router.get("/stats")
def get_statistics(session: SessionDep, branch: str | None = None) -> StatisticsOut:
    """Counts only: questions per topic per week, DigiD-boundary hits, referrals per partner."""
    return StatisticsOut.of(statistics(session, branch))


@router.get("/stats.csv", response_class=Response)
def get_statistics_csv(session: SessionDep, branch: str | None = None) -> Response:
    return Response(
        statistics_csv(statistics(session, branch)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="wegwijzer-statistiek.csv"'},
    )
