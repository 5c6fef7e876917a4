"""POST /api/chat: the kiosk's conversation, forwarded to Rasa on loopback."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from api.deps import CatalogueDep, LimiterDep, RasaDep, SettingsDep
from api.errors import error_responses
from api.limits import chat_rules, client_address, enforce
from api.routers.slip import request_slip_url
from api.settings import Settings
from api.texts import ENGINE_DOWN
from api.visitor_input import Language, SessionId, VisitorText, branch_or_422
from wegwijzer.catalogue import Task
from wegwijzer.errors import EngineUnavailableError
from wegwijzer.language import DUTCH, choose_language
from wegwijzer.pii import scrub
from wegwijzer.slip import SlipRequest

router = APIRouter(prefix="/api", tags=["chat"])


class ChatRequest(BaseModel):
    session_id: SessionId | None = None
    text: VisitorText
    branch: str | None = None
    language: Language = Field(
        default=DUTCH,
        description="The conversation's language so far (nl, en, pl, tr, ar, uk). "
        "Unless `language_chosen`, the answer follows the language of `text` when "
        "the detector is sure of it.",
    )
    language_chosen: bool = Field(
        default=False,
        description="True when the visitor chose `language` on the kiosk: "
        "then every answer is in it, whatever they type.",
    )


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
    # The language of these messages; the kiosk sends it back as `language`.
    language: str = DUTCH


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


def with_slip(
    message: ChatMessage, settings: Settings, branch: str, language: str = DUTCH
) -> ChatMessage:
    """A links message gets `custom.slip_url`: its signed take-home slip, in the
    conversation's language (signed too, so the URL cannot change it)."""
    custom = message.custom
    if not custom or custom.get("type") != "links" or not isinstance(custom.get("topic"), str):
        return message
    task = custom.get("task")
    wanted = SlipRequest(
        topic=custom["topic"],
        task=task if isinstance(task, str) else Task.INFORMATIE.value,
        branch=branch,
        language=language,
    )
    return message.model_copy(
        update={"custom": {**custom, "slip_url": request_slip_url(settings, wanted)}}
    )


@router.post("/chat", responses=error_responses(400, 422, 429, 503))
async def chat(
    *,
    request: ChatRequest,
    http_request: Request,
    rasa: RasaDep,
    catalogue: CatalogueDep,
    settings: SettingsDep,
    limiter: LimiterDep,
) -> ChatResponse:
    await enforce(limiter, chat_rules(settings, client_address(http_request), request.session_id))
    branch = branch_or_422(request.branch, settings, catalogue)
    session_id = request.session_id or new_session_id()
    # The PII guard: nothing below this line sees a BSN, IBAN, code or contact detail.
    cleaned = scrub(request.text)
    # The detector is native code: off the event loop, like the database calls.
    language = await asyncio.to_thread(
        choose_language, cleaned.text, request.language, request.language_chosen
    )
    localised = catalogue.localised(language)
    metadata = {"branch": branch, "language": language}
    try:
        raw = await rasa.send_message(session_id, cleaned.text, metadata=metadata)
    except EngineUnavailableError:
        detail = localised.interface.get("engine_down", ENGINE_DOWN)
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=detail) from None
    messages = [with_slip(to_chat_message(m), settings, branch, language) for m in raw]
    if not messages:
        # Rasa goes on without the messages of an action that failed: say sorry, not nothing.
        messages = [ChatMessage(text=localised.texts.no_answer)]
    if cleaned.changed:
        warning = ChatMessage(
            text=localised.texts.pii_warning,
            custom={"type": "pii_removed", "kinds": sorted(cleaned.kinds)},
        )
        messages.insert(0, warning)
    return ChatResponse(session_id=session_id, messages=messages, language=language)
