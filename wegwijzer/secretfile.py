"""Secrets made on first start: kept in a file only the owner can read, the same for every
process that reads it (Rasa's auth token, the action server's shared secret)."""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path


def read_or_create(path: Path) -> str:
    """The secret in `path`; a new random one when the file does not exist yet.

    Two processes that start together get the same secret: the file is created
    exclusively, and the loser of that race reads the winner's.
    """
    try:
        value = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        value = ""
    if value:
        return value
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path.parent, 0o700)
    new = secrets.token_urlsafe(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _wait_for(path)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(new + "\n")
    return new


def _wait_for(path: Path) -> str:
    """Another process created the file a moment ago; read it once it is written."""
    for _ in range(200):
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
        time.sleep(0.01)
    raise RuntimeError(f"{path} exists but stays empty")
