"""Rate limits on chat and referral creation, per chat session and per client address."""

from __future__ import annotations

from fastapi import HTTPException, Request, status

from api.settings import Settings
from wegwijzer.ratelimit import RateLimiter

TOO_MANY = "U stuurt te veel berichten achter elkaar. Wacht even en probeer het dan opnieuw."
MINUTE = 60.0
HOUR = 3600.0


def client_address(request: Request, settings: Settings) -> str:
    """The client's address; behind a trusted proxy, the first X-Forwarded-For entry."""
    if settings.trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded.strip():
            return forwarded.split(",")[0].strip()
    return request.client.host if request.client else "unknown"


def enforce(limiter: RateLimiter, rules: list[tuple[str, int, float]]) -> None:
    """Count the request under every rule; 429 with Retry-After when one is exceeded."""
    waits = [
        w for key, limit, window in rules if (w := limiter.hit(key, limit, window)) is not None
    ]
    if waits:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=TOO_MANY,
            headers={"Retry-After": str(int(max(waits)))},
        )


def chat_rules(
    settings: Settings, client: str, session_id: str | None
) -> list[tuple[str, int, float]]:
    rules = [(f"chat:client:{client}", settings.rate_chat_client_per_minute, MINUTE)]
    if session_id:
        rules.append((f"chat:session:{session_id}", settings.rate_chat_session_per_minute, MINUTE))
    return rules


def referral_rules(
    settings: Settings, client: str, session_id: str
) -> list[tuple[str, int, float]]:
    return [
        (f"referral:client:{client}", settings.rate_referral_client_per_hour, HOUR),
        (f"referral:session:{session_id}", settings.rate_referral_session_per_hour, HOUR),
    ]
