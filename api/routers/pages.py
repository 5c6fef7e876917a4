"""The web pages: kiosk (/), staff (/medewerker), partner (/partner), and the kiosk's config."""

from __future__ import annotations

import functools
import json
import re
from html import escape
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel

from api.deps import CatalogueDep, PartnersDep, SettingsDep
from api.errors import error_responses
from api.visitor_input import Language, branch_or_422
from wegwijzer.catalogue import Catalogue, Task
from wegwijzer.guide import browse_start, topic_task_payload
from wegwijzer.language import DUTCH, LANGUAGES, OWN_NAMES, direction, or_dutch
from wegwijzer.partner_cards import spreekuren_on
from wegwijzer.referrals.promise import today_local
from wegwijzer.workdays import dutch_date

WEB_DIR = Path(__file__).resolve().parents[2] / "web"
STATIC_DIR = WEB_DIR / "static"

router = APIRouter(tags=["pages"])


def _page(name: str) -> FileResponse:
    return FileResponse(WEB_DIR / name, media_type="text/html; charset=utf-8")


@router.get("/", include_in_schema=False)
def kiosk() -> FileResponse:
    return _page("kiosk.html")


# {{key}} in status.html: an interface text, or one of the page's own values.
_TOKEN = re.compile(r"\{\{(\w+)\}\}")
# The texts status.js and the partner card show, on <body data-texts>.
STATUS_SCRIPT_TEXTS = (
    "status_empty",
    "status_failed",
    "status_number",
    "card_address",
    "card_phone",
    "card_website",
    "card_open",
    "card_spreekuur",
    "card_label",
)


@functools.cache
def _template(name: str) -> str:
    return (WEB_DIR / name).read_text(encoding="utf-8")


def kiosk_url(language: str) -> str:
    """The kiosk's start screen in this language (kiosk.js reads ?lang=)."""
    return "/" if language == DUTCH else f"/?lang={language}"


def render_status_page(dutch: Catalogue, language: str) -> str:
    """status.html in this language: its words from interface.yml, lang and dir set."""
    texts = dutch.localised(language)
    script_texts = {key: texts.ui(key) for key in STATUS_SCRIPT_TEXTS}
    values = {
        "lang": language,
        "dir": direction(language),
        "texts_json": json.dumps(script_texts, ensure_ascii=False),
        # "Terug" opens the kiosk in the visitor's language, not in Dutch.
        "back_url": kiosk_url(language),
    }
    return _TOKEN.sub(
        lambda m: escape(values[m[1]] if m[1] in values else texts.ui(m[1])),
        _template("status.html"),
    )


@router.get("/status", include_in_schema=False)
def status_page(dutch: CatalogueDep, lang: str | None = None) -> HTMLResponse:
    """The status page, where the visitor types the number from the slip; in `lang`
    (the kiosk passes its language), Dutch when `lang` is missing or not one of ours."""
    return HTMLResponse(render_status_page(dutch, or_dutch(lang)))


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


# How staff and partners read a task (visitors see texts.yml's button titles).
TASK_NAMES = {
    Task.INFORMATIE: "Informatie zoeken",
    Task.AANVRAGEN: "Aanvragen",
    Task.WIJZIGEN: "Wijziging doorgeven",
    Task.INZIEN: "Eigen gegevens bekijken",
    Task.BEZWAAR: "Bezwaar maken",
    Task.BETALEN: "Betalen",
    Task.INLOGGEN_VOOR_MIJ: "Vraagt om voor hem of haar in te loggen",
}


class TaskButton(BaseModel):
    task: str
    title: str
    payload: str


class Tile(BaseModel):
    topic: str
    title: str
    question: str
    # The tile's menu: one button per task this topic has.
    tasks: list[TaskButton]


class BranchOut(BaseModel):
    id: str
    name: str


class BrowseButton(BaseModel):
    title: str
    # Sent to POST /api/chat as the visitor's message when the button is pressed.
    payload: str


class LanguageOut(BaseModel):
    code: str
    # The language's name in its own script ("العربية"), for the language choice.
    name: str
    dir: str


class KioskConfig(BaseModel):
    branch: str
    branches: list[BranchOut]
    inactivity_seconds: int
    warning_seconds: int
    examples: list[str]
    tiles: list[Tile]
    task_menu: str
    topics: dict[str, str]
    # "Alle onderwerpen": the groups, the first of three taps to any topic.
    browse: list[BrowseButton]
    # Display names for the staff and partner pages.
    tasks: dict[str, str]
    partners: dict[str, str]
    # "qr": a portal link (DigiD) shows a QR code instead of opening on this screen.
    portal_links: str = "qr"
    # The language of the texts above, its writing direction, the kiosk's own words
    # in it, and the languages a visitor can choose.
    language: str
    dir: str
    interface: dict[str, str]
    languages: list[LanguageOut]


@router.get("/api/kiosk/config", tags=["chat"], responses=error_responses(422))
def kiosk_config(
    dutch: CatalogueDep,
    settings: SettingsDep,
    partners: PartnersDep,
    language: Annotated[Language, Query(description="nl, en, pl, tr, ar or uk")] = DUTCH,
) -> KioskConfig:
    """What the pages need from the catalogue: start screen, branches, topic titles."""
    catalogue = dutch.localised(language)
    return KioskConfig(
        branch=settings.branch or catalogue.default_branch,
        branches=[BranchOut(id=k, name=b.name) for k, b in catalogue.branches.items()],
        inactivity_seconds=settings.kiosk_inactivity_seconds,
        warning_seconds=settings.kiosk_warning_seconds,
        examples=list(catalogue.kiosk.examples),
        tiles=[
            Tile(
                topic=t.topic,
                title=catalogue.topics[t.topic].title,
                question=t.question,
                tasks=tile_tasks(catalogue, t.topic),
            )
            for t in catalogue.kiosk.tiles
        ],
        task_menu=catalogue.texts.browse_topic_question,
        topics={k: t.title for k, t in catalogue.topics.items()},
        browse=[
            BrowseButton(title=b.title, payload=b.payload) for b in browse_start(catalogue).buttons
        ],
        tasks={task.value: name for task, name in TASK_NAMES.items()},
        partners={k: p.name for k, p in partners.partners.items()},
        portal_links=settings.kiosk_portal_links,
        language=language,
        dir=direction(language),
        interface=dict(catalogue.interface),
        languages=[
            LanguageOut(code=code, name=OWN_NAMES[code], dir=direction(code)) for code in LANGUAGES
        ],
    )


def tile_tasks(catalogue: Catalogue, topic: str) -> list[TaskButton]:
    tasks = catalogue.topics[topic].tasks
    buttons = []
    for task in Task:
        title = catalogue.texts.task_button(task)
        if task in tasks and title is not None:
            buttons.append(
                TaskButton(task=task.value, title=title, payload=topic_task_payload(topic, task))
            )
    return buttons


class SpreekuurOut(BaseModel):
    partner: str
    # The partner's own words from the partners file (Dutch).
    helps_with: str | None
    # "van 10 tot 12 uur", "od 10:00 do 12:00": in the language asked for.
    hours: str
    place: str
    # "Waar: hier in de bibliotheek." in the language asked for; the kiosk shows it as is.
    where: str


class TodayOut(BaseModel):
    branch: str
    # "dinsdag 1 december" (Dutch; the kiosk does not show it)
    date_text: str
    language: str
    spreekuren: list[SpreekuurOut]


@router.get("/api/kiosk/today", tags=["chat"], responses=error_responses(422))
def kiosk_today(
    dutch: CatalogueDep,
    settings: SettingsDep,
    partners: PartnersDep,
    branch: Annotated[str | None, Query(max_length=64)] = None,
    language: Annotated[Language, Query(description="nl, en, pl, tr, ar or uk")] = DUTCH,
) -> TodayOut:
    """Today's spreekuren of partners at this branch, for the kiosk's start screen,
    in the kiosk's language."""
    chosen = branch_or_422(branch, settings, dutch)
    catalogue = dutch.localised(language)
    today = today_local()
    return TodayOut(
        branch=chosen,
        date_text=dutch_date(today),
        language=language,
        spreekuren=[
            SpreekuurOut(**vars(s), where=catalogue.ui("today_where", place=s.place))
            for s in spreekuren_on(catalogue, partners, chosen, today)
        ],
    )
