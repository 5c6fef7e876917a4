"""Real servers on loopback for delivery tests: a webhook receiver and an SMTP sink.

The receiver checks every request as a partner would, with the `standardwebhooks`
reference library (signature and timestamp tolerance), never with our own signer.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from bot.ports import free_port

# A refused request is answered like a careful partner would: 401, and not accepted.
REFUSED = 401


@dataclass
class Received:
    message_id: str
    timestamp: int
    body: str
    signature_ok: bool
    status: int
    # Why `standardwebhooks` refused the request (None when it verified).
    error: str | None = None


def verification_error(secret: str, headers: dict[str, str], body: str) -> str | None:
    """None when the reference library accepts the request, else its reason."""
    try:
        Webhook(secret).verify(body, headers, json_parse=False)
    except (WebhookVerificationError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _timestamp(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


@dataclass
class WebhookReceiver:
    """Answers `failures` times with 500 (or `fail_status`), then 200; may hang first.

    A request that `standardwebhooks` does not verify gets 401 and is never accepted.

    Clearing `gate` holds every request after it is recorded, until the gate is set
    again: a test can then act while senders are known to be mid-request.
    """

    secret: str
    failures: int = 0
    fail_status: int = 500
    hang_seconds: float = 0.0
    hang_times: int = 0
    requests: list[Received] = field(default_factory=list)
    url: str = ""
    gate: threading.Event = field(default_factory=threading.Event)
    held: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, raw_headers: Any, body: str) -> int:
        headers = {str(k).lower(): str(v) for k, v in raw_headers.items()}
        error = verification_error(self.secret, headers, body)
        with self._lock:
            seen = len(self.requests)
            hang = seen < self.hang_times
            status = 200 if seen >= self.failures + self.hang_times else self.fail_status
            if error is not None:
                status = REFUSED
            message_id = headers.get("webhook-id", "")
            timestamp = _timestamp(headers.get("webhook-timestamp", "0"))
            self.requests.append(
                Received(message_id, timestamp, body, error is None, status, error)
            )
        if hang:
            time.sleep(self.hang_seconds)
        if not self.gate.is_set():
            with self._lock:
                self.held += 1
            self.gate.wait(timeout=60)
            with self._lock:
                self.held -= 1
        return status

    def accepted(self) -> list[Received]:
        return [r for r in self.requests if r.status == 200]

    def payloads(self) -> list[dict[str, Any]]:
        return [json.loads(r.body) for r in self.accepted()]


@contextmanager
def webhook_receiver(receiver: WebhookReceiver) -> Iterator[WebhookReceiver]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length).decode()
            status = receiver.handle(self.headers, body)
            try:
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            return

    receiver.gate.set()
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as port:
        receiver.url = f"http://127.0.0.1:{port}/hook"
        try:
            yield receiver
        finally:
            receiver.gate.set()


@contextmanager
def serving(server: ThreadingHTTPServer) -> Iterator[int]:
    """Serve on a background thread for the block; yields the port. Shutting down waits
    at most one poll, 0.05 s instead of serve_forever's 0.5 s: many tests start one."""
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Mailbox:
    messages: list[Any] = field(default_factory=list)
    port: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(envelope)
        return "250 OK"


@contextmanager
def smtp_server(**smtp_parameters: Any) -> Iterator[Mailbox]:
    """aiosmtpd on loopback; `tls_context=..., require_starttls=True` for STARTTLS."""
    mailbox = Mailbox(port=free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port, **smtp_parameters)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


def wait_for(condition: Any, timeout: float = 20.0, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())
