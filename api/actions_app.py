"""The private action server: Rasa's action-server protocol on its own listener.

`create_action_app(settings)` serves POST /webhook and GET /actions (with the shared
secret), GET /health and GET /metrics, on WEGWIJZER_ACTIONS_HOST:WEGWIJZER_ACTIONS_PORT
(127.0.0.1:5055 by default). The public app serves none of these routes, so nobody
who reaches the kiosk can run an action or open a referral offer without a chat.
The actions store what they are given only after checking it against the catalogue.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from rasa_sdk.executor import ActionExecutor
from sqlalchemy.exc import SQLAlchemyError

from actions.registry import build_actions
from api import metrics
from api.app import install_edge, load_content
from api.routers import action_server
from api.settings import Settings, get_settings
from api.state import ActionServices
from wegwijzer.catalogue import Catalogue
from wegwijzer.referrals.offers import OfferBook
from wegwijzer.stats import StatsRecorder
from wegwijzer.storage.engine import make_engine, make_sessionmaker, ping


def build_executor(catalogue: Catalogue, offers: OfferBook, stats: StatsRecorder) -> ActionExecutor:
    executor = ActionExecutor()
    for action in build_actions(catalogue, offers, stats):
        executor.register_action(action)
    return executor


def create_action_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    catalogue, partners = load_content(settings, settings.actions_host)
    secret = settings.actions_secret_value()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The public app migrates the database; this listener only uses it.
        engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_ms)
        sessions = make_sessionmaker(engine)
        offers = OfferBook(
            sessions, partners, catalogue, timedelta(minutes=settings.referral_offer_minutes)
        )
        app.state.actions = ActionServices(
            settings=settings,
            engine=engine,
            sessions=sessions,
            executor=build_executor(catalogue, offers, StatsRecorder(sessions)),
            secret=secret,
        )
        try:
            yield
        finally:
            engine.dispose()

    app = FastAPI(
        title="Wegwijzer action server (private)",
        version="0.1.0",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.include_router(action_server.router)

    @app.get("/health")
    async def health(request: Request) -> JSONResponse:
        """Ready when the database answers."""
        actions: ActionServices = request.app.state.actions
        try:
            await run_in_threadpool(ping, actions.engine)
        except SQLAlchemyError:
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
        return JSONResponse({"status": "ok", "database": "ok"})

    @app.get("/metrics")
    def prometheus(request: Request) -> Response:
        """This listener's figures (loopback only): time spent in the actions."""
        return metrics.prometheus_response(request)

    install_edge(app, settings, settings.actions_max_body_bytes)
    return app
