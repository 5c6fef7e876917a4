"""Bearer-token checks: staff (WEGWIJZER_STAFF_TOKEN or the partners YAML), partners, operator.

A wrong token is logged (who tried, where; never the token) and counted per client
address; a client over `WEGWIJZER_RATE_AUTH_FAILURES_PER_MINUTE` gets 429 before
any token is looked at, so tokens cannot be guessed at speed.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import LimiterDep, PartnersDep, SettingsDep
from api.limits import TOO_MANY_SIGN_INS, client_address, sign_in_failure_rule, too_many
from api.settings import Settings
from wegwijzer.ratelimit import Limiter

logger = logging.getLogger(__name__)

_bearer = HTTPBearer(auto_error=False, description="Staff or partner token")
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


class SignInGuard:
    """Throttles and logs failed sign-ins of one request's client."""

    def __init__(self, request: Request, settings: Settings, limiter: Limiter) -> None:
        self._client = client_address(request)
        self._path = request.url.path
        self._limiter = limiter
        self._rule = sign_in_failure_rule(settings, self._client)

    async def check(self) -> None:
        wait = await self._limiter.blocked(self._rule)
        if wait is not None:
            raise too_many(wait, TOO_MANY_SIGN_INS)

    async def failed(self, kind: str, presented: bool) -> None:
        """Count a wrong token; no token at all is only a closed door, not an attempt."""
        if not presented:
            return
        logger.warning("failed %s sign-in from %s on %s", kind, self._client, self._path)
        await self._limiter.hit([self._rule])


async def sign_in_guard(
    request: Request, settings: SettingsDep, limiter: LimiterDep
) -> SignInGuard:
    guard = SignInGuard(request, settings, limiter)
    await guard.check()
    return guard


GuardDep = Annotated[SignInGuard, Depends(sign_in_guard)]


@dataclass(frozen=True)
class StaffScope:
    """Who signed in as staff, and the branches they may see (None: every branch)."""

    name: str
    branches: frozenset[str] | None

    def allows(self, branch: str) -> bool:
        return self.branches is None or branch in self.branches


# The operator's token from the environment: every branch, as before accounts existed.
OPERATOR = StaffScope("Beheerder", None)


def _configured(settings: Settings) -> str:
    return settings.staff_token.get_secret_value() if settings.staff_token else ""


def _is_operator(settings: Settings, token: str) -> bool:
    expected = _configured(settings)
    return bool(expected) and secrets.compare_digest(token.encode(), expected.encode())


async def require_staff(
    settings: SettingsDep, partners: PartnersDep, credentials: BearerDep, guard: GuardDep
) -> StaffScope:
    if not _configured(settings) and not partners.staff:
        raise _unauthorized(
            "Er is geen medewerker-token ingesteld (WEGWIJZER_STAFF_TOKEN of het partnerbestand)."
        )
    token = credentials.credentials if credentials else ""
    if _is_operator(settings, token):
        return OPERATOR
    staff_id = partners.staff_for_token(token) if token else None
    if staff_id is None:
        await guard.failed("staff", bool(token))
        raise _unauthorized("Log in met een geldig medewerker-token.")
    account = partners.staff[staff_id]
    return StaffScope(account.name, frozenset(account.branches) if account.branches else None)


async def require_partner(partners: PartnersDep, credentials: BearerDep, guard: GuardDep) -> str:
    """The id of the partner whose token this is."""
    partner_id = partners.partner_for_token(credentials.credentials) if credentials else None
    if partner_id is None:
        await guard.failed("partner", credentials is not None)
        raise _unauthorized("Log in met een geldig partner-token.")
    return partner_id


async def require_operator(settings: SettingsDep, credentials: BearerDep, guard: GuardDep) -> None:
    """The operator's token (WEGWIJZER_STAFF_TOKEN): metrics and the API schema."""
    token = credentials.credentials if credentials else ""
    if not _is_operator(settings, token):
        await guard.failed("operator", bool(token))
        raise _unauthorized("Log in met het token van de beheerder (WEGWIJZER_STAFF_TOKEN).")


StaffDep = Depends(require_staff)
StaffScopeDep = Annotated[StaffScope, Depends(require_staff)]
PartnerIdDep = Annotated[str, Depends(require_partner)]
OperatorDep = Depends(require_operator)
