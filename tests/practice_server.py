"""The app under uvicorn on a free loopback port, in this process, with Rasa replaced.

For practice mode, which needs Rasa only for the live triage: the server is real
(HTTP, server-sent events, the browser's view), only Rasa is the FakeRasa.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI

from api.app import create_app
from api.deps import get_rasa
from api.settings import Settings
from bot.ports import free_port
from tests.conftest import FakeRasa

STARTUP_SECONDS = 30


@dataclass
class Server:
    url: str
    app: FastAPI


@contextmanager
def serve(settings: Settings, rasa: FakeRasa) -> Iterator[Server]:
    app = create_app(settings)
    app.dependency_overrides[get_rasa] = lambda: rasa
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", ws="none", lifespan="on"
    )
    config.timeout_graceful_shutdown = 2
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(15)
