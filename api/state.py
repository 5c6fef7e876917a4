"""Everything a listener builds at start-up, held on `app.state`."""

from __future__ import annotations

from dataclasses import dataclass

from rasa_sdk.executor import ActionExecutor
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.rasa_client import RasaClient
from api.settings import Settings
from wegwijzer.catalogue import Catalogue
from wegwijzer.partners import Partners
from wegwijzer.ratelimit import Limiter


@dataclass
class Services:
    """The public app's (`app.state.services`)."""

    settings: Settings
    catalogue: Catalogue
    partners: Partners
    engine: Engine
    sessions: sessionmaker[Session]
    rasa: RasaClient
    limiter: Limiter


@dataclass
class ActionServices:
    """The private action server's (`app.state.actions`)."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    executor: ActionExecutor
    # The shared secret Rasa sends in ACTIONS_SECRET_HEADER.
    secret: str
