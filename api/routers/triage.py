"""POST /api/triage: the staff's second opinion, driven by the same triage as the chat."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from api.auth import StaffDep
from api.deps import CatalogueDep, PartnersDep, RasaDep, SettingsDep
from api.errors import error_responses
from api.texts import ENGINE_DOWN
from api.visitor_input import VisitorText, branch_or_422, topic_or_422
from wegwijzer.errors import EngineUnavailableError
from wegwijzer.language import detect_language, spoken_by
from wegwijzer.pii import scrub
from wegwijzer.tasks import task_ranking_from_parse
from wegwijzer.triage import ranking_from_parse, triage

router = APIRouter(prefix="/api", tags=["triage"])


class TriageRequest(BaseModel):
    text: VisitorText
    branch: str | None = None
    # The topic of the conversation so far, as the chat keeps it: a follow-up
    # ("kan dat in termijnen?") is then read as it would be in the chat.
    context_topic: str | None = Field(default=None, max_length=64)
    # The topics the chat just offered as buttons ("Bedoelt u ...?", a life event's
    # schemes): a typed follow-up then gets them again, as in the chat.
    offered_topics: list[Annotated[str, Field(max_length=64)]] = Field(
        default_factory=list, max_length=8
    )


class ProviderOut(BaseModel):
    name: str
    url: str


class LinkOut(BaseModel):
    title: str
    url: str
    provider: str
    domain: str


class PartnerOut(BaseModel):
    id: str
    name: str


class Alternative(BaseModel):
    topic: str
    confidence: float


class TriageResponse(BaseModel):
    topic: str | None
    confidence: float
    task: str
    digid_required: bool
    provider: ProviderOut | None
    links: list[LinkOut]
    alternatives: list[Alternative]
    explanation: str
    # Extensions beyond the interface contract:
    verdict: str
    task_reason: str | None
    # How sure the task model is (1.0 for a rule), and whether the words may also
    # mean a task with another DigiD verdict: with a topic, digid_required is then
    # true and the chat asks "Wilt u informatie, of wilt u het nu regelen?"; without
    # one, the doubt is about the `candidates` and asked once the visitor picks one.
    task_confidence: float
    task_uncertain: bool
    # Staff stop and offer a referral: every DigiD step except arranging DigiD
    # Machtigen, the legal way for a trusted person to help (spec: not the boundary).
    at_the_boundary: bool
    task_alternatives: list[str]
    # The three most likely topics, whatever the verdict (for staff and evaluation).
    top_topics: list[Alternative]
    # The topics the chat offers as buttons when the verdict is not one topic.
    candidates: list[Alternative]
    answer: str
    # The partner this branch would refer the visitor to, for this topic.
    partner: PartnerOut
    # The language of the text (nl when unsure) and how staff read it:
    # "Bezoeker spreekt Arabisch", so a partner can bring an interpreter.
    language: str
    language_note: str


@router.post(
    "/triage",
    dependencies=[StaffDep],
    responses=error_responses(400, 401, 422, 429, 503),
)
async def triage_text(
    request: TriageRequest,
    rasa: RasaDep,
    catalogue: CatalogueDep,
    partners: PartnersDep,
    settings: SettingsDep,
) -> TriageResponse:
    branch = branch_or_422(request.branch, settings, catalogue)
    context_topic = topic_or_422(request.context_topic, catalogue)
    for offered in request.offered_topics:
        topic_or_422(offered, catalogue)
    # Staff may paste a visitor's message: the same PII guard applies.
    text = scrub(request.text).text
    try:
        parse = await rasa.parse(text)
    except EngineUnavailableError:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=ENGINE_DOWN) from None
    result = triage(
        catalogue,
        text,
        ranking_from_parse(parse),
        branch,
        task_ranking=task_ranking_from_parse(parse),
        context_topic=context_topic,
        offered_topics=request.offered_topics,
    )
    partner_id = partners.route(branch, result.topic)
    language = (await asyncio.to_thread(detect_language, text)).language
    return TriageResponse(
        topic=result.topic,
        confidence=result.confidence,
        task=result.task.value,
        digid_required=result.digid_required,
        at_the_boundary=result.at_the_boundary,
        provider=ProviderOut(name=result.provider.name, url=result.provider.url)
        if result.provider
        else None,
        links=[
            LinkOut(title=link.title, url=link.url, provider=link.provider, domain=link.domain)
            for link in result.links
        ],
        alternatives=[
            Alternative(topic=a.name, confidence=a.confidence) for a in result.alternatives
        ],
        explanation=result.explanation,
        verdict=result.verdict.value,
        task_reason=result.task_reason,
        task_confidence=round(result.task_confidence, 4),
        task_uncertain=result.task_uncertain,
        task_alternatives=[t.value for t in result.task_doubt],
        top_topics=[Alternative(topic=s.name, confidence=s.confidence) for s in result.top_topics],
        candidates=[Alternative(topic=c.name, confidence=c.confidence) for c in result.candidates],
        answer=result.answer,
        partner=PartnerOut(id=partner_id, name=partners.partners[partner_id].name),
        language=language,
        language_note=spoken_by(language),
    )
