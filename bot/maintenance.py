"""Keep the SQLite files of a kiosk small: a WAL checkpoint, and VACUUM when it pays.

Deleting rows (retention) leaves free pages inside the file, and the write-ahead
log grows with every turn until a checkpoint folds it back. The launcher runs
`maintain()` on Rasa's tracker store and the app's database shortly after start
and then every WEGWIJZER_MAINTENANCE_HOURS (24): `PRAGMA wal_checkpoint(TRUNCATE)`
always, and `VACUUM` when at least a fifth of the file is free pages. Both wait
for other writers (busy timeout) instead of failing a visitor's turn; a kiosk
that is switched off at night still gets its run at the next start.

`python -m bot.maintenance FILE...` does the same once, for cron or by hand.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from wegwijzer.config import settings_from

# VACUUM rewrites the whole file: only when this share of it is free pages.
VACUUM_FREE_FRACTION = 0.2
BUSY_TIMEOUT_SECONDS = 30.0
FIRST_RUN_SECONDS = 60.0


@dataclass(frozen=True)
class Outcome:
    path: Path
    bytes_before: int
    bytes_after: int
    vacuumed: bool

    def describe(self) -> str:
        action = "checkpoint and VACUUM" if self.vacuumed else "checkpoint"
        return f"{self.path}: {action}, {self.bytes_before:,} -> {self.bytes_after:,} bytes"


def on_disk(path: Path) -> int:
    """The database and its write-ahead log together."""
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def maintain(path: Path, free_fraction: float = VACUUM_FREE_FRACTION) -> Outcome:
    """Checkpoint the WAL into the file, and VACUUM when enough of it is free pages."""
    before = on_disk(path)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        free = connection.execute("PRAGMA freelist_count").fetchone()[0]
        vacuumed = bool(pages) and free / pages >= free_fraction
        if vacuumed:
            connection.execute("VACUUM")
            # In WAL mode VACUUM writes the new file through the log: fold it back.
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return Outcome(path, before, on_disk(path), vacuumed)


def sqlite_file(database_url: str) -> Path | None:
    """The file behind an SQLite URL; None for other databases or in-memory ones."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


class Maintenance:
    """A daemon thread that runs `maintain()` on each file, first soon, then every interval."""

    def __init__(
        self, paths: Sequence[Path], interval: float, first_run: float = FIRST_RUN_SECONDS
    ) -> None:
        self.paths = list(paths)
        self.interval = interval
        self.first_run = first_run
        self.outcomes: list[Outcome] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="maintenance", daemon=True)

    @classmethod
    def from_env(cls, paths: Sequence[Path]) -> Maintenance:
        """Every WEGWIJZER_MAINTENANCE_HOURS (wegwijzer/config.py)."""
        return cls(paths, settings_from().maintenance_hours * 3600)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=BUSY_TIMEOUT_SECONDS + 5)

    def run_once(self) -> None:
        for path in self.paths:
            if not path.exists():
                continue
            try:
                outcome = maintain(path)
            except sqlite3.Error as exc:
                print(f"Maintenance of {path} failed, tried again later: {exc}", file=sys.stderr)
                continue
            self.outcomes.append(outcome)
            print(f"Maintenance: {outcome.describe()}", flush=True)

    def _loop(self) -> None:
        wait = self.first_run
        while not self._stop.wait(wait):
            self.run_once()
            wait = self.interval


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.files:
        if not path.exists():
            parser.error(f"{path} does not exist")
        print(maintain(path).describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
