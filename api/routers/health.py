"""GET /health: is every part that a visitor needs answering?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from api.deps import EngineDep, RasaDep, SettingsDep
from api.supervision import RUNNING, read_processes
from wegwijzer.errors import EngineUnavailableError
from wegwijzer.storage.engine import ping

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    responses={503: {"description": "A part is down; `failing` names it."}},
)
async def health(rasa: RasaDep, engine: EngineDep, settings: SettingsDep) -> JSONResponse:
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
    # Under the launcher: each child's state and how often it was restarted.
    processes = read_processes(settings.supervisor_state)
    if processes is not None:
        checks["processes"] = processes
        failing += [
            name
            for name, info in processes.items()
            if info["state"] != RUNNING and name not in failing
        ]
    if failing:
        return JSONResponse(
            {"status": "unavailable", "failing": failing, **checks}, status_code=503
        )
    return JSONResponse({"status": "ok", **checks})
