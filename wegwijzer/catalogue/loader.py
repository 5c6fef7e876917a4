"""Read the catalogue from YAML files and validate it in one go."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from wegwijzer.catalogue.models import Catalogue
from wegwijzer.errors import CatalogueError

DEFAULT_CATALOGUE_DIR = Path(__file__).resolve().parents[2] / "catalogue"


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"cannot read {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path} is not valid YAML: {exc}") from exc


def load_catalogue(directory: Path = DEFAULT_CATALOGUE_DIR) -> Catalogue:
    """Load `catalogue.yml` plus one file per topic under `topics/`."""
    index = _read_yaml(directory / "catalogue.yml")
    if not isinstance(index, dict):
        raise CatalogueError(f"{directory / 'catalogue.yml'} must hold a mapping")
    topics: dict[str, Any] = {}
    for path in sorted((directory / "topics").glob("*.yml")):
        topics[path.stem] = _read_yaml(path)
    if "topics" in index:
        raise CatalogueError("catalogue.yml must not hold topics; put them in topics/<id>.yml")
    try:
        return Catalogue.model_validate({**index, "topics": topics})
    except ValidationError as exc:
        raise CatalogueError(f"catalogue in {directory} is invalid:\n{exc}") from exc
