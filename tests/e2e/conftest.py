"""The real stack on loopback: the trained Rasa model, the Rasa server and the app."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot.processes import Child, http_status, start_app, start_rasa, wait_until
from bot.train import model_path
from tests.receivers import WebhookReceiver, webhook_receiver
from wegwijzer.partners import DEFAULT_PARTNERS_FILE

STARTUP_TIMEOUT = 300.0
STAFF_TOKEN = "e2e-staff-token-0123456789"
RECEIVER_SECRET = "whsec_ZTJlLXJlY2VpdmVyLXNlY3JldC0wMDE="


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Stack:
    app_url: str
    rasa_url: str
    tracker_db: Path
    # Everything the stack writes (databases, logs) lives below this folder.
    work: Path
    receiver: WebhookReceiver


def partners_file(work: Path, webhook_url: str) -> Path:
    """The demo partners, with Formulierenhulp's webhook pointed at the test receiver."""
    data = yaml.safe_load(DEFAULT_PARTNERS_FILE.read_text(encoding="utf-8"))
    data["partners"]["formulierenhulp_friesland"]["webhook"] = {
        "url": webhook_url,
        "secret": RECEIVER_SECRET,
    }
    path = work / "partners.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def receiver() -> Iterator[WebhookReceiver]:
    with webhook_receiver(WebhookReceiver(RECEIVER_SECRET)) as running:
        yield running


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, receiver: WebhookReceiver) -> Iterator[Stack]:
    model = model_path()
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make test`, which trains it first")
    work = tmp_path_factory.mktemp("stack")
    app_port, rasa_port = free_port(), free_port()
    app_url, rasa_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{rasa_port}"
    children: list[Child] = []
    try:
        children.append(
            start_rasa(
                model,
                rasa_port,
                action_url=f"{app_url}/webhook",
                tracker_db=work / "tracker.db",
                log_path=work / "rasa.log",
            )
        )
        children.append(
            start_app(
                "127.0.0.1",
                app_port,
                rasa_url,
                log_path=work / "app.log",
                extra_env={
                    "WEGWIJZER_DATABASE_URL": f"sqlite:///{work / 'app.db'}",
                    "WEGWIJZER_STAFF_TOKEN": STAFF_TOKEN,
                    "WEGWIJZER_PARTNERS": str(partners_file(work, receiver.url)),
                    "WEGWIJZER_DELIVERY_POLL_SECONDS": "0.2",
                },
            )
        )
        try:
            wait_until(lambda: http_status(f"{app_url}/health") == 200, children, STARTUP_TIMEOUT)
        except (RuntimeError, TimeoutError) as exc:
            logs = "\n".join(
                f"--- {name}:\n{(work / name).read_text(errors='replace')[-3000:]}"
                for name in ("rasa.log", "app.log")
            )
            pytest.fail(f"stack did not start: {exc}\n{logs}")
        yield Stack(app_url, rasa_url, work / "tracker.db", work, receiver)
    finally:
        for child in reversed(children):
            child.stop()
