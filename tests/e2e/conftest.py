"""The real stack on loopback: the trained Rasa model, Rasa, the action server and the app."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page

from bot.processes import StackSecrets, sqlite_tracker, start_local_stack
from bot.train import model_path
from tests.e2e.browser import chromium
from tests.receivers import WebhookReceiver, webhook_receiver
from wegwijzer.partners import DEFAULT_PARTNERS_FILE

STARTUP_TIMEOUT = 300.0
STAFF_TOKEN = "e2e-staff-token-0123456789"
RECEIVER_SECRET = "whsec_ZTJlLXJlY2VpdmVyLXNlY3JldC0wMDE="


@dataclass
class Stack:
    app_url: str
    rasa_url: str
    # The private action listener Rasa calls.
    actions_url: str
    secrets: StackSecrets
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


def rasa_params(stack: Stack) -> dict[str, str]:
    """Rasa's HTTP API takes its auth token as the `token` query parameter."""
    return {"token": stack.secrets.rasa_token}


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, receiver: WebhookReceiver) -> Iterator[Stack]:
    model = model_path()
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make test`, which trains it first")
    work = tmp_path_factory.mktemp("stack")
    try:
        local = start_local_stack(
            model,
            work,
            app_env={
                "WEGWIJZER_STAFF_TOKEN": STAFF_TOKEN,
                "WEGWIJZER_PARTNERS": str(partners_file(work, receiver.url)),
                "WEGWIJZER_DELIVERY_POLL_SECONDS": "0.2",
                # Every e2e test talks from 127.0.0.1: as one client, the held-out
                # conversations alone would hit the per-client chat limit. The
                # limits themselves are tested on apps of their own.
                "WEGWIJZER_RATE_CHAT_CLIENT_PER_MINUTE": "100000",
            },
            timeout=STARTUP_TIMEOUT,
        )
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield Stack(
            local.app_url,
            local.rasa_url,
            local.actions_url,
            local.secrets,
            sqlite_tracker(work),
            work,
            receiver,
        )
    finally:
        local.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Debian Chromium per test file."""
    with chromium() as running:
        yield running


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh desktop-sized page in Dutch, in its own context (no shared cookies)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
