"""The case library: one YAML file per practice case in `catalogue/cases/`.

A case is a visitor as a training actor would play them: a persona, an opening
line, facts told only when asked, and the outcome a good helper reaches. Cases
are checked against the catalogue when the app starts, so a case can never
expect a topic or a link the catalogue does not have.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from wegwijzer import yamlfile
from wegwijzer.answers import resolve_branch
from wegwijzer.catalogue.models import Catalogue, Identifier, Task, Text
from wegwijzer.digid import digid_required
from wegwijzer.errors import CatalogueError

CASES_DIR_NAME = "cases"


class Fact(StrEnum):
    """What a trainee can ask the visitor about; the simulated visitor's labels."""

    BRIEF = "brief"  # the letter: who sent it, what it says
    DIGID = "digid"  # whether they have DigiD and can use it
    DEADLINE = "deadline"  # by when something must happen
    INKOMEN = "inkomen"  # income, work, benefits
    HUISHOUDEN = "huishouden"  # who lives with them: partner, children
    WENS = "wens"  # what the visitor wants to reach
    HULP = "hulp"  # who can help at home
    GEPROBEERD = "geprobeerd"  # what they already tried


FACT_TITLES = {
    Fact.BRIEF: "de brief",
    Fact.DIGID: "DigiD",
    Fact.DEADLINE: "de termijn",
    Fact.INKOMEN: "het inkomen",
    Fact.HUISHOUDEN: "het huishouden",
    Fact.WENS: "wat de bezoeker wil",
    Fact.HULP: "wie kan helpen",
    Fact.GEPROBEERD: "wat de bezoeker al probeerde",
}


class PartnerKind(StrEnum):
    """The kinds of partner a library refers to; each library names its own."""

    FORMULIERENHULP = "formulierenhulp"
    SOCIAAL_RAADSLIEDEN = "sociaal_raadslieden"
    SCHULDHULP = "schuldhulp"
    JURIDISCH_LOKET = "juridisch_loket"
    DIGISTERKER = "digisterker"
    HUMANITAS = "humanitas"


PARTNER_TITLES = {
    PartnerKind.FORMULIERENHULP: "Formulierenhulp",
    PartnerKind.SOCIAAL_RAADSLIEDEN: "Sociaal raadslieden",
    PartnerKind.SCHULDHULP: "Schuldhulp",
    PartnerKind.JURIDISCH_LOKET: "Het Juridisch Loket",
    PartnerKind.DIGISTERKER: "Digisterker-cursus",
    PartnerKind.HUMANITAS: "Humanitas (hulp bij de administratie)",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expected(_Strict):
    """What a good helper does: the outcome the trainee's decision is scored against."""

    # The visitor's real need, in the catalogue's terms.
    task: Task
    # Key of the topic's link that helps this visitor most ...
    link: Identifier
    # ... and links that are good too (e.g. the portal beside the information page).
    also_links: list[Identifier] = Field(default_factory=list)
    digid_boundary: bool
    referral: bool
    partner: PartnerKind | None = None
    # The "one step further" advice: what makes this visitor more self-reliant.
    advice: Text

    @model_validator(mode="after")
    def _partner_with_referral(self) -> Expected:
        if self.referral and self.partner is None:
            raise ValueError("a referral needs 'partner:' (the kind of partner)")
        if not self.referral and self.partner is not None:
            raise ValueError("'partner:' only goes with 'referral: true'")
        return self


class Case(_Strict):
    title: Text
    topic: Identifier
    # Who the visitor is, for the trainer and the trainee (not said by the visitor).
    persona: Text
    opening: Text
    # Told only when the trainee asks about it; "Dat weet ik niet" for the rest.
    facts: dict[Fact, Text] = Field(min_length=3)
    # In boundary cases: how the visitor pushes the trainee to log in for them.
    push_login: Text | None = None
    expected: Expected

    @model_validator(mode="after")
    def _push_is_the_boundary(self) -> Case:
        if self.push_login is not None and self.expected.task is not Task.INLOGGEN_VOOR_MIJ:
            raise ValueError("a case with 'push_login:' expects task 'inloggen_voor_mij'")
        if self.push_login is None and self.expected.task is Task.INLOGGEN_VOOR_MIJ:
            raise ValueError("a case that expects 'inloggen_voor_mij' needs 'push_login:'")
        return self

    @property
    def boundary_push(self) -> bool:
        return self.push_login is not None


@dataclass(frozen=True)
class CaseLibrary:
    """Every case, by id (its file name), in file-name order."""

    cases: Mapping[str, Case]

    def __iter__(self) -> Iterator[tuple[str, Case]]:
        return iter(self.cases.items())

    def __len__(self) -> int:
        return len(self.cases)

    def get(self, case_id: str) -> Case | None:
        return self.cases.get(case_id)


def link_url(catalogue: Catalogue, topic_id: str, key: str, branch_id: str | None = None) -> str:
    """The URL of a topic's link; the gemeente site of the branch where the link says so."""
    link = catalogue.topics[topic_id].links[key]
    if link.url is not None:
        return link.url
    return resolve_branch(catalogue, branch_id).gemeente_url


def _catalogue_problems(case: Case, catalogue: Catalogue) -> list[tuple[str, str]]:
    """(field, problem) for every reference that the catalogue does not back."""
    topic = catalogue.topics.get(case.topic)
    if topic is None:
        return [("topic", f"unknown topic {case.topic!r}")]
    problems: list[tuple[str, str]] = []
    expected = case.expected
    for where, key in [("expected.link", expected.link)] + [
        (f"expected.also_links.{i}", k) for i, k in enumerate(expected.also_links)
    ]:
        if key not in topic.links:
            known = ", ".join(topic.links)
            problems.append((where, f"{key!r} is not a link of topic {case.topic!r} ({known})"))
    task = expected.task
    if task is not Task.INLOGGEN_VOOR_MIJ and task not in topic.tasks:
        problems.append(("expected.task", f"topic {case.topic!r} has no guidance for {task}"))
    elif expected.digid_boundary != digid_required(topic, task):
        needs = "needs" if not expected.digid_boundary else "does not need"
        problems.append(
            (
                "expected.digid_boundary",
                f"the catalogue says {case.topic}/{task.value} {needs} DigiD",
            )
        )
    return problems


def _read(path: Path) -> Any:
    try:
        return yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"cannot read {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{CASES_DIR_NAME}/{path.name} is not valid YAML: {exc}") from exc


def load_cases(directory: Path, catalogue: Catalogue) -> CaseLibrary:
    """Load and check every `<id>.yml`; one error lists every problem, by file and field."""
    problems: list[str] = []
    cases: dict[str, Case] = {}
    for path in sorted(directory.glob("*.yml")):
        file = f"{CASES_DIR_NAME}/{path.name}"
        case_id = path.stem
        if not case_id.replace("_", "").isalnum() or not case_id.islower():
            problems.append(f"{file}: the file name must be lower case letters, digits and _")
            continue
        data = _read(path)
        try:
            case = Case.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(p) for p in error["loc"])
                problems.append(f"{file}: {field or 'case'}: {error['msg']}")
            continue
        problems += [
            f"{file}: {field}: {msg}" for field, msg in _catalogue_problems(case, catalogue)
        ]
        cases[case_id] = case
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise CatalogueError(f"practice cases in {directory} are invalid:\n{lines}")
    return CaseLibrary(cases)
