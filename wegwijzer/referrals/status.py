"""Referral statuses and which changes are allowed."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    NEW = "new"
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    UNREACHABLE = "unreachable"


CLOSED = frozenset({Status.DONE, Status.UNREACHABLE})

_ORDER = [Status.NEW, Status.RECEIVED, Status.IN_PROGRESS]


def allowed(current: Status, new: Status) -> bool:
    """Forward only; a closed referral stays closed."""
    if current in CLOSED or new is current or new is Status.NEW:
        return False
    if new in CLOSED:
        return True
    return _ORDER.index(new) > _ORDER.index(current)
