"""Schemathesis on the app's own /openapi.json: no 5xx, documented answers, bad input is 4xx.

The app is built by a fixture when the test runs (not at import, so collecting the
suite starts nothing), and Hypothesis is derandomised: every run sends the same cases.
Each operation is checked with valid and with invalid data, as a subtest of its own.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import positive_data_acceptance
from schemathesis.generation.case import Case
from schemathesis.generation.modes import GenerationMode
from schemathesis.schemas import APIOperation, BaseSchema

from api.app import create_app
from api.deps import get_rasa
from api.settings import Settings
from tests.conftest import STAFF_TOKEN, FakeRasa
from tests.factories import ROOT

# Cases per operation and mode: 30 under the default profile (100 examples a test), in
# proportion under others (the fast loop's quick profile sends 10, explore far more).
MAX_EXAMPLES = max(10, 30 * settings.default.max_examples // 100)
# The operations are split over a few tests so that `make check` (pytest -n 2) runs
# them on both cores; together the shards cover every operation.
SHARDS = 4


class BearerTokens:
    """Staff token everywhere, the demo partner's token on the partner API."""

    def get(self, case: Case, context: object) -> str:
        path = case.operation.path
        return "demo-formulierenhulp-token" if path.startswith("/api/partner") else STAFF_TOKEN

    def set(self, case: Case, data: str, context: object) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> BaseSchema:
    work: Path = tmp_path_factory.mktemp("fuzz")
    rasa = FakeRasa()
    rasa.replies = [
        {"recipient_id": "x", "text": "Hallo", "buttons": [{"title": "Ja", "payload": "/affirm"}]}
    ]
    app = create_app(
        Settings(
            database_url=f"sqlite:///{work / 'fuzz.db'}",
            rasa_url="http://127.0.0.1:9",
            staff_token=STAFF_TOKEN,
            delivery_worker=False,
            rate_chat_client_per_minute=100_000,
            rate_chat_session_per_minute=100_000,
            rate_referral_client_per_hour=100_000,
            rate_referral_session_per_hour=100_000,
            # Schemathesis tries wrong and missing tokens on purpose, many times.
            rate_auth_failures_per_minute=100_000,
        )
    )
    app.dependency_overrides[get_rasa] = lambda: rasa
    # The schema is the operator's: it takes the operator's token.
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", app, headers={"Authorization": f"Bearer {STAFF_TOKEN}"}
    )
    schema.auth()(BearerTokens)
    return schema


def call_and_validate(case: Case) -> None:
    # Valid-looking data may still be refused by the rules (no open offer: 409, unknown
    # branch: 422), so "positive data is accepted" does not hold here by design.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


def check_operation(
    schema: BaseSchema,
    operation: APIOperation,
    mode: GenerationMode,
    run: Callable[[Case], None] = call_and_validate,
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, auth_storage=schema.auth))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: Case) -> None:
        run(case)

    try:
        check()
    except Unsatisfiable:
        # An operation that takes no input (GET /health) or any JSON (the action server's
        # POST /webhook) has no invalid request to send; Schemathesis passes those too.
        if mode is not GenerationMode.NEGATIVE:
            raise


@pytest.mark.parametrize("shard", range(SHARDS))
def test_api_keeps_its_contract(
    api_schema: BaseSchema, subtests: pytest.Subtests, shard: int
) -> None:
    operations = sorted((r.ok() for r in api_schema.get_all_operations()), key=lambda o: o.label)
    assert len(operations) >= 10, [o.label for o in operations]
    for operation in operations[shard::SHARDS]:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            with subtests.test(operation=operation.label, mode=mode.value):
                check_operation(api_schema, operation, mode)


def test_every_run_sends_the_same_cases(api_schema: BaseSchema) -> None:
    [chat] = [o.ok() for o in api_schema.get_all_operations() if o.ok().label == "POST /api/chat"]
    runs: list[list[str]] = []
    for _ in range(2):
        sent: list[str] = []
        check_operation(
            api_schema, chat, GenerationMode.POSITIVE, lambda c, out=sent: out.append(repr(c.body))
        )
        runs.append(sent)
    assert len(runs[0]) > 1
    assert runs[0] == runs[1]


def test_importing_this_module_builds_no_app() -> None:
    code = "import api.app; api.app.create_app = None; import tests.api.test_openapi_fuzz"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
