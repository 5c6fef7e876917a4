"""The catalogue loads, and every content rule rejects a file that breaks it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from wegwijzer.catalogue import DEFAULT_CATALOGUE_DIR, Catalogue, Task, load_catalogue
from wegwijzer.errors import CatalogueError
from wegwijzer.text import normalize


def test_real_catalogue_holds_every_required_topic(catalogue: Catalogue) -> None:
    assert set(catalogue.topics) == set(catalogue.required_topics)
    for topic in catalogue.topics.values():
        assert Task.INFORMATIE in topic.tasks


def test_every_link_is_https_on_an_allowed_domain(catalogue: Catalogue) -> None:
    for topic in catalogue.topics.values():
        for link in topic.links.values():
            if link.url is not None:
                assert catalogue.link_problem(link.url) is None
    for branch in catalogue.branches.values():
        assert catalogue.link_problem(branch.gemeente_url) is None


@pytest.fixture
def editable(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_CATALOGUE_DIR, target)
    return target


def edit(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_missing_topic_file_fails(editable: Path) -> None:
    (editable / "topics" / "huurtoeslag.yml").unlink()
    with pytest.raises(CatalogueError, match="missing topics: huurtoeslag"):
        load_catalogue(editable)


def test_topic_not_in_required_list_fails(editable: Path) -> None:
    shutil.copy(editable / "topics" / "huurtoeslag.yml", editable / "topics" / "zomaar.yml")
    with pytest.raises(CatalogueError, match="not in required_topics: zomaar"):
        load_catalogue(editable)


def test_unknown_provider_fails(editable: Path) -> None:
    edit(editable / "topics" / "ww_uitkering.yml", lambda d: d.update(provider="nergens"))
    with pytest.raises(CatalogueError, match="unknown provider 'nergens'"):
        load_catalogue(editable)


@pytest.mark.parametrize("other", ["huursubsidie", "toeslag_terugbetalen"])
def test_narrowing_an_unknown_topic_or_itself_fails(editable: Path, other: str) -> None:
    edit(editable / "topics" / "toeslag_terugbetalen.yml", lambda d: d.update(narrows=[other]))
    with pytest.raises(CatalogueError, match=f"narrows: unknown topic '{other}'"):
        load_catalogue(editable)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://www.uwv.nl/nl/ww", "is not https"),
        ("https://www.uwv-helpdesk.com/ww", "not on an allow-listed"),
        ("https://uwv.nl.evil.example/ww", "not on an allow-listed"),
        ("https://evilduo.nl/", "not on an allow-listed"),
        ("https://user:pw@www.uwv.nl/", "credentials or a port"),
    ],
)
def test_bad_links_fail(editable: Path, url: str, reason: str) -> None:
    edit(
        editable / "topics" / "ww_uitkering.yml",
        lambda d: d["links"]["info"].update(url=url),
    )
    with pytest.raises(CatalogueError, match=reason):
        load_catalogue(editable)


def test_branch_site_must_be_allowed(editable: Path) -> None:
    edit(
        editable / "catalogue.yml",
        lambda d: d["branches"]["harlingen"].update(gemeente_url="https://harlingen.example.com"),
    )
    with pytest.raises(CatalogueError, match="branch harlingen"):
        load_catalogue(editable)


def test_task_naming_unknown_link_fails(editable: Path) -> None:
    edit(
        editable / "topics" / "huurtoeslag.yml",
        lambda d: d["tasks"]["aanvragen"].update(links=["portal", "bestaatniet"]),
    )
    with pytest.raises(CatalogueError, match="unknown link 'bestaatniet'"):
        load_catalogue(editable)


def test_unknown_placeholder_fails(editable: Path) -> None:
    edit(
        editable / "topics" / "parkeerboete.yml",
        lambda d: d["tasks"]["informatie"].update(text="Bel {telefoon}."),
    )
    with pytest.raises(CatalogueError, match="unknown placeholder"):
        load_catalogue(editable)


@pytest.mark.parametrize(
    ("names", "reason"),
    [
        (["Huursubsidie"], "must be written as it is matched"),
        (["huur-toeslag"], "must be written as it is matched"),
        ([], "at least 1 item"),
    ],
)
def test_topic_names_are_written_as_matched(editable: Path, names: list[str], reason: str) -> None:
    edit(editable / "topics" / "huurtoeslag.yml", lambda d: d.update(names=names))
    with pytest.raises(CatalogueError, match=reason):
        load_catalogue(editable)


def test_every_topic_is_named_by_its_own_title(catalogue: Catalogue) -> None:
    """A follow-up naming a topic by its title must count as naming it (see triage)."""
    for name, topic in catalogue.topics.items():
        assert topic.named_in(normalize(topic.title)), name


def test_unknown_field_fails(editable: Path) -> None:
    edit(editable / "topics" / "huurtoeslag.yml", lambda d: d.update(tittle="typo"))
    with pytest.raises(CatalogueError, match="tittle"):
        load_catalogue(editable)


def test_broken_yaml_names_the_file(editable: Path) -> None:
    (editable / "topics" / "huurtoeslag.yml").write_text("title: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"huurtoeslag\.yml is not valid YAML"):
        load_catalogue(editable)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"digid_when": ["online"]}, "names the DigiD route of a task with 'digid: false'"),
        ({"digid": False, "digid_when": ["Online"]}, "must be written as it is matched"),
    ],
)
def test_a_digid_route_needs_a_task_without_digid_and_plain_words(
    editable: Path, change: dict[str, Any], reason: str
) -> None:
    edit(editable / "topics" / "zorgtoeslag.yml", lambda d: d["tasks"]["aanvragen"].update(change))
    with pytest.raises(CatalogueError, match=reason):
        load_catalogue(editable)


def test_errors_name_the_file_an_editor_must_open(editable: Path) -> None:
    edit(editable / "texts.yml", lambda d: d.pop("did_you_mean"))
    with pytest.raises(CatalogueError, match=r"texts\.yml: did_you_mean: Field required"):
        load_catalogue(editable)


def test_topic_errors_name_the_topic_file_and_field(editable: Path) -> None:
    edit(
        editable / "topics" / "zorgtoeslag.yml",
        lambda d: d["tasks"]["bezwaar"].update(digid="misschien"),
    )
    with pytest.raises(CatalogueError, match=r"topics/zorgtoeslag\.yml: tasks\.bezwaar\.digid"):
        load_catalogue(editable)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://www.svb.nl/nl/aow", "is not https"),
        ("https://www.aow-uitleg.example.com/", "not on an allow-listed"),
    ],
)
def test_a_source_must_be_official(editable: Path, url: str, reason: str) -> None:
    edit(editable / "topics" / "aow.yml", lambda d: d["tasks"]["informatie"].update(source=url))
    with pytest.raises(CatalogueError, match=f"topic aow, task informatie, source: .*{reason}"):
        load_catalogue(editable)


def test_an_amount_without_its_year_fails(editable: Path) -> None:
    edit(
        editable / "topics" / "huurtoeslag.yml",
        lambda d: d["tasks"]["informatie"].update(
            text="U krijgt toeslag over uw huur tot € 932,93 per maand."
        ),
    )
    with pytest.raises(CatalogueError, match="say which year"):
        load_catalogue(editable)


def test_an_amount_with_its_year_loads(editable: Path) -> None:
    edit(
        editable / "topics" / "huurtoeslag.yml",
        lambda d: d["tasks"]["informatie"].update(
            text="In 2026 krijgt u toeslag over uw huur tot € 932,93 per maand."
        ),
    )
    assert "2026" in load_catalogue(editable).topics["huurtoeslag"].tasks["informatie"].text


def test_every_task_text_names_an_allowed_source_and_a_review_date(
    catalogue: Catalogue,
) -> None:
    for topic in catalogue.topics.values():
        for guidance in topic.tasks.values():
            assert catalogue.link_problem(guidance.source) is None
            assert guidance.reviewed.year >= 2026


@pytest.mark.parametrize("field", ["source", "reviewed"])
def test_a_rule_text_without_source_or_review_date_fails(editable: Path, field: str) -> None:
    edit(editable / "topics" / "zorgtoeslag.yml", lambda d: d["tasks"]["bezwaar"].pop(field))
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(editable)
    message = str(caught.value)
    assert "topics/zorgtoeslag.yml: tasks.bezwaar:" in message
    assert f"needs {field}" in message


def test_a_review_date_must_be_a_date(editable: Path) -> None:
    edit(
        editable / "topics" / "zorgtoeslag.yml",
        lambda d: d["tasks"]["bezwaar"].update(reviewed="vorige week"),
    )
    with pytest.raises(CatalogueError, match=r"topics/zorgtoeslag\.yml: tasks\.bezwaar\.reviewed"):
        load_catalogue(editable)


@pytest.mark.parametrize("field", ["owner", "reviewed"])
def test_every_topic_names_its_owner_and_review_date(editable: Path, field: str) -> None:
    edit(editable / "topics" / "zorgtoeslag.yml", lambda d: d.pop(field))
    with pytest.raises(CatalogueError, match=rf"topics/zorgtoeslag\.yml: {field}"):
        load_catalogue(editable)


def test_a_topic_review_covers_every_task_text(editable: Path) -> None:
    # Reviewing the whole topic on 2026-12-01 means checking every text that day.
    edit(editable / "topics" / "zorgtoeslag.yml", lambda d: d.update(reviewed="2026-12-01"))
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(editable)
    message = str(caught.value)
    assert "topics/zorgtoeslag.yml" in message
    assert re.search(
        r"task '\w+' was last checked on 2026-11-30, before the topic's review "
        r"on 2026-12-01",
        message,
    )


def test_the_real_topics_have_owners_and_reviews(catalogue: Catalogue) -> None:
    for topic in catalogue.topics.values():
        assert topic.owner
        assert all(g.reviewed >= topic.reviewed for g in topic.tasks.values())


def set_choices(choices: list[dict[str, str]]) -> Callable[[Any], None]:
    return lambda d: d["tasks"]["bezwaar"]["ask"].update(choices=choices)


@pytest.mark.parametrize(
    ("choices", "reason"),
    [
        ([{"title": "Ja", "topic": "nergens"}, {"title": "Nee"}], "unknown topic 'nergens'"),
        (
            [{"title": "Ja", "topic": "digid_aanvragen"}, {"title": "Nee"}],
            "'digid_aanvragen' has no guidance for 'bezwaar'",
        ),
        (
            [{"title": "Ja", "topic": "verkeersboete"}, {"title": "Nee", "topic": "verkeersboete"}],
            "two choices lead to the same topic",
        ),
        ([{"title": "Ja", "topic": "verkeersboete"}], "at least 2"),
        (
            [{"title": "Ja", "topic": "verkeersboete"}, {"title": "Nee", "topic": "schulden"}],
            "one choice must stay in this topic",
        ),
        (
            [{"title": "Ja", "topic": "verkeersboete"}, {"title": "Nee", "topic": "parkeerboete"}],
            "one choice must stay in this topic",
        ),
    ],
)
def test_bad_question_choices_fail(
    editable: Path, choices: list[dict[str, str]], reason: str
) -> None:
    edit(editable / "topics" / "parkeerboete.yml", set_choices(choices))
    with pytest.raises(CatalogueError, match=reason):
        load_catalogue(editable)


def test_a_choice_may_not_lead_to_another_question(editable: Path) -> None:
    """parkeerboete's CJIB choice leads to verkeersboete, which may not ask in turn."""
    question = {
        "text": "Staat er SVB op de brief?",
        "choices": [{"title": "Ja", "topic": "aow"}, {"title": "Nee"}],
    }
    edit(
        editable / "topics" / "verkeersboete.yml",
        lambda d: d["tasks"]["bezwaar"].update(ask=question),
    )
    with pytest.raises(CatalogueError, match="'verkeersboete' asks a question itself"):
        load_catalogue(editable)
