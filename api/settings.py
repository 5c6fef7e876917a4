"""Configuration from the environment (prefix WEGWIJZER_); every value is optional."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from wegwijzer.catalogue import DEFAULT_CATALOGUE_DIR
from wegwijzer.delivery.worker import DEFAULT_RETRY_SCHEDULE
from wegwijzer.partners import DEFAULT_PARTNERS_FILE
from wegwijzer.secretfile import read_or_create

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var"
RASA_TOKEN_FILE = "rasa-token"
ACTIONS_SECRET_FILE = "actions-secret"
SLIP_SECRET_FILE = "slip-secret"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEGWIJZER_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    database_url: str = f"sqlite:///{VAR_DIR / 'wegwijzer.db'}"
    # Rasa is internal: the kiosk never talks to it directly.
    rasa_url: str = "http://127.0.0.1:5005"
    # Rasa's --auth-token; unset: the one generated into `secrets_dir` on first start.
    rasa_token: SecretStr | None = None
    rasa_timeout_seconds: float = Field(default=15.0, gt=0)
    catalogue_dir: Path = DEFAULT_CATALOGUE_DIR
    # The library branch this kiosk stands in, when the page does not say.
    branch: str | None = None
    staff_token: SecretStr | None = None
    # Rate limits (429 with Retry-After); per chat session and per client address.
    rate_chat_session_per_minute: int = Field(default=30, ge=1)
    rate_chat_client_per_minute: int = Field(default=240, ge=1)
    rate_referral_session_per_hour: int = Field(default=5, ge=1)
    rate_referral_client_per_hour: int = Field(default=60, ge=1)
    # "Is mijn vraag al opgepakt?" lookups per client address.
    rate_status_client_per_minute: int = Field(default=10, ge=1)
    # Failed bearer-token attempts per client address before 429.
    rate_auth_failures_per_minute: int = Field(default=10, ge=1)
    # Redis for rate limits shared by several app instances (unset: in memory).
    redis_url: str | None = None
    # The private listener of Rasa's action-server protocol; loopback by default.
    actions_host: str = "127.0.0.1"
    actions_port: int = Field(default=5055, ge=1, le=65535)
    # The header Rasa sends to it; unset: the one generated into `secrets_dir`.
    actions_secret: SecretStr | None = None
    # Signs take-home slip URLs, so they cannot be changed to show other links;
    # unset: the one generated into `secrets_dir`.
    slip_secret: SecretStr | None = None
    # On the kiosk, a link to a personal portal (DigiD) shows a QR code instead of
    # opening on the library's screen ("open": opens like an information link).
    kiosk_portal_links: Literal["qr", "open"] = "qr"
    # Where generated secrets are kept (mode 0600).
    secrets_dir: Path = VAR_DIR / "secrets"
    # Largest request body on the public app, and raw or inflated on the action server.
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    actions_max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    # The demo partners file on a public address only when this says so.
    demo: bool = False
    # How long an SQLite writer waits for a lock before giving up.
    sqlite_busy_timeout_ms: int = Field(default=5000, ge=0)
    # Kiosk privacy: after this much inactivity a warning, then a reset.
    kiosk_inactivity_seconds: int = Field(default=120, ge=10)
    # WCAG 2.2.1: at least 20 seconds to say "I am still here".
    kiosk_warning_seconds: int = Field(default=30, ge=20)
    # Branches-and-partners YAML: routing, partner tokens, webhooks, e-mail.
    partners: Path = DEFAULT_PARTNERS_FILE
    # Where partners open their inbox; used in notifications. Default: this app.
    public_url: str | None = None
    # Run schema migrations when the app starts (off when a deploy step does it).
    auto_migrate: bool = True
    referral_offer_minutes: int = Field(default=30, gt=0)
    retention_days: int = Field(default=30, ge=0)
    delivery_worker: bool = True
    delivery_poll_seconds: float = Field(default=1.0, gt=0)
    delivery_timeout_seconds: float = Field(default=10.0, gt=0)
    # How long a worker's claim on a notification holds (default: 3 timeouts + 30 s).
    delivery_lease_seconds: float | None = Field(default=None, gt=0)
    # Seconds to wait after each failed attempt (comma-separated in the environment).
    delivery_retry_schedule: Annotated[tuple[float, ...], NoDecode] = DEFAULT_RETRY_SCHEDULE
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_sender: str = "wegwijzer@localhost"
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    # CA file for an SMTP server whose certificate the system does not trust.
    smtp_cafile: str | None = None
    # How often the app looks for overdue referrals, and the hour (Dutch time) after
    # which each partner gets the day's digest e-mail.
    promise_poll_seconds: float = Field(default=60.0, gt=0)
    digest_hour: int = Field(default=8, ge=0, le=23)
    # The launcher's record of its children (restarts), shown in /health and /metrics.
    supervisor_state: Path | None = None

    @model_validator(mode="after")
    def _no_smtp_login_in_the_clear(self) -> Settings:
        if self.smtp_username and not self.smtp_starttls:
            raise ValueError(
                "WEGWIJZER_SMTP_USERNAME needs WEGWIJZER_SMTP_STARTTLS=true: "
                "no SMTP login without TLS"
            )
        return self

    @field_validator("delivery_retry_schedule", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(float(part) for part in value.split(",") if part.strip())
        return value

    def rasa_token_value(self) -> str:
        if self.rasa_token is not None:
            return self.rasa_token.get_secret_value()
        return read_or_create(self.secrets_dir / RASA_TOKEN_FILE)

    def slip_secret_value(self) -> str:
        if self.slip_secret is not None:
            return self.slip_secret.get_secret_value()
        return read_or_create(self.secrets_dir / SLIP_SECRET_FILE)

    def actions_secret_value(self) -> str:
        if self.actions_secret is not None:
            return self.actions_secret.get_secret_value()
        return read_or_create(self.secrets_dir / ACTIONS_SECRET_FILE)

    @property
    def inbox_base(self) -> str:
        base = self.public_url or f"http://{self.host}:{self.port}"
        return base.rstrip("/") + "/partner"


@lru_cache
def get_settings() -> Settings:
    return Settings()
