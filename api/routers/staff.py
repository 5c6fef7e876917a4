"""The staff API: a branch's referrals and the notifications that could not be delivered.

A staff account from the partners file sees only its own branches; the operator's
token (WEGWIJZER_STAFF_TOKEN) sees every branch.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import and_, case, select

from api.auth import StaffDep, StaffScopeDep
from api.deps import CatalogueDep, PartnersDep, SessionDep, SettingsDep
from api.errors import error_responses
from api.schemas import Delivery, ReferralSummary
from api.visitor_input import Language, branch_or_422, topic_or_422
from wegwijzer.catalogue import Task
from wegwijzer.catalogue.review import stale_topics
from wegwijzer.delivery.outbox import DeliveryStatus
from wegwijzer.language import DUTCH, DUTCH_NAMES
from wegwijzer.referrals.promise import today_local
from wegwijzer.referrals.references import new_id
from wegwijzer.referrals.service import (
    OfferRequest,
    keyed_offer_id,
    record_offer,
    record_offer_once,
)
from wegwijzer.referrals.status import Status
from wegwijzer.stats import Period, Statistics, statistics, statistics_csv
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import OutboxMessage, Referral

router = APIRouter(
    prefix="/api/staff",
    tags=["staff"],
    dependencies=[StaffDep],
    responses=error_responses(400, 401, 403, 422, 429),
)

PROBLEMS = [DeliveryStatus.FAILED, DeliveryStatus.DISABLED]


def _not_yours() -> HTTPException:
    return HTTPException(
        status.HTTP_403_FORBIDDEN, detail="Deze vestiging hoort niet bij uw account."
    )


def visible_branches(scope: StaffScopeDep, branch: str | None = None) -> list[str] | None:
    """The `branch` asked for, if it is theirs; without one, every branch they may see.

    None means every branch (the operator without `branch`).
    """
    if branch is not None:
        if not scope.allows(branch):
            raise _not_yours()
        return [branch]
    return None if scope.branches is None else sorted(scope.branches)


BranchesDep = Annotated[list[str] | None, Depends(visible_branches)]


class StaffMe(BaseModel):
    name: str
    # None: every branch.
    branches: list[str] | None


@router.get("/me")
def who_am_i(scope: StaffScopeDep) -> StaffMe:
    """Lets the staff page offer only the branches this account may see."""
    return StaffMe(
        name=scope.name, branches=None if scope.branches is None else sorted(scope.branches)
    )


@router.get("/referrals")
def list_referrals(
    session: SessionDep,
    branches: BranchesDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[ReferralSummary]:
    """Without contact details: staff see that a referral exists and how it goes.

    Overdue referrals come first and say so (`overdue`)."""
    today = today_local()
    # Overdue first (still new after the partner's promised day), then the newest.
    overdue = and_(Referral.status == Status.NEW.value, Referral.due_on < today)
    query = select(Referral)
    if branches is not None:
        query = query.where(Referral.branch.in_(branches))
    order = (case((overdue, 0), else_=1), Referral.created_at.desc())
    rows = session.scalars(query.order_by(*order).limit(limit)).all()
    return [ReferralSummary.of(r, today) for r in rows]


@router.get("/deliveries")
def list_deliveries(
    session: SessionDep,
    branches: BranchesDep,
    status: Annotated[list[DeliveryStatus] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[Delivery]:
    """By default the failed (retries used up) and disabled (410 Gone) deliveries."""
    wanted = [s.value for s in (status or PROBLEMS)]
    query = select(OutboxMessage).where(OutboxMessage.status.in_(wanted))
    if branches is not None:
        query = query.join(Referral, Referral.id == OutboxMessage.referral_id).where(
            Referral.branch.in_(branches)
        )
    rows = session.scalars(query.order_by(OutboxMessage.created_at.desc()).limit(limit)).all()
    return [Delivery.of(m) for m in rows]


class StaffOfferRequest(BaseModel):
    topic: str | None = None
    task: Task = Task.INFORMATIE
    branch: str | None = None
    # One id per click on "Doorverwijzen": the same id opens the same offer, so a
    # double click (or a retry) can never lead to two referrals.
    request_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")] | None = None
    # The visitor's language (from the triage), so the partner can bring an interpreter.
    language: Language = DUTCH


class StaffOffer(BaseModel):
    session_id: str
    partner: str
    topic: str | None
    branch: str


@router.post("/referral-offers", status_code=status.HTTP_201_CREATED)
def open_referral_offer(
    request: StaffOfferRequest,
    *,
    session: SessionDep,
    partners: PartnersDep,
    catalogue: CatalogueDep,
    settings: SettingsDep,
    scope: StaffScopeDep,
) -> StaffOffer:
    """For a visitor at the desk: open an offer, then post the form to /api/referrals."""
    branch = branch_or_422(request.branch, settings, catalogue)
    if request.branch is None and not scope.allows(branch) and scope.branches:
        branch = min(scope.branches)  # the kiosk's own branch is not theirs: use theirs
    if not scope.allows(branch):
        raise _not_yours()
    topic_or_422(request.topic, catalogue)
    ttl = timedelta(minutes=settings.referral_offer_minutes)
    if request.request_id is None:
        offer_request = OfferRequest(
            f"staff-{new_id()}", request.topic, request.task.value, branch, request.language
        )
        offer = record_offer(session, partners, offer_request, ttl)
    else:
        offer_id = keyed_offer_id(f"staff:{scope.name}", request.request_id)
        offer_request = OfferRequest(
            f"staff-{offer_id}", request.topic, request.task.value, branch, request.language
        )
        offer = record_offer_once(session, partners, offer_request, ttl, offer_id)
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


class PartnerPromiseOut(BaseModel):
    partner: str
    referrals: int
    # Still new after the partner's promised day (now, or before it was picked up).
    overdue: int
    # Median hours from referral to the partner's first contact; null: none yet.
    median_hours_to_contact: float | None


class PeriodOut(BaseModel):
    # ISO weeks ("2026-W45"), both included; null: from the first count on / up to now.
    first_week: str | None
    last_week: str | None
    # The Monday of the first week and the Sunday of the last, for people.
    from_date: date | None
    to_date: date | None


class LanguageWeekOut(BaseModel):
    week: str
    language: str
    # As staff read it: "Arabisch".
    name: str
    questions: int


class StatisticsOut(BaseModel):
    topics: list[TopicWeekOut]
    referrals: list[PartnerWeekOut]
    period: PeriodOut
    partners: list[PartnerPromiseOut] = []
    # Questions per language (nl, en, pl, tr, ar, uk) and week.
    languages: list[LanguageWeekOut] = Field(default_factory=list)

    @classmethod
    def of(cls, stats: Statistics) -> StatisticsOut:
        first, last = stats.period.first, stats.period.last
        return cls(
            topics=[TopicWeekOut(**vars(t)) for t in stats.topics],
            referrals=[PartnerWeekOut(**vars(r)) for r in stats.referrals],
            partners=[PartnerPromiseOut(**vars(p)) for p in stats.promises or []],
            languages=[
                LanguageWeekOut(
                    week=lang.week,
                    language=lang.language,
                    name=DUTCH_NAMES.get(lang.language, lang.language),
                    questions=lang.questions,
                )
                for lang in stats.languages
            ],
            period=PeriodOut(
                first_week=first,
                last_week=last,
                from_date=Period.monday(first) if first else None,
                to_date=Period.monday(last) + timedelta(days=6) if last else None,
            ),
        )


def chosen_period(
    weeks: Annotated[int | None, Query(ge=1, le=520, description="the last N weeks")] = None,
) -> Period:
    """The last `weeks` ISO weeks up to and including this one; without it, everything."""
    return Period.last_weeks(weeks, utcnow().date())


PeriodDep = Annotated[Period, Depends(chosen_period)]


@router.get("/stats")
def get_statistics(session: SessionDep, branches: BranchesDep, period: PeriodDep) -> StatisticsOut:
    """Counts only: questions per topic per week, DigiD-boundary hits, referrals per partner."""
    return StatisticsOut.of(statistics(session, branches, period))


@router.get("/stats.csv", response_class=Response)
def get_statistics_csv(
    session: SessionDep,
    branches: BranchesDep,
    period: PeriodDep,
    catalogue: CatalogueDep,
    partners: PartnersDep,
) -> Response:
    """For Dutch Excel: ";" between columns, a byte-order mark, names instead of ids."""
    text = statistics_csv(
        statistics(session, branches, period),
        {k: t.title for k, t in catalogue.topics.items()},
        {k: p.name for k, p in partners.partners.items()},
    )
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="wegwijzer-statistiek.csv"'},
    )


class StaleTopicOut(BaseModel):
    topic: str
    title: str
    # Who keeps the topic current (`owner:` in its file).
    owner: str
    # The day of the last whole-topic review.
    reviewed: date


class ReviewsOut(BaseModel):
    # WEGWIJZER_REVIEW_MONTHS: a topic reviewed longer ago than this is listed.
    months: int
    topics: list[StaleTopicOut]


@router.get("/reviews")
def get_stale_topics(catalogue: CatalogueDep, settings: SettingsDep) -> ReviewsOut:
    """Topics not reviewed as a whole for WEGWIJZER_REVIEW_MONTHS: for the content editors."""
    months = settings.review_months
    stale = stale_topics(catalogue, utcnow().date(), months)
    return ReviewsOut(months=months, topics=[StaleTopicOut(**vars(s)) for s in stale])
