"""The kiosk in Arabic (right to left) and Ukrainian, in Debian's Chromium, on the real stack.

Works with today's Dutch model: the visitor chooses by buttons (tiles, topic groups),
whose payloads need no understanding of Arabic or Ukrainian words, and the actions
answer in the language the app puts in the message metadata.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import axe_violations, open_kiosk, screenshot
from tests.e2e.conftest import Stack
from wegwijzer.catalogue import Task, load_catalogue

pytestmark = pytest.mark.e2e

CATALOGUE = load_catalogue()
ARABIC = CATALOGUE.localised("ar")
UKRAINIAN = CATALOGUE.localised("uk")


def wait_for_reply(page: Page) -> None:
    expect(page.locator("#log > li.pending")).to_have_count(0)
    expect(page.locator("#send")).to_be_enabled()


def assert_accessible(page: Page, state: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{state}: {json.dumps(violations, indent=1)}"


def has_voice(page: Page, language: str) -> bool:
    return bool(
        page.evaluate(
            "(lang) => 'speechSynthesis' in window && speechSynthesis.getVoices()"
            ".some((v) => v.lang.toLowerCase().replace('_', '-').split('-')[0] === lang)",
            language,
        )
    )


def test_arabic_is_right_to_left_and_answers_in_arabic(page: Page, stack: Stack) -> None:
    open_kiosk(page, stack.app_url)
    choice = page.locator("#languages button[lang=ar]")
    expect(choice).to_have_text("العربية")
    assert choice.get_attribute("dir") == "rtl"
    choice.click()
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.locator("#send")).to_have_text(ARABIC.interface["send"])
    expect(page.get_by_label(ARABIC.interface["your_question"])).to_be_visible()
    expect(choice).to_have_attribute("aria-pressed", "true")
    # Mirrored: the question box's send button sits left of the input in Arabic.
    send = page.locator("#send").bounding_box()
    question = page.locator("#question").bounding_box()
    assert send is not None
    assert question is not None
    assert send["x"] < question["x"]
    assert_accessible(page, "Arabic start screen")
    screenshot(page, "kiosk-ar-start")

    # A tile, then "تقديم طلب" (aanvragen): the DigiD boundary, in Arabic.
    page.locator("#tiles button").first.click()
    page.get_by_role("button", name=ARABIC.texts.task_buttons["aanvragen"]).click()
    wait_for_reply(page)
    card = page.locator("#log > li.bot").last
    expect(card).to_contain_text(ARABIC.texts.digid_notice)
    expect(card).to_contain_text(ARABIC.texts.referral_offer)
    expect(card).to_have_class("msg bot boundary")
    # The boundary stripe is on the reading side: the right in Arabic.
    widths = card.evaluate(
        "(n) => [getComputedStyle(n).borderRightWidth, getComputedStyle(n).borderLeftWidth]"
    )
    assert float(widths[0].removesuffix("px")) > float(widths[1].removesuffix("px"))
    # Official links stay official and readable left to right, with a note they are
    # Dutch. The portal (DigiD) is not opened on the library's screen: its address and
    # a QR code, "open this on your own phone", in Arabic (issue 19).
    portal = card.locator(".portal-card").first
    expect(portal.locator(".url bdi[dir=ltr]")).to_have_text("https://mijn.toeslagen.nl")
    expect(portal).to_contain_text(ARABIC.interface["open_on_phone"])
    # The note that the pages are in Dutch stands once, above the links it is about.
    assert card.inner_text().count(ARABIC.interface["page_in_dutch"]) == 1
    assert card.locator("a[href^='https://mijn.toeslagen.nl']").count() == 0
    speak = card.get_by_role("button", name=ARABIC.interface["read"])
    assert (speak.count() > 0 and speak.first.is_visible()) == has_voice(page, "ar")
    assert_accessible(page, "Arabic boundary answer")
    screenshot(page, "kiosk-ar-boundary")

    # The referral form and its errors in Arabic.
    card.get_by_role("button", name=ARABIC.texts.referral_yes).click()
    form = page.locator("#referral-form")
    expect(form).to_be_visible()
    expect(form.locator("h2")).to_contain_text(ARABIC.interface["step_consent"])
    form.get_by_role("button", name=ARABIC.interface["next"]).click()
    expect(form.locator("#err-consent")).to_have_text(ARABIC.form_errors["consent"])
    assert_accessible(page, "Arabic referral form with an error")


def test_ukrainian_by_choice_and_by_typing(page: Page, stack: Stack) -> None:
    open_kiosk(page, stack.app_url)
    # Typing Ukrainian without choosing: the answer and the kiosk follow the visitor.
    page.get_by_label("Uw vraag").fill("Добрий день, мені потрібна допомога з листом")
    page.get_by_role("button", name="Verstuur").click()
    wait_for_reply(page)
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("#send")).to_have_text(UKRAINIAN.interface["send"])
    reply = page.locator("#log > li.bot").last.inner_text()
    assert not any(text in reply for text in (CATALOGUE.texts.not_understood,))
    assert_accessible(page, "Ukrainian reply to typed Ukrainian")

    # A new conversation starts in Dutch again; then the visitor chooses Ukrainian.
    page.locator("#new-conversation").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    # The six languages are one Tab stop; the arrow keys move between them.
    assert page.locator("#languages button[tabindex='0']").count() == 1
    page.locator("#languages button[lang=nl]").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.lang") == "en"
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.lang") == "uk"
    page.locator("#languages button[lang=uk]").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.locator("#tiles-title")).to_have_text(UKRAINIAN.interface["tiles_title"])
    # Buttons alone: group, topic, task.
    page.locator("#browse button").first.click()
    wait_for_reply(page)
    card = page.locator("#log > li.bot").last
    expect(card).to_contain_text(UKRAINIAN.texts.browse_question)
    card.get_by_role("button", name=UKRAINIAN.topics["kinderopvangtoeslag"].title).click()
    wait_for_reply(page)
    page.locator("#log > li.bot").last.get_by_role(
        "button", name=UKRAINIAN.texts.task_buttons["aanvragen"]
    ).click()
    wait_for_reply(page)
    card = page.locator("#log > li.bot").last
    expect(card).to_contain_text(UKRAINIAN.texts.digid_notice)
    expect(card).to_contain_text(UKRAINIAN.texts.machtigen_hint)
    # Every link in it goes to a Dutch page: the card says so once, not once per link.
    assert card.locator("a.card, .portal-card").count() >= 2
    assert card.inner_text().count(UKRAINIAN.interface["page_in_dutch"]) == 1
    # The task text as the catalogue has it in Ukrainian: while it is not translated,
    # that is the Dutch text with the note in Ukrainian first.
    answer = UKRAINIAN.topics["kinderopvangtoeslag"].tasks[Task.AANVRAGEN].text
    expect(card).to_contain_text(answer)
    untranslated = CATALOGUE.topics["kinderopvangtoeslag"].tasks[Task.AANVRAGEN].text in answer
    assert untranslated == (UKRAINIAN.interface["only_in_dutch"] in answer)
    speak = card.get_by_role("button", name=UKRAINIAN.interface["read"])
    assert (speak.count() > 0 and speak.first.is_visible()) == has_voice(page, "uk")
    assert_accessible(page, "Ukrainian boundary answer")
    screenshot(page, "kiosk-uk-boundary")
