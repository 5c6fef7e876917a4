"""Rate limits on chat, referral creation and failed sign-ins, per session and per client.

The client address is the one uvicorn puts in the ASGI scope: the peer, or, behind
a proxy listed in `--forwarded-allow-ips`, the address that proxy saw (uvicorn's
`--proxy-headers`). The app never reads X-Forwarded-For itself.
"""

from __future__ import annotations

from fastapi import HTTPException, Request, status

from api.settings import Settings
from wegwijzer.ratelimit import Limiter, Rule

TOO_MANY = "U stuurt te veel berichten achter elkaar. Wacht even en probeer het dan opnieuw."
TOO_MANY_SIGN_INS = (
    "Te veel pogingen met een verkeerd token. Wacht even en probeer het dan opnieuw."
)
MINUTE = 60
HOUR = 3600


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def too_many(wait: float, detail: str = TOO_MANY) -> HTTPException:
    return HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS, detail=detail, headers={"Retry-After": str(int(wait))}
    )


async def enforce(limiter: Limiter, rules: list[Rule]) -> None:
    """Count the request; 429 with Retry-After at the first rule it breaks."""
    wait = await limiter.hit(rules)
    if wait is not None:
        raise too_many(wait)


def chat_rules(settings: Settings, client: str, session_id: str | None) -> list[Rule]:
    rules = [Rule(f"chat:client:{client}", settings.rate_chat_client_per_minute, MINUTE)]
    if session_id:
        rules.append(
            Rule(f"chat:session:{session_id}", settings.rate_chat_session_per_minute, MINUTE)
        )
    return rules


def referral_rules(settings: Settings, client: str, session_id: str) -> list[Rule]:
    return [
        Rule(f"referral:client:{client}", settings.rate_referral_client_per_hour, HOUR),
        Rule(f"referral:session:{session_id}", settings.rate_referral_session_per_hour, HOUR),
    ]


def sign_in_failure_rule(settings: Settings, client: str) -> Rule:
    """Wrong bearer tokens per client address; only failures count."""
    return Rule(f"auth-failure:client:{client}", settings.rate_auth_failures_per_minute, MINUTE)
