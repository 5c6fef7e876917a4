"""Two Rasa and two app instances on PostgreSQL and Redis: one conversation, nothing lost."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from sqlalchemy import select

from bot.ports import free_port
from bot.processes import (
    Child,
    StackSecrets,
    http_status,
    start_actions,
    start_app,
    start_rasa,
    wait_until,
)
from bot.train import model_path
from tests.cluster.conftest import Infra
from tests.e2e.conftest import RECEIVER_SECRET, STARTUP_TIMEOUT
from tests.receivers import WebhookReceiver, wait_for, webhook_receiver
from wegwijzer.catalogue import load_catalogue
from wegwijzer.partners import load_partners, token_digest
from wegwijzer.referrals.service import OfferRequest, record_offer
from wegwijzer.storage.engine import make_engine, make_sessionmaker
from wegwijzer.storage.migrate import upgrade
from wegwijzer.storage.models import OutboxMessage

pytestmark = pytest.mark.e2e


def webhook_only_partners(path: Path, url: str) -> Path:
    """Every branch refers to one partner that is told by webhook only."""
    branches = {b: {"fallback": "hulp"} for b in load_catalogue().branches}
    data = {
        "partners": {
            "hulp": {
                "name": "Testpartner (voorbeeld)",
                "example": True,
                "token_sha256": [token_digest("test-partner-token")],
                "webhook": {"url": url, "secret": RECEIVER_SECRET},
            }
        },
        "branches": branches,
    }
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def app_env(infra: Infra, database: str, partners: Path | None = None) -> dict[str, str]:
    env = {
        "WEGWIJZER_DATABASE_URL": infra.app_url(database),
        "WEGWIJZER_REDIS_URL": infra.redis_url,
        "WEGWIJZER_AUTO_MIGRATE": "false",
        "WEGWIJZER_DELIVERY_POLL_SECONDS": "0.2",
        "WEGWIJZER_DELIVERY_TIMEOUT_SECONDS": "2",
        "WEGWIJZER_DELIVERY_LEASE_SECONDS": "3",
        "WEGWIJZER_DELIVERY_RETRY_SCHEDULE": "0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5",
        "WEGWIJZER_RATE_REFERRAL_CLIENT_PER_HOUR": "100000",
    }
    if partners is not None:
        env["WEGWIJZER_PARTNERS"] = str(partners)
    return env


@pytest.fixture
def children() -> Iterator[list[Child]]:
    running: list[Child] = []
    yield running
    for child in reversed(running):
        child.stop()


def test_turns_alternating_between_two_rasa_instances_stay_one_conversation(
    infra: Infra, tmp_path: Path, children: list[Child]
) -> None:
    database, tracker_db = infra.new_database(), infra.new_database()
    upgrade(infra.app_url(database))
    secrets = StackSecrets.generate()
    env = {**app_env(infra, database), **secrets.env()}
    apps, listeners = [], []
    for index in range(2):
        rasa_port, app_port, actions_port = free_port(), free_port(), free_port()
        apps.append(f"http://127.0.0.1:{app_port}")
        listeners.append(f"http://127.0.0.1:{actions_port}")
        # Rasa i calls its own private action listener i.
        children.append(
            start_rasa(
                model_path(),
                rasa_port,
                action_url=f"http://127.0.0.1:{actions_port}/webhook",
                secrets=secrets,
                work=tmp_path / f"rasa{index}",
                log_path=tmp_path / f"rasa{index}.log",
                tracker_url=infra.tracker_url(tracker_db),
                redis_url=infra.redis_url,
            )
        )
        children.append(
            start_app(
                "127.0.0.1",
                app_port,
                f"http://127.0.0.1:{rasa_port}",
                log_path=tmp_path / f"app{index}.log",
                extra_env=env,
            )
        )
        children.append(
            start_actions(
                "127.0.0.1", actions_port, log_path=tmp_path / f"actions{index}.log", extra_env=env
            )
        )
    for url in apps + listeners:
        wait_until(lambda url=url: http_status(f"{url}/health") == 200, children, STARTUP_TIMEOUT)

    turns = [
        "Ik wil huurtoeslag aanvragen",
        "ja graag",
        "dank u wel",
        "Heb ik recht op zorgtoeslag?",
    ]
    session_id = None
    replies: list[dict[str, Any]] = []
    for number, text in enumerate(turns):
        response = httpx.post(
            f"{apps[number % 2]}/api/chat",
            json={"session_id": session_id, "text": text},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        replies.append(response.json())
        session_id = replies[-1]["session_id"]

    # Each Rasa ran its actions on its own listener.
    for url in listeners:
        assert 'method="POST",route="/webhook"' in httpx.get(f"{url}/metrics", timeout=10).text

    # The second turn, on the other instance, saw the offer the first one made.
    form = [m["custom"] for m in replies[1]["messages"] if m["custom"]]
    assert form
    assert form[0]["type"] == "referral_form"
    assert form[0]["topic"] == "huurtoeslag"

    # Read the one stored conversation back from both Rasa instances.
    trackers = []
    for port in _rasa_ports(tmp_path):
        trackers.append(
            httpx.get(
                f"http://127.0.0.1:{port}/conversations/{session_id}/tracker",
                params={"token": secrets.rasa_token},
                timeout=10,
            ).json()
        )
    first, second = trackers
    assert [e["text"] for e in first["events"] if e["event"] == "user"] == turns
    assert json.dumps(first["events"], sort_keys=True) == json.dumps(
        second["events"], sort_keys=True
    )
    assert first["slots"]["topic"] == "zorgtoeslag"
    assert first["slots"]["referral_offered"] is False
    actions = Counter(e["name"] for e in first["events"] if e["event"] == "action")
    assert actions["action_referral_consent"] == 1
    # Two questions and the thanks (small talk is answered by the topic action too).
    assert actions["action_answer_topic"] == 3


def _rasa_ports(work: Path) -> list[int]:
    return sorted(int(p.stem.split("-")[1]) for p in work.glob("rasa*/endpoints-*.yml"))


def test_200_referrals_through_two_apps_with_one_killed_are_all_delivered(
    infra: Infra, tmp_path: Path, children: list[Child]
) -> None:
    database = infra.new_database()
    upgrade(infra.app_url(database))
    with webhook_receiver(WebhookReceiver(RECEIVER_SECRET)) as receiver:
        partners_path = webhook_only_partners(tmp_path / "partners.yml", receiver.url)
        ports = [free_port(), free_port()]
        for index, port in enumerate(ports):
            children.append(
                start_app(
                    "127.0.0.1",
                    port,
                    "http://127.0.0.1:9",
                    log_path=tmp_path / f"app{index}.log",
                    # Held requests must not time out while the test holds the gate,
                    # however slow the machine; leases still expire after 3 s.
                    extra_env={
                        **app_env(infra, database, partners_path),
                        "WEGWIJZER_DELIVERY_TIMEOUT_SECONDS": "60",
                    },
                )
            )
        for port in ports:
            wait_until(
                lambda port=port: http_status(f"http://127.0.0.1:{port}/health") is not None,
                children,
                60,
            )

        engine = make_engine(infra.app_url(database))
        sessions = make_sessionmaker(engine)
        partners = load_partners(partners_path, load_catalogue())
        with sessions() as session:
            for n in range(200):
                record_offer(
                    session,
                    partners,
                    OfferRequest(
                        f"scale-session-{n:03d}", "huurtoeslag", "aanvragen", "leeuwarden"
                    ),
                    timedelta(minutes=10),
                )
        references: set[str] = set()

        def refer(client: httpx.Client, n: int, port: int) -> None:
            response = client.post(
                f"http://127.0.0.1:{port}/api/referrals",
                json={
                    "session_id": f"scale-session-{n:03d}",
                    "consent": True,
                    "name": "Test",
                    "phone": "0612345678",
                },
            )
            assert response.status_code == 201, response.text
            references.add(response.json()["reference"])

        def claims() -> dict[str, str]:
            with sessions() as session:
                return {
                    m.id: m.claimed_by or ""
                    for m in session.scalars(
                        select(OutboxMessage).where(OutboxMessage.claimed_until.is_not(None))
                    )
                }

        with httpx.Client(timeout=30) as client:
            for n in range(100):
                refer(client, n, ports[n % 2])
            # Hold the partner's answers, so that both apps are mid-send when one dies.
            receiver.gate.clear()
            for n in range(100, 140):
                refer(client, n, ports[n % 2])
            assert wait_for(
                lambda: receiver.held == 2 and len(set(claims().values())) == 2, timeout=20
            ), (receiver.held, claims())
            claimed_at_kill = set(claims())
            children[1].process.kill()  # no shutdown: the claims it held must expire
            children[1].process.wait()
            receiver.gate.set()
            for n in range(140, 200):
                refer(client, n, ports[0])

        def delivered() -> set[str]:
            return {p["data"]["reference"] for p in receiver.payloads()}

        def statuses() -> Counter[str]:
            with sessions() as session:
                return Counter(m.status for m in session.scalars(select(OutboxMessage)))

        # A row the killed app had sent but not yet marked stays pending until its
        # lease runs out and app 0 sends it again; only then is the outbox settled.
        assert wait_for(lambda: delivered() == references, timeout=90), len(delivered())
        assert wait_for(lambda: statuses() == {"delivered": 200}, timeout=30), statuses()
        engine.dispose()
    accepted = Counter(r.message_id for r in receiver.accepted())
    twice = {message_id for message_id, count in accepted.items() if count > 1}
    print(
        f"receipts: {accepted.total()}, claimed at the kill: {len(claimed_at_kill)}, twice: {twice}"
    )
    assert len(accepted) == 200
    assert all(r.signature_ok for r in receiver.requests)
    # The killed app's request reached the partner, but the app died before it could
    # record that; after the lease app 0 sends it again with the same webhook-id, so
    # the partner can drop it. Only rows claimed at the kill may arrive twice.
    assert twice
    assert twice <= claimed_at_kill
