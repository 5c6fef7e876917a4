"""The app's database on a full disk: a clear 503, nothing half-written, recovery after.

A 2 MiB tmpfs is mounted for the database (the tests run as root, as `make test`
and CI do); where mounting is not allowed the test skips and says so, and under
CI=true it fails instead (tests/ci.py).
"""

from __future__ import annotations

import errno
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from api.routers.referrals import NOT_SAVED
from bot.ports import free_port
from bot.processes import Child, http_status, start_app, wait_until
from tests.ci import skip_or_fail
from tests.e2e.conftest import partners_file
from tests.receivers import WebhookReceiver, wait_for
from wegwijzer.catalogue import load_catalogue
from wegwijzer.partners import load_partners
from wegwijzer.referrals.service import OfferRequest, record_offer
from wegwijzer.storage.engine import make_engine, make_sessionmaker
from wegwijzer.storage.models import OutboxMessage, Referral, ReferralOffer, StatusChange

pytestmark = pytest.mark.e2e


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        skip_or_fail(
            "full-disk test needs a 2 MiB tmpfs, and mounting one is not allowed here: "
            f"{result.stderr.strip() or result.returncode}"
        )
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the file system says it is full."""
    filler = disk / "filler"
    error: int | None = None
    with filler.open("wb", buffering=0) as out:
        while error is None:
            try:
                out.write(b"\0" * 4096)
            except OSError as exc:
                error = exc.errno
    assert error == errno.ENOSPC
    return filler


def counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as db:
        figures = (
            db.scalar(select(func.count()).select_from(Referral)) or 0,
            db.scalar(select(func.count()).select_from(StatusChange)) or 0,
            db.scalar(select(func.count()).select_from(OutboxMessage)) or 0,
        )
    engine.dispose()
    return figures


FORM = {"consent": True, "name": "Kees", "phone": "0612345678"}


def test_a_full_disk_gives_503_stores_nothing_and_recovers(
    tmp_path: Path, small_disk: Path, receiver: WebhookReceiver
) -> None:
    url = f"sqlite:///{small_disk / 'app.db'}"
    partners_path = partners_file(tmp_path, receiver.url)
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    app: Child = start_app(
        "127.0.0.1",
        port,
        "http://127.0.0.1:9",  # the referral form does not need Rasa
        log_path=tmp_path / "app.log",
        extra_env={
            "WEGWIJZER_DATABASE_URL": url,
            "WEGWIJZER_PARTNERS": str(partners_path),
            "WEGWIJZER_DELIVERY_POLL_SECONDS": "0.2",
        },
    )
    try:
        wait_until(lambda: http_status(f"{app_url}/health") is not None, [app], 60)
        engine = make_engine(url)
        with make_sessionmaker(engine)() as db:
            offer_id = record_offer(
                db,
                load_partners(partners_path, load_catalogue()),
                OfferRequest("full-disk-1", "huurtoeslag", "aanvragen", "leeuwarden"),
                timedelta(minutes=30),
            ).id
        engine.dispose()
        filler = fill(small_disk)

        full = httpx.post(
            f"{app_url}/api/referrals", json={"session_id": "full-disk-1", **FORM}, timeout=30
        )
        assert full.status_code == 503, full.text
        assert full.json()["detail"] == NOT_SAVED
        assert counts(url) == (0, 0, 0)
        assert app.alive()

        filler.unlink()  # space returns
        again = httpx.post(
            f"{app_url}/api/referrals", json={"session_id": "full-disk-1", **FORM}, timeout=30
        )
        assert again.status_code == 201, again.text
        assert counts(url)[:2] == (1, 1)
        reference = again.json()["reference"]
        assert wait_for(
            lambda: any(p["data"]["reference"] == reference for p in receiver.payloads()),
            timeout=30,
        )
        engine = make_engine(url)
        with make_sessionmaker(engine)() as db:
            # A used offer keeps its row but gives up its session id (issue 13).
            offer = db.get(ReferralOffer, offer_id)
            assert offer is not None
            assert offer.used_at is not None
        engine.dispose()
    finally:
        app.stop()
