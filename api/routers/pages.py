"""The web pages: kiosk (/), staff (/medewerker), partner (/partner), and the kiosk's config."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from pydantic import BaseModel

from api.deps import CatalogueDep, SettingsDep
from wegwijzer.guide import browse_start

WEB_DIR = Path(__file__).resolve().parents[2] / "web"
STATIC_DIR = WEB_DIR / "static"

router = APIRouter(tags=["pages"])


def _page(name: str) -> FileResponse:
    return FileResponse(WEB_DIR / name, media_type="text/html; charset=utf-8")


@router.get("/", include_in_schema=False)
def kiosk() -> FileResponse:
    return _page("kiosk.html")


@router.get("/medewerker", include_in_schema=False)
def staff_page() -> FileResponse:
    return _page("staff.html")


@router.get("/medewerker/oefenen", include_in_schema=False)
def practice_page() -> FileResponse:
    return _page("practice.html")


@router.get("/medewerker/oefenen/trainer", include_in_schema=False)
def trainer_page() -> FileResponse:
    return _page("trainer.html")


@router.get("/partner", include_in_schema=False)
def partner_page() -> FileResponse:
    return _page("partner.html")


class Tile(BaseModel):
    topic: str
    title: str
    question: str


class BranchOut(BaseModel):
    id: str
    name: str


class BrowseButton(BaseModel):
    title: str
    # Sent to POST /api/chat as the visitor's message when the button is pressed.
    payload: str


class KioskConfig(BaseModel):
    branch: str
    branches: list[BranchOut]
    inactivity_seconds: int
    warning_seconds: int
    examples: list[str]
    tiles: list[Tile]
    topics: dict[str, str]
    # "Kies een onderwerp": the groups, the first of three taps to any topic.
    browse_title: str
    browse: list[BrowseButton]


@router.get("/api/kiosk/config", tags=["chat"])
def kiosk_config(catalogue: CatalogueDep, settings: SettingsDep) -> KioskConfig:
    """What the pages need from the catalogue: start screen, branches, topic titles."""
    return KioskConfig(
        branch=settings.branch or catalogue.default_branch,
        branches=[BranchOut(id=k, name=b.name) for k, b in catalogue.branches.items()],
        inactivity_seconds=settings.kiosk_inactivity_seconds,
        warning_seconds=settings.kiosk_warning_seconds,
        examples=list(catalogue.kiosk.examples),
        tiles=[
            Tile(topic=t.topic, title=catalogue.topics[t.topic].title, question=t.question)
            for t in catalogue.kiosk.tiles
        ],
        topics={k: t.title for k, t in catalogue.topics.items()},
        browse_title=catalogue.texts.browse_start,
        browse=[
            BrowseButton(title=b.title, payload=b.payload) for b in browse_start(catalogue).buttons
        ],
    )
