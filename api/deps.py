"""Typed FastAPI dependencies; tests replace them with `dependency_overrides`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from rasa_sdk.executor import ActionExecutor
from sqlalchemy import Engine

from api.rasa_client import RasaClient
from api.settings import Settings
from api.state import Services
from wegwijzer.catalogue import Catalogue


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


def get_executor(services: ServicesDep) -> ActionExecutor:
    return services.executor


def get_app_settings(services: ServicesDep) -> Settings:
    return services.settings


RasaDep = Annotated[RasaClient, Depends(get_rasa)]
EngineDep = Annotated[Engine, Depends(get_engine)]
CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]
ExecutorDep = Annotated[ActionExecutor, Depends(get_executor)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
