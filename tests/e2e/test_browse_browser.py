"""Buttons alone reach five topics, by touch on a phone and by keyboard, axe clean.

A visitor who cannot type well taps a group on the start screen, then a topic,
then what they want: three taps to an official link.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browser import axe_violations, open_kiosk, screenshot
from tests.e2e.conftest import Stack
from wegwijzer.catalogue import Catalogue, Task

pytestmark = pytest.mark.e2e

# (group, topic id, what the visitor wants): five topics in five groups.
PATHS = [
    ("Toeslagen", "zorgtoeslag", "Informatie"),
    ("Werk, uitkering en pensioen", "aow", "Informatie"),
    ("Kinderen en studie", "studiefinanciering", "Informatie"),
    ("DigiD en MijnOverheid", "digid_aanvragen", "Informatie"),
    ("Gemeente en documenten", "paspoort_id", "Aanvragen"),
]


def newest(page: Page, name: str):  # type: ignore[no-untyped-def]
    """The newest button with this name: older steps stay in the conversation."""
    return page.get_by_role("button", name=name, exact=True).last


def assert_link_card_for(page: Page, catalogue: Catalogue, topic: str) -> None:
    urls = {link.url for link in catalogue.topics[topic].links.values() if link.url}
    card = page.locator("a.card").last
    expect(card).to_be_visible()
    href = card.get_attribute("href") or ""
    cards = [a.get_attribute("href") for a in page.locator("a.card").all()]
    assert any(h in urls for h in cards if h), (topic, href, cards)


def test_five_topics_by_touch_alone(browser: Browser, stack: Stack, catalogue: Catalogue) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="nl-NL"
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        for group, topic, want in PATHS:
            open_kiosk(page, stack.app_url)
            newest(page, group).tap()
            newest(page, catalogue.topics[topic].title).tap()
            newest(page, want).tap()
            assert_link_card_for(page, catalogue, topic)
            violations = axe_violations(page)
            assert violations == [], f"{topic}: {json.dumps(violations, indent=1)}"
        screenshot(page, "kiosk-buttons-only-phone")
    finally:
        context.close()


def tab_to(page: Page, name: str, limit: int = 200) -> None:
    """Press Tab until the newest button with this name has the focus."""
    target = newest(page, name)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("(el) => el === document.activeElement"):
            return
    pytest.fail(f"the button {name!r} cannot be reached with Tab")


def test_five_topics_by_keyboard_alone(
    browser: Browser, stack: Stack, catalogue: Catalogue
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 1024}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        for group, topic, want in PATHS:
            open_kiosk(page, stack.app_url)
            for name in (group, catalogue.topics[topic].title, want):
                answers = page.locator("#log > li").count()
                tab_to(page, name)
                page.keyboard.press("Enter")
                # The next step has arrived when the conversation has grown.
                expect(page.locator("#log > li")).not_to_have_count(answers)
            assert_link_card_for(page, catalogue, topic)
        assert axe_violations(page) == []
        screenshot(page, "kiosk-buttons-only-keyboard")
    finally:
        context.close()


def test_terug_goes_back_a_step(browser: Browser, stack: Stack, catalogue: Catalogue) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 1024}, locale="nl-NL")
    page = context.new_page()
    try:
        open_kiosk(page, stack.app_url)
        newest(page, "Toeslagen").click()
        newest(page, catalogue.texts.back).click()
        # Back at the groups: the newest group buttons are in the conversation again.
        expect(newest(page, "Gemeente en documenten")).to_be_visible()
    finally:
        context.close()


def type_and_send(page: Page, text: str) -> None:
    answers = page.locator("#log > li").count()
    page.get_by_label("Uw vraag").fill(text)
    page.keyboard.press("Enter")
    # The answer may take a while on a busy machine; it must come.
    expect(page.locator("#log > li")).not_to_have_count(answers, timeout=30_000)
    expect(page.locator("#log li.pending")).to_have_count(0, timeout=30_000)


def test_typing_a_buttons_words_presses_it(
    browser: Browser, stack: Stack, catalogue: Catalogue
) -> None:
    """The letter intake by typing: "cjib" and "betalen" are the buttons' words."""
    letters = catalogue.letters
    assert letters is not None
    context = browser.new_context(viewport={"width": 1280, "height": 1024}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_kiosk(page, stack.app_url)
        type_and_send(page, "ik heb een brief gekregen")
        expect(page.locator("#log > li").last).to_contain_text(letters.question_sender)
        type_and_send(page, "cjib")
        # The typed word pressed the CJIB button: the next question is the second step.
        expect(page.locator("#log > li").last).to_contain_text(letters.question_asks)
        expect(page.locator("#log li.visitor").last).to_contain_text("CJIB")
        type_and_send(page, "Betalen!")
        expect(page.locator("#log li.visitor").last).to_contain_text(letters.asks[Task.BETALEN])
        assert_link_card_for(page, catalogue, "verkeersboete")
        # A sentence is a question, not a button: it goes to the assistant as typed.
        type_and_send(page, "hoeveel tijd heb ik om te betalen")
        expect(page.locator("#log li.visitor p").last).to_have_text(
            "hoeveel tijd heb ik om te betalen"
        )
        # Thanking after a referral offer must not decline it: yes and no are never
        # pressed by part of their words.
        type_and_send(page, "Kunt u voor mij inloggen bij Mijn toeslagen?")
        expect(newest(page, catalogue.texts.referral_no)).to_be_enabled()
        type_and_send(page, "dank u")
        expect(page.locator("#log li.visitor p").last).to_have_text("dank u")
        screenshot(page, "kiosk-typed-button-words")
    finally:
        context.close()
