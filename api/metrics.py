"""Request counts and durations per route (GET /metrics), and the headers on every response.

Enough for an operator's dashboard and for `make bench` to see how much of a
chat turn is spent in the action server.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from fastapi import APIRouter, Request, Response
from starlette.middleware.base import RequestResponseEndpoint

router = APIRouter(tags=["health"])


class RouteMetrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count: dict[tuple[str, str], int] = defaultdict(int)
        self._seconds: dict[tuple[str, str], float] = defaultdict(float)

    def observe(self, method: str, route: str, seconds: float) -> None:
        with self._lock:
            self._count[(method, route)] += 1
            self._seconds[(method, route)] += seconds

    def render(self) -> str:
        lines = [
            "# HELP wegwijzer_http_request_duration_seconds Time spent answering requests.",
            "# TYPE wegwijzer_http_request_duration_seconds summary",
        ]
        with self._lock:
            for (method, route), count in sorted(self._count.items()):
                labels = f'method="{method}",route="{route}"'
                lines.append(f"wegwijzer_http_request_duration_seconds_count{{{labels}}} {count}")
                total = self._seconds[(method, route)]
                lines.append(f"wegwijzer_http_request_duration_seconds_sum{{{labels}}} {total:.6f}")
        return "\n".join(lines) + "\n"


# A kiosk is a shared screen: nothing may be kept by the browser.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


async def measure(request: Request, call_next: RequestResponseEndpoint) -> Response:
    """Time every request per route, and set the headers every response needs."""
    started = time.perf_counter()
    response = await call_next(request)
    response.headers.update(SECURITY_HEADERS)
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    if path is not None:
        metrics: RouteMetrics = request.app.state.metrics
        metrics.observe(request.method, path, time.perf_counter() - started)
    return response


@router.get("/metrics", include_in_schema=False)
def prometheus(request: Request) -> Response:
    metrics: RouteMetrics = request.app.state.metrics
    return Response(metrics.render(), media_type="text/plain; version=0.0.4")
