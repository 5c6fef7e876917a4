"""Rasa's action-server protocol (POST /webhook, GET /actions), as rasa_sdk serves it.

Served only by the private action listener (`api.actions_app`), never by the public
app. Every call must carry the shared secret Rasa sends in ACTIONS_SECRET_HEADER.
Error semantics follow rasa_sdk's own endpoint: 400 `{"error", "action_name"}`
when an action rejects, 404 for an unknown action. Our actions never read the domain,
so a call without one (Rasa's selective domain) runs with an empty domain.
"""

from __future__ import annotations

import hmac
import json
import logging
import zlib
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from rasa_sdk.interfaces import (
    ActionExecutionRejection,
    ActionNotFoundException,
)

from api.deps import ActionServicesDep, ExecutorDep
from api.edge import body_too_large
from api.limits import client_address

ACTIONS_SECRET_HEADER = "X-Wegwijzer-Action-Secret"
NO_SECRET = "Alleen Rasa mag acties starten: het geheim ontbreekt."
WRONG_SECRET = "Alleen Rasa mag acties starten: het geheim klopt niet."
logger = logging.getLogger(__name__)


def require_rasa(request: Request, actions: ActionServicesDep) -> None:
    """The shared secret in constant time: 401 without it, 403 when it is wrong."""
    presented = request.headers.get(ACTIONS_SECRET_HEADER)
    if presented is None:
        logger.warning("action call without the secret from %s", client_address(request))
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=NO_SECRET)
    if not hmac.compare_digest(presented.encode(), actions.secret.encode()):
        logger.warning("action call with a wrong secret from %s", client_address(request))
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=WRONG_SECRET)


router = APIRouter(tags=["action server"], dependencies=[Depends(require_rasa)])


class ActionError(BaseModel):
    """rasa_sdk's error body."""

    error: str
    action_name: str | None = None


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ActionError, "description": "Malformed call, or the action rejected it."},
    401: {"description": "The shared secret header is missing."},
    403: {"description": "The shared secret header is wrong."},
    404: {"model": ActionError, "description": "No action with that name."},
    413: {"description": "The body, raw or inflated, is over the limit."},
    500: {"model": ActionError, "description": "The action failed; Rasa goes on without it."},
}


def _error(status_code: int, message: str, action_name: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": message}
    if action_name is not None:
        body["action_name"] = action_name
    return JSONResponse(body, status_code=status_code)


def inflate(raw: bytes, limit: int) -> bytes:
    """A deflate body, inflated to at most `limit` bytes (413 beyond: a deflate bomb)."""
    inflater = zlib.decompressobj()
    data = inflater.decompress(raw, limit + 1)
    if len(data) > limit:
        raise body_too_large()
    if not inflater.eof:
        raise zlib.error("truncated deflate stream")
    return data


@router.post(
    "/webhook", summary="Run a custom action (Rasa action-server protocol)", responses=_ERRORS
)
async def webhook(
    request: Request, executor: ExecutorDep, actions: ActionServicesDep
) -> JSONResponse:
    raw = await request.body()
    try:
        if request.headers.get("content-encoding") == "deflate":
            raw = inflate(raw, actions.settings.actions_max_body_bytes)
        payload = json.loads(raw) if raw else None
    except (zlib.error, ValueError):
        payload = None
    if not isinstance(payload, dict) or not isinstance(payload.get("tracker"), dict):
        return _error(400, "Invalid body request")
    # Rasa's selective domain leaves the domain out; our actions do not need it, and
    # Rasa 3.6 sends no digest that rasa_sdk could check, so say so explicitly.
    payload.setdefault("domain", {})
    try:
        result = await executor.run(payload)
    except ActionExecutionRejection as exc:
        return _error(400, exc.message, exc.action_name)
    except ActionNotFoundException as exc:
        return _error(404, exc.message, exc.action_name)
    except Exception:  # an action raised: tell Rasa, log without the visitor's text
        logger.exception("custom action %r failed", payload.get("next_action"))
        return _error(500, "action failed", payload.get("next_action"))
    return JSONResponse(result.model_dump() if result else None)


@router.get("/actions", summary="List the registered custom actions")
async def actions(executor: ExecutorDep) -> list[dict[str, str]]:
    return [item.model_dump() for item in executor.list_actions()]
