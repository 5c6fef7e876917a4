"""Bearer-token checks for staff endpoints."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import SettingsDep

_bearer = HTTPBearer(auto_error=False, description="Staff token (WEGWIJZER_STAFF_TOKEN)")


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


def require_staff(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    expected = settings.staff_token.get_secret_value() if settings.staff_token else ""
    if not expected:
        raise _unauthorized("Er is geen medewerker-token ingesteld (WEGWIJZER_STAFF_TOKEN).")
    if credentials is None or not secrets.compare_digest(
        credentials.credentials.encode(), expected.encode()
    ):
        raise _unauthorized("Log in met een geldig medewerker-token.")


StaffDep = Depends(require_staff)
