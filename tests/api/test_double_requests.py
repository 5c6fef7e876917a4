"""A double tap, as two requests at the same moment: one referral, never two."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.api.test_referral_api import STAFF, form, open_offer
from wegwijzer.storage.models import OutboxMessage, Referral, ReferralOffer

# Each round sends two requests released together by a barrier; the race they test
# is between finding the open offer and using it, so a few rounds make it likely.
ROUNDS = 6


def at_once(send: Any) -> list[Any]:
    """Call `send` twice, from two threads released at the same moment."""
    barrier = threading.Barrier(2)

    def go(_: int) -> Any:
        barrier.wait()
        return send()

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(go, range(2)))


def count(client: TestClient, model: Any) -> int:
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_two_form_posts_at_the_same_moment_make_one_referral(client: TestClient) -> None:
    for n in range(ROUNDS):
        session_id = f"double-tap-session-{n:02d}"
        open_offer(client, session_id)
        responses = at_once(lambda s=session_id: client.post("/api/referrals", json=form(s)))
        codes = sorted(r.status_code for r in responses)
        assert codes == [201, 409], [r.text for r in responses]
    assert count(client, Referral) == ROUNDS
    # One notification per channel per referral: the partner hears about each once.
    # The demo's Formulierenhulp has a webhook and an e-mail address: two rows each.
    assert count(client, OutboxMessage) == 2 * ROUNDS


def test_a_staff_referral_sent_twice_at_the_same_moment_is_one_referral(
    client: TestClient,
) -> None:
    body = {"topic": "zorgtoeslag", "branch": "leeuwarden", "request_id": "desk-click-000001"}
    offers = at_once(lambda: client.post("/api/staff/referral-offers", json=body, headers=STAFF))
    assert [o.status_code for o in offers] == [201, 201], [o.text for o in offers]
    session_ids = {o.json()["session_id"] for o in offers}
    assert len(session_ids) == 1
    assert count(client, ReferralOffer) == 1
    [session_id] = session_ids
    created = at_once(lambda: client.post("/api/referrals", json=form(session_id)))
    assert sorted(r.status_code for r in created) == [201, 409]
    assert count(client, Referral) == 1
    # The same click again (a retry after a lost answer) finds the used offer: no second one.
    again = client.post("/api/staff/referral-offers", json=body, headers=STAFF)
    assert again.status_code == 201
    assert client.post("/api/referrals", json=form(again.json()["session_id"])).status_code == 409
    assert count(client, Referral) == 1
