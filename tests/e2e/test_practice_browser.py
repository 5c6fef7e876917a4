"""The practice pages in Debian's Chromium: one case start to finish, one group session.

The app runs under uvicorn on loopback (tests/practice_server.py); Rasa, which
practice mode needs only for the live triage, is the FakeRasa.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from api.settings import Settings
from tests.conftest import STAFF_TOKEN, FakeRasa
from tests.e2e.browser import axe_violations, screenshot
from tests.practice_server import Server, serve


@pytest.fixture
def server(settings: Settings, fake_rasa: FakeRasa) -> Iterator[Server]:
    fake_rasa.ranking = [{"name": "huurtoeslag", "confidence": 0.9}]
    with serve(settings, fake_rasa) as running:
        yield running


@pytest.fixture
def pages(browser: Browser, server: Server) -> Iterator[Callable[[int], Page]]:
    """New pages; closed before the server stops, so no event stream is left open."""
    contexts: list[BrowserContext] = []

    def new_page(width: int = 1280) -> Page:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    yield new_page
    for context in contexts:
        context.close()


def assert_accessible(page: Page, state: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{state}: {json.dumps(violations, indent=1)}"


def sign_in(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    page.get_by_label("Medewerker-token").fill(STAFF_TOKEN)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("#work")).to_be_visible()


def say(page: Page, label: str, button: str, text: str) -> None:
    page.get_by_label(label).fill(text)
    page.get_by_role("button", name=button).click()


def decide(page: Page, prefix: str, topic: str, link: str, *, boundary: bool, partner: str) -> None:
    page.locator(f"#{prefix}-topic").select_option(label=topic)
    option = page.locator(f"#{prefix}-link option", has_text=link).first
    page.locator(f"#{prefix}-link").select_option(value=option.get_attribute("value") or "")
    page.locator(f"#{prefix}-digid-{'yes' if boundary else 'no'}").check()
    page.locator(f"#{prefix}-referral").select_option(label=partner)
    page.get_by_role("button", name="Stuur mijn besluit").click()


def test_one_practice_case_from_start_to_feedback(
    pages: Callable[[int], Page], server: Server
) -> None:
    page = pages(1280)
    page.goto(f"{server.url}/medewerker/oefenen")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    assert_accessible(page, "practice page, signed out")
    sign_in(page, f"{server.url}/medewerker/oefenen")
    page.get_by_label("Kies een oefening").select_option(value="toeslagen_even_inloggen")
    page.get_by_role("button", name="Begin").click()
    expect(page.locator("#log")).to_contain_text("Mijn huur is omhoog gegaan")
    say(page, "Wat zegt of vraagt u?", "Zeg het", "Woont u alleen?")
    expect(page.locator("#log")).to_contain_text("Ik woon alleen.")
    say(page, "Wat zegt of vraagt u?", "Zeg het", "Heeft u DigiD?")
    expect(page.locator("#log")).to_contain_text("Hier is mijn telefoon")
    assert_accessible(page, "practice conversation")
    decide(page, "run", "Huurtoeslag", "Mijn toeslagen", boundary=True, partner="Formulierenhulp")
    expect(page.locator("#result")).to_contain_text("Uw score: 4 van 4")
    expect(page.locator("#result")).to_contain_text("Log nooit in voor een bezoeker")
    assert_accessible(page, "practice feedback")
    screenshot(page, "practice-feedback")


def test_quiz_gives_feedback_and_a_score(pages: Callable[[int], Page], server: Server) -> None:
    page = pages(1280)
    sign_in(page, f"{server.url}/medewerker/oefenen")
    page.get_by_role("button", name="Start de quiz").click()
    for _ in range(10):
        page.locator("#quiz input[type=radio]").first.check()
        page.get_by_role("button", name="Controleer").click()
        expect(page.locator("#quiz .banner")).to_be_visible()
        page.get_by_role("button", name="Volgende vraag").click()
    expect(page.locator("#quiz")).to_contain_text(re.compile(r"Uw score: \d+ van 10"))
    assert_accessible(page, "quiz score")


def test_a_group_session_with_a_trainer_and_a_participant_on_a_phone(
    pages: Callable[[int], Page], server: Server
) -> None:
    trainer = pages(1280)
    sign_in(trainer, f"{server.url}/medewerker/oefenen/trainer")
    assert_accessible(trainer, "trainer, signed in")
    trainer.get_by_label("Oefening").select_option(value="cjib_aanmaning")
    trainer.get_by_role("button", name="Start de sessie").click()
    expect(trainer.locator("#code")).to_have_text(re.compile(r"^[2-9A-Z]{8}$"))
    code = trainer.locator("#code").inner_text()

    phone = pages(360)
    phone.goto(f"{server.url}/medewerker/oefenen")
    expect(phone.locator("body[data-ready=true]")).to_be_attached()
    phone.get_by_label("Code").fill(code.lower())
    phone.get_by_label("Bijnaam").fill("Anna")
    phone.get_by_role("button", name="Meedoen").click()
    expect(phone.locator("#group-log")).to_contain_text("Ik heb deze brief gekregen")
    expect(trainer.locator("#count")).to_contain_text("1 deelnemers")

    say(trainer, "Vraag aan de bezoeker", "Vraag", "Van wie komt de brief?")
    expect(phone.locator("#group-log")).to_contain_text("De brief komt van het CJIB")
    decide(
        phone,
        "group",
        "Verkeersboete",
        "Boetes bij het CJIB",
        boundary=False,
        partner="Niet doorverwijzen",
    )
    expect(phone.locator("#group-result")).to_contain_text("Uw antwoord is binnen")
    expect(trainer.locator("#count")).to_contain_text("1 antwoorden")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "usable on a phone without sideways scrolling"
    assert_accessible(phone, "participant on a phone")

    trainer.get_by_role("button", name="Laat het antwoord zien").click()
    expect(trainer.locator("#result")).to_contain_text("Zo antwoordde de groep")
    expect(trainer.locator("#result")).to_contain_text("Verkeersboete: 1 (goed)")
    expect(phone.locator("#group-result")).to_contain_text("Een stap verder")
    assert_accessible(trainer, "trainer after reveal")
    assert_accessible(phone, "participant after reveal")
    screenshot(trainer, "practice-trainer")
    screenshot(phone, "practice-participant")
