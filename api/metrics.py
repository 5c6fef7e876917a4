"""Request counts and durations per route (GET /metrics).

Enough for an operator's dashboard and for `make bench` to see how much of a
chat turn is spent in the action server. The public app's /metrics needs the
operator's token; the action listener's is on loopback only.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from pathlib import Path

from fastapi import APIRouter, Request, Response

from api.auth import OperatorDep
from api.deps import SettingsDep
from api.supervision import prometheus_lines, read_processes

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


def prometheus_response(request: Request, state_file: Path | None = None) -> Response:
    """Route figures, and the launcher's restart counts when it wrote them (`state_file`)."""
    metrics: RouteMetrics = request.app.state.metrics
    restarts = prometheus_lines(read_processes(state_file))
    body = metrics.render() + "".join(line + "\n" for line in restarts)
    return Response(body, media_type="text/plain; version=0.0.4")


@router.get("/metrics", include_in_schema=False, dependencies=[OperatorDep])
def prometheus(request: Request, settings: SettingsDep) -> Response:
    """The public app's figures, for the operator's token only."""
    return prometheus_response(request, settings.supervisor_state)
