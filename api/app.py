"""The public app factory: `create_app(settings)` builds everything; nothing happens at import."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api import errors, metrics
from api.auth import OperatorDep
from api.edge import Edge
from api.logs import REQUEST_ID_HEADER, configure_logging
from api.rasa_client import RasaClient
from api.routers import (
    chat,
    health,
    pages,
    partner,
    practice,
    referrals,
    slip,
    staff,
    triage,
)
from api.settings import Settings, get_settings
from api.state import Services
from wegwijzer.catalogue import Catalogue, load_catalogue
from wegwijzer.delivery.worker import DeliverySettings, DeliveryWorker, SmtpSettings
from wegwijzer.partners import Partners, load_partners, refuse_examples_in_public
from wegwijzer.practice.service import load_practice
from wegwijzer.ratelimit import make_limiter
from wegwijzer.referrals.promise import PromiseKeeper
from wegwijzer.storage.engine import make_engine, make_sessionmaker
from wegwijzer.storage.migrate import upgrade


def load_content(settings: Settings, host: str) -> tuple[Catalogue, Partners]:
    """Catalogue and partners, checked now: a broken file must stop the start, and so
    must the demo's example partners on an address others can reach."""
    catalogue = load_catalogue(settings.catalogue_dir)
    partners = load_partners(settings.partners, catalogue)
    refuse_examples_in_public(partners, host, settings.demo)
    return catalogue, partners


def install_edge(app: FastAPI, settings: Settings, max_body_bytes: int) -> metrics.AppMetrics:
    """Body cap, security headers, timing, logs with a request id and the one error
    format, on either listener. Returns the listener's own metrics registry."""
    configure_logging(settings.log_level, settings.log_format)
    app_metrics = metrics.AppMetrics()
    app_metrics.registry.register(metrics.ProcessCollector(settings.supervisor_state))
    app.state.metrics = app_metrics
    app.add_middleware(Edge, max_body_bytes=max_body_bytes, metrics=app_metrics)
    # Outside the edge, so the id is set before the edge logs; a valid X-Request-ID from
    # a proxy is kept, anything else replaced (no log injection through the header).
    app.add_middleware(CorrelationIdMiddleware, header_name=REQUEST_ID_HEADER)
    errors.install(app)
    return app_metrics


def delivery_settings(settings: Settings) -> DeliverySettings:
    smtp = None
    if settings.smtp_host:
        smtp = SmtpSettings(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.smtp_sender,
            starttls=settings.smtp_starttls,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            cafile=settings.smtp_cafile,
        )
    return DeliverySettings(
        retry_schedule=settings.delivery_retry_schedule,
        timeout=settings.delivery_timeout_seconds,
        poll_interval=settings.delivery_poll_seconds,
        smtp=smtp,
        lease_seconds=settings.delivery_lease_seconds,
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """The public app: kiosk, staff and partner pages and APIs. No action server here."""
    settings = settings or get_settings()
    catalogue, partners = load_content(settings, settings.host)
    # The practice cases are content too: a broken case stops the start, like the catalogue.
    practice_state = load_practice(settings.catalogue_dir, catalogue)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.auto_migrate:
            await asyncio.to_thread(upgrade, settings.database_url)
        engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_ms)
        sessions = make_sessionmaker(engine)
        token = settings.rasa_token_value()
        stop = asyncio.Event()
        limiter = make_limiter(settings.redis_url)
        outbox.sessions = sessions
        async with (
            httpx.AsyncClient(
                base_url=settings.rasa_url, timeout=settings.rasa_timeout_seconds
            ) as http,
            httpx.AsyncClient() as delivery_http,
        ):
            app.state.services = Services(
                settings=settings,
                catalogue=catalogue,
                partners=partners,
                engine=engine,
                sessions=sessions,
                rasa=RasaClient(http, token, observe=app_metrics.observe_rasa),
                limiter=limiter,
            )
            worker_task = keeper_task = None
            if settings.delivery_worker:
                worker = DeliveryWorker(
                    sessions, partners, delivery_settings(settings), delivery_http
                )
                worker_task = asyncio.create_task(worker.run_forever(stop))
                keeper = PromiseKeeper(
                    sessions,
                    partners,
                    settings.inbox_base,
                    settings.promise_poll_seconds,
                    settings.digest_hour,
                )
                keeper_task = asyncio.create_task(keeper.run_forever(stop))
            try:
                yield
            finally:
                stop.set()
                for task in (worker_task, keeper_task):
                    if task is not None:
                        with contextlib.suppress(asyncio.CancelledError):
                            await task
                engine.dispose()
                await limiter.close()

    app = FastAPI(
        title="Wegwijzer",
        summary="Triage-assistent voor het Informatiepunt Digitale Overheid",
        version="0.1.0",
        lifespan=lifespan,
        # The schema is for the operator (below); Swagger's /docs page would need a CDN.
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        responses=errors.error_responses(413),
    )
    for router in (health, chat, triage, referrals, partner, staff, pages, slip, metrics):
        app.include_router(router.router)
    app.include_router(practice.staff_router)
    app.include_router(practice.router)
    app.state.practice = practice_state

    @app.get("/openapi.json", include_in_schema=False, dependencies=[OperatorDep])
    def openapi_schema() -> JSONResponse:
        """The OpenAPI schema, for the operator's token only."""
        return JSONResponse(app.openapi())

    app_metrics = install_edge(app, settings, settings.max_body_bytes)
    outbox = metrics.OutboxCollector()
    app_metrics.registry.register(outbox)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    return app
