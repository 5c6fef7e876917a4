"""Input rules shared by the routes that take a visitor's words."""

from __future__ import annotations

from typing import Annotated

from fastapi import HTTPException, status
from pydantic import StringConstraints

from api.settings import Settings
from wegwijzer.catalogue import Catalogue

MAX_TEXT = 2000

VisitorText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)
]


SessionId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")]


def branch_or_422(branch: str | None, settings: Settings, catalogue: Catalogue) -> str:
    """The request's branch, else the kiosk's, else the catalogue default; unknown is a 422."""
    chosen = branch or settings.branch or catalogue.default_branch
    if chosen not in catalogue.branches:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"Onbekende bibliotheek-vestiging: {chosen}",
        )
    return chosen
