"""Bearer-token checks: staff (WEGWIJZER_STAFF_TOKEN or the partners YAML) and partners."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
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


@dataclass(frozen=True)
class StaffScope:
    """Who signed in as staff, and the branches they may see (None: every branch)."""

    name: str
    branches: frozenset[str] | None

    def allows(self, branch: str) -> bool:
        return self.branches is None or branch in self.branches


# The operator's token from the environment: every branch, as before accounts existed.
OPERATOR = StaffScope("Beheerder", None)


def require_staff(
    settings: SettingsDep, partners: PartnersDep, credentials: BearerDep
) -> StaffScope:
    expected = settings.staff_token.get_secret_value() if settings.staff_token else ""
    if not expected and not partners.staff:
        raise _unauthorized(
            "Er is geen medewerker-token ingesteld (WEGWIJZER_STAFF_TOKEN of het partnerbestand)."
        )
    token = credentials.credentials if credentials else ""
    if expected and secrets.compare_digest(token.encode(), expected.encode()):
        return OPERATOR
    staff_id = partners.staff_for_token(token) if token else None
    if staff_id is None:
        raise _unauthorized("Log in met een geldig medewerker-token.")
    account = partners.staff[staff_id]
    return StaffScope(account.name, frozenset(account.branches) if account.branches else None)


def require_partner(partners: PartnersDep, credentials: BearerDep) -> str:
    """The id of the partner whose token this is."""
    partner_id = partners.partner_for_token(credentials.credentials) if credentials else None
    if partner_id is None:
        raise _unauthorized("Log in met een geldig partner-token.")
    return partner_id


StaffDep = Depends(require_staff)
StaffScopeDep = Annotated[StaffScope, Depends(require_staff)]
PartnerIdDep = Annotated[str, Depends(require_partner)]
