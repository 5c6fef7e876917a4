"""The practice case library: enough realistic cases, in B1, backed by the catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.unit.test_writing import MAX_AVERAGE_WORDS, MAX_SENTENCE_WORDS
from wegwijzer.catalogue import DEFAULT_CATALOGUE_DIR, Catalogue, Task
from wegwijzer.errors import CatalogueError
from wegwijzer.practice.cases import CaseLibrary, link_url, load_cases
from wegwijzer.readability import measure

CASES_DIR = DEFAULT_CATALOGUE_DIR / "cases"


@pytest.fixture(scope="module")
def library(catalogue: Catalogue) -> CaseLibrary:
    return load_cases(CASES_DIR, catalogue)


def test_library_is_large_and_broad(library: CaseLibrary) -> None:
    assert len(library) >= 30
    assert len({case.topic for _, case in library}) >= 18


def test_library_has_the_kinds_of_visitor_a_desk_sees(library: CaseLibrary) -> None:
    cases = [case for _, case in library]
    boundary = [c for c in cases if c.push_login is not None]
    assert len(boundary) >= 4, "cases where the visitor pushes staff to log in"
    assert all(c.expected.digid_boundary for c in boundary)
    assert any(c.expected.link == "proefberekening" for c in cases)
    assert {"kindgebonden_budget", "kinderbijslag"} <= {c.topic for c in cases}
    assert any(c.expected.referral for c in cases)
    assert any(not c.expected.referral for c in cases)
    assert {c.expected.task for c in cases} >= {Task.INFORMATIE, Task.AANVRAGEN, Task.BETALEN}


def test_every_expected_link_resolves_to_a_catalogue_url(
    library: CaseLibrary, catalogue: Catalogue
) -> None:
    for case_id, case in library:
        for key in [case.expected.link, *case.expected.also_links]:
            url = link_url(catalogue, case.topic, key)
            assert catalogue.link_problem(url) is None, case_id


def case_texts(library: CaseLibrary) -> list[tuple[str, str]]:
    texts = []
    for case_id, case in library:
        texts += [(f"{case_id}/opening", case.opening), (f"{case_id}/persona", case.persona)]
        texts.append((f"{case_id}/advice", case.expected.advice))
        texts += [(f"{case_id}/facts.{k}", v) for k, v in case.facts.items()]
        if case.push_login:
            texts.append((f"{case_id}/push_login", case.push_login))
    return texts


def test_case_texts_are_b1(library: CaseLibrary) -> None:
    problems = []
    for where, text in case_texts(library):
        result = measure(text)
        if result.average_words > MAX_AVERAGE_WORDS or result.longest > MAX_SENTENCE_WORDS:
            problems.append(f"{where}: sentences too long ({result})")
        if result.avoided:
            problems.append(f"{where}: avoid {result.avoided}")
        if any(f" {p} " in f" {text.lower()} " for p in ("je", "jij", "jouw")):
            problems.append(f"{where}: informal address")
    for case_id, case in library:
        if measure(case.title).longest > MAX_SENTENCE_WORDS:
            problems.append(f"{case_id}/title: too long")
    assert problems == []


def broken_copy(tmp_path: Path, case_id: str, change: dict[str, object]) -> Path:
    """A cases folder with one real case, changed (dotted keys reach into `expected`)."""
    folder = tmp_path / "cases"
    folder.mkdir()
    data = yaml.safe_load((CASES_DIR / f"{case_id}.yml").read_text(encoding="utf-8"))
    for key, value in change.items():
        target = data
        *path, last = key.split(".")
        for part in path:
            target = target[part]
        if value is None:
            del target[last]
        else:
            target[last] = value
    (folder / f"{case_id}.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    shutil.copy(CASES_DIR / "cjib_aanmaning.yml", folder / "cjib_aanmaning.yml")
    return folder


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"expected.link": "beroep"}, "expected.link", "is not a link of topic"),
        ({"topic": "huursubsidie"}, "topic", "unknown topic 'huursubsidie'"),
        ({"expected.digid_boundary": False}, "expected.digid_boundary", "needs DigiD"),
        ({"expected.partner": None}, "expected", "needs 'partner:'"),
        ({"expected.partner": "notaris"}, "expected.partner", "Input should be"),
        ({"facts.schoenmaat": "43"}, "facts.schoenmaat", "Input should be"),
        ({"openng": "Hallo"}, "openng", "Extra inputs are not permitted"),
        ({"opening": None}, "opening", "Field required"),
        ({"push_login": None}, "case", "needs 'push_login:'"),
    ],
)
def test_a_broken_case_names_its_file_and_field(
    tmp_path: Path, catalogue: Catalogue, change: dict[str, object], field: str, problem: str
) -> None:
    folder = broken_copy(tmp_path, "toeslagen_even_inloggen", change)
    with pytest.raises(CatalogueError) as error:
        load_cases(folder, catalogue)
    message = str(error.value)
    assert f"cases/toeslagen_even_inloggen.yml: {field}" in message
    assert problem in message
    assert "cjib_aanmaning" not in message, "a good case is not blamed"


def test_the_untouched_copy_loads(tmp_path: Path, catalogue: Catalogue) -> None:
    folder = broken_copy(tmp_path, "toeslagen_even_inloggen", {})
    assert len(load_cases(folder, catalogue)) == 2


def test_invalid_yaml_names_the_file(tmp_path: Path, catalogue: Catalogue) -> None:
    (tmp_path / "kapot.yml").write_text("title: [niet af\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"cases/kapot\.yml is not valid YAML"):
        load_cases(tmp_path, catalogue)
