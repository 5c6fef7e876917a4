"""Typed FastAPI dependencies; tests replace them with `dependency_overrides`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from rasa_sdk.executor import ActionExecutor
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from api.rasa_client import RasaClient
from api.settings import Settings
from api.state import ActionServices, Services
from wegwijzer.catalogue import Catalogue
from wegwijzer.partners import Partners
from wegwijzer.ratelimit import Limiter


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_rasa(services: ServicesDep) -> RasaClient:
    return services.rasa


def get_engine(services: ServicesDep) -> Engine:
    return services.engine


def get_catalogue(services: ServicesDep) -> Catalogue:
    return services.catalogue


def get_partners(services: ServicesDep) -> Partners:
    return services.partners


def get_action_services(request: Request) -> ActionServices:
    actions: ActionServices = request.app.state.actions
    return actions


ActionServicesDep = Annotated[ActionServices, Depends(get_action_services)]


def get_executor(actions: ActionServicesDep) -> ActionExecutor:
    return actions.executor


def get_app_settings(services: ServicesDep) -> Settings:
    return services.settings


def get_limiter(services: ServicesDep) -> Limiter:
    return services.limiter


def get_session(services: ServicesDep) -> Iterator[Session]:
    with services.sessions() as session:
        yield session


RasaDep = Annotated[RasaClient, Depends(get_rasa)]
EngineDep = Annotated[Engine, Depends(get_engine)]
CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]
PartnersDep = Annotated[Partners, Depends(get_partners)]
ExecutorDep = Annotated[ActionExecutor, Depends(get_executor)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
LimiterDep = Annotated[Limiter, Depends(get_limiter)]
