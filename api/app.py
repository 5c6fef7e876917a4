"""The app factory: `create_app(settings)` builds everything; nothing happens at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from rasa_sdk.executor import ActionExecutor

from actions.registry import build_actions
from api.db import make_engine
from api.rasa_client import RasaClient
from api.routers import action_server, chat, health, triage
from api.settings import Settings, get_settings
from api.state import Services
from wegwijzer.catalogue import Catalogue, load_catalogue


def build_executor(catalogue: Catalogue) -> ActionExecutor:
    executor = ActionExecutor()
    for action in build_actions(catalogue):
        executor.register_action(action)
    return executor


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # Load the catalogue now: a broken catalogue must stop the app from starting.
    catalogue = load_catalogue(settings.catalogue_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url)
        token = settings.rasa_token.get_secret_value() if settings.rasa_token else None
        async with httpx.AsyncClient(
            base_url=settings.rasa_url, timeout=settings.rasa_timeout_seconds
        ) as http:
            app.state.services = Services(
                settings=settings,
                catalogue=catalogue,
                engine=engine,
                rasa=RasaClient(http, token),
                executor=build_executor(catalogue),
            )
            try:
                yield
            finally:
                engine.dispose()

    app = FastAPI(
        title="Wegwijzer",
        summary="Triage-assistent voor het Informatiepunt Digitale Overheid",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.include_router(health.router)
    app.include_router(chat.router)
    app.include_router(triage.router)
    app.include_router(action_server.router)
    return app
