"""Configuration from the environment (prefix WEGWIJZER_); every value is optional."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from wegwijzer.catalogue import DEFAULT_CATALOGUE_DIR

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEGWIJZER_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    database_url: str = f"sqlite:///{VAR_DIR / 'wegwijzer.db'}"
    # Rasa is internal: the kiosk never talks to it directly.
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: SecretStr | None = None
    rasa_timeout_seconds: float = Field(default=15.0, gt=0)
    catalogue_dir: Path = DEFAULT_CATALOGUE_DIR
    # The library branch this kiosk stands in, when the page does not say.
    branch: str | None = None
    staff_token: SecretStr | None = None


@lru_cache
def get_settings() -> Settings:
    return Settings()
