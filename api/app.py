"""The app factory: `create_app(settings)` builds everything; nothing happens at import."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
import redis
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from rasa_sdk.executor import ActionExecutor

from actions.registry import build_actions
from api import errors, metrics
from api.rasa_client import RasaClient
from api.routers import (
    action_server,
    chat,
    health,
    pages,
    partner,
    referrals,
    staff,
    triage,
)
from api.settings import Settings, get_settings
from api.state import Services
from wegwijzer.catalogue import Catalogue, load_catalogue
from wegwijzer.delivery.worker import DeliverySettings, DeliveryWorker, SmtpSettings
from wegwijzer.partners import load_partners
from wegwijzer.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from wegwijzer.referrals.offers import OfferBook
from wegwijzer.stats import StatsRecorder
from wegwijzer.storage.engine import make_engine, make_sessionmaker
from wegwijzer.storage.migrate import upgrade


def build_executor(catalogue: Catalogue, offers: OfferBook, stats: StatsRecorder) -> ActionExecutor:
    executor = ActionExecutor()
    for action in build_actions(catalogue, offers, stats):
        executor.register_action(action)
    return executor


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
        )
    return DeliverySettings(
        retry_schedule=settings.delivery_retry_schedule,
        timeout=settings.delivery_timeout_seconds,
        poll_interval=settings.delivery_poll_seconds,
        smtp=smtp,
        lease_seconds=settings.delivery_lease_seconds,
    )


def make_limiter(settings: Settings) -> RateLimiter:
    if settings.redis_url:
        return RedisRateLimiter(redis.Redis.from_url(settings.redis_url))
    return MemoryRateLimiter()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # Load the content now: a broken catalogue or partners file must stop the start.
    catalogue = load_catalogue(settings.catalogue_dir)
    partners = load_partners(settings.partners, catalogue)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.auto_migrate:
            await asyncio.to_thread(upgrade, settings.database_url)
        engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_ms)
        sessions = make_sessionmaker(engine)
        offers = OfferBook(
            sessions, partners, catalogue, timedelta(minutes=settings.referral_offer_minutes)
        )
        token = settings.rasa_token.get_secret_value() if settings.rasa_token else None
        stop = asyncio.Event()
        limiter = make_limiter(settings)
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
                rasa=RasaClient(http, token),
                executor=build_executor(catalogue, offers, StatsRecorder(sessions)),
                limiter=limiter,
            )
            worker_task = None
            if settings.delivery_worker:
                worker = DeliveryWorker(
                    sessions, partners, delivery_settings(settings), delivery_http
                )
                worker_task = asyncio.create_task(worker.run_forever(stop))
            try:
                yield
            finally:
                stop.set()
                if worker_task is not None:
                    with contextlib.suppress(asyncio.CancelledError):
                        await worker_task
                engine.dispose()
                if isinstance(limiter, RedisRateLimiter):
                    limiter.close()

    app = FastAPI(
        title="Wegwijzer",
        summary="Triage-assistent voor het Informatiepunt Digitale Overheid",
        version="0.1.0",
        lifespan=lifespan,
    )
    for router in (health, chat, triage, referrals, partner, staff, action_server, pages, metrics):
        app.include_router(router.router)
    app.state.metrics = metrics.RouteMetrics()
    # One middleware on every request, not one per concern: each adds a hop.
    app.middleware("http")(metrics.measure)
    errors.install(app)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    return app
