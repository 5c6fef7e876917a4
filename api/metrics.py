"""Prometheus figures (GET /metrics), one registry per app: nothing global at import.

Request latency per route template (never the raw path: ids and typos would make
endless series), Rasa call latency, referrals created, rate-limit rejections, and
the outbox read from the database when scraped. The public app's /metrics needs
the operator's token; the action listener's is on loopback only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

from fastapi import APIRouter, Request, Response
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from api.auth import OperatorDep
from api.supervision import RUNNING, read_processes
from wegwijzer.delivery.outbox import DeliveryStatus
from wegwijzer.referrals.promise import today_local
from wegwijzer.referrals.status import Status
from wegwijzer.storage.clock import utcnow
from wegwijzer.storage.models import OutboxMessage, Referral

router = APIRouter(tags=["health"])

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# A chat turn takes 0.1 to 2 s; static files and health checks a few ms.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
TOO_MANY_REQUESTS = 429


class AppMetrics:
    """Every figure of one listener, in its own registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Histogram(
            "wegwijzer_http_request_duration_seconds",
            "Time spent answering requests, per route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.responses = Counter(
            "wegwijzer_http_responses",
            "Responses per route template and status code.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "wegwijzer_rate_limited",
            "Requests refused with 429 by a rate limit, per route template.",
            ["route"],
            registry=self.registry,
        )
        self.rasa = Histogram(
            "wegwijzer_rasa_request_duration_seconds",
            "Time spent waiting for Rasa, per Rasa endpoint and outcome.",
            ["endpoint", "outcome"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.referrals = Counter(
            "wegwijzer_referrals_created",
            "Referrals stored from the kiosk form.",
            registry=self.registry,
        )

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route).observe(seconds)
        self.responses.labels(method, route, str(status)).inc()
        if status == TOO_MANY_REQUESTS:
            self.rate_limited.labels(route).inc()

    def observe_rasa(self, endpoint: str, ok: bool, seconds: float) -> None:
        self.rasa.labels(endpoint, "ok" if ok else "error").observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class OutboxCollector(Collector):
    """Pending, failed and disabled notifications, how long the oldest pending one waits,
    and how many referrals are overdue.

    Read at each scrape, so every instance reports the one shared outbox. Registered
    when the app is built; the database is known once the app starts (`sessions`).
    """

    def __init__(
        self, now: Callable[[], datetime] = utcnow, today: Callable[[], date] = today_local
    ) -> None:
        self.sessions: sessionmaker[Session] | None = None
        self._now = now
        self._today = today

    def collect(self) -> Iterator[Metric]:
        if self.sessions is None:
            return
        try:
            with self.sessions() as session:
                rows = session.execute(
                    select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
                ).all()
                counts: dict[str, int] = {str(row[0]): int(row[1]) for row in rows}
                oldest = session.scalar(
                    select(func.min(OutboxMessage.created_at)).where(
                        OutboxMessage.status == DeliveryStatus.PENDING.value
                    )
                )
                # The partner's promise broken: still new after the due day (issue 19).
                overdue = session.scalar(
                    select(func.count()).where(
                        Referral.status == Status.NEW.value,
                        Referral.due_on.is_not(None),
                        Referral.due_on < self._today(),
                    )
                )
        except SQLAlchemyError:
            return  # the database is down: /health/ready says so; no figures beat wrong ones
        messages = GaugeMetricFamily(
            "wegwijzer_outbox_messages", "Partner notifications per status.", labels=["status"]
        )
        for status in (DeliveryStatus.PENDING, DeliveryStatus.FAILED, DeliveryStatus.DISABLED):
            messages.add_metric([status.value], counts.get(status.value, 0))
        yield messages
        age = 0.0 if oldest is None else max(0.0, (self._now() - oldest).total_seconds())
        yield GaugeMetricFamily(
            "wegwijzer_outbox_oldest_pending_age_seconds",
            "Seconds since the oldest pending notification was written (0: none pending).",
            value=age,
        )
        yield GaugeMetricFamily(
            "wegwijzer_referrals_overdue",
            "Referrals still new after the partner's due day (Dutch working days).",
            value=int(overdue or 0),
        )


class ProcessCollector(Collector):
    """The launcher's restart counts and up/down states, when it wrote them."""

    def __init__(self, state_file: Path | None) -> None:
        self._state_file = state_file

    def collect(self) -> Iterator[Metric]:
        processes = read_processes(self._state_file)
        if not processes:
            return
        restarts = CounterMetricFamily(
            "wegwijzer_process_restarts",
            "Restarts of a child after it died.",
            labels=["process"],
        )
        up = GaugeMetricFamily(
            "wegwijzer_process_up",
            "1 while the child runs, 0 while it waits for a restart.",
            labels=["process"],
        )
        for name, info in sorted(processes.items()):
            restarts.add_metric([name], info["restarts"])
            up.add_metric([name], int(info["state"] == RUNNING))
        yield restarts
        yield up


def app_metrics(request: Request) -> AppMetrics:
    metrics: AppMetrics = request.app.state.metrics
    return metrics


def prometheus_response(request: Request) -> Response:
    return Response(app_metrics(request).render(), media_type=CONTENT_TYPE)


@router.get("/metrics", include_in_schema=False, dependencies=[OperatorDep])
def prometheus(request: Request) -> Response:
    """The public app's figures, for the operator's token only."""
    return prometheus_response(request)
