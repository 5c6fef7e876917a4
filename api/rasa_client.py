"""The app's only way to talk to Rasa: its REST channel and HTTP API on loopback."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from wegwijzer.errors import EngineUnavailableError


class RasaClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        token: str | None = None,
        observe: Callable[[str, bool, float], None] | None = None,
    ) -> None:
        self._http = http
        self._params = {"token": token} if token else {}
        # Told (endpoint, succeeded, seconds) after each call: the metrics' Rasa latency.
        self._observe = observe

    async def send_message(
        self, sender: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Bot messages in reply to one visitor message (Rasa's REST channel)."""
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        data = await self._request("POST", "/webhooks/rest/webhook", json=body)
        if not isinstance(data, list):
            raise EngineUnavailableError("Rasa returned an unexpected reply")
        return [m for m in data if isinstance(m, dict)]

    async def parse(self, text: str) -> dict[str, Any]:
        """Rasa's NLU result (intent ranking) for a text, without touching any conversation."""
        data = await self._request("POST", "/model/parse", json={"text": text}, params=self._params)
        if not isinstance(data, dict):
            raise EngineUnavailableError("Rasa returned an unexpected parse result")
        return data

    async def status(self) -> dict[str, Any]:
        """Rasa's /status: which model is loaded."""
        data = await self._request("GET", "/status", params=self._params)
        if not isinstance(data, dict):
            raise EngineUnavailableError("Rasa returned an unexpected status")
        return data

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        started = time.perf_counter()
        ok = False
        try:
            response = await self._http.request(method, path, **kwargs)
            response.raise_for_status()
            data = response.json()
            ok = True
            return data
        except (httpx.HTTPError, ValueError) as exc:
            # Not the exception's text: httpx puts the URL in it, with Rasa's ?token=.
            raise EngineUnavailableError(
                f"Rasa {method} {path} failed: {type(exc).__name__}"
            ) from exc
        finally:
            if self._observe is not None:
                self._observe(path, ok, time.perf_counter() - started)
