"""GET /health: is every part that a visitor needs answering?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from api.deps import EngineDep, RasaDep
from wegwijzer.errors import EngineUnavailableError
from wegwijzer.storage.engine import ping

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    responses={503: {"description": "A part is down; `failing` names it."}},
)
async def health(rasa: RasaDep, engine: EngineDep) -> JSONResponse:
    checks: dict[str, Any] = {"app": "ok"}
    try:
        status = await rasa.status()
        model = status.get("model_file")
        checks["rasa"] = "ok" if model else "no model loaded"
        if model:
            checks["model"] = str(model).rsplit("/", 1)[-1]
    except EngineUnavailableError:
        checks["rasa"] = "unreachable"
    try:
        await run_in_threadpool(ping, engine)
        checks["database"] = "ok"
    except SQLAlchemyError:
        checks["database"] = "unreachable"
    failing = [part for part in ("rasa", "database") if checks[part] != "ok"]
    if failing:
        return JSONResponse(
            {"status": "unavailable", "failing": failing, **checks}, status_code=503
        )
    return JSONResponse({"status": "ok", **checks})
