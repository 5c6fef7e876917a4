"""Logs an operator can search: one JSON object per line, each with the request id.

`configure_logging` is called by the app factories (never at import) and may be
called again: it replaces the one handler it installed before. The request line
(`log_request`) names the route template, never the path or query, and no log
line carries message text or contact details: the PII guard cleans what goes to
Rasa, but logs are kept longer than conversations, so they get nothing to clean.
"""

from __future__ import annotations

import logging
import sys
from typing import Literal, TextIO

from asgi_correlation_id import CorrelationIdFilter
from pythonjsonlogger.json import JsonFormatter

LogFormat = Literal["json", "text"]
REQUEST_ID_HEADER = "X-Request-ID"
request_logger = logging.getLogger("wegwijzer.request")

# httpx logs every request at INFO with its full URL: Rasa's ?token= would be in it.
QUIET = dict.fromkeys(("httpx", "httpx2", "httpcore"), logging.WARNING)
# uvicorn's own loggers write plain text through their own handlers: route them to ours.
UVICORN = ("uvicorn", "uvicorn.error")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever sys.stderr is at the time (a test's capture, the launcher's pipe)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """logging.StreamHandler sets it in __init__; the property above wins."""


class RequestIdFilter(CorrelationIdFilter):
    """asgi-correlation-id's id, as `request_id` ("-" outside a request)."""

    def __init__(self) -> None:
        super().__init__(default_value="-")

    def filter(self, record: logging.LogRecord) -> bool:
        super().filter(record)
        record.request_id = record.__dict__.pop("correlation_id", "-")
        return True


def formatter(log_format: LogFormat) -> logging.Formatter:
    if log_format == "text":
        return logging.Formatter(TEXT_FORMAT)
    return JsonFormatter(
        "{asctime}{levelname}{name}{request_id}{message}",
        style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    )


def configure_logging(level: str = "INFO", log_format: LogFormat = "json") -> logging.Handler:
    """One handler on the root logger, JSON (or text) with the request id, on stderr."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(old)
    handler = StderrHandler()
    handler.setFormatter(formatter(log_format))
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name, quiet in QUIET.items():
        logging.getLogger(name).setLevel(quiet)
    for name in UVICORN:
        uvicorn = logging.getLogger(name)
        uvicorn.handlers = []
        uvicorn.propagate = True
    return handler


def log_request(method: str, route: str | None, status: int, seconds: float) -> None:
    """The one line per request: route template, status and duration; no path, no body."""
    request_logger.info(
        "request",
        extra={
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
        },
    )
