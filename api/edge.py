"""The edge of both listeners: a request-body cap, the security headers, request timing
and the one log line per request.

One plain ASGI middleware, not one per concern: each layer adds a hop to every turn.
The body cap holds whether or not the client sends Content-Length: a declared
length over the cap is answered at once, a streamed body is counted as it arrives.
"""

from __future__ import annotations

import time

from fastapi import HTTPException, status
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.logs import log_request
from api.metrics import AppMetrics

TOO_LARGE = "Dit bericht is te groot. Maak het korter en probeer het opnieuw."

# Pages load only their own scripts, styles and API (no inline code, no CDN), may not be
# framed by another site, and a kiosk is a shared screen: the browser keeps nothing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# The kiosk keeps a handle on every window it opens, to close it on "Nieuw gesprek" and
# the inactivity reset; under `same-origin` a cross-origin window would be cut loose,
# and so would its slip (a window whose policy differs from the kiosk's).
POPUP_OPENERS = {"/": "same-origin-allow-popups", "/bon": "same-origin-allow-popups"}


def body_too_large() -> HTTPException:
    return HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail=TOO_LARGE)


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class Edge:
    def __init__(self, app: ASGIApp, max_body_bytes: int, metrics: AppMetrics) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_code = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if scope["path"] in POPUP_OPENERS:
                    headers["Cross-Origin-Opener-Policy"] = POPUP_OPENERS[scope["path"]]
            await send(message)

        declared = _declared_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            response = JSONResponse({"detail": TOO_LARGE}, status.HTTP_413_CONTENT_TOO_LARGE)
            await response(scope, receive, send_with_headers)
            self._record(scope, status_code, started)
            return
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    # Raised inside the route's body read: answered as a 413 in our format.
                    raise body_too_large()
            return message

        try:
            await self.app(scope, capped_receive, send_with_headers)
        finally:
            self._record(scope, status_code, started)

    def _record(self, scope: Scope, status_code: int, started: float) -> None:
        """Metrics per route template (unmatched paths would make endless series) and the log."""
        seconds = time.perf_counter() - started
        route = getattr(scope.get("route"), "path", None)
        if route is not None:
            self.metrics.observe_request(scope["method"], route, status_code, seconds)
        log_request(scope["method"], route, status_code, seconds)
