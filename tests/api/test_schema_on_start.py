"""The app brings a database that does not exist yet to the newest schema by itself.

Most tests start from a copy of a database migrated once (tests/conftest.py); this is
the path a new installation takes, from nothing, through every migration.
"""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from api.app import create_app
from api.settings import Settings
from wegwijzer.storage.migrate import alembic_config
from wegwijzer.storage.models import Base


def test_a_new_database_gets_every_migration_and_matches_the_models(
    settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "new" / "wegwijzer.db"
    path.parent.mkdir()
    url = f"sqlite:///{path}"
    with TestClient(create_app(settings.model_copy(update={"database_url": url}))) as client:
        assert client.get("/health/live").status_code == 200
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"render_as_batch": True})
            assert context.get_current_revision() == head
            # A model changed without a migration (or the reverse) shows up here.
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
