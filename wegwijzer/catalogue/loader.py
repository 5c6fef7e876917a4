"""Read the catalogue from YAML files and validate it in one go."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from wegwijzer import yamlfile
from wegwijzer.catalogue.models import Catalogue
from wegwijzer.errors import CatalogueError

DEFAULT_CATALOGUE_DIR = Path(__file__).resolve().parents[2] / "catalogue"


def _read_yaml(path: Path) -> Any:
    try:
        return yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"cannot read {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path} is not valid YAML: {exc}") from exc


def _read_mapping(path: Path) -> dict[str, Any]:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise CatalogueError(f"{path} must hold a mapping")
    return data


def load_catalogue(directory: Path = DEFAULT_CATALOGUE_DIR) -> Catalogue:
    """Load `catalogue.yml`, `texts.yml`, `tasks.yml` and one file per topic in `topics/`."""
    index = _read_mapping(directory / "catalogue.yml")
    for key in ("topics", "texts", "task_rules"):
        if key in index:
            raise CatalogueError(f"catalogue.yml must not hold {key!r}; it has its own file")
    topics = {path.stem: _read_yaml(path) for path in sorted((directory / "topics").glob("*.yml"))}
    texts = _read_mapping(directory / "texts.yml")
    task_rules = _read_mapping(directory / "tasks.yml").get("rules")
    try:
        return Catalogue.model_validate(
            {**index, "texts": texts, "task_rules": task_rules, "topics": topics}
        )
    except ValidationError as exc:
        problems = "\n".join(f"  {line}" for line in describe_errors(exc))
        raise CatalogueError(f"catalogue in {directory} is invalid:\n{problems}") from exc


# Which file (and key in it) holds the data under each top-level key of the merged catalogue.
_FILES = {"texts": ("texts.yml", []), "task_rules": ("tasks.yml", ["rules"])}


def describe_errors(exc: ValidationError) -> list[str]:
    """One line per problem: the file an editor must open, the field, and what is wrong."""
    lines = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        if len(loc) >= 2 and loc[0] == "topics":
            file, field = f"topics/{loc[1]}.yml", loc[2:]
        elif loc and loc[0] in _FILES:
            file, prefix = _FILES[loc[0]]
            field = prefix + loc[1:]
        else:
            file, field = "catalogue.yml", loc
        where = f"{file}: {'.'.join(field)}" if field else file
        lines.append(f"{where}: {error['msg']}")
    return lines
