"""Shared fixtures: the real catalogue, and the app with its outside parts replaced.

Two rules for the whole suite live here too: the tests never see the developer's
`WEGWIJZER_*` variables (an exported Redis URL would share limiter state, a staff
token would change who may do what), and under CI=true a skipped test fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

import api.app as api_app
from api.actions_app import create_action_app
from api.app import create_app
from api.deps import get_rasa
from api.routers.action_server import ACTIONS_SECRET_HEADER
from api.settings import Settings
from tests.ci import CI_RULE, in_ci
from wegwijzer.catalogue import Catalogue, load_catalogue
from wegwijzer.errors import EngineUnavailableError
from wegwijzer.partners import DEFAULT_PARTNERS_FILE, Partners, load_partners
from wegwijzer.storage.engine import make_engine, make_sessionmaker
from wegwijzer.storage.migrate import upgrade

ENV_PREFIX = "WEGWIJZER_"
_environment = pytest.MonkeyPatch()


def pytest_configure(config: pytest.Config) -> None:
    """Before collection: drop WEGWIJZER_* so settings and child processes start clean."""
    for name in [n for n in os.environ if n.startswith(ENV_PREFIX)]:
        _environment.delenv(name)
    # Nor from a developer's .env file: tests choose their settings themselves.
    _environment.setitem(Settings.model_config, "env_file", None)
    # Hundreds of tests build an app; each would read and validate the same catalogue.
    _environment.setattr(api_app, "load_catalogue", _catalogue_per_version)


_catalogues: dict[tuple[object, ...], Catalogue] = {}


def _catalogue_per_version(directory: Path) -> Catalogue:
    """load_catalogue, once per version of the directory's files (path, time, size): a
    test that edits a copy gets its edit read, and a broken one still stops the app.
    The catalogue's models are frozen, so apps can share one."""
    files = sorted(p for p in Path(directory).rglob("*") if p.is_file())
    stats = [(str(p), p.stat()) for p in files]
    key = (
        str(Path(directory).resolve()),
        *((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats),
    )
    if key not in _catalogues:
        _catalogues[key] = load_catalogue(directory)
    return _catalogues[key]


def pytest_unconfigure(config: pytest.Config) -> None:
    _environment.undo()


# The tier of each test folder (a top-level file is a unit test unless it says otherwise).
TIERS = {"unit": "unit", "api": "api", "e2e": "e2e", "cluster": "cluster"}
TESTS_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with its tier, so `-m "not e2e and not browser and not cluster"`
    (make check) picks what needs neither Rasa, a browser nor PostgreSQL."""
    for item in items:
        parts = item.path.resolve().relative_to(TESTS_DIR).parts
        tier = TIERS.get(parts[0], "unit") if len(parts) > 1 else None
        if tier is None:
            tier = "e2e" if item.get_closest_marker("e2e") else "unit"
        if item.get_closest_marker(tier) is None:
            item.add_marker(getattr(pytest.mark, tier))
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True, scope="session")
def clean_environment() -> None:
    """Every session starts without WEGWIJZER_* (pytest_configure removed them)."""
    leaked = sorted(n for n in os.environ if n.startswith(ENV_PREFIX))
    assert leaked == [], f"WEGWIJZER_* variables reached the tests: {leaked}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Under CI=true any skip, whatever raised it, turns into a failure that says why."""
    report = yield
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} was skipped: {reason} ({CI_RULE})"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """The same for a whole module skipped while collecting (importorskip, module-level skip)."""
    report = yield
    if in_ci() and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"{collector.nodeid} was skipped: {reason} ({CI_RULE})"
    return report


# Property tests draw the same examples on every run, so CI is deterministic;
# no deadline, since a slow shared machine is no failure (speed is `make bench`'s job).
hypothesis.settings.register_profile(
    "wegwijzer", derandomize=True, database=None, deadline=None, print_blob=True
)
# `WEGWIJZER_HYPOTHESIS=explore` draws fresh, many more examples: for hunting, not for CI.
hypothesis.settings.register_profile(
    "explore", derandomize=False, database=None, deadline=None, max_examples=3000
)
# `make check` (the fast loop) passes --hypothesis-profile=quick: the same tests, fewer
# drawn examples each; `make test` and CI draw the full number.
hypothesis.settings.register_profile(
    "quick", parent=hypothesis.settings.get_profile("wegwijzer"), max_examples=30
)
hypothesis.settings.load_profile(os.environ.get("WEGWIJZER_HYPOTHESIS", "wegwijzer"))


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


class FakeRasa:
    """Stands in for Rasa where a test is about the app alone."""

    def __init__(self) -> None:
        self.replies: list[dict[str, Any]] = [{"recipient_id": "x", "text": "Hallo"}]
        self.down = False
        self.sent: list[tuple[str, str, dict[str, Any] | None]] = []
        self.ranking: list[dict[str, Any]] = [{"name": "out_of_scope", "confidence": 0.99}]
        # The task classifier's ranking, as Rasa's parse returns it under "task".
        self.task_ranking: list[dict[str, Any]] = [{"name": "informatie", "confidence": 0.9}]
        self.parsed: list[str] = []

    async def send_message(
        self, sender: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        if self.down:
            raise EngineUnavailableError("down")
        self.sent.append((sender, text, metadata))
        return self.replies

    async def parse(self, text: str) -> dict[str, Any]:
        if self.down:
            raise EngineUnavailableError("down")
        self.parsed.append(text)
        return {
            "text": text,
            "intent": self.ranking[0],
            "intent_ranking": self.ranking,
            "task": {**self.task_ranking[0], "ranking": self.task_ranking},
        }

    async def status(self) -> dict[str, Any]:
        if self.down:
            raise EngineUnavailableError("down")
        return {"model_file": "models/wegwijzer-test.tar.gz"}


STAFF_TOKEN = "test-staff-token-0123456789"
ACTIONS_SECRET = "test-actions-secret-0123456789"


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at the newest schema, made once: each test starts from a copy
    (the app still runs the migrations at start, which then have nothing to do). Fresh
    databases are migrated in tests/api/test_schema_on_start.py and in every e2e run."""
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    upgrade(f"sqlite:///{path}")
    return path


def fresh_copy(template: Path, path: Path) -> str:
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(tmp_path: Path, migrated_database: Path) -> Settings:
    return Settings(
        database_url=fresh_copy(migrated_database, tmp_path / "app.db"),
        rasa_url="http://127.0.0.1:9",
        staff_token=STAFF_TOKEN,
        delivery_worker=False,
        actions_secret=ACTIONS_SECRET,
        secrets_dir=tmp_path / "secrets",
        # A request line per request would fill the report of every passing test (-rP);
        # the log format itself is tested with INFO (tests/api/test_observability.py).
        log_level="WARNING",
    )


@pytest.fixture
def fake_rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def client(settings: Settings, fake_rasa: FakeRasa) -> Iterator[TestClient]:
    app = create_app(settings)
    app.dependency_overrides[get_rasa] = lambda: fake_rasa
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def actions_client(settings: Settings) -> Iterator[TestClient]:
    """The private action listener, sending Rasa's shared secret. Its database is at the
    newest schema already (the public app migrates it in production)."""
    with TestClient(
        create_action_app(settings), headers={ACTIONS_SECRET_HEADER: ACTIONS_SECRET}
    ) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def partners(catalogue: Catalogue) -> Partners:
    return load_partners(DEFAULT_PARTNERS_FILE, catalogue)


@pytest.fixture
def database_url(tmp_path: Path, migrated_database: Path) -> str:
    return fresh_copy(migrated_database, tmp_path / "wegwijzer.db")


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()
