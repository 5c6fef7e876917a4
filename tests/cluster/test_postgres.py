"""Alembic on an empty PostgreSQL database, the app on it, and rate limits shared through Redis."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import inspect

from api.app import create_app
from api.deps import get_rasa
from api.settings import Settings
from tests.cluster.conftest import Infra
from tests.conftest import FakeRasa
from wegwijzer.referrals.service import OfferRequest, record_offer
from wegwijzer.storage.engine import make_engine
from wegwijzer.storage.migrate import upgrade

TABLES = {
    "alembic_version",
    "referral_offers",
    "referrals",
    "referral_status_changes",
    "outbox",
    "disabled_endpoints",
    "audit_log",
    "question_stats",
    "language_stats",
}


def test_migrations_run_on_an_empty_postgres_database(infra: Infra) -> None:
    url = infra.app_url(infra.new_database())
    upgrade(url)
    upgrade(url)  # a second run changes nothing
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) == TABLES
    engine.dispose()


def test_the_app_works_on_postgres(infra: Infra, tmp_path: Path) -> None:
    settings = Settings(
        database_url=infra.app_url(infra.new_database()),
        rasa_url="http://127.0.0.1:9",
        delivery_worker=False,
        redis_url=infra.redis_url,
    )
    app = create_app(settings)
    app.dependency_overrides[get_rasa] = FakeRasa
    with TestClient(app) as client:
        services = client.app.state.services  # type: ignore[attr-defined]
        with services.sessions() as session:
            record_offer(
                session,
                services.partners,
                OfferRequest("pg-session-01", "schulden", "aanvragen", "leeuwarden"),
                timedelta(minutes=5),
            )
        created = client.post(
            "/api/referrals",
            json={
                "session_id": "pg-session-01",
                "consent": True,
                "name": "Anna",
                "phone": "0612345678",
            },
        )
        assert created.status_code == 201
        token = {"Authorization": "Bearer demo-schuldhulp-token"}
        [summary] = client.get("/api/partner/referrals", headers=token).json()
        detail = client.get(f"/api/partner/referrals/{summary['id']}", headers=token).json()
        assert detail["contact"]["phone"] == "+31612345678"
        assert client.get("/health").json()["database"] == "ok"


def test_rate_limits_hold_across_app_instances(infra: Infra) -> None:
    def app() -> TestClient:
        application = create_app(
            Settings(
                database_url=infra.app_url(infra.new_database()),
                rasa_url="http://127.0.0.1:9",
                delivery_worker=False,
                redis_url=infra.redis_url,
                rate_chat_session_per_minute=4,
            )
        )
        application.dependency_overrides[get_rasa] = FakeRasa
        return TestClient(application)

    with app() as first, app() as second:
        body = {"session_id": "shared-session-77", "text": "hallo"}
        codes = [client.post("/api/chat", json=body).status_code for client in (first, second) * 3]
    assert codes == [200, 200, 200, 200, 429, 429]
