"""Turn a topic and task into the words and links a visitor sees.

All content comes from the catalogue; this module only picks and fills it in
for the visitor's library branch.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from wegwijzer.catalogue.models import INFO_LINK, Branch, Catalogue, Link, Task
from wegwijzer.digid import digid_required
from wegwijzer.errors import UnknownBranchError, UnknownTopicError


@dataclass(frozen=True)
class ResolvedLink:
    title: str
    url: str
    provider: str
    # A personal portal that needs DigiD: not opened on a shared screen.
    portal: bool = False
    # The language the page itself is in, and for a visitor in another language
    # a short note that says so ("This page is in Dutch.").
    page_language: str = "nl"
    page_note: str | None = None

    @property
    def domain(self) -> str:
        """Shown beside the link, so a visitor sees where it goes."""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")


@dataclass(frozen=True)
class ResolvedChoice:
    title: str
    # The topic this answer leads to; the task stays the same.
    topic: str


@dataclass(frozen=True)
class ResolvedQuestion:
    """Asked before the answer, because the route depends on the visitor's letter."""

    text: str
    choices: tuple[ResolvedChoice, ...]
    # Every route needs DigiD for this task: the boundary is known before the choice.
    digid_required: bool = False


@dataclass(frozen=True)
class Answer:
    topic: str
    task: Task
    text: str
    links: tuple[ResolvedLink, ...]
    provider: str
    # The provider's information page, whatever the task's own links are.
    info: ResolvedLink
    digid_required: bool
    # When set, ask this first; the choice for this topic answers with `text`.
    question: ResolvedQuestion | None = None


def resolve_branch(catalogue: Catalogue, branch_id: str | None) -> Branch:
    key = branch_id or catalogue.default_branch
    try:
        return catalogue.branches[key]
    except KeyError:
        raise UnknownBranchError(f"unknown library branch {key!r}") from None


def _name_of(catalogue: Catalogue, provider_id: str, branch: Branch) -> str:
    provider = catalogue.providers[provider_id]
    return branch.gemeente if provider.per_branch else provider.name


def provider_name(catalogue: Catalogue, topic_id: str, branch: Branch) -> str:
    return _name_of(catalogue, catalogue.topics[topic_id].provider, branch)


def resolve_link(catalogue: Catalogue, topic_id: str, link: Link, branch: Branch) -> ResolvedLink:
    url, page_language = link.url_for(catalogue.language)
    if link.gemeente_site:
        url, page_language = branch.gemeente_url, "nl"
    assert url is not None  # guaranteed by Link's validator
    title = link.title
    if link.gemeente_site:
        title = catalogue.interface.get("gemeente_website", "Website van de {gemeente}").format(
            gemeente=branch.gemeente
        )
    provider_id = link.provider or catalogue.topics[topic_id].provider
    note = None
    if page_language != catalogue.language:
        note = catalogue.interface.get("page_in_dutch")
    return ResolvedLink(
        title=title,
        url=url,
        provider=_name_of(catalogue, provider_id, branch),
        page_language=page_language,
        page_note=note,
    )


def compose_answer(
    catalogue: Catalogue, topic_id: str, task: Task, branch_id: str | None = None
) -> Answer:
    """The guidance for this task, or the general information when the topic has none."""
    try:
        topic = catalogue.topics[topic_id]
    except KeyError:
        raise UnknownTopicError(f"unknown topic {topic_id!r}") from None
    branch = resolve_branch(catalogue, branch_id)
    guidance = topic.tasks.get(task) or topic.tasks[Task.INFORMATIE]
    links = tuple(
        replace(
            resolve_link(catalogue, topic_id, topic.links[key], branch),
            portal=key == topic.portal,
        )
        for key in guidance.links
    )
    question = None
    if guidance.ask is not None:
        question = ResolvedQuestion(
            text=guidance.ask.text.format(gemeente=branch.gemeente),
            choices=tuple(
                ResolvedChoice(title=c.title, topic=c.topic or topic_id)
                for c in guidance.ask.choices
            ),
            digid_required=all(
                digid_required(catalogue.topics[c.topic or topic_id], task)
                for c in guidance.ask.choices
            ),
        )
    return Answer(
        topic=topic_id,
        task=task,
        text=guidance.text.format(gemeente=branch.gemeente),
        links=links,
        provider=provider_name(catalogue, topic_id, branch),
        info=resolve_link(catalogue, topic_id, topic.links[INFO_LINK], branch),
        digid_required=digid_required(topic, task),
        question=question,
    )
