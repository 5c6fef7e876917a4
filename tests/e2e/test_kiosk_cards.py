"""The kiosk as a visitor meets it: one card per answer, always in view, few words, few taps.

Runs in Debian's Chromium against the real stack at a kiosk (1280 x 1024), a portrait
kiosk (1080 x 1920) and a phone (390 x 844). The reading-load and tap-count figures
are written to reports/kiosk_figures.json.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.e2e.browser import SCREENSHOTS, axe_violations, open_kiosk
from tests.e2e.conftest import Stack
from tests.factories import ROOT

pytestmark = pytest.mark.e2e

VIEWPORTS = {"kiosk": (1280, 1024), "portrait": (1080, 1920), "phone": (390, 844)}
# 60 before issue 19; its portal card adds "Open dit op uw eigen telefoon." (the portal
# is not opened on the library's screen), which this figure now includes.
MAX_WORDS_TO_OFFER = 65
MAX_TAPS_TO_CONFIRMATION = 8
FIGURES = ROOT / "reports" / "kiosk_figures.json"

# Visible words of the newest turn's cards, without the "Wegwijzer" label and the card's
# tools ("Lees voor", "Printen", "Op uw telefoon"): what a visitor reads, links and
# answer buttons included.
WORDS_OF_TURN = """(cards) => cards.map((card) => {
  const copy = card.cloneNode(true);
  copy.querySelectorAll('.who, .speak, .slip-actions').forEach((n) => n.remove());
  document.body.append(copy);
  const text = copy.innerText;
  copy.remove();
  return text.split(/\\s+/).filter((w) => /[\\p{L}\\p{N}]/u.test(w)).length;
}).reduce((a, b) => a + b, 0)"""

# A Dutch voice for "Lees voor": the page then reads through this fake engine, which
# records what it was asked to say. Chromium's headless build has no voices at all.
FAKE_DUTCH_VOICE = """(() => {
  const spoken = [];
  let current = null;
  const engine = {
    speaking: false,
    getVoices: () => [{ lang: 'nl-NL', name: 'Test Nederlands', default: true }],
    speak(u) { spoken.push(u.text); current = u; this.speaking = true; },
    cancel() {
      if (current && current.onend) current.onend(new Event('end'));
      current = null; this.speaking = false;
    },
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: engine, configurable: true });
  window.__spoken = spoken;
  window.__finishSpeaking = () => engine.cancel();
})();"""

# The parts of a card in order: its links, the slip's buttons and the answer buttons.
CARD_ORDER = """(card) => [...card.querySelectorAll('ul.cards, .slip-actions, ul.buttons')]
  .map((n) => n.matches('ul.cards') ? 'links' : n.matches('.slip-actions') ? 'slip' : 'choices')
  .filter((kind, i, all) => all.indexOf(kind) === i)"""

COUNT_TAPS = """(() => {
  window.__taps = 0;
  document.addEventListener('pointerdown', (e) => { if (e.isTrusted) window.__taps += 1; }, true);
})();"""


def new_page(browser: Browser, size: tuple[int, int], init: str | None = None) -> Page:
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, locale="nl-NL", has_touch=False
    )
    if init:
        context.add_init_script(init)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def record(name: str, value: Any) -> None:
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    figures = json.loads(FIGURES.read_text(encoding="utf-8")) if FIGURES.exists() else {}
    figures[name] = value
    FIGURES.write_text(json.dumps(figures, indent=2, sort_keys=True), encoding="utf-8")


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).last.bounding_box()
    assert found is not None, selector
    return found


def assert_newest_and_question_in_view(page: Page, where: str) -> None:
    """The newest card starts on screen above the question box; the box is all on screen."""
    height = page.viewport_size["height"] if page.viewport_size else 0
    question = box(page, "#question")
    dock = box(page, "#dock")
    assert question["y"] >= 0, where
    assert question["y"] + question["height"] <= height, where
    newest = box(page, "#log > li.bot, #referral:not([hidden])")
    assert newest["y"] >= 0, f"{where}: the newest card starts above the screen"
    assert newest["y"] + 24 <= dock["y"], f"{where}: the newest card is under the question box"
    fits = newest["height"] + 24 <= dock["y"]
    if fits:
        bottom = newest["y"] + newest["height"]
        assert bottom <= dock["y"] + 1, f"{where}: a card that fits is shown whole"


def wait_for_reply(page: Page) -> None:
    expect(page.locator("#log > li.pending")).to_have_count(0)
    expect(page.locator("#send")).to_be_enabled()


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_the_newest_reply_and_the_question_box_stay_in_view(
    browser: Browser, stack: Stack, name: str
) -> None:
    size = VIEWPORTS[name]
    page = new_page(browser, size)
    open_kiosk(page, stack.app_url)
    question = page.get_by_label("Uw vraag")

    # By keyboard: the focused box stays on screen, and so does the answer.
    question.fill("Heb ik recht op huurtoeslag?")
    question.press("Enter")
    wait_for_reply(page)
    assert_newest_and_question_in_view(page, f"{name}: first answer")
    expect(question).to_be_focused()
    expect(question).to_be_in_viewport()

    question.fill("Ik wil huurtoeslag aanvragen")
    page.get_by_role("button", name="Verstuur").click()
    wait_for_reply(page)
    assert_newest_and_question_in_view(page, f"{name}: the boundary answer")
    offer = page.locator("#log > li.bot").last
    expect(offer).to_contain_text("Wilt u gratis hulp")
    # "Verstuur" was busy while the answer came (a disabled button lets go of the focus):
    # the focus is on the answer, not on the page itself.
    expect(offer).to_be_focused()
    # The links' "Printen" comes before the offer's question: its buttons end the card.
    assert offer.evaluate(CARD_ORDER) == ["links", "slip", "choices"], name
    if name != "phone":
        # On a kiosk the whole card fits: the offer's buttons are on screen at once.
        expect(page.get_by_role("button", name="Ja, graag")).to_be_in_viewport()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"kiosk-card-{size[0]}x{size[1]}.png"))

    page.get_by_role("button", name="Nee, dank u").click()
    wait_for_reply(page)
    assert_newest_and_question_in_view(page, f"{name}: after a tap")
    # A used answer button cannot start the same step again.
    expect(page.get_by_role("button", name="Ja, graag")).to_be_disabled()
    expect(page.get_by_role("button", name="Nee, dank u")).to_be_disabled()

    # A status banner appears beside the question box, where the visitor looks.
    def unavailable(route: Route) -> None:
        route.fulfill(status=503, content_type="application/json", body='{"detail": "down"}')

    page.route("**/api/chat", unavailable)
    question.fill("Heb ik recht op zorgtoeslag?")
    question.press("Enter")
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text("werkt nu even niet")
    expect(banner).to_be_in_viewport()
    assert page.locator("#dock #status").is_visible()
    expect(question).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.context.close()


def test_reading_load_from_question_to_offer(browser: Browser, stack: Stack) -> None:
    page = new_page(browser, VIEWPORTS["kiosk"])
    open_kiosk(page, stack.app_url)
    page.get_by_label("Uw vraag").fill("Ik wil huurtoeslag aanvragen")
    page.get_by_label("Uw vraag").press("Enter")
    expect(page.get_by_role("button", name="Ja, graag")).to_be_visible()
    cards = page.locator("#log > li.bot")
    # One answer, one card.
    expect(cards).to_have_count(1)
    words = cards.evaluate_all(WORDS_OF_TURN)
    record("words_to_referral_offer", words)
    print(f"words from 'Ik wil huurtoeslag aanvragen' to the offer: {words}")
    assert 0 < words <= MAX_WORDS_TO_OFFER
    page.context.close()


def test_taps_from_the_start_screen_to_a_referral_confirmation(
    browser: Browser, stack: Stack
) -> None:
    page = new_page(browser, VIEWPORTS["portrait"], COUNT_TAPS)
    open_kiosk(page, stack.app_url)
    # Tap only, from a topic tile to "Aanvragen" and the offer.
    page.get_by_role("button", name="Huurtoeslag", exact=True).click()
    page.get_by_role("button", name="Aanvragen", exact=True).click()
    page.get_by_role("button", name="Ja, graag").click()
    page.get_by_label("Ja, dat vind ik goed").check()
    page.get_by_role("button", name="Volgende").click()
    # Typing is not tapping: the name field has the focus when its step opens.
    expect(page.get_by_label("Uw naam of een bijnaam")).to_be_focused()
    page.keyboard.type("Sietske")
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_label("Telefoonnummer")).to_be_focused()
    page.keyboard.type("06 11223344")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("#log .reference")).to_have_text(
        re.compile(r"^W-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]$")
    )
    taps = page.evaluate("window.__taps")
    record("taps_to_referral_confirmation", taps)
    print(f"taps from the start screen to a referral confirmation: {taps}")
    assert taps <= MAX_TAPS_TO_CONFIRMATION
    page.context.close()


def test_lees_voor_reads_the_whole_card_and_stops(browser: Browser, stack: Stack) -> None:
    page = new_page(browser, VIEWPORTS["kiosk"], FAKE_DUTCH_VOICE)
    open_kiosk(page, stack.app_url)
    page.get_by_label("Uw vraag").fill("Ik wil huurtoeslag aanvragen")
    page.get_by_label("Uw vraag").press("Enter")
    card = page.locator("#log > li.bot").last
    read = card.get_by_role("button", name="Lees voor")
    expect(read).to_be_visible()
    # One button per card, not one per bubble.
    expect(page.get_by_role("button", name="Lees voor")).to_have_count(1)
    read.click()
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1
    for part in ("Mijn toeslagen", "DigiD Machtigen", "Wilt u gratis hulp", "Ja, graag"):
        assert part in spoken[0], part
    stop = card.get_by_role("button", name="Stop")
    expect(stop).to_be_visible()
    stop.click()
    expect(card.get_by_role("button", name="Lees voor")).to_be_visible()
    page.context.close()

    # Without a Dutch voice (Chromium headless has none) the button is not shown at all.
    plain = new_page(browser, VIEWPORTS["kiosk"])
    open_kiosk(plain, stack.app_url)
    plain.get_by_label("Uw vraag").fill("Heb ik recht op zorgtoeslag?")
    plain.get_by_label("Uw vraag").press("Enter")
    expect(plain.locator("#log > li.bot a.card").first).to_be_visible()
    if not plain.evaluate(
        "'speechSynthesis' in window && speechSynthesis.getVoices()"
        ".some((v) => v.lang.toLowerCase().startsWith('nl'))"
    ):
        expect(plain.get_by_role("button", name="Lees voor")).to_have_count(0)
    plain.context.close()


def step(page: Page, number: int) -> None:
    expect(page.get_by_role("heading", name=re.compile(f"stap {number} van 4"))).to_be_visible()


def assert_accessible(page: Page, state: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{state}: {json.dumps(violations, indent=1)}"


def tab_order(page: Page, names: list[str]) -> list[str]:
    """The order in which Tab reaches these buttons."""
    page.locator("#f-phone, #f-name, #f-consent, #f-note").first.focus()
    seen: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement.textContent.trim()")
        if text in names and text not in seen:
            seen.append(text)
    return seen


def test_the_referral_form_step_by_step(browser: Browser, stack: Stack) -> None:
    page = new_page(browser, VIEWPORTS["kiosk"])
    posts: list[str] = []
    page.on(
        "request",
        lambda r: (
            posts.append(r.url) if r.method == "POST" and r.url.endswith("/api/referrals") else None
        ),
    )
    open_kiosk(page, stack.app_url)
    page.get_by_label("Uw vraag").fill("Ik wil huurtoeslag aanvragen")
    page.get_by_label("Uw vraag").press("Enter")
    page.get_by_role("button", name="Ja, graag").click()
    expect(page.get_by_role("button", name="Ja, graag")).to_be_disabled()
    step(page, 1)
    assert_accessible(page, "form step 1")
    assert page.locator("form#referral-form").count() == 1
    assert tab_order(page, ["Volgende", "Stoppen"]) == ["Volgende", "Stoppen"]
    consent = page.locator("label[for=f-consent]").bounding_box()
    assert consent is not None
    assert consent["height"] >= 44
    # Enter submits the step: without the tick the error is above the box, and said.
    page.locator("#f-consent").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#err-consent")).to_contain_text("vinkje")
    expect(page.locator("#f-consent")).to_be_focused()
    expect(page.locator("#announcer")).to_contain_text("vinkje")
    assert_accessible(page, "form step 1 with its error")
    page.get_by_label("Ja, dat vind ik goed").check()
    page.keyboard.press("Enter")
    step(page, 2)
    assert_accessible(page, "form step 2")
    assert tab_order(page, ["Volgende", "Terug", "Stoppen"]) == ["Volgende", "Terug", "Stoppen"]
    page.get_by_label("Uw naam of een bijnaam").fill("Sietske")
    page.get_by_label("Uw naam of een bijnaam").press("Enter")
    step(page, 3)
    assert_accessible(page, "form step 3")
    # A mistyped phone number is caught here, at step 3: marked, focused and announced.
    page.get_by_label("Telefoonnummer").fill("123")
    page.get_by_label("Telefoonnummer").press("Enter")
    error = page.locator("#err-phone")
    expect(error).to_contain_text("telefoonnummer klopt niet")
    step(page, 3)
    phone = page.get_by_label("Telefoonnummer")
    expect(phone).to_be_focused()
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_attribute("aria-describedby", "err-phone")
    expect(page.locator("#announcer")).to_contain_text("telefoonnummer klopt niet")
    assert page.locator("#announcer").get_attribute("aria-live") in {"assertive", "polite"}
    error_box, phone_box = box(page, "#err-phone"), box(page, "#f-phone")
    assert error_box["y"] < phone_box["y"], "the error stands above its field"
    assert_accessible(page, "form step 3 with the phone error")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "kiosk-form-phone-error.png"))
    phone.fill("06 11223344")
    phone.press("Enter")
    step(page, 4)
    assert_accessible(page, "form step 4")
    moment = page.locator("label[for=f-moment-1]").bounding_box()
    assert moment is not None
    assert moment["height"] >= 44
    page.get_by_label("middag").check()
    page.get_by_label("Uw bericht (mag leeg blijven)").fill("Graag na de lunch bellen.")
    # A double tap on "Versturen" sends once.
    page.get_by_role("button", name="Versturen").dblclick()
    reference = page.locator("#log .reference")
    expect(reference).to_have_text(re.compile(r"^W-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]$"))
    assert len(posts) == 1
    code = reference.inner_text()
    # The confirmation stays in the conversation after the next question.
    page.get_by_label("Uw vraag").fill("Heb ik recht op zorgtoeslag?")
    page.get_by_label("Uw vraag").press("Enter")
    expect(page.locator("#log > li.bot a.card").last).to_be_visible()
    expect(page.locator("#log .reference")).to_have_text(code)
    assert_accessible(page, "after the referral")
    assert sum(1 for p in stack.receiver.payloads() if p["data"]["reference"] == code) <= 1
    page.context.close()


def test_stopping_the_form_leaves_a_way_back(browser: Browser, stack: Stack) -> None:
    page = new_page(browser, VIEWPORTS["phone"])
    open_kiosk(page, stack.app_url)
    page.get_by_label("Uw vraag").fill("Ik wil huurtoeslag aanvragen")
    page.get_by_label("Uw vraag").press("Enter")
    page.get_by_role("button", name="Ja, graag").click()
    step(page, 1)
    page.get_by_label("Ja, dat vind ik goed").check()
    page.get_by_role("button", name="Stoppen").click()
    expect(page.locator("#referral")).to_be_hidden()
    again = page.get_by_role("button", name="Toch hulp vragen")
    expect(again).to_be_in_viewport()
    again.click()
    step(page, 1)
    # The answers given before are still there.
    expect(page.get_by_label("Ja, dat vind ik goed")).to_be_checked()
    expect(again).to_be_disabled()
    page.context.close()
