"""Practice mode for staff: cases with a simulated visitor, scoring, quiz and group sessions.

Staff token for single practice and for trainers; participants of a group
session need only its join code. All state is short-lived and in memory.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, StringConstraints

from api.auth import GuardDep, SignInGuard, StaffDep
from api.deps import CatalogueDep, RasaDep, SettingsDep
from api.errors import error_responses
from api.visitor_input import VisitorText, branch_or_422
from wegwijzer.catalogue import Catalogue
from wegwijzer.errors import EngineUnavailableError
from wegwijzer.pii import scrub
from wegwijzer.practice.cases import PARTNER_TITLES, Case, PartnerKind, link_url
from wegwijzer.practice.groups import (
    Group,
    GroupFullError,
    average_score,
    clean_code,
    new_code,
    spread,
)
from wegwijzer.practice.quiz import all_questions, draw
from wegwijzer.practice.scoring import (
    Decision,
    ExpectedLink,
    ExpectedOutcome,
    LiveTriage,
    Result,
    expected_outcome,
    score,
)
from wegwijzer.practice.service import Practice
from wegwijzer.practice.store import StoreFullError
from wegwijzer.practice.visitor import Run, answer
from wegwijzer.tasks import task_ranking_from_parse
from wegwijzer.triage import ranking_from_parse, triage

UNKNOWN_CASE = "Deze oefening bestaat niet."
UNKNOWN_RUN = "Deze oefening is niet (meer) open. Begin opnieuw."
DECIDED = "U heeft deze oefening al afgerond. Begin een nieuwe."
FULL = "Er lopen nu te veel oefeningen tegelijk. Probeer het straks opnieuw."

router = APIRouter(prefix="/api/practice", tags=["practice"])
staff_router = APIRouter(
    prefix="/api/practice",
    tags=["practice"],
    dependencies=[StaffDep],
    responses=error_responses(400, 401, 404, 409, 422, 429, 503),
)


def get_practice(request: Request) -> Practice:
    practice: Practice = request.app.state.practice
    return practice


PracticeDep = Annotated[Practice, Depends(get_practice)]
CaseId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]


def _not_found(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=detail)


def _case(practice: Practice, case_id: str) -> Case:
    case = practice.cases.get(case_id)
    if case is None:
        raise _not_found(UNKNOWN_CASE)
    return case


class CaseOut(BaseModel):
    id: str
    title: str
    persona: str


@staff_router.get("/cases")
def list_cases(practice: PracticeDep) -> list[CaseOut]:
    """The case library; the expected outcome stays hidden until the trainee decides."""
    return [CaseOut(id=i, title=c.title, persona=c.persona) for i, c in practice.cases]


class LinkChoice(BaseModel):
    title: str
    url: str


class TopicChoice(BaseModel):
    id: str
    title: str
    links: list[LinkChoice]


class PartnerChoice(BaseModel):
    id: PartnerKind
    title: str


class Choices(BaseModel):
    topics: list[TopicChoice]
    partners: list[PartnerChoice]


def _choices(catalogue: Catalogue, branch: str) -> Choices:
    topics = [
        TopicChoice(
            id=topic_id,
            title=topic.title,
            links=[
                LinkChoice(title=link.title, url=link_url(catalogue, topic_id, key, branch))
                for key, link in topic.links.items()
            ],
        )
        for topic_id, topic in sorted(catalogue.topics.items(), key=lambda t: t[1].title)
    ]
    partners = [PartnerChoice(id=k, title=t) for k, t in PARTNER_TITLES.items()]
    return Choices(topics=topics, partners=partners)


@staff_router.get("/choices")
def list_choices(
    catalogue: CatalogueDep, settings: SettingsDep, branch: str | None = None
) -> Choices:
    """What a trainee can choose from when deciding: every topic with its links, the partners."""
    return _choices(catalogue, branch_or_422(branch, settings, catalogue))


class RunRequest(BaseModel):
    case_id: CaseId
    branch: str | None = None


class RunStarted(BaseModel):
    run_id: str
    opening: str
    title: str
    persona: str


@staff_router.post("/runs", status_code=status.HTTP_201_CREATED)
def start_run(request: RunRequest, practice: PracticeDep) -> RunStarted:
    """Open a case: the visitor says the opening line."""
    case = _case(practice, request.case_id)
    run = Run(request.case_id)
    run.turns.append(("visitor", case.opening))
    try:
        practice.runs.put(run.id, run)
    except StoreFullError:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=FULL) from None
    return RunStarted(run_id=run.id, opening=case.opening, title=case.title, persona=case.persona)


def _open_run(practice: Practice, run_id: str) -> tuple[Run, Case]:
    run = practice.runs.get(run_id) if len(run_id) <= 64 else None
    if run is None:
        raise _not_found(UNKNOWN_RUN)
    if run.decided:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=DECIDED)
    return run, _case(practice, run.case_id)


class AskRequest(BaseModel):
    text: VisitorText


class AskReply(BaseModel):
    reply: str
    # What the visitor heard the trainee ask about (a fact, "inloggen", "overig");
    # null when the visitor did not understand the words.
    about: str | None
    confused: bool


@staff_router.post("/runs/{run_id}/ask")
def ask(run_id: str, request: AskRequest, practice: PracticeDep) -> AskReply:
    """The trainee says something; the visitor answers from the case, in character."""
    run, case = _open_run(practice, run_id)
    reply = answer(case, run, practice.recogniser, scrub(request.text).text)
    return AskReply(reply=reply.text, about=reply.about, confused=reply.confused)


class DecideRequest(BaseModel):
    topic: str | None = None
    link_url: Annotated[str, StringConstraints(max_length=500)] | None = None
    digid_boundary: bool
    referral: bool
    partner: PartnerKind | None = None
    branch: str | None = None

    def decision(self) -> Decision:
        return Decision(self.topic, self.link_url, self.digid_boundary, self.referral, self.partner)


class LinkOut(BaseModel):
    title: str
    url: str
    domain: str

    @classmethod
    def of(cls, link: ExpectedLink) -> LinkOut:
        return cls(title=link.title, url=link.url, domain=link.domain)


class ExpectedOut(BaseModel):
    topic: str
    topic_title: str
    task: str
    link: LinkOut
    also_links: list[LinkOut]
    digid_boundary: bool
    referral: bool
    partner: PartnerKind | None
    partner_title: str | None
    advice: str

    @classmethod
    def of(cls, want: ExpectedOutcome) -> ExpectedOut:
        return cls(
            topic=want.topic,
            topic_title=want.topic_title,
            task=want.task,
            link=LinkOut.of(want.link),
            also_links=[LinkOut.of(link) for link in want.also_links],
            digid_boundary=want.digid_boundary,
            referral=want.referral,
            partner=want.partner,
            partner_title=want.partner_title,
            advice=want.advice,
        )


class FeedbackItem(BaseModel):
    # Which part of the decision: topic, link, digid_boundary or referral.
    part: str
    ok: bool
    text: str


class LiveOut(BaseModel):
    topic: str | None
    digid_required: bool


class DecideResult(BaseModel):
    score: int
    max_score: int
    feedback: list[FeedbackItem]
    # Remarks without points: facts not asked about, jargon, Wegwijzer's own triage.
    remarks: list[str]
    expected: ExpectedOut
    # Wegwijzer's live triage of the visitor's opening words; null when Rasa is down.
    live: LiveOut | None

    @classmethod
    def of(cls, result: Result) -> DecideResult:
        return cls(
            score=result.score,
            max_score=result.max_score,
            feedback=[
                FeedbackItem(part=part, ok=point.ok, text=point.text)
                for part, point in zip(result.parts, result.feedback, strict=True)
            ],
            remarks=list(result.remarks),
            expected=ExpectedOut.of(result.expected),
            live=LiveOut(topic=result.live.topic, digid_required=result.live.digid_required)
            if result.live
            else None,
        )


async def live_triage(rasa: RasaDep, catalogue: Catalogue, case: Case) -> LiveTriage | None:
    """Wegwijzer's own reading of the visitor's first words, as the kiosk would triage them."""
    try:
        parse = await rasa.parse(case.opening)
    except EngineUnavailableError:
        return None
    result = triage(
        catalogue,
        case.opening,
        ranking_from_parse(parse),
        task_ranking=task_ranking_from_parse(parse),
    )
    return LiveTriage(result.topic, result.digid_required)


@staff_router.post("/runs/{run_id}/decide")
async def decide(
    run_id: str,
    request: DecideRequest,
    *,
    practice: PracticeDep,
    catalogue: CatalogueDep,
    settings: SettingsDep,
    rasa: RasaDep,
) -> DecideResult:
    """The trainee's decision, scored against the case and Wegwijzer's own triage."""
    run, case = _open_run(practice, run_id)
    branch = branch_or_422(request.branch, settings, catalogue)
    live = await live_triage(rasa, catalogue, case)
    run.decided = True
    result = score(catalogue, case, request.decision(), run=run, live=live, branch=branch)
    return DecideResult.of(result)


class QuizQuestionOut(BaseModel):
    id: str
    text: str
    choices: list[str]


class Quiz(BaseModel):
    questions: list[QuizQuestionOut]


@staff_router.get("/quiz")
def get_quiz(
    catalogue: CatalogueDep,
    settings: SettingsDep,
    count: Annotated[int, Query(ge=1, le=30)] = 10,
    branch: str | None = None,
) -> Quiz:
    """A fresh mix of provider, site and DigiD questions from the catalogue; no answers."""
    chosen = draw(
        catalogue,
        count,
        random.SystemRandom(),
        branch_or_422(branch, settings, catalogue),
    )
    return Quiz(
        questions=[QuizQuestionOut(id=q.id, text=q.text, choices=list(q.choices)) for q in chosen]
    )


class QuizAnswer(BaseModel):
    question_id: Annotated[str, StringConstraints(max_length=100)]
    choice: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    branch: str | None = None


class QuizFeedback(BaseModel):
    correct: bool
    answer: str
    explanation: str
    link: LinkOut


@staff_router.post("/quiz/answers")
def answer_quiz(
    request: QuizAnswer, practice: PracticeDep, catalogue: CatalogueDep, settings: SettingsDep
) -> QuizFeedback:
    """Immediate feedback with the official link; only the anonymous total is kept."""
    branch = branch_or_422(request.branch, settings, catalogue)
    question = all_questions(catalogue, branch).get(request.question_id)
    if question is None:
        raise _not_found("Deze vraag bestaat niet.")
    if request.choice not in question.choices:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail="Kies een van de antwoorden."
        )
    correct = request.choice == question.answer
    practice.quiz_totals.record(question.id, correct)
    return QuizFeedback(
        correct=correct,
        answer=question.answer,
        explanation=question.explanation,
        link=LinkOut(title=question.link_title, url=question.link_url, domain=question.link_domain),
    )


class QuizTotalOut(BaseModel):
    question_id: str
    text: str
    answers: int
    right: int


@staff_router.get("/quiz/totals")
def quiz_totals(practice: PracticeDep, catalogue: CatalogueDep) -> list[QuizTotalOut]:
    """For trainers: which questions staff find hard, hardest first. Counts only."""
    questions = all_questions(catalogue)
    return [
        QuizTotalOut(
            question_id=t.question_id,
            text=questions[t.question_id].text,
            answers=t.answers,
            right=t.right,
        )
        for t in practice.quiz_totals.hardest_first()
        if t.question_id in questions
    ]


# Group sessions. The trainer (staff token) starts, leads and reveals; participants
# use the join code alone. A wrong, malformed or expired code is one and the same 404,
# and counts as a failed sign-in, so codes cannot be guessed at speed.
NO_GROUP = "Deze code klopt niet of de sessie is voorbij."
GROUP_FULL = "Deze groep is vol."
UNKNOWN_PARTICIPANT = "Doe eerst mee met uw bijnaam."
REVEALED = "De trainer heeft het antwoord al laten zien."
KEEP_ALIVE_SECONDS = 15.0
Nickname = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]


async def _group(practice: Practice, code: str, guard: SignInGuard) -> Group:
    cleaned = clean_code(code) if len(code) <= 20 else None
    group = practice.groups.get(cleaned) if cleaned else None
    if group is None:
        await guard.failed("group code", True)
        raise _not_found(NO_GROUP)
    return group


class GroupRequest(BaseModel):
    case_id: CaseId


class GroupStarted(BaseModel):
    code: str
    title: str
    opening: str
    persona: str


@staff_router.post("/groups", status_code=status.HTTP_201_CREATED)
async def start_group(request: GroupRequest, practice: PracticeDep) -> GroupStarted:
    """Start a session for a case; share the code with the room."""
    case = _case(practice, request.case_id)
    run = Run(request.case_id)
    run.turns.append(("visitor", case.opening))
    group = Group(new_code(), request.case_id, run)
    try:
        practice.groups.put(group.code, group)
    except StoreFullError:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=FULL) from None
    return GroupStarted(
        code=group.code, title=case.title, opening=case.opening, persona=case.persona
    )


@staff_router.post("/groups/{code}/ask")
async def group_ask(
    code: str, request: AskRequest, practice: PracticeDep, guard: GuardDep
) -> AskReply:
    """The trainer asks the visitor a question for the whole room."""
    group = await _group(practice, code, guard)
    case = _case(practice, group.case_id)
    reply = answer(case, group.run, practice.recogniser, scrub(request.text).text)
    group.touch()
    return AskReply(reply=reply.text, about=reply.about, confused=reply.confused)


class JoinRequest(BaseModel):
    nickname: Nickname


class Joined(BaseModel):
    participant_id: str
    title: str
    opening: str
    persona: str
    choices: Choices


@router.post(
    "/groups/{code}/join",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 404, 409, 422, 429),
)
async def join_group(
    code: str,
    request: JoinRequest,
    *,
    practice: PracticeDep,
    catalogue: CatalogueDep,
    settings: SettingsDep,
    guard: GuardDep,
) -> Joined:
    """Join with the code and a nickname; keep `participant_id` to send an answer."""
    group = await _group(practice, code, guard)
    case = _case(practice, group.case_id)
    try:
        participant_id = group.join(scrub(request.nickname).text[:30])
    except GroupFullError:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=GROUP_FULL) from None
    branch = branch_or_422(None, settings, catalogue)
    return Joined(
        participant_id=participant_id,
        title=case.title,
        opening=case.opening,
        persona=case.persona,
        choices=_choices(catalogue, branch),
    )


class GroupAnswer(DecideRequest):
    participant_id: Annotated[str, StringConstraints(max_length=64)]


class Accepted(BaseModel):
    accepted: bool


@router.post(
    "/groups/{code}/answers",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(400, 404, 409, 422, 429),
)
async def send_answer(
    code: str, request: GroupAnswer, practice: PracticeDep, guard: GuardDep
) -> Accepted:
    """A participant's decision; sending again replaces it, until the trainer reveals."""
    group = await _group(practice, code, guard)
    participant = group.participants.get(request.participant_id)
    if participant is None:
        raise _not_found(UNKNOWN_PARTICIPANT)
    if group.revealed:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=REVEALED)
    participant.decision = request.decision()
    group.touch()
    return Accepted(accepted=True)


class BarOut(BaseModel):
    label: str
    count: int
    right: bool


class Line(BaseModel):
    # "visitor" or "trainer".
    speaker: str
    text: str


class GroupState(BaseModel):
    title: str
    opening: str
    transcript: list[Line]
    participants: int
    nicknames: list[str]
    answers: int
    revealed: bool
    # Only once the trainer reveals: the expected outcome and the spread of answers.
    expected: ExpectedOut | None
    spread: dict[str, list[BarOut]] | None
    average_score: float | None


def group_state(catalogue: Catalogue, case: Case, group: Group) -> GroupState:
    revealed = group.revealed
    average = average_score(catalogue, case, group) if revealed else None
    return GroupState(
        title=case.title,
        opening=case.opening,
        transcript=[
            Line(speaker="visitor" if who == "visitor" else "trainer", text=text)
            for who, text in group.run.turns
        ],
        participants=len(group.participants),
        nicknames=sorted(p.nickname for p in group.participants.values()),
        answers=group.answered,
        revealed=revealed,
        expected=ExpectedOut.of(expected_outcome(catalogue, case, None)) if revealed else None,
        spread={
            part: [BarOut(label=b.label, count=b.count, right=b.right) for b in bars]
            for part, bars in spread(catalogue, case, group).items()
        }
        if revealed
        else None,
        average_score=round(average, 2) if average is not None else None,
    )


@staff_router.post("/groups/{code}/reveal")
async def reveal(
    code: str, practice: PracticeDep, catalogue: CatalogueDep, guard: GuardDep
) -> GroupState:
    """Show everyone the expected outcome and how the room answered."""
    group = await _group(practice, code, guard)
    group.revealed = True
    group.touch()
    return group_state(catalogue, _case(practice, group.case_id), group)


@staff_router.get("/groups/{code}")
async def get_group(
    code: str, practice: PracticeDep, catalogue: CatalogueDep, guard: GuardDep
) -> GroupState:
    """The trainer's view of the session now (the event stream sends the same)."""
    group = await _group(practice, code, guard)
    return group_state(catalogue, _case(practice, group.case_id), group)


def _event(name: str, data: str) -> bytes:
    return f"event: {name}\ndata: {data}\n\n".encode()


async def _events(practice: Practice, catalogue: Catalogue, group: Group) -> AsyncIterator[bytes]:
    """The session's state now and after every change; ends when the session expires."""
    case = _case(practice, group.case_id)
    sent = -1
    while True:
        if practice.groups.get(group.code) is not group:
            yield _event("expired", "{}")
            return
        waiter = group.changed
        if group.version != sent:
            sent = group.version
            yield _event("state", group_state(catalogue, case, group).model_dump_json())
            continue
        try:
            await asyncio.wait_for(waiter.wait(), KEEP_ALIVE_SECONDS)
        except TimeoutError:
            yield b": keep-alive\n\n"


@router.get(
    "/groups/{code}/events",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "Server-sent events."},
        **error_responses(404, 429),
    },
)
async def group_events(
    code: str, practice: PracticeDep, catalogue: CatalogueDep, guard: GuardDep
) -> StreamingResponse:
    """Server-sent events: `state` (the whole session) after each change, `expired` at the end."""
    group = await _group(practice, code, guard)
    return StreamingResponse(
        _events(practice, catalogue, group),
        media_type="text/event-stream",
        headers={"X-Accel-Buffering": "no"},
    )
