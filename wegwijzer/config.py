"""Every setting of Wegwijzer in one model: environment variables WEGWIJZER_*, or `.env`.

The app, the action server, the launcher (`wegwijzer run`), the cluster runner,
retention and migrations all read this one model, so no default is written twice.
Values come, in this order, from keyword arguments, the environment, and the
file `.env` in the project folder (see `.env.example`); every value is optional.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from wegwijzer.catalogue import DEFAULT_CATALOGUE_DIR
from wegwijzer.delivery.worker import (
    DEFAULT_POLL_SECONDS,
    DEFAULT_RETRY_SCHEDULE,
    DEFAULT_SENDER,
    DEFAULT_SMTP_PORT,
    DEFAULT_TIMEOUT,
)
from wegwijzer.partners import DEFAULT_PARTNERS_FILE
from wegwijzer.secretfile import read_or_create

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var"
ENV_FILE = ROOT / ".env"
ENV_PREFIX = "WEGWIJZER_"
RASA_PORT = 5005
DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'wegwijzer.db'}"
RASA_TOKEN_FILE = "rasa-token"
ACTIONS_SECRET_FILE = "actions-secret"
SLIP_SECRET_FILE = "slip-secret"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        extra="ignore",
        env_file=ENV_FILE,
        env_file_encoding="utf-8",
        # WEGWIJZER_X= (empty) means "not set": the default holds.
        env_ignore_empty=True,
    )

    model_config = SettingsConfigDict(env_prefix="WEGWIJZER_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    database_url: str = DEFAULT_DATABASE_URL
    # Rasa is internal: the kiosk never talks to it directly.
    rasa_url: str = f"http://127.0.0.1:{RASA_PORT}"
    # The port the launcher starts Rasa on (always 127.0.0.1).
    rasa_port: int = Field(default=RASA_PORT, ge=1, le=65535)
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
    delivery_poll_seconds: float = Field(default=DEFAULT_POLL_SECONDS, gt=0)
    delivery_timeout_seconds: float = Field(default=DEFAULT_TIMEOUT, gt=0)
    # How long a worker's claim on a notification holds (default: 3 timeouts + 30 s).
    delivery_lease_seconds: float | None = Field(default=None, gt=0)
    # Seconds to wait after each failed attempt (comma-separated in the environment).
    delivery_retry_schedule: Annotated[tuple[float, ...], NoDecode] = DEFAULT_RETRY_SCHEDULE
    smtp_host: str | None = None
    smtp_port: int = DEFAULT_SMTP_PORT
    smtp_sender: str = DEFAULT_SENDER
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
    # Log lines on stderr: one JSON object per line (for a log shipper) or plain text.
    log_format: Literal["json", "text"] = "json"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Where the launcher puts logs (logs/), Rasa's files (rasa/) and its state (run/).
    run_dir: Path = VAR_DIR
    # Rasa's tracker store: PostgreSQL by URL, else SQLite in run_dir/rasa/tracker.db.
    rasa_tracker_url: str | None = None
    # Where retention finds that SQLite file when it is elsewhere.
    rasa_tracker_db: Path | None = None
    # Visitor messages in one Rasa conversation session (0: no cap).
    rasa_session_turns: int = Field(default=20, ge=0)
    # Retention: days without a change before an open referral loses its contact details.
    open_referral_days: int = Field(default=60, ge=1)
    # Retention: hours a conversation stays in Rasa's tracker store.
    transcript_hours: float = Field(default=24, ge=0)
    # The launcher gives up on a child that stops this often within this many seconds.
    restart_burst: int = Field(default=5, ge=1)
    restart_interval_seconds: float = Field(default=600.0, gt=0)
    # A child's log rotates at this size; this many old files are kept.
    log_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    log_backups: int = Field(default=5, ge=0)
    # How often the launcher checkpoints and vacuums the SQLite files.
    maintenance_hours: float = Field(default=24, gt=0)
    # Proxies whose X-Forwarded-For uvicorn trusts (unset: proxy headers ignored).
    forwarded_allow_ips: str | None = None
    # A topic not reviewed for this many months is listed as stale (check-config, staff).
    review_months: int = Field(default=6, ge=1)
    # `wegwijzer run-cluster`: its PostgreSQL and Redis ports, and instances of Rasa + app.
    cluster_pg_port: int = Field(default=5433, ge=1, le=65535)
    cluster_redis_port: int = Field(default=6380, ge=1, le=65535)
    cluster_instances: int = Field(default=2, ge=1)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_unset(cls, data: object) -> object:
        """`WEGWIJZER_X=` in `.env` means "not set", as it does in the environment."""
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value != ""}
        return data

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
    def tracker_db(self) -> Path:
        """Rasa's SQLite tracker store as the launcher places it (without a tracker URL)."""
        return self.rasa_tracker_db or self.run_dir / "rasa" / "tracker.db"

    @property
    def inbox_base(self) -> str:
        base = self.public_url or f"http://{self.host}:{self.port}"
        return base.rstrip("/") + "/partner"


@lru_cache
def get_settings() -> Settings:
    return Settings()


class _OnlyGiven(Settings):
    """Settings from keyword arguments alone: neither the environment nor `.env`."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def env_name(field: str) -> str:
    return ENV_PREFIX + field.upper()


def explain(exc: ValidationError) -> str:
    """A validation error in the operator's terms: the variable's name, then what is wrong."""
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        name = env_name(where) if where else "settings"
        lines.append(f"{name}: {error['msg']}")
    return "\n".join(lines)


def settings_from(env: Mapping[str, str] | None = None) -> Settings:
    """The settings of `env` alone (None: the environment and `.env`, as every process reads).

    Raises ValueError naming the WEGWIJZER_ variable that is wrong."""
    try:
        if env is None:
            return Settings()
        values: dict[str, Any] = {
            key[len(ENV_PREFIX) :].lower(): value
            for key, value in env.items()
            if key.startswith(ENV_PREFIX) and value != ""
        }
        return _OnlyGiven(**values)
    except ValidationError as exc:
        raise ValueError(explain(exc)) from None


def default(field: str) -> Any:
    """A setting's default, for code that must name it (dataclass defaults, help texts)."""
    return Settings.model_fields[field].default


def export_env_file(path: Path | None = None) -> list[str]:
    """Copy `.env`'s WEGWIJZER_ values into os.environ, where the environment has none.

    The CLI does this first, so the launcher and every child it starts (Rasa too)
    see the same values. Returns the names it set. Without `path`: the model's
    own `.env` (none when the tests switched it off)."""
    if path is None:
        configured = Settings.model_config.get("env_file")
        path = Path(configured) if isinstance(configured, str | Path) else None
    if path is None or not path.is_file():
        return []
    exported = []
    for key, value in dotenv_values(path).items():
        if key.startswith(ENV_PREFIX) and value and key not in os.environ:
            os.environ[key] = value
            exported.append(key)
    return exported
