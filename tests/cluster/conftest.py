"""PostgreSQL and Redis from Debian's packages, started by the project's own script on loopback.

`make test` installs both (apt-get). Without them these tests skip, and under CI=true fail.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.cluster import DB_USER, pg_bin, start_postgres, start_redis
from bot.paths import VAR_DIR
from bot.ports import free_port
from tests.ci import skip_or_fail

# The folders searched for the servers (default: PostgreSQL's bin folder, then PATH).
# A test of the CI rule points it at an empty folder to make the servers unavailable.
SEARCH_PATH_ENV = "CLUSTER_TEST_SEARCH_PATH"
SERVERS = ("postgres", "redis-server")


def missing_servers() -> list[str]:
    postgres = pg_bin()
    default = os.pathsep.join([str(postgres) if postgres else "", os.environ.get("PATH", "")])
    search_path = os.environ.get(SEARCH_PATH_ENV, default)
    return [name for name in SERVERS if shutil.which(name, path=search_path) is None]


@dataclass(frozen=True)
class Infra:
    pg_port: int
    redis_port: int

    def new_database(self) -> str:
        """A fresh, empty database; returns its name."""
        name = "t_" + secrets.token_hex(6)
        binaries = pg_bin()
        assert binaries is not None
        subprocess.run(
            [
                str(binaries / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.pg_port),
                "-U",
                DB_USER,
                name,
            ],
            check=True,
            capture_output=True,
        )
        return name

    def app_url(self, database: str) -> str:
        return f"postgresql+psycopg://{DB_USER}@127.0.0.1:{self.pg_port}/{database}"

    def tracker_url(self, database: str) -> str:
        return f"postgresql://{DB_USER}@127.0.0.1:{self.pg_port}/{database}"

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    missing = missing_servers()
    if missing:
        skip_or_fail(
            f"the cluster tests need {' and '.join(missing)} (Debian packages postgresql and "
            "redis-server); `make test` installs them with apt-get"
        )
    work = VAR_DIR / "test-cluster" / secrets.token_hex(4)
    pg_port, redis_port = free_port(), free_port()
    postgres = start_postgres(work / "pg", pg_port, work / "postgres.log")
    redis = start_redis(work / "redis", redis_port, work / "redis.log")
    try:
        yield Infra(pg_port, redis_port)
    finally:
        redis.stop()
        postgres.stop()
        shutil.rmtree(work, ignore_errors=True)
