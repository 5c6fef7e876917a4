"""Bounded growth on disk: rotating child logs, and SQLite files checkpointed and vacuumed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.logs import LogPolicy, RotatingLog, pump
from bot.maintenance import Maintenance, maintain, on_disk, sqlite_file
from bot.processes import spawn


def test_a_log_rotates_by_size_and_keeps_only_its_backups(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "rasa.log"
    log = RotatingLog(path, LogPolicy(max_bytes=1024, backups=2))
    for index in range(20):
        log.write(f"line {index:02d} ".encode() + b"x" * 290 + b"\n")
    log.close()
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["rasa.log", "rasa.log.1", "rasa.log.2"]
    assert all((path.parent / name).stat().st_size <= 1024 for name in files)
    # The newest lines are in rasa.log, the ones before in .1, then .2.
    assert path.read_text().startswith("line 18 ")
    assert (path.parent / "rasa.log.1").read_text().startswith("line 15 ")
    assert (path.parent / "rasa.log.2").read_text().startswith("line 12 ")


def test_a_log_goes_on_where_it_was_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    first = RotatingLog(path, LogPolicy(max_bytes=1024, backups=1))
    first.write(b"a" * 900)
    first.close()
    second = RotatingLog(path, LogPolicy(max_bytes=1024, backups=1))
    second.write(b"b" * 200)  # 1,100 bytes would pass the limit: rotate first
    second.close()
    assert path.read_bytes() == b"b" * 200
    assert (tmp_path / "app.log.1").read_bytes() == b"a" * 900


def test_a_chatty_child_fills_no_more_than_its_logs_allow(tmp_path: Path) -> None:
    chatty = [
        sys.executable,
        "-c",
        "import sys\nfor i in range(3000): print(f'{i:05d} ' + 'y' * 94)\n"
        "print('traceback at the end', file=sys.stderr)",
    ]
    child = spawn("app", chatty, log_path=tmp_path / "app.log", log_policy=LogPolicy(8192, 3))
    child.process.wait()
    child.close_log()
    files = sorted(tmp_path.glob("app.log*"))
    assert [p.name for p in files] == ["app.log", "app.log.1", "app.log.2", "app.log.3"]
    assert sum(p.stat().st_size for p in files) <= 4 * 8192
    # stderr is caught too, and the last line is in the current file.
    assert (tmp_path / "app.log").read_text().rstrip().endswith("traceback at the end")


def test_log_settings_are_checked() -> None:
    assert LogPolicy.from_env(
        {"WEGWIJZER_LOG_MAX_BYTES": "2048", "WEGWIJZER_LOG_BACKUPS": "0"}
    ) == (LogPolicy(2048, 0))
    with pytest.raises(ValueError, match="WEGWIJZER_LOG_MAX_BYTES"):
        LogPolicy.from_env({"WEGWIJZER_LOG_MAX_BYTES": "10"})


def wal_database(path: Path, rows: int) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA wal_autocheckpoint=0")  # as if a reader kept it from folding
    connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, data TEXT)")
    connection.executemany(
        "INSERT INTO events (data) VALUES (?)", (("z" * 2000,) for _ in range(rows))
    )
    return connection


def test_maintenance_folds_the_wal_back_and_vacuums_what_retention_freed(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    connection = wal_database(path, 2000)
    connection.execute("DELETE FROM events WHERE id > 200")
    assert (tmp_path / "tracker.db-wal").stat().st_size > 4_000_000
    before = on_disk(path)

    outcome = maintain(path)  # while the other connection stays open, as Rasa's pool does
    assert outcome.vacuumed
    assert outcome.bytes_before == before
    assert outcome.bytes_after < before / 5
    assert (tmp_path / "tracker.db-wal").stat().st_size == 0
    assert connection.execute("SELECT count(*) FROM events").fetchone()[0] == 200
    connection.close()


def test_maintenance_leaves_a_full_file_alone_but_checkpoints_it(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    connection = wal_database(path, 500)
    outcome = maintain(path)
    assert not outcome.vacuumed
    assert (tmp_path / "app.db-wal").stat().st_size == 0
    assert connection.execute("SELECT count(*) FROM events").fetchone()[0] == 500
    connection.close()


def test_the_maintenance_thread_skips_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    wal_database(path, 10).close()
    maintenance = Maintenance([tmp_path / "missing.db", path], interval=3600)
    maintenance.run_once()
    assert [outcome.path for outcome in maintenance.outcomes] == [path]


def test_only_sqlite_files_are_maintained() -> None:
    assert sqlite_file("sqlite:////srv/wegwijzer/app.db") == Path("/srv/wegwijzer/app.db")
    assert sqlite_file("sqlite://") is None
    assert sqlite_file("postgresql+psycopg://u@127.0.0.1/wegwijzer") is None


class FailingLog(RotatingLog):
    """A log whose first writes fail, as on a full disk."""

    failures = 2

    def write(self, data: bytes) -> None:
        if self.failures:
            self.failures -= 1
            raise OSError(28, "No space left on device")
        super().write(data)


def test_a_child_never_blocks_on_a_log_that_cannot_be_written(tmp_path: Path) -> None:
    # 300 KiB: far more than a pipe holds, so a pump that stopped reading would hang it.
    script = "import sys, time\nfor i in range(3):\n    print('z' * 102400, flush=True)\n"
    script += "    time.sleep(0.2)\n"
    log = FailingLog(tmp_path / "rasa.log", LogPolicy(10 * 1024 * 1024, 1))
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert process.stdout is not None
    thread = pump(process.stdout, log)
    assert process.wait(timeout=60) == 0
    thread.join(timeout=10)
    log.close()
    text = (tmp_path / "rasa.log").read_text()
    assert "bytes of output were lost: the log could not be written (disk full?)" in text
    assert text.rstrip().endswith("z" * 1000)
