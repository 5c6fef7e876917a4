"""Rules for the suite itself, proven by running pytest in a child process.

Under CI=true a test whose servers are missing fails with a clear message (outside
CI it skips with the same message), and an exported WEGWIJZER_* variable never
reaches a test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.ci import CI_RULE
from tests.cluster.conftest import SEARCH_PATH_ENV
from tests.factories import ROOT

CLUSTER_TEST = "tests/cluster/test_postgres.py::test_migrations_run_on_an_empty_postgres_database"
MISSING = "the cluster tests need postgres and redis-server"


def pytest_child(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_missing_cluster_servers_fail_the_run_under_ci(tmp_path: Path) -> None:
    empty = tmp_path / "no-servers-here"
    empty.mkdir()
    result = pytest_child(CLUSTER_TEST, env={"CI": "true", SEARCH_PATH_ENV: str(empty)})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert MISSING in output
    assert CI_RULE in output
    assert "1 error" in output


def test_missing_cluster_servers_skip_outside_ci(tmp_path: Path) -> None:
    result = pytest_child(CLUSTER_TEST, "-rs", env={SEARCH_PATH_ENV: str(tmp_path)})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "1 skipped" in output
    assert MISSING in output
    assert CI_RULE not in output


def test_exported_wegwijzer_variables_do_not_reach_the_tests() -> None:
    # A dead Redis and a foreign staff token: either would break these tests if it leaked.
    # A few tests that each variable would break are enough: the session-wide check in
    # tests/conftest.py (clean_environment) runs before any of them.
    result = pytest_child(
        "tests/api/test_chat_and_health.py::test_session_id_and_branch_are_passed_to_rasa",
        "tests/api/test_chat_and_health.py::test_health_ok_when_all_parts_answer",
        "tests/api/test_staff_accounts.py::test_accounts_work_without_an_operator_token",
        env={
            "WEGWIJZER_REDIS_URL": "redis://127.0.0.1:9/0",
            "WEGWIJZER_STAFF_TOKEN": "exported-token-0123456789",
            "WEGWIJZER_RATE_CHAT_SESSION_PER_MINUTE": "1",
        },
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
