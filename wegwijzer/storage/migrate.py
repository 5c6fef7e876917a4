"""Bring a database to the newest schema with Alembic (`python -m wegwijzer.storage.migrate`)."""

from __future__ import annotations

import argparse
import sys

from alembic import command
from alembic.config import Config

from wegwijzer.config import ROOT, settings_from


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="wegwijzer migrate",
        description="Bring the app's database to the newest schema (Alembic). "
        "The app does this itself at start-up unless WEGWIJZER_AUTO_MIGRATE=false.",
        epilog="example: wegwijzer migrate --url postgresql+psycopg://wegwijzer@db/wegwijzer",
    )
    parser.add_argument(
        "--url", help="SQLAlchemy URL of the database (default: WEGWIJZER_DATABASE_URL)"
    )
    args = parser.parse_args(argv)
    url = args.url or settings_from().database_url
    upgrade(url)
    print(f"The database is at the newest schema ({_masked(url)}).")
    return 0


def _masked(url: str) -> str:
    from sqlalchemy.engine import make_url  # noqa: PLC0415 - only for the message

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
