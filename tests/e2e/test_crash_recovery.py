"""Faults under `make run`'s own launcher: kill -9 and SIGSTOP of its children.

The launcher runs as it does on a kiosk (bot/launch.py through bot/launched.py),
on free loopback ports with every file in a temporary folder. Each test hurts one
child the way a crash or a hang would and checks what a visitor and a partner see.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from api.texts import ENGINE_DOWN
from bot.launched import LaunchedStack, launch
from bot.processes import http_status
from bot.train import model_path
from tests.e2e.conftest import STARTUP_TIMEOUT, partners_file
from tests.e2e.test_referral_flow import custom_of
from tests.receivers import WebhookReceiver, wait_for
from wegwijzer.catalogue import load_catalogue
from wegwijzer.partners import load_partners
from wegwijzer.referrals.service import OfferRequest, record_offer
from wegwijzer.storage.engine import make_engine, make_sessionmaker
from wegwijzer.storage.models import OutboxMessage, Referral, ReferralOffer, StatusChange

pytestmark = pytest.mark.e2e

# The promise is an answer again within a minute after a crash of Rasa
# (README: measured 20 to 30 s). The test allows more: on a busy 2-core machine
# loading the model alone can take over a minute, and this is not a speed test.
RECOVERY_SECONDS = 240.0
RASA_TIMEOUT_SECONDS = 8.0


@pytest.fixture(scope="module")
def launched(
    tmp_path_factory: pytest.TempPathFactory, receiver: WebhookReceiver
) -> Iterator[LaunchedStack]:
    if not model_path().exists():
        pytest.fail(f"no trained model at {model_path()}: run `make test`, which trains it first")
    work = tmp_path_factory.mktemp("launched")
    try:
        stack = launch(
            work,
            {
                "WEGWIJZER_PARTNERS": str(partners_file(work, receiver.url)),
                "WEGWIJZER_DELIVERY_POLL_SECONDS": "0.2",
                "WEGWIJZER_RASA_TIMEOUT_SECONDS": str(RASA_TIMEOUT_SECONDS),
                "WEGWIJZER_RATE_REFERRAL_CLIENT_PER_HOUR": "1000",
                # A claim of the killed app expires soon, so its rows are sent in the test.
                "WEGWIJZER_DELIVERY_TIMEOUT_SECONDS": "2",
                "WEGWIJZER_DELIVERY_LEASE_SECONDS": "6",
            },
            timeout=STARTUP_TIMEOUT,
        )
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield stack
    finally:
        assert stack.stop() == 0, stack.output.read_text()


def post_chat(stack: LaunchedStack, text: str, session_id: str | None) -> httpx.Response:
    return httpx.post(
        f"{stack.app_url}/api/chat",
        json={"text": text, "session_id": session_id},
        timeout=RASA_TIMEOUT_SECONDS + 20,
    )


def tracker_slots(stack: LaunchedStack, session_id: str) -> dict[str, Any]:
    tracker = httpx.get(
        f"{stack.rasa_url}/conversations/{session_id}/tracker",
        params={"token": stack.secrets.rasa_token, "include_events": "NONE"},
        timeout=10,
    ).json()
    slots: dict[str, Any] = tracker["slots"]
    return slots


def offer_conversation(stack: LaunchedStack) -> str:
    first = post_chat(stack, "Ik wil huurtoeslag aanvragen", None)
    assert first.status_code == 200, first.text
    session_id: str = first.json()["session_id"]
    slots = tracker_slots(stack, session_id)
    # Wording changes with the catalogue; the slots say what the answer did.
    assert slots["topic"] == "huurtoeslag"
    assert slots["referral_offered"] is True
    return session_id


def test_rasa_frozen_gives_503_within_its_timeout_and_recovers_after_sigcont(
    launched: LaunchedStack,
) -> None:
    session_id = offer_conversation(launched)
    restarts_before = launched.state()["rasa"]["restarts"]
    pid = launched.signal("rasa", signal.SIGSTOP)
    try:
        started = time.monotonic()
        frozen = post_chat(launched, "ja graag", session_id)
        waited = time.monotonic() - started
        assert frozen.status_code == 503
        assert frozen.json()["detail"] == ENGINE_DOWN
        # The app's own timeout ends the wait, not the client's.
        assert waited < RASA_TIMEOUT_SECONDS + 5
        health = httpx.get(f"{launched.app_url}/health", timeout=RASA_TIMEOUT_SECONDS + 20)
        assert health.status_code == 503
        assert "rasa" in health.json()["failing"]
    finally:
        launched.signal("rasa", signal.SIGCONT)
    # A frozen process is not a dead one: nothing was restarted.
    assert launched.pid("rasa") == pid
    assert launched.state()["rasa"]["restarts"] == restarts_before
    assert wait_for(lambda: http_status(f"{launched.app_url}/health") == 200, timeout=60)
    resumed = post_chat(launched, "ja graag", session_id)
    assert resumed.status_code == 200, resumed.text
    form = custom_of(resumed.json(), "referral_form")
    assert form is not None, resumed.json()
    assert form["topic"] == "huurtoeslag"


def test_rasa_killed_mid_conversation_comes_back_with_the_topic_known(
    launched: LaunchedStack,
) -> None:
    session_id = offer_conversation(launched)
    old_pid = launched.signal("rasa", signal.SIGKILL)
    killed = time.monotonic()

    down = post_chat(launched, "ja graag", session_id)
    assert down.status_code == 503
    assert down.json()["detail"] == ENGINE_DOWN

    # What the kiosk page does: poll /health, then send the question again.
    assert wait_for(
        lambda: http_status(f"{launched.app_url}/health") == 200, timeout=RECOVERY_SECONDS
    ), launched.output.read_text()
    again = post_chat(launched, "ja graag", session_id)
    assert again.status_code == 200, again.text
    assert time.monotonic() - killed < RECOVERY_SECONDS
    # The conversation goes on where it was: the offer's topic is still known.
    form = custom_of(again.json(), "referral_form")
    assert form is not None, again.json()
    assert form["topic"] == "huurtoeslag"
    assert tracker_slots(launched, session_id)["topic"] == "huurtoeslag"

    state = launched.state()["rasa"]
    assert state["pid"] != old_pid
    assert state["restarts"] >= 1
    assert state["last_exit_code"] == -signal.SIGKILL
    health = httpx.get(f"{launched.app_url}/health", timeout=10).json()
    assert health["processes"]["rasa"]["restarts"] == state["restarts"]
    assert "rasa was killed by SIGKILL; restarting it" in launched.output.read_text()


def test_app_killed_while_referrals_are_created_leaves_none_half_written(
    launched: LaunchedStack, receiver: WebhookReceiver
) -> None:
    partners = load_partners(Path(launched.run_dir / "partners.yml"), load_catalogue())
    sessions = [f"kill-app-{index:03d}" for index in range(60)]
    engine = make_engine(f"sqlite:///{launched.database}")
    maker = make_sessionmaker(engine)
    with maker() as db:
        offer_ids = [
            record_offer(
                db,
                partners,
                OfferRequest(session_id, "huurtoeslag", "aanvragen", "leeuwarden"),
                timedelta(minutes=30),
            ).id
            for session_id in sessions
        ]

    outcomes: dict[str, int | str] = {}
    lock = threading.Lock()
    created = threading.Event()

    def submit(session_id: str) -> None:
        try:
            response = httpx.post(
                f"{launched.app_url}/api/referrals",
                json={
                    "session_id": session_id,
                    "consent": True,
                    "name": "Ria",
                    "phone": "0612345678",
                },
                timeout=30,
            )
            outcome: int | str = response.status_code
        except httpx.HTTPError as exc:
            outcome = type(exc).__name__
        with lock:
            outcomes[session_id] = outcome
            if outcome == 201 and sum(o == 201 for o in outcomes.values()) >= 5:
                created.set()

    old_pid = launched.pid("app")
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(submit, session_id) for session_id in sessions]
        assert created.wait(60), outcomes
        launched.signal("app", signal.SIGKILL)
        for future in futures:
            future.result()
    lost = [s for s, outcome in outcomes.items() if outcome != 201]
    assert lost, "the app was killed after every referral was in: nothing was tested"

    assert wait_for(lambda: http_status(f"{launched.app_url}/health") == 200, timeout=60)
    assert launched.pid("app") != old_pid
    # The visitors whose form got no answer send it again: stored once, or told it is in.
    for session_id in lost:
        submit(session_id)
    assert all(outcomes[s] in (201, 409) for s in sessions), outcomes

    with maker() as db:
        ids = set(db.scalars(select(Referral.id).where(Referral.name == "Ria")))
        used = db.scalar(
            select(func.count())
            .select_from(ReferralOffer)
            # A used offer keeps its row but gives up its session id (issue 13).
            .where(ReferralOffer.id.in_(offer_ids), ReferralOffer.used_at.is_not(None))
        )
        # One referral per used offer, each whole: its first status and its notifications.
        assert len(ids) == used == len(sessions)
        for referral_id in ids:
            assert (
                db.scalar(select(func.count()).where(StatusChange.referral_id == referral_id)) == 1
            )
            channels = db.scalars(
                select(OutboxMessage.channel).where(OutboxMessage.referral_id == referral_id)
            ).all()
            assert "webhook" in channels
    engine.dispose()

    def delivered() -> set[str]:
        return {p["data"]["referral_id"] for p in receiver.payloads()} & ids

    # Every committed referral reaches the partner, also those whose answer was lost.
    assert wait_for(lambda: delivered() == ids, timeout=60), len(ids - delivered())
    assert launched.state()["app"]["restarts"] >= 1
