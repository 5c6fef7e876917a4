"""The kiosk, staff and partner pages in Debian's Chromium against the real stack."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.e2e.browser import SCREENSHOTS, axe_violations, open_kiosk, screenshot
from tests.e2e.conftest import STAFF_TOKEN, Stack
from tests.receivers import wait_for

pytestmark = pytest.mark.e2e


def ask(page: Page, text: str) -> None:
    page.get_by_label("Uw vraag").fill(text)
    page.get_by_role("button", name="Verstuur").click()


def assert_accessible(page: Page, state: str, *, paused_clock: bool = False) -> None:
    violations = axe_violations(page, paused_clock=paused_clock)
    assert violations == [], f"{state}: {json.dumps(violations, indent=1)}"


def test_kiosk_conversation_ends_with_an_official_link_card(page: Page, stack: Stack) -> None:
    open_kiosk(page, stack.app_url)
    expect(page).to_have_title(re.compile("Wegwijzer"))
    assert page.locator("html").get_attribute("lang") == "nl"
    assert len(page.locator("#examples button").all()) == 3
    assert_accessible(page, "start screen")
    screenshot(page, "kiosk-start")

    ask(page, "Heb ik recht op huurtoeslag?")
    card = page.locator("a.card").first
    expect(card).to_be_visible()
    href = card.get_attribute("href") or ""
    assert href.startswith("https://www.belastingdienst.nl/")
    expect(card).to_contain_text("Dienst Toeslagen")
    expect(card).to_contain_text("belastingdienst.nl")
    dutch_voice = page.evaluate(
        "'speechSynthesis' in window && speechSynthesis.getVoices()"
        ".some((v) => v.lang.toLowerCase().startsWith('nl'))"
    )
    # "Lees voor" only where the browser can read Dutch (tests/e2e/test_kiosk_cards.py).
    speak_buttons = page.get_by_role("button", name="Lees voor")
    assert (speak_buttons.count() > 0) == dutch_voice
    assert_accessible(page, "conversation")
    screenshot(page, "kiosk-conversation")


def test_kiosk_works_at_320_px(page: Page, stack: Stack) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    open_kiosk(page, stack.app_url)
    ask(page, "Ik ben het niet eens met deze parkeerboete")
    page.get_by_role("button", name="Nee, van de gemeente").click()
    expect(page.locator("a.card").first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert_accessible(page, "conversation at 320 px")


@pytest.fixture
def zoomed(browser: Browser) -> Iterator[Page]:
    """A 1280 x 900 window at 200% zoom: Chromium then lays out 640 x 450 CSS pixels."""
    context = browser.new_context(
        viewport={"width": 640, "height": 450}, device_scale_factor=2, locale="nl-NL"
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def horizontal_overflow(page: Page) -> int:
    overflow: int = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return overflow


def test_every_page_works_at_200_percent_zoom_by_keyboard(zoomed: Page, stack: Stack) -> None:
    page = zoomed
    assert page.evaluate("window.devicePixelRatio") == 2
    open_kiosk(page, stack.app_url)
    # The question box has the focus on arrival, as after "Nieuw gesprek": a visitor at
    # a kiosk keyboard types at once. It can also be reached from the top with Tab alone.
    expect(page.get_by_label("Uw vraag")).to_be_focused()
    # A click on the page's title takes the focus away and starts Tab from the top.
    page.locator("h1").click()
    expect(page.get_by_label("Uw vraag")).not_to_be_focused()
    for _ in range(20):  # reach the question box with Tab alone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "question":
            break
    else:
        pytest.fail("the question box cannot be reached with Tab")
    page.keyboard.type("Ik wil mijn paspoort verlengen")
    page.keyboard.press("Enter")
    card = page.locator("a.card").first
    expect(card).to_be_visible()
    send = page.get_by_role("button", name="Verstuur").bounding_box()
    assert send is not None
    assert send["height"] >= 44
    assert horizontal_overflow(page) <= 0
    assert_accessible(page, "conversation at 200% zoom")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "kiosk-zoom-200.png"), full_page=True)
    for path in ("/medewerker", "/partner"):
        page.goto(f"{stack.app_url}{path}")
        expect(page.locator("body[data-ready=true]")).to_be_attached()
        expect(page.get_by_role("button", name="Inloggen")).to_be_in_viewport()
        assert horizontal_overflow(page) <= 0, path


def open_kiosk_on_a_paused_clock(page: Page, stack: Stack, query: str) -> None:
    """The page's timers run on Playwright's clock, stopped before the conversation starts.

    Only `page.clock.run_for` moves the inactivity timer and the countdown, so the
    checks between two steps (axe, screenshots) cannot race the countdown.
    """
    page.clock.install()
    open_kiosk(page, stack.app_url, query)
    page.clock.pause_at(page.evaluate("Date.now()") + 100)
    page.locator("#examples button").first.click()
    expect(page.locator("a.card").first).to_be_visible()


def test_inactivity_warns_continues_and_resets(page: Page, stack: Stack) -> None:
    open_kiosk_on_a_paused_clock(page, stack, "?inactivity=5&warning=20")
    dialog = page.get_by_role("dialog", name="Bent u er nog?")
    countdown = page.locator("#countdown")
    page.clock.run_for(4_000)
    expect(dialog).to_be_hidden()
    page.clock.run_for(1_500)
    expect(dialog).to_be_visible()
    expect(countdown).to_have_text("20")
    assert_accessible(page, "timeout warning", paused_clock=True)
    screenshot(page, "kiosk-timeout-warning")
    # However long the checks took, the countdown waited for them.
    expect(countdown).to_have_text("20")
    page.clock.run_for(3_000)
    expect(countdown).to_have_text("17")
    page.get_by_role("button", name="Ja, ik ben er nog").click()
    expect(dialog).to_be_hidden()
    assert page.locator("#log li").count() > 0

    page.clock.run_for(5_500)
    expect(dialog).to_be_visible()
    page.clock.run_for(19_000)
    expect(countdown).to_have_text("1")
    assert page.locator("#log li").count() > 0
    page.clock.run_for(1_500)
    expect(dialog).to_be_hidden()
    assert page.locator("#log li").count() == 0
    expect(page.locator("#start")).to_be_visible()
    storage = page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]")
    assert storage == [0, 0, ""]
    with page.expect_request("**/api/chat") as request:
        ask(page, "hallo")
    assert json.loads(request.value.post_data or "{}")["session_id"] is None


def test_a_warning_below_20_seconds_is_refused(page: Page, stack: Stack) -> None:
    # WCAG 2.2.1: the query may shorten the countdown to 20 seconds, never below.
    open_kiosk_on_a_paused_clock(page, stack, "?inactivity=5&warning=5")
    page.clock.run_for(5_500)
    expect(page.get_by_role("dialog", name="Bent u er nog?")).to_be_visible()
    configured = httpx.get(f"{stack.app_url}/api/kiosk/config", timeout=10).json()
    assert configured["warning_seconds"] >= 20
    expect(page.locator("#countdown")).to_have_text(str(configured["warning_seconds"]))
    page.clock.run_for(6_000)
    expect(page.get_by_role("dialog", name="Bent u er nog?")).to_be_visible()
    assert page.locator("#log li").count() > 0


def form_step(page: Page, number: int) -> None:
    expect(page.get_by_role("heading", name=re.compile(f"stap {number} van 4"))).to_be_visible()


def next_step(page: Page) -> None:
    page.get_by_role("button", name="Volgende").click()


def test_new_conversation_clears_the_screen_and_starts_a_new_session(
    page: Page, stack: Stack
) -> None:
    open_kiosk(page, stack.app_url)
    with page.expect_response("**/api/chat") as first:
        ask(page, "Heb ik recht op zorgtoeslag?")
    assert first.value.json()["session_id"]
    expect(page.locator("a.card").first).to_be_visible()
    page.get_by_label("Uw vraag").fill("half getypt")
    page.get_by_role("button", name="Nieuw gesprek").click()
    expect(page.locator("#log li")).to_have_count(0)
    expect(page.locator("#start")).to_be_visible()
    expect(page.get_by_label("Uw vraag")).to_have_value("")
    expect(page.get_by_label("Uw vraag")).to_be_focused()
    storage = page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]")
    assert storage == [0, 0, ""]
    with page.expect_request("**/api/chat") as second:
        ask(page, "Heb ik recht op zorgtoeslag?")
    assert json.loads(second.value.post_data or "{}")["session_id"] is None
    expect(page.locator("a.card").first).to_be_visible()


def test_referral_through_the_form_reaches_the_partner_webhook(page: Page, stack: Stack) -> None:
    open_kiosk(page, stack.app_url)
    ask(page, "Ik wil huurtoeslag aanvragen")
    page.get_by_role("button", name="Ja, graag").click()
    # Every step, and every error the page shows, is checked by axe.
    form_step(page, 1)
    assert_accessible(page, "form step 1")
    screenshot(page, "kiosk-form")
    next_step(page)
    expect(page.locator("#err-consent")).to_contain_text("vinkje")
    assert_accessible(page, "form step 1 with its error")
    page.get_by_label("Ja, dat vind ik goed").check()
    next_step(page)
    form_step(page, 2)
    assert_accessible(page, "form step 2")
    next_step(page)
    expect(page.locator("#err-name")).to_contain_text("naam")
    expect(page.get_by_label("Uw naam of een bijnaam")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "form step 2 with its error")
    page.get_by_label("Uw naam of een bijnaam").fill("Sietske")
    next_step(page)
    form_step(page, 3)
    assert_accessible(page, "form step 3")
    next_step(page)
    expect(page.locator("#err-contact")).to_contain_text("telefoonnummer of een e-mailadres")
    assert_accessible(page, "form step 3 with its error")
    page.get_by_label("Telefoonnummer").fill("123")
    next_step(page)
    # The phone number is checked at its own step, with the referral's own rules.
    form_step(page, 3)
    expect(page.locator("#err-phone")).to_contain_text("telefoonnummer klopt niet")
    expect(page.get_by_label("Telefoonnummer")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "form step 3 with the phone error")
    page.get_by_label("Telefoonnummer").fill("06 11223344")
    next_step(page)
    form_step(page, 4)
    assert_accessible(page, "form step 4")
    page.get_by_label("middag").check()
    page.get_by_label("Uw bericht (mag leeg blijven)").fill("Graag na de lunch bellen.")
    page.get_by_role("button", name="Terug").click()
    form_step(page, 3)
    next_step(page)
    form_step(page, 4)
    expect(page.get_by_label("middag")).to_be_checked()
    page.get_by_role("button", name="Versturen").click()
    reference = page.locator(".reference")
    expect(reference).to_have_text(re.compile(r"^W-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]$"))
    assert_accessible(page, "referral sent")
    code = reference.inner_text()
    assert wait_for(
        lambda: any(p["data"]["reference"] == code for p in stack.receiver.payloads()), timeout=30
    )
    # The partner follows the notification's inbox link and lands on this referral.
    [payload] = [p for p in stack.receiver.payloads() if p["data"]["reference"] == code]
    page.goto(payload["data"]["inbox_url"])
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    page.get_by_label("Partner-token").fill("demo-formulierenhulp-token")
    page.get_by_role("button", name="Inloggen").click()
    detail = page.locator("#detail")
    expect(detail).to_contain_text(f"Doorverwijzing {code}")
    expect(detail).to_contain_text("Sietske")


def test_staff_triage_and_partner_status_change(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.app_url}/medewerker")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    assert_accessible(page, "staff sign-in")
    page.get_by_label("Medewerker-token").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    page.get_by_label("Medewerker-token").fill(STAFF_TOKEN)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Plak of typ de vraag").fill("Ik wil mijn zorgtoeslag aanvragen")
    page.get_by_role("button", name="Bekijk advies").click()
    result = page.locator("#triage-result")
    expect(result).to_contain_text("Onderwerp: Zorgtoeslag")
    expect(result).to_contain_text("DigiD nodig")
    expect(result).to_contain_text("Doorverwijzen naar")
    expect(result.locator(".bar").first).to_be_visible()
    # A referral for a visitor at the desk, through the same API: "Verwijs door" fills
    # in the form with what the triage found.
    page.get_by_role("button", name="Verwijs door").click()
    page.get_by_label("De bezoeker geeft toestemming").check()
    page.get_by_label("Naam of bijnaam").fill("Meneer de Vries")
    page.get_by_role("textbox", name="Telefoonnummer").fill("058 123 4567")
    page.get_by_role("button", name="Doorverwijzen").click()
    expect(page.locator("#refer-result")).to_contain_text("Doorgestuurd naar")
    expect(page.locator("#referrals")).to_contain_text("Zorgtoeslag")
    expect(page.locator("#stats-chart")).to_contain_text("DigiD-grens")
    assert_accessible(page, "staff work")
    screenshot(page, "medewerker")

    page.goto(f"{stack.app_url}/partner")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    assert_accessible(page, "partner sign-in")
    screenshot(page, "partner-sign-in")
    page.get_by_label("Partner-token").fill("demo-formulierenhulp-token")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Toon").select_option("")
    open_button = page.get_by_role("button", name=re.compile("^Open W-")).first
    expect(open_button).to_be_visible()
    open_button.click()
    detail = page.locator("#detail")
    expect(detail).to_contain_text("Telefoon")
    page.get_by_label("Nieuwe status").select_option("in_progress")
    page.get_by_label("Notitie (mag leeg blijven)").fill("Gebeld, terugbellen morgen")
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.locator("#status-result")).to_contain_text("Opgeslagen: Mee bezig")
    assert_accessible(page, "partner detail")
    screenshot(page, "partner")


# No other test sends questions from this branch, so its counts are known exactly.
STATS_BRANCH = "sint_annaparochie"


def test_staff_statistics_show_this_branchs_counts(page: Page, stack: Stack) -> None:
    def kiosk(text: str, session_id: str | None = None) -> str:
        response = httpx.post(
            f"{stack.app_url}/api/chat",
            json={"session_id": session_id, "text": text, "branch": STATS_BRANCH},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return str(response.json()["session_id"])

    kiosk("Heb ik recht op huurtoeslag?")
    kiosk("Ik wil huurtoeslag aanvragen")  # a DigiD boundary
    asked = kiosk("Heb ik recht op zorgtoeslag?")
    kiosk("/huurtoeslag", session_id=asked)  # a button press is not a new question
    page.goto(f"{stack.app_url}/medewerker")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    page.get_by_label("Medewerker-token").fill(STAFF_TOKEN)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Vestiging", exact=True).select_option(STATS_BRANCH)
    chart = page.locator("#stats-chart")
    expect(chart).to_contain_text("Keren dat de DigiD-grens werd bereikt: 1")
    bars = chart.get_by_role("img")
    expect(bars).to_have_count(2)
    expect(bars.nth(0)).to_have_accessible_name("Huurtoeslag: 2 vragen")
    expect(bars.nth(1)).to_have_accessible_name("Zorgtoeslag: 1 vragen")
    widths = [bars.nth(i).locator("span").evaluate("(e) => e.style.width") for i in range(2)]
    assert widths == ["100%", "50%"]
    assert_accessible(page, "staff statistics")


def test_a_branch_account_chooses_only_among_its_own_branches(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.app_url}/medewerker")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    page.get_by_label("Medewerker-token").fill("demo-balie-noord-token")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("#who")).to_have_text("Ingelogd als Balie Dokkum en Harlingen (voorbeeld).")
    branch = page.get_by_label("Vestiging", exact=True)
    expect(branch.locator("option")).to_have_text(["Bibliotheek Dokkum", "Bibliotheek Harlingen"])
    expect(branch).to_have_value("dokkum")


def test_kiosk_says_when_it_is_down_and_recovers_without_reload(page: Page, stack: Stack) -> None:
    open_kiosk(page, stack.app_url)

    def unavailable(route: Route) -> None:
        route.fulfill(status=503, content_type="application/json", body='{"detail": "down"}')

    page.route("**/api/chat", unavailable)
    page.route("**/health", unavailable)
    ask(page, "Heb ik recht op zorgtoeslag?")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("werkt nu even niet")
    expect(alert).to_contain_text("medewerker van de bibliotheek")
    assert page.get_by_label("Uw vraag").input_value() == "Heb ik recht op zorgtoeslag?"
    assert_accessible(page, "error state")
    screenshot(page, "kiosk-down")
    page.unroute("**/api/chat")
    page.unroute("**/health")
    expect(alert).to_contain_text("werkt weer", timeout=15_000)
    page.get_by_role("button", name="Verstuur").click()
    expect(page.locator("a.card").first).to_be_visible()
