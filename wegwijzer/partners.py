"""Which partner organisation serves which topics at which library branch, and how it is told.

Loaded from the branches-and-partners YAML (`WEGWIJZER_PARTNERS`). Each library
configures its own; the file in the repo is a demo with example partners. The
same file names the staff accounts, each limited to its own branches.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Mapping
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from wegwijzer import yamlfile
from wegwijzer.catalogue.models import Catalogue, Identifier
from wegwijzer.delivery.signing import SigningError, secret_bytes
from wegwijzer.errors import WegwijzerError

DEFAULT_PARTNERS_FILE = Path(__file__).resolve().parents[1] / "config" / "partners.demo.yml"
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class PartnersError(WegwijzerError):
    """The partners file is missing, malformed or does not fit the catalogue."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Webhook(_Strict):
    url: str
    secret: str

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{url!r} is not an http(s) URL")
        return url

    @field_validator("secret")
    @classmethod
    def _usable_secret(cls, secret: str) -> str:
        try:
            secret_bytes(secret)
        except SigningError as exc:
            raise ValueError(str(exc)) from exc
        return secret


WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
Weekday = Annotated[str, StringConstraints(pattern="^(" + "|".join(WEEKDAYS) + ")$")]
PublicText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Spreekuur(_Strict):
    """A walk-in hour of a partner at a library branch: every week on one day.

    `first`/`last` bound the period it runs; `skip` lists days it does not take
    place (a holiday, a training day).
    """

    branch: Identifier
    day: Weekday
    start: time
    end: time
    # Where in the building, in the visitor's words ("bij de leestafel").
    place: PublicText | None = None
    first: date | None = None
    last: date | None = None
    skip: list[date] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Spreekuur:
        if self.end <= self.start:
            raise ValueError(f"a spreekuur ends after it starts ({self.start} - {self.end})")
        if self.first and self.last and self.last < self.first:
            raise ValueError("a spreekuur's `last` day comes before its `first`")
        return self

    def held_on(self, day: date) -> bool:
        return (
            WEEKDAYS[day.weekday()] == self.day
            and (self.first is None or day >= self.first)
            and (self.last is None or day <= self.last)
            and day not in self.skip
        )


class PublicFace(_Strict):
    """What a visitor may see of a partner: so next time they can go there themselves."""

    # What the partner helps with, in B1 ("Hulp bij formulieren van de overheid.").
    helps_with: PublicText
    address: PublicText | None = None
    phone: PublicText | None = None
    website: str | None = None
    # One line per period, in B1 ("maandag tot en met vrijdag van 9 tot 17 uur").
    opening_hours: list[PublicText] = Field(default_factory=list)
    spreekuren: list[Spreekuur] = Field(default_factory=list)

    @field_validator("website")
    @classmethod
    def _https(cls, url: str | None) -> str | None:
        if url is not None:
            parts = urlsplit(url)
            if parts.scheme != "https" or not parts.hostname:
                raise ValueError(f"website {url!r} must be an https URL")
        return url


class Partner(_Strict):
    name: str
    # True for the demo's made-up organisations.
    example: bool = False
    # sha256 hex digests of the partner's API bearer tokens (never the tokens).
    token_sha256: list[Sha256] = Field(min_length=1)
    webhook: Webhook | None = None
    email: str | None = None
    # The partner's promise: first contact within this many Dutch working days.
    response_days: int = Field(default=3, ge=1, le=30)
    public: PublicFace | None = None

    @model_validator(mode="after")
    def _notified_somehow(self) -> Partner:
        if self.webhook is None and self.email is None:
            raise ValueError("a partner needs a webhook, an e-mail address, or both")
        return self


class Route(_Strict):
    partner: Identifier
    topics: list[Identifier] = Field(min_length=1)


class BranchRouting(_Strict):
    # Serves every topic no route names.
    fallback: Identifier
    routes: list[Route] = Field(default_factory=list)
    # When the library's own IDO desk helps, one line per period, in B1 (on the slip).
    ido_hours: list[PublicText] = Field(default_factory=list)


class StaffAccount(_Strict):
    name: str
    token_sha256: list[Sha256] = Field(min_length=1)
    # The branches whose referrals and statistics this account sees; None: all.
    branches: list[Identifier] | None = Field(default=None, min_length=1)


class Partners(_Strict):
    partners: dict[Identifier, Partner]
    branches: dict[Identifier, BranchRouting]
    staff: dict[Identifier, StaffAccount] = Field(default_factory=dict)

    def check_against(self, catalogue: Catalogue) -> None:
        problems = []
        missing = sorted(set(catalogue.branches) - set(self.branches))
        if missing:
            problems.append(f"branches without partners: {', '.join(missing)}")
        for branch_id, routing in self.branches.items():
            if branch_id not in catalogue.branches:
                problems.append(f"unknown branch {branch_id!r}")
            named = [routing.fallback, *(r.partner for r in routing.routes)]
            problems += [
                f"branch {branch_id}: unknown partner {p!r}"
                for p in named
                if p not in self.partners
            ]
            for route in routing.routes:
                problems += [
                    f"branch {branch_id}: unknown topic {t!r}"
                    for t in route.topics
                    if t not in catalogue.topics
                ]
        for partner_id, partner in self.partners.items():
            hours = partner.public.spreekuren if partner.public else []
            problems += [
                f"partner {partner_id}: spreekuur at unknown branch {h.branch!r}"
                for h in hours
                if h.branch not in catalogue.branches
            ]
        for staff_id, account in self.staff.items():
            problems += [
                f"staff {staff_id}: unknown branch {b!r}"
                for b in account.branches or []
                if b not in catalogue.branches
            ]
        shared = self._shared_digests()
        if shared:
            problems.append(f"token digests used by more than one account: {', '.join(shared)}")
        if problems:
            raise PartnersError("partners file does not fit the catalogue: " + "; ".join(problems))

    def _shared_digests(self) -> list[str]:
        """A token must identify one account: otherwise who is calling is a guess."""
        owners: dict[str, set[str]] = {}
        digests = [(k, p.token_sha256) for k, p in self.partners.items()]
        digests += [("staff " + k, a.token_sha256) for k, a in self.staff.items()]
        for owner, known in digests:
            for digest in known:
                owners.setdefault(digest, set()).add(owner)
        return sorted(d[:12] + "..." for d, names in owners.items() if len(names) > 1)

    def route(self, branch: str, topic: str | None) -> str:
        """The id of the partner that takes this branch's referrals on this topic."""
        routing = self.branches[branch]
        for route in routing.routes:
            if topic in route.topics:
                return route.partner
        return routing.fallback

    def partner_for_token(self, token: str) -> str | None:
        return _owner(token, self.partners)

    def staff_for_token(self, token: str) -> str | None:
        return _owner(token, self.staff)


def _owner(token: str, accounts: Mapping[str, Partner | StaffAccount]) -> str | None:
    """Compares against every digest, so the time taken does not say which matched."""
    digest = token_digest(token)
    found = None
    for account_id, account in accounts.items():
        for known in account.token_sha256:
            if hmac.compare_digest(digest, known):
                found = account_id
    return found


def token_digest(token: str) -> str:
    """What the partners file keeps of a token (`wegwijzer token new` prints it)."""
    return hashlib.sha256(token.encode()).hexdigest()


def load_partners(path: Path, catalogue: Catalogue) -> Partners:
    try:
        data: Any = yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PartnersError(f"cannot read partners file {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise PartnersError(f"{path} is not valid YAML: {exc}") from exc
    try:
        partners = Partners.model_validate(data)
    except ValidationError as exc:
        raise PartnersError(f"partners file {path} is invalid:\n{exc}") from exc
    partners.check_against(catalogue)
    return partners


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def refuse_examples_in_public(partners: Partners, host: str, demo: bool) -> None:
    """Example partners have published tokens and secrets: never on a reachable address,
    unless the operator says this is a demonstration."""
    examples = sorted(k for k, p in partners.partners.items() if p.example)
    if examples and not demo and not is_loopback(host):
        raise PartnersError(
            f"refusing to listen on {host}: the partners file has example partners "
            f"({', '.join(examples)}) whose tokens and webhook secrets are public. "
            "Configure your own partners file (WEGWIJZER_PARTNERS), or set "
            "WEGWIJZER_DEMO=true for a demonstration."
        )
