"""POST /api/chat: the kiosk's conversation, forwarded to Rasa on loopback."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field, StringConstraints

from api.deps import CatalogueDep, RasaDep, SettingsDep
from api.texts import ENGINE_DOWN
from wegwijzer.errors import EngineUnavailableError

router = APIRouter(prefix="/api", tags=["chat"])

MAX_TEXT = 2000

SessionId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")]


class ChatRequest(BaseModel):
    session_id: SessionId | None = None
    text: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)
    ]
    branch: str | None = None


class Button(BaseModel):
    title: str
    payload: str


class ChatMessage(BaseModel):
    text: str = ""
    buttons: list[Button] = Field(default_factory=list)
    custom: dict[str, Any] | None = None


class ChatResponse(BaseModel):
    session_id: str
    messages: list[ChatMessage]


def new_session_id() -> str:
    return secrets.token_urlsafe(18)


def to_chat_message(raw: dict[str, Any]) -> ChatMessage:
    buttons = [
        Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
        for b in raw.get("buttons") or []
        if isinstance(b, dict)
    ]
    custom = raw.get("custom")
    return ChatMessage(
        text=str(raw.get("text") or ""),
        buttons=buttons,
        custom=custom if isinstance(custom, dict) else None,
    )


@router.post(
    "/chat",
    responses={
        422: {"description": "Empty, too long or malformed input."},
        503: {"description": "The assistant cannot answer right now."},
    },
)
async def chat(
    request: ChatRequest, rasa: RasaDep, catalogue: CatalogueDep, settings: SettingsDep
) -> ChatResponse:
    branch = request.branch or settings.branch or catalogue.default_branch
    if branch not in catalogue.branches:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"Onbekende bibliotheek-vestiging: {branch}",
        )
    session_id = request.session_id or new_session_id()
    try:
        raw = await rasa.send_message(session_id, request.text, metadata={"branch": branch})
    except EngineUnavailableError:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=ENGINE_DOWN) from None
    return ChatResponse(session_id=session_id, messages=[to_chat_message(m) for m in raw])
