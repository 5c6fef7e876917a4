"""Input rules shared by the routes that take a visitor's words."""

from __future__ import annotations

from typing import Annotated

from fastapi import HTTPException, status
from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from api.settings import Settings
from wegwijzer.catalogue import Catalogue
from wegwijzer.language import LANGUAGES, is_supported
from wegwijzer.referrals.offers import SESSION_ID_PATTERN

MAX_TEXT = 2000


def _stripped_not_blank(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise PydanticCustomError("string_too_short", "text is only white space")
    return stripped


# Length limits apply to the text as sent (as the OpenAPI schema says); then it is
# stripped, and white space alone counts as empty.
VisitorText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TEXT),
    AfterValidator(_stripped_not_blank),
]


SessionId = Annotated[str, StringConstraints(pattern=SESSION_ID_PATTERN)]


def _known_language(value: str) -> str:
    if not is_supported(value):
        raise PydanticCustomError("unknown_language", "unknown language")
    return value


# One of the kiosk's languages: nl, en, pl, tr, ar, uk.
Language = Annotated[
    str,
    AfterValidator(_known_language),
    Field(json_schema_extra={"enum": list(LANGUAGES)}),
]


def branch_or_422(branch: str | None, settings: Settings, catalogue: Catalogue) -> str:
    """The request's branch, else the kiosk's, else the catalogue default; unknown is a 422."""
    chosen = branch or settings.branch or catalogue.default_branch
    if chosen not in catalogue.branches:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"Onbekende bibliotheek-vestiging: {chosen}",
        )
    return chosen


def topic_or_422(topic: str | None, catalogue: Catalogue) -> str | None:
    """A topic id from a request: none, or one of the catalogue's; unknown is a 422."""
    if topic is not None and topic not in catalogue.topics:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"Onbekend onderwerp: {topic}"
        )
    return topic
