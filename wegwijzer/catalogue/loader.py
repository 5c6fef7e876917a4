"""Read the catalogue from YAML files and validate it in one go."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from wegwijzer import yamlfile
from wegwijzer.catalogue.i18n import (
    FALLBACK_NOTE_KEY,
    Coverage,
    Translation,
    coverage,
    localised_tree,
    other_languages,
    parse_translation,
    translatable_texts,
)
from wegwijzer.catalogue.models import Catalogue
from wegwijzer.errors import CatalogueError
from wegwijzer.language import DUTCH
from wegwijzer.referrals.contact import MESSAGES as FORM_ERRORS

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


def _source_tree(directory: Path) -> dict[str, Any]:
    """The Dutch source: every file merged into the shape of `Catalogue`."""
    index = _read_mapping(directory / "catalogue.yml")
    for key in ("topics", "texts", "task_rules", "interface", "form_errors", "language"):
        if key in index:
            raise CatalogueError(f"catalogue.yml must not hold {key!r}; it has its own file")
    topics = {path.stem: _read_yaml(path) for path in sorted((directory / "topics").glob("*.yml"))}
    texts = _read_mapping(directory / "texts.yml")
    task_rules = _read_mapping(directory / "tasks.yml").get("rules")
    interface_path = directory / "interface.yml"
    interface = _read_mapping(interface_path) if interface_path.exists() else {}
    return {
        **index,
        "texts": texts,
        "task_rules": task_rules,
        "topics": topics,
        "interface": interface,
        "form_errors": dict(FORM_ERRORS),
    }


def _validate(tree: dict[str, Any], where: str) -> Catalogue:
    try:
        return Catalogue.model_validate(tree)
    except ValidationError as exc:
        problems = "\n".join(f"  {line}" for line in describe_errors(exc))
        raise CatalogueError(f"catalogue in {where} is invalid:\n{problems}") from exc


def load_translations(directory: Path, tree: dict[str, Any]) -> dict[str, Translation]:
    """Every catalogue/i18n/<language>.yml, checked against the Dutch texts in `tree`."""
    source = translatable_texts(tree)
    i18n = directory / "i18n"
    known = set(other_languages())
    problems = [
        f"i18n/{path.name}: not one of the kiosk's languages ({', '.join(sorted(known))})"
        for path in sorted(i18n.glob("*.yml"))
        if path.stem not in known
    ]
    translations: dict[str, Translation] = {}
    for language in other_languages():
        path = i18n / f"{language}.yml"
        if not path.exists():
            translations[language] = Translation(language, {}, "", "")
            continue
        translation, found = parse_translation(
            language, _read_yaml(path), source, f"i18n/{path.name}"
        )
        problems += found
        translations[language] = translation
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise CatalogueError(f"translations in {directory / 'i18n'} are invalid:\n{lines}")
    return translations


def load_catalogue(directory: Path = DEFAULT_CATALOGUE_DIR) -> Catalogue:
    """The Dutch catalogue, which knows its version in every other language.

    Reads `catalogue.yml`, `texts.yml`, `tasks.yml`, `interface.yml`, one file per
    topic in `topics/` and the translations in `i18n/`; all of it is validated here,
    so a broken translation stops the start, like a broken link.
    """
    tree = _source_tree(directory)
    dutch = _validate(tree, str(directory))
    versions = {DUTCH: dutch}
    dutch_note = str(tree["interface"].get(FALLBACK_NOTE_KEY, ""))
    for language, translation in load_translations(directory, tree).items():
        note = translation.texts.get(("interface", FALLBACK_NOTE_KEY), dutch_note)
        localised = localised_tree(tree, translation, note)
        localised["language"] = language
        versions[language] = _validate(localised, f"{directory} ({language})")
    for version in versions.values():
        version.with_versions(versions)
    return dutch


def translation_coverage(directory: Path = DEFAULT_CATALOGUE_DIR) -> list[Coverage]:
    """Per language: how many of the Dutch texts it translates, and which it lacks."""
    tree = _source_tree(directory)
    source = translatable_texts(tree)
    full = Translation(DUTCH, dict(source), "", "")
    return [coverage(full, source)] + [
        coverage(t, source) for t in load_translations(directory, tree).values()
    ]


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
