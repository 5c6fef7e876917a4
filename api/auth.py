"""Bearer-token checks: staff (WEGWIJZER_STAFF_TOKEN) and partners (partners YAML)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import PartnersDep, SettingsDep

_bearer = HTTPBearer(auto_error=False, description="Staff or partner token")
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


def require_staff(settings: SettingsDep, credentials: BearerDep) -> str:
    expected = settings.staff_token.get_secret_value() if settings.staff_token else ""
    if not expected:
        raise _unauthorized("Er is geen medewerker-token ingesteld (WEGWIJZER_STAFF_TOKEN).")
    if credentials is None or not secrets.compare_digest(
        credentials.credentials.encode(), expected.encode()
    ):
        raise _unauthorized("Log in met een geldig medewerker-token.")
    return "staff"


def require_partner(partners: PartnersDep, credentials: BearerDep) -> str:
    """The id of the partner whose token this is."""
    partner_id = partners.partner_for_token(credentials.credentials) if credentials else None
    if partner_id is None:
        raise _unauthorized("Log in met een geldig partner-token.")
    return partner_id


StaffDep = Depends(require_staff)
PartnerIdDep = Annotated[str, Depends(require_partner)]
