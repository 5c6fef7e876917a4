"""Everything the app builds at start-up, held on `app.state.services`."""

from __future__ import annotations

from dataclasses import dataclass

from rasa_sdk.executor import ActionExecutor
from sqlalchemy import Engine

from api.rasa_client import RasaClient
from api.settings import Settings
from wegwijzer.catalogue import Catalogue


@dataclass
class Services:
    settings: Settings
    catalogue: Catalogue
    engine: Engine
    rasa: RasaClient
    executor: ActionExecutor
