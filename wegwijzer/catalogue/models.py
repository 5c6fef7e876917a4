"""Pydantic models of the catalogue, with the content rules as validators.

A catalogue that breaks a rule (a missing topic, an unknown provider, a link
that is not https or not on an allow-listed official domain, a task text
without its source and review date) must fail to load, loudly, before any
visitor can see it.
"""

from __future__ import annotations

import re
import string
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from wegwijzer.text import normalize

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# Topic names this short match whole words only; longer ones the start of a word.
SHORT_NAME = 3

# Every topic has a link with this key: the provider's information page.
INFO_LINK = "info"

# Placeholders a guidance text may use; filled in per library branch.
PLACEHOLDERS = frozenset({"gemeente"})

# Every task text states at least one rule (who decides, a deadline, whether
# DigiD is needed), so every one names where that rule comes from.
SOURCED_FIELDS = ("source", "reviewed")

# An amount in euros changes every year: the text must say for which year.
_AMOUNT = re.compile(r"€\s?\d")
_YEAR = re.compile(r"\b20\d\d\b")


class Task(StrEnum):
    """What the visitor wants to do; decides whether DigiD is needed."""

    INFORMATIE = "informatie"
    AANVRAGEN = "aanvragen"
    WIJZIGEN = "wijzigen"
    INZIEN = "inzien"
    BEZWAAR = "bezwaar"
    BETALEN = "betalen"
    INLOGGEN_VOOR_MIJ = "inloggen_voor_mij"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Link(_Strict):
    """A link shown to visitors: a fixed URL, or the branch's gemeente site."""

    title: Text
    url: str | None = None
    # The provider's own page in English, where it truly has one; English visitors get it.
    url_en: str | None = None
    gemeente_site: bool = False
    # Who runs the page, when not the topic's own provider (e.g. CBR for rijbewijs).
    provider: Identifier | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Link:
        if (self.url is None) == (not self.gemeente_site):
            raise ValueError("a link needs exactly one of 'url' or 'gemeente_site: true'")
        if self.url_en is not None and self.url is None:
            raise ValueError("'url_en' needs a Dutch 'url' beside it")
        return self

    def fixed_urls(self) -> tuple[str, ...]:
        """Every fixed address of this link a visitor may be shown (Dutch, English)."""
        return tuple(u for u in (self.url, self.url_en) if u is not None)

    def url_for(self, language: str) -> tuple[str | None, str]:
        """The page for a visitor in this language, and the language that page is in."""
        if language == "en" and self.url_en is not None:
            return self.url_en, "en"
        return self.url, "nl"


class Provider(_Strict):
    name: Text
    # True for the gemeente: the organisation depends on the library branch.
    per_branch: bool = False


class Choice(_Strict):
    """One answer button under a question, and the topic whose guidance it leads to."""

    title: Text
    # None: this topic; the asking guidance's own text is the answer.
    topic: Identifier | None = None


class Question(_Strict):
    """Asked before the answer when the right route depends on the visitor's letter.

    Every choice leads to the same task, in this topic or another: the
    conversation carries only the task across the button press.
    """

    text: Text
    choices: list[Choice] = Field(min_length=2, max_length=3)

    @field_validator("choices")
    @classmethod
    def _distinct(cls, choices: list[Choice]) -> list[Choice]:
        targets = [c.topic for c in choices]
        if len(set(targets)) != len(targets):
            raise ValueError("two choices lead to the same topic")
        if None not in targets:
            raise ValueError("one choice must stay in this topic (leave out 'topic:')")
        return choices


class TaskGuidance(_Strict):
    text: Text
    links: list[Identifier] = Field(default_factory=list)
    # None: follow the general DigiD rule for this task (see wegwijzer.digid).
    digid: bool | None = None
    # With `digid: false`: words that say the visitor takes the route that does need
    # DigiD ("online" for a licence renewed at RDW rather than at the counter), written
    # as they are matched, like Topic.names (at the start of a word).
    digid_when: list[Text] = Field(default_factory=list)
    # The official page the rules in `text` come from (https, allow-listed) ...
    source: str
    # ... and the day an editor last checked `text` against it.
    reviewed: date
    ask: Question | None = None

    @model_validator(mode="before")
    @classmethod
    def _sourced(cls, data: object) -> object:
        if isinstance(data, dict):
            missing = [f for f in SOURCED_FIELDS if not data.get(f)]
            if missing:
                raise ValueError(
                    f"this text states a rule, so it needs {' and '.join(missing)}: "
                    "'source:' is the official page it comes from, "
                    "'reviewed:' the date (YYYY-MM-DD) you checked it"
                )
        return data

    @field_validator("digid_when")
    @classmethod
    def _plain_words(cls, words: list[str]) -> list[str]:
        return _plain(words)

    @model_validator(mode="after")
    def _digid_route(self) -> TaskGuidance:
        if self.digid_when and self.digid is not False:
            raise ValueError("'digid_when' names the DigiD route of a task with 'digid: false'")
        return self

    @cached_property
    def _route_pattern(self) -> re.Pattern[str] | None:
        if not self.digid_when:
            return None
        # "Niet online", "geen internet", "zonder digid": the other way.
        words = "|".join(re.escape(w) for w in self.digid_when)
        return re.compile(rf"(?<!\bgeen )(?<!\bniet )(?<!\bzonder )\b({words})")

    def takes_the_digid_route(self, words: str) -> bool:
        """Do these normalized words say the visitor goes the way that needs DigiD?"""
        return self._route_pattern is not None and bool(self._route_pattern.search(words))

    @model_validator(mode="after")
    def _dated_amounts(self) -> TaskGuidance:
        for where, text in (("text", self.text), ("ask", self.ask.text if self.ask else "")):
            if _AMOUNT.search(text) and not _YEAR.search(text):
                raise ValueError(
                    f"{where}: an amount changes every year; say which year "
                    "('In 2026 ...') or leave the amount out"
                )
        return self


class Topic(_Strict):
    title: Text
    provider: Identifier
    # Who keeps this topic current (an editor or team), named on the staff page.
    owner: Text
    # The day an editor last went through the whole topic: title, links and every text.
    reviewed: date
    # Words that name the topic in a visitor's Dutch, official and everyday ("huursubsidie"),
    # each matched at the start of a word (a short one as a whole word). A follow-up that
    # points back and names no other topic stays with the conversation's (see triage).
    names: Annotated[list[Text], Field(min_length=1)]
    # Broader topics this one is a case of: named in the same words ("ik moet 1400
    # euro huurtoeslag terugbetalen"), while the model still has it as a candidate,
    # this topic is meant, not the broader one (see triage).
    narrows: list[Identifier] = Field(default_factory=list)
    links: dict[Identifier, Link]
    # Key in `links` of the personal portal that needs DigiD; None when there is none.
    portal: Identifier | None = None
    tasks: dict[Task, TaskGuidance]

    @field_validator("names")
    @classmethod
    def _plain_names(cls, names: list[str]) -> list[str]:
        return _plain(names)

    @cached_property
    def _names_pattern(self) -> re.Pattern[str]:
        # A name of three letters or fewer ("ww", "cak", "id", "67") is a whole word:
        # "ww" must not name WW in "www.toeslagen.nl".
        parts = [re.escape(n) + (r"\b" if len(n) <= SHORT_NAME else "") for n in self.names]
        return re.compile(r"\b(" + "|".join(parts) + ")")

    def named_in(self, words: str) -> bool:
        """Do these normalized words name the topic?"""
        return bool(self._names_pattern.search(words))

    @cached_property
    def _named_words(self) -> re.Pattern[str]:
        return re.compile(self._names_pattern.pattern + r"\w*")

    def without_names(self, words: str) -> str:
        """The words, less every word that names this topic ("uwv" names WW and sickness)."""
        return self._named_words.sub(" ", words)

    @model_validator(mode="after")
    def _references(self) -> Topic:
        if Task.INFORMATIE not in self.tasks:
            raise ValueError("every topic needs guidance for the task 'informatie'")
        if INFO_LINK not in self.links:
            raise ValueError(f"every topic needs a link named {INFO_LINK!r}: its information page")
        if self.portal is not None and self.portal not in self.links:
            raise ValueError(f"portal {self.portal!r} is not one of the topic's links")
        for task, guidance in self.tasks.items():
            if guidance.reviewed < self.reviewed:
                raise ValueError(
                    f"task {task.value!r} was last checked on {guidance.reviewed.isoformat()}, "
                    f"before the topic's review on {self.reviewed.isoformat()}: a topic review "
                    "checks every text, so set the task's 'reviewed:' too"
                )
            for key in guidance.links:
                if key not in self.links:
                    raise ValueError(f"task {task.value!r} names unknown link {key!r}")
            _check_placeholders(guidance.text, f"task {task.value!r}")
            if guidance.ask is not None:
                _check_placeholders(guidance.ask.text, f"task {task.value!r}, ask")
        return self


class TaskRule(_Strict):
    """One line of catalogue/tasks.yml: a task and the phrases that signal it."""

    task: Task
    why: Text
    patterns: list[str]

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(
                    f"pattern {pattern!r} is not a valid regular expression: {exc}"
                ) from exc
        if not patterns:
            raise ValueError("a task rule needs at least one pattern")
        return patterns

    @cached_property
    def compiled(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.patterns)


class TriageSettings(_Strict):
    """Confidence limits; config.yml's FallbackClassifier must use the same values."""

    threshold: float = Field(ge=0, le=1)
    ambiguity: float = Field(ge=0, le=1)
    # A topic below this is not worth offering as "Bedoelt u ...?".
    candidate_minimum: float = Field(ge=0, le=1)


class Texts(_Strict):
    """Conversation texts the actions use (B1 Dutch); topic texts live in the topics."""

    digid_notice: Text
    digid_login_for_me: Text
    task_question: Text
    task_choice_information: Text
    task_choice_act: Text
    did_you_mean: Text
    # Schemes offered again when a typed follow-up says what, but not for which.
    which_scheme: Text
    something_else: Text
    # Before a route question, when every route needs the visitor's own DigiD.
    route_digid_notice: Text
    not_understood: Text
    out_of_scope: Text
    machtigen_hint: Text
    referral_offer: Text
    referral_yes: Text
    referral_no: Text
    referral_form_intro: Text
    referral_consent: Text
    referral_confirm: Text
    referral_declined: Text
    referral_next_steps: Text
    pii_warning: Text
    no_answer: Text
    helping_someone_else: Text
    rephrase: Text
    browse_start: Text
    browse_question: Text
    browse_topic_question: Text
    back: Text
    # Replies to conversation messages, by intent (triage.SMALL_TALK_INTENTS).
    reply_greet: Text
    reply_goodbye: Text
    reply_thanks: Text
    reply_affirm: Text
    reply_ask_human: Text
    reply_bot_challenge: Text
    # Button labels for what a visitor wants with a topic, per task.
    task_buttons: dict[Task, Text]

    @field_validator("task_buttons")
    @classmethod
    def _every_task_but_the_boundary(cls, buttons: dict[Task, str]) -> dict[Task, str]:
        missing = [t.value for t in Task if t is not Task.INLOGGEN_VOOR_MIJ and t not in buttons]
        if missing:
            raise ValueError(f"task_buttons lacks {', '.join(missing)}")
        return buttons

    def task_button(self, task: Task) -> str | None:
        """The button title for a task on the kiosk (none for inloggen_voor_mij)."""
        return self.task_buttons.get(task)


class Tile(_Strict):
    topic: Identifier
    question: Text


class KioskContent(_Strict):
    """The start screen: example questions and the most asked topics."""

    examples: list[Text] = Field(min_length=1, max_length=5)
    tiles: list[Tile] = Field(min_length=1, max_length=12)


class Family(_Strict):
    """Topics that visitors name with one broad word ("een uitkering", "een boete").

    When the words name only the family, the assistant asks which topic is
    meant and offers all of these, the most likely first: the right one must be
    among them.
    """

    title: Text
    # Whole words or phrases (normalised: lower case, no accents) that name the family.
    cues: list[Text] = Field(min_length=1)
    topics: list[Identifier] = Field(min_length=2, max_length=5)
    # The cue is a kind of scheme ("een uitkering", "de toeslag"), so in a conversation
    # about one of the topics it names that topic; "gemeente" or "boete" say where or
    # what, and do not (see triage.names_its_family).
    kind_of_scheme: bool = False

    def named_in(self, words: str) -> bool:
        """Do these normalized words name the family (a cue as whole words)?"""
        padded = f" {words} "
        return any(f" {cue} " in padded for cue in self.cues)


class LifeEvent(_Strict):
    """Something that happened ("we krijgen een baby") and the schemes that may follow."""

    title: Text
    text: Text
    topics: list[Identifier] = Field(min_length=1, max_length=5)
    # The first scheme is what one applies for because of the event (WW after losing a
    # job): "hoe vraag ik dat aan?" after the event means it, not the scheme at hand.
    applied_for_first: bool = False


class LetterSender(_Strict):
    title: Text
    # Per thing the letter asks: the topic it is about, or the topics to choose from.
    topics: dict[Task, list[Identifier]]

    @field_validator("topics", mode="before")
    @classmethod
    def _one_or_more(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value


class LetterIntake(_Strict):
    """ "Ik heb een brief gekregen": who sent it, then what it asks, as IDO staff ask."""

    question_sender: Text
    question_asks: Text
    # Button labels for what the letter asks, keyed by the task it means.
    asks: dict[Task, Text] = Field(min_length=1)
    other: Text
    senders: dict[Identifier, LetterSender] = Field(min_length=1)


class BrowseGroup(_Strict):
    title: Text
    topics: list[Identifier] = Field(min_length=1)


class Branch(_Strict):
    name: Text
    library: Text
    gemeente: Text
    gemeente_url: str


class Catalogue(_Strict):
    allowed_domains: list[Text]
    providers: dict[Identifier, Provider]
    branches: dict[Identifier, Branch]
    default_branch: Identifier
    # The topic ids the assistant must know; every one needs a topic file.
    required_topics: list[Identifier]
    triage: TriageSettings
    texts: Texts
    task_rules: list[TaskRule]
    kiosk: KioskContent
    topics: dict[Identifier, Topic]
    families: dict[Identifier, Family] = Field(default_factory=dict)
    life_events: dict[Identifier, LifeEvent] = Field(default_factory=dict)
    letters: LetterIntake | None = None
    # Regular expressions over the normalised message: arranging it for someone else.
    helping_cues: list[str] = Field(default_factory=list)
    browse: list[BrowseGroup] = Field(default_factory=list)
    # The kiosk's own words (interface.yml) and the referral form's errors, by key.
    interface: dict[Identifier, Text] = Field(default_factory=dict)
    form_errors: dict[Identifier, Text] = Field(default_factory=dict)
    # The language of every text in this object; the loader builds one per language.
    language: str = "nl"
    _versions: dict[str, Catalogue] = PrivateAttr(default_factory=dict)

    def localised(self, language: str | None) -> Catalogue:
        """This catalogue in another language (Dutch, or this one, when there is none)."""
        if language is None or language == self.language:
            return self
        return self._versions.get(language) or self._versions.get("nl") or self

    def with_versions(self, versions: dict[str, Catalogue]) -> None:
        """Called once by the loader: every language's catalogue knows all the others."""
        self._versions.update(versions)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._versions) or (self.language,)

    def ui(self, key: str, **values: object) -> str:
        """An interface text in this language, filled in."""
        text = self.interface.get(key, key)
        return text.format(**values) if values else text

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        problems: list[str] = []
        missing = [t for t in self.required_topics if t not in self.topics]
        if missing:
            problems.append(f"missing topics: {', '.join(missing)}")
        extra = [t for t in self.topics if t not in self.required_topics]
        if extra:
            problems.append(f"topics not in required_topics: {', '.join(extra)}")
        if self.default_branch not in self.branches:
            problems.append(f"default_branch {self.default_branch!r} is not a branch")
        for topic_id, topic in self.topics.items():
            problems += self._topic_problems(topic_id, topic)
        problems += [
            f"kiosk tile: unknown topic {tile.topic!r}"
            for tile in self.kiosk.tiles
            if tile.topic not in self.topics
        ]
        problems += [
            f"life event {event_id}: unknown topic {topic!r}"
            for event_id, event in self.life_events.items()
            for topic in event.topics
            if topic not in self.topics
        ]
        if self.letters is not None:
            problems += [
                f"letters, sender {sender_id}: unknown topic {topic!r}"
                for sender_id, sender in self.letters.senders.items()
                for topics in sender.topics.values()
                for topic in topics
                if topic not in self.topics
            ]
            problems += [
                f"letters, sender {sender_id}: no topic for {ask.value!r}"
                for sender_id, sender in self.letters.senders.items()
                for ask in self.letters.asks
                if not sender.topics.get(ask)
            ]
        browsed = {topic for group in self.browse for topic in group.topics}
        problems += [f"browse: unknown topic {t!r}" for t in sorted(browsed - set(self.topics))]
        if self.browse:
            problems += [
                f"browse: topic {t!r} is in no group" for t in sorted(set(self.topics) - browsed)
            ]
        for pattern in self.helping_cues:
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(f"helping_cues: {pattern!r} is not a regular expression: {exc}")
        problems += [
            f"family {family_id}: unknown topic {topic!r}"
            for family_id, family in self.families.items()
            for topic in family.topics
            if topic not in self.topics
        ]
        for branch_id, branch in self.branches.items():
            problem = self.link_problem(branch.gemeente_url)
            if problem:
                problems.append(f"branch {branch_id}: {problem}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _topic_problems(self, topic_id: str, topic: Topic) -> list[str]:
        problems: list[str] = []
        if topic.provider not in self.providers:
            problems.append(f"topic {topic_id}: unknown provider {topic.provider!r}")
        problems += [
            f"topic {topic_id}, narrows: unknown topic {other!r}"
            for other in topic.narrows
            if other not in self.topics or other == topic_id
        ]
        for key, link in topic.links.items():
            if link.provider is not None and link.provider not in self.providers:
                problems.append(f"topic {topic_id}, link {key}: unknown provider {link.provider!r}")
            for url in link.fixed_urls():
                problem = self.link_problem(url)
                if problem:
                    problems.append(f"topic {topic_id}, link {key}: {problem}")
        for task, guidance in topic.tasks.items():
            where = f"topic {topic_id}, task {task.value}"
            problem = self.link_problem(guidance.source)
            if problem:
                problems.append(f"{where}, source: {problem}")
            problems += self._choice_problems(where, topic_id, task, guidance)
        return problems

    def _choice_problems(
        self, where: str, topic_id: str, task: Task, guidance: TaskGuidance
    ) -> list[str]:
        """A choice must lead to guidance for the same task that asks nothing itself."""
        if guidance.ask is None:
            return []
        problems: list[str] = []
        for choice in guidance.ask.choices:
            if choice.topic is None:
                continue
            target = self.topics.get(choice.topic)
            if choice.topic == topic_id:
                problems.append(f"{where}, ask: leave out 'topic:' for a choice that stays here")
            elif target is None:
                problems.append(f"{where}, ask: unknown topic {choice.topic!r}")
            elif task not in target.tasks:
                problems.append(
                    f"{where}, ask: topic {choice.topic!r} has no guidance for {task.value!r}"
                )
            elif target.tasks[task].ask is not None:
                problems.append(f"{where}, ask: {choice.topic!r} asks a question itself")
        return problems

    def link_problem(self, url: str) -> str | None:
        """Why a URL may not be shown to visitors, or None when it may."""
        parts = urlsplit(url)
        if parts.scheme != "https":
            return f"{url} is not https"
        host = (parts.hostname or "").lower()
        if not any(host == d or host.endswith("." + d) for d in self.allowed_domains):
            return f"{url} is not on an allow-listed official domain"
        if parts.username or parts.password or parts.port:
            return f"{url} must not carry credentials or a port"
        return None


def _plain(words: list[str]) -> list[str]:
    for word in words:
        if word != normalize(word):
            raise ValueError(
                f"{word!r} must be written as it is matched: lower case, no accents "
                f"or punctuation, single spaces ({normalize(word)!r})"
            )
    return words


def _check_placeholders(text: str, where: str) -> None:
    for _, field, _, _ in string.Formatter().parse(text):
        if field is not None and field not in PLACEHOLDERS:
            raise ValueError(f"{where}: unknown placeholder {{{field}}}")
