"""Every text a visitor sees passes the simple B1 check (writing.md)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml

from tests.factories import ROOT
from wegwijzer.catalogue import Catalogue, load_catalogue
from wegwijzer.readability import measure

MAX_AVERAGE_WORDS = 12
MAX_SENTENCE_WORDS = 20


def visitor_texts(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    for topic_id, topic in catalogue.topics.items():
        for task, guidance in topic.tasks.items():
            yield f"{topic_id}/{task.value}", guidance.text.format(gemeente="gemeente Leeuwarden")
            if guidance.ask is not None:
                where = f"{topic_id}/{task.value}/ask"
                yield where, guidance.ask.text.format(gemeente="gemeente Leeuwarden")
                for choice in guidance.ask.choices:
                    yield f"{where}/{choice.title}", choice.title
    for name, text in catalogue.texts.model_dump().items():
        if isinstance(text, dict):
            yield from ((f"texts/{name}/{key}", value) for key, value in text.items())
        else:
            yield f"texts/{name}", text
    for event_id, event in catalogue.life_events.items():
        yield f"life_events/{event_id}", event.text
        yield f"life_events/{event_id}/title", event.title
    if catalogue.letters is not None:
        letters = catalogue.letters
        yield "letters/question_sender", letters.question_sender
        yield "letters/question_asks", letters.question_asks
        yield "letters/other", letters.other
        yield from ((f"letters/asks/{task.value}", title) for task, title in letters.asks.items())
    for group in catalogue.browse:
        yield f"browse/{group.title}", group.title
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    # Every reply lives in the catalogue (and its translations); none in the domain.
    for name, variants in (domain.get("responses") or {}).items():
        for variant in variants:
            yield f"domain/{name}", variant["text"]


ALL_TEXTS = list(visitor_texts(load_catalogue()))


@pytest.mark.parametrize(("where", "text"), ALL_TEXTS, ids=[w for w, _ in ALL_TEXTS])
def test_text_is_b1(where: str, text: str) -> None:
    result = measure(text)
    assert result.average_words <= MAX_AVERAGE_WORDS, f"{where}: sentences too long on average"
    assert result.longest <= MAX_SENTENCE_WORDS, f"{where}: a sentence of {result.longest} words"
    assert result.avoided == (), f"{where}: avoid {result.avoided}"


def test_texts_address_the_visitor_as_u() -> None:
    informal = [
        w for w, t in ALL_TEXTS if any(f" {p} " in f" {t.lower()} " for p in ("je", "jij", "jouw"))
    ]
    assert informal == []


def test_the_check_catches_bad_text() -> None:
    bad = measure(
        "Teneinde uw aanvraag betreffende huurtoeslag te kunnen verwerken dient u middels het "
        "formulier alle gegevens die wij nodig hebben voor de beoordeling van uw recht op "
        "toeslag volledig en naar waarheid in te vullen en op te sturen."
    )
    assert bad.longest > MAX_SENTENCE_WORDS
    assert {"teneinde", "betreffende", "middels"} <= set(bad.avoided)
