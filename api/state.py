"""Everything the app builds at start-up, held on `app.state.services`."""

from __future__ import annotations

from dataclasses import dataclass

from rasa_sdk.executor import ActionExecutor
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.rasa_client import RasaClient
from api.settings import Settings
from wegwijzer.catalogue import Catalogue
from wegwijzer.partners import Partners
from wegwijzer.ratelimit import RateLimiter


@dataclass
class Services:
    settings: Settings
    catalogue: Catalogue
    partners: Partners
    engine: Engine
    sessions: sessionmaker[Session]
    rasa: RasaClient
    executor: ActionExecutor
    limiter: RateLimiter
