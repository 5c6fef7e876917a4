"""Children's output into log files that rotate by size, so a kiosk's disk never fills up.

Each child writes to a pipe; a thread in the launcher copies it into `name.log` and,
once that file would pass `max_bytes`, renames it to `name.log.1` (`.1` to `.2`, and
so on) and starts a new one, keeping `backups` old files, as Python's
RotatingFileHandler does. Everything a child prints is caught, also a crash's
traceback before the child has set up its own logging.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from wegwijzer.config import default, settings_from

DEFAULT_MAX_BYTES: int = default("log_max_bytes")
DEFAULT_BACKUPS: int = default("log_backups")
ERROR = "the log could not be written (disk full?)"


@dataclass(frozen=True)
class LogPolicy:
    """How large a log file may grow and how many old ones are kept."""

    max_bytes: int = DEFAULT_MAX_BYTES
    backups: int = DEFAULT_BACKUPS

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> LogPolicy:
        """WEGWIJZER_LOG_MAX_BYTES and WEGWIJZER_LOG_BACKUPS, else the defaults."""
        settings = settings_from(env)
        return cls(settings.log_max_bytes, settings.log_backups)


class RotatingLog:
    """An append-only byte log that rotates by size; safe to write from one thread."""

    def __init__(self, path: Path, policy: LogPolicy | None = None) -> None:
        self.path = path
        self.policy = policy or LogPolicy()
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[bytes] = path.open("ab")
        self._size = self._file.tell()

    @property
    def name(self) -> str:
        return str(self.path)

    def write(self, data: bytes) -> None:
        with self._lock:
            if self._file.closed:
                return
            while data:
                room = self.policy.max_bytes - self._size
                if len(data) <= room:
                    piece, data = data, b""
                else:
                    # Split after the last whole line that fits; a line longer than a
                    # whole file is cut where the file is full.
                    cut = data.rfind(b"\n", 0, room) + 1
                    if cut == 0 and self._size:
                        self._rotate()
                        continue
                    cut = cut or room
                    piece, data = data[:cut], data[cut:]
                self._file.write(piece)
                self._size += len(piece)
                if data:
                    self._rotate()
            self._file.flush()

    def _rotate(self) -> None:
        self._file.close()
        if self.policy.backups == 0:
            self.path.unlink(missing_ok=True)
        else:
            oldest = self._backup(self.policy.backups)
            oldest.unlink(missing_ok=True)
            for index in range(self.policy.backups - 1, 0, -1):
                if self._backup(index).exists():
                    self._backup(index).rename(self._backup(index + 1))
            self.path.rename(self._backup(1))
        self._file = self.path.open("ab")
        self._size = 0

    def _backup(self, index: int) -> Path:
        return self.path.with_name(f"{self.path.name}.{index}")

    def close(self) -> None:
        with self._lock:
            self._file.close()


def pump(source: IO[bytes], log: RotatingLog) -> threading.Thread:
    """Copy a child's output pipe into `log` until the child closes it.

    The pipe is always drained, also when the log cannot be written (a full
    disk): a child whose pipe fills up would block on its next print and hang.
    What could not be written is counted and reported once writing works again.
    """

    def copy() -> None:
        lost = 0
        with source:
            while True:
                try:
                    chunk = source.read1(65536)  # type: ignore[attr-defined]
                except (OSError, ValueError):
                    return
                if not chunk:
                    return
                try:
                    if lost:
                        log.write(
                            f"[launcher] {lost} bytes of output were lost: {ERROR}\n".encode()
                        )
                        lost = 0
                    log.write(chunk)
                except OSError:
                    lost += len(chunk)

    thread = threading.Thread(target=copy, name=f"log {log.path.name}", daemon=True)
    thread.start()
    return thread
