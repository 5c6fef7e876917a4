"""A copy of the catalogue that a test may change without touching the real one."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from wegwijzer.catalogue import DEFAULT_CATALOGUE_DIR


def copy_catalogue(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_CATALOGUE_DIR, target)
    return target


def edit_translation(
    directory: Path, language: str, change: Callable[[dict[str, Any]], object]
) -> None:
    path = directory / "i18n" / f"{language}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
