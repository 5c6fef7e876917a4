"""Health for people and for orchestrators.

GET /health: is every part that a visitor needs answering (with the launcher's
children)? GET /health/live: does this process answer at all (restart it when
not)? GET /health/ready: can it serve now, Rasa and the database both reachable
(send it no traffic when not)?
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from api.deps import EngineDep, RasaDep, SettingsDep
from api.rasa_client import RasaClient
from api.supervision import RUNNING, read_processes
from wegwijzer.errors import EngineUnavailableError
from wegwijzer.storage.engine import ping

router = APIRouter(tags=["health"])
DOWN: dict[int | str, dict[str, Any]] = {
    503: {"description": "A part is down; `failing` names it."}
}


async def check_parts(rasa: RasaClient, engine: Engine) -> dict[str, Any]:
    """ "ok" or what is wrong, for Rasa (with its model) and the database."""
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
    return checks


def verdict(checks: dict[str, Any], failing: list[str]) -> JSONResponse:
    if failing:
        return JSONResponse(
            {"status": "unavailable", "failing": failing, **checks}, status_code=503
        )
    return JSONResponse({"status": "ok", **checks})


@router.get("/health", responses=DOWN)
async def health(rasa: RasaDep, engine: EngineDep, settings: SettingsDep) -> JSONResponse:
    checks = await check_parts(rasa, engine)
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
    return verdict(checks, failing)


@router.get("/health/live")
async def live() -> dict[str, str]:
    """The process answers; asks nothing else, so a slow Rasa never gets the app restarted."""
    return {"status": "ok"}


@router.get("/health/ready", responses=DOWN)
async def ready(rasa: RasaDep, engine: EngineDep) -> JSONResponse:
    """Rasa (with a model) and the database answer; 503 names which one does not."""
    checks = await check_parts(rasa, engine)
    return verdict(checks, [part for part in ("rasa", "database") if checks[part] != "ok"])
