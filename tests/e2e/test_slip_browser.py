"""The take-home slip, the status page and the kiosk's partner cards and links, in Chromium.

The app runs under uvicorn on loopback (tests/practice_server.py) with the FakeRasa:
what is tested here is what the pages do with the app's answers. The slip is saved
as a PDF by Chromium (`page.pdf()`), read back with `pdftotext` and its QR codes
decoded with `zbarimg` (Debian's poppler-utils and zbar-tools, installed by
`make test`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, expect

from actions.messages import links_message
from api.settings import Settings
from tests.conftest import FakeRasa
from tests.e2e.browser import axe_violations, screenshot
from tests.practice_server import Server, serve
from wegwijzer.answers import compose_answer
from wegwijzer.catalogue import Catalogue, Task, load_catalogue
from wegwijzer.partner_cards import partner_card
from wegwijzer.partners import DEFAULT_PARTNERS_FILE, WEEKDAYS
from wegwijzer.referrals.offers import card_payload
from wegwijzer.referrals.promise import today_local
from wegwijzer.referrals.service import OfferRequest, record_offer
from wegwijzer.slip import SlipRequest, slip_url

TOOLS = ("pdftotext", "pdfinfo", "pdftoppm", "zbarimg")
EXTERNAL_PAGE = "<!doctype html><html lang='nl'><title>Extern</title><p>Een pagina</p></html>"

# Resolves once the image has loaded (true) or failed (false); a still-loading image
# under a busy CI machine must not read as broken.
IMAGE_DECODED = """(img) => img.complete ? img.naturalWidth > 0 : new Promise((resolve) => {
  img.addEventListener("load", () => resolve(img.naturalWidth > 0), { once: true });
  img.addEventListener("error", () => resolve(false), { once: true });
})"""


@pytest.fixture
def partners_today(tmp_path: Path) -> Path:
    """The demo partners, with a spreekuur at Leeuwarden on today's weekday."""
    data = yaml.safe_load(DEFAULT_PARTNERS_FILE.read_text(encoding="utf-8"))
    hours = data["partners"]["sociaal_raadslieden"]["public"]["spreekuren"]
    hours.append(
        {
            "branch": "leeuwarden",
            "day": WEEKDAYS[today_local().weekday()],
            "start": "14:00",
            "end": "16:00",
            "place": "bij de balie",
        }
    )
    path = tmp_path / "partners.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.fixture
def server(settings: Settings, fake_rasa: FakeRasa, partners_today: Path) -> Iterator[Server]:
    with serve(settings.model_copy(update={"partners": partners_today}), fake_rasa) as running:
        yield running


@pytest.fixture
def contexts(browser: Browser, server: Server) -> Iterator[Callable[[], BrowserContext]]:
    made: list[BrowserContext] = []

    def new_context() -> BrowserContext:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        # Official sites are not reached from the test machine: a stand-in page.
        context.route(
            re.compile(r"^https://"),
            lambda route: route.fulfill(body=EXTERNAL_PAGE, content_type="text/html"),
        )
        context.set_default_timeout(20_000)
        made.append(context)
        return context

    yield new_context
    for context in made:
        context.close()


def need_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(f"missing {missing}: `make test` installs poppler-utils and zbar-tools")


def pdf_of(page: Page, path: Path) -> tuple[int, str, list[str]]:
    """Pages, text and decoded QR codes of the page as Chromium prints it."""
    need_tools()
    page.pdf(path=str(path), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", str(path), str(path.with_suffix(""))], check=True
    )
    codes: list[str] = []
    for image in sorted(path.parent.glob(f"{path.stem}*.png")):
        found = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
            check=False,
        )
        codes += [line for line in found.stdout.splitlines() if line]
    return pages, text, codes


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def csp_violations(page: Page) -> list[str]:
    """Collects what the page's Content-Security-Policy refused, from now on."""
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return refused


def assert_accessible(page: Page, state: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{state}: {json.dumps(violations, indent=1)}"


def signed(server: Server, request: SlipRequest) -> str:
    settings: Settings = server.app.state.services.settings
    return slip_url(settings.slip_secret_value().encode(), request)


def test_the_answer_slip_prints_on_one_page_with_working_qr_codes(
    server: Server, contexts: Callable[[], BrowserContext], tmp_path: Path, catalogue: Catalogue
) -> None:
    page = contexts().new_page()
    refused = csp_violations(page)
    page.goto(server.url + signed(server, SlipRequest("huurtoeslag", "aanvragen", "leeuwarden")))
    expect(page.get_by_role("heading", name="Huurtoeslag", level=1)).to_be_visible()
    assert_accessible(page, "slip")
    screenshot(page, "slip")
    pages, text, codes = pdf_of(page, tmp_path / "answer.pdf")
    answer = compose_answer(catalogue, "huurtoeslag", Task.AANVRAGEN, "leeuwarden")
    urls = [link.url for link in (*answer.links, answer.info)]
    assert pages == 1
    assert answer.text in " ".join(text.split())
    for url in urls:
        assert flat(url) in flat(text)  # each link as text ...
    assert sorted(codes) == sorted(urls)  # ... and as a QR code that holds it
    for words in ("Formulierenhulp Friesland", "058 123 4567", "Informatiepunt Digitale Overheid"):
        assert words in text
    assert "Printen" not in text  # the buttons stay off paper
    assert refused == []
    # A changed URL gets no slip.
    page.goto(
        server.url
        + signed(server, SlipRequest("huurtoeslag", "aanvragen", "leeuwarden")).replace(
            "huurtoeslag", "zorgtoeslag", 1
        )
    )
    expect(page.get_by_role("heading", name="Deze bon klopt niet")).to_be_visible()


def make_referral(server: Server, chat: str) -> dict[str, str]:
    services = server.app.state.services
    with services.sessions() as session:
        record_offer(
            session,
            services.partners,
            OfferRequest(chat, "bezwaar_algemeen", "bezwaar", "leeuwarden"),
            timedelta(minutes=30),
        )
    body = {"session_id": chat, "consent": True, "name": "Anna", "phone": "06 12345678"}
    response = httpx.post(f"{server.url}/api/referrals", json=body, timeout=10)
    assert response.status_code == 201, response.text
    created: dict[str, str] = response.json()
    return created


def test_the_referral_slip_has_the_reference_and_the_partner(
    server: Server, contexts: Callable[[], BrowserContext], tmp_path: Path, catalogue: Catalogue
) -> None:
    created = make_referral(server, "chat-slip-browser-1")
    page = contexts().new_page()
    page.goto(server.url + created["slip_url"])
    assert_accessible(page, "referral slip")
    pages, text, codes = pdf_of(page, tmp_path / "referral.pdf")
    answer = compose_answer(catalogue, "bezwaar_algemeen", Task.BEZWAAR, "leeuwarden")
    assert pages == 1
    assert created["reference"] in text
    assert "Juridisch spreekuur (voorbeeld)" in text
    # Each link, and the number itself (a scanner at the kiosk types it in).
    links = {link.url for link in (*answer.links, answer.info)}
    assert sorted(codes) == sorted([*links, created["reference"]])
    for private in ("Anna", "12345678"):
        assert private not in text


def open_status_page(
    server: Server, context: BrowserContext, session_id: str, query: str = ""
) -> tuple[dict[str, str], Page, list[str]]:
    """A referral made, and the status page open and ready; the CSP refusals it logs."""
    created = make_referral(server, session_id)
    page = context.new_page()
    refused = csp_violations(page)
    page.goto(f"{server.url}/status{query}")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    return created, page, refused


def test_the_status_page_right_mistyped_and_unknown(
    server: Server, contexts: Callable[[], BrowserContext]
) -> None:
    created, page, refused = open_status_page(server, contexts(), "chat-status-browser-1")
    assert_accessible(page, "status page")
    code = page.get_by_label("Uw nummer")
    code.fill(created["reference"].lower().replace("-", " "))
    page.get_by_role("button", name="Kijk").click()
    expect(page.locator(".status-text")).to_contain_text("Juridisch spreekuur (voorbeeld)")
    expect(page.locator(".partner-card")).to_contain_text("0800 123 4567")
    assert "Anna" not in page.content()
    assert_accessible(page, "status shown")
    assert refused == []
    screenshot(page, "status")
    mistyped = created["reference"][:-1] + ("A" if created["reference"][-1] != "A" else "C")
    code.fill(mistyped)
    page.get_by_role("button", name="Kijk").click()
    expect(page.locator("#code-error")).to_contain_text("Deze code klopt niet")
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_be_focused()
    expect(page.locator("#result")).to_be_hidden()
    assert_accessible(page, "status mistyped")
    code.fill("W-ACDE-3467-" + created["reference"][-1])
    page.get_by_role("button", name="Kijk").click()
    expect(page.locator("#code-error")).to_contain_text(
        re.compile("Wij kennen deze code niet|Deze code klopt niet")
    )


def test_the_status_page_in_arabic_right_to_left(
    server: Server, contexts: Callable[[], BrowserContext]
) -> None:
    created, page, refused = open_status_page(
        server, contexts(), "chat-status-browser-ar", "?lang=ar"
    )
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.get_by_role("button", name="ابحث").click()
    expect(page.locator("#code-error")).to_have_text("اكتب أولاً الرقم الموجود على قسيمتك.")
    page.get_by_label("رقمك").fill(created["reference"])
    page.get_by_role("button", name="ابحث").click()
    expect(page.locator(".status-text")).to_contain_text("Juridisch spreekuur (voorbeeld)")
    expect(page.locator(".status-text")).to_contain_text("تم تحويل سؤالك إلى")
    expect(page.locator(".partner-card")).to_contain_text("الهاتف")
    expect(page.locator(".partner-card")).to_contain_text("0800 123 4567")
    assert_accessible(page, "status shown in Arabic")
    assert refused == []
    screenshot(page, "status-ar")
    # "Terug" opens the kiosk in Arabic (not in Dutch), with today's spreekuren in Arabic.
    arabic = load_catalogue().localised("ar")
    with page.expect_navigation():
        page.get_by_role("link", name=arabic.interface["status_back"]).click()
    expect(page.locator("#languages button[aria-pressed=true]")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # Taken off the address: a reload, or the next visitor, starts in Dutch.
    assert page.url == f"{server.url}/"
    today = page.locator("#today")
    expect(today.locator("#today-title")).to_have_text(arabic.interface["today_title"])
    here = f"{arabic.ui('card_here')} (bij de balie)"
    expect(today).to_contain_text(arabic.ui("today_where", place=here))
    expect(today).to_contain_text(arabic.ui("card_hours", start="14:00", end="16:00"))
    expect(today).not_to_contain_text("Waar:")
    assert_accessible(page, "kiosk in Arabic after the status page")
    # Another language chosen: the list follows it.
    page.locator("#languages button[lang=pl]").click()
    expect(today).to_contain_text("od 14:00 do 16:00: Sociaal Raadslieden (voorbeeld)")
    expect(today).to_contain_text("Gdzie: tutaj w bibliotece (bij de balie).")
    assert refused == []


def kiosk_reply(catalogue: Catalogue, server: Server) -> list[dict[str, object]]:
    """What the action server sends for a boundary answer and a "no" to the offer."""
    answer = compose_answer(catalogue, "huurtoeslag", Task.AANVRAGEN, "leeuwarden")
    links = (*answer.links, answer.info)
    card = partner_card(
        catalogue, server.app.state.services.partners, "formulierenhulp_friesland", "leeuwarden"
    )
    return [
        {"recipient_id": "x", "text": answer.text},
        {
            "recipient_id": "x",
            "custom": links_message("huurtoeslag", links, Task.AANVRAGEN)["json_message"],
        },
        {"recipient_id": "x", "text": catalogue.texts.referral_declined},
        {"recipient_id": "x", "text": card.next_time, "custom": card_payload(card)},
    ]


def test_kiosk_partner_cards_spreekuren_portal_qr_and_windows_closed_on_reset(
    server: Server, contexts: Callable[[], BrowserContext], fake_rasa: FakeRasa
) -> None:
    catalogue = load_catalogue()
    fake_rasa.replies = kiosk_reply(catalogue, server)
    context = contexts()
    page = context.new_page()
    refused = csp_violations(page)
    page.goto(f"{server.url}/?inactivity=600&warning=20")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    today = page.locator("#today")
    expect(today).to_be_visible()
    expect(today).to_contain_text("van 14 tot 16 uur: Sociaal Raadslieden (voorbeeld)")
    expect(today).to_contain_text("hier in de bibliotheek (bij de balie)")
    page.get_by_label("Uw vraag").fill("ik wil huurtoeslag aanvragen")
    page.get_by_role("button", name="Verstuur").click()
    reply = page.locator("#log li.msg.bot").last
    # The portal (DigiD) is not a link on this screen: its address and a QR code.
    portal = reply.locator(".portal-card")
    expect(portal).to_contain_text("Open dit op uw eigen telefoon.")
    expect(portal).to_contain_text("https://mijn.toeslagen.nl")
    assert portal.locator("img").evaluate(IMAGE_DECODED)
    assert reply.locator("a[href='https://mijn.toeslagen.nl']").count() == 0
    # The partner card after "no": where to go alone next time.
    expect(reply.locator(".partner-card")).to_contain_text("Voorbeeldstraat 1, 8911 AA Leeuwarden")
    expect(reply).to_contain_text("Volgende keer kunt u ook zelf naar Formulierenhulp Friesland")
    expect(reply.get_by_role("button", name="Printen")).to_be_visible()
    reply.get_by_role("button", name="Op uw telefoon").click()
    expect(reply.locator(".phone-qr img")).to_be_visible()
    assert_accessible(page, "kiosk with slip buttons, portal QR and partner card")
    assert refused == []
    screenshot(page, "kiosk-take-home")
    # An information page may open, in a window the kiosk keeps; and so may the slip.
    with context.expect_page() as popup_info:
        reply.locator("a.card").first.click()
    popup_info.value.wait_for_load_state()
    with context.expect_page() as slip_info:
        reply.get_by_role("button", name="Printen").click()
    slip_info.value.wait_for_load_state()
    assert len(context.pages) == 3
    # The inactivity reset closes it: only the kiosk is left. The timer is read from the
    # page's query at every input: now 1 s, and the shortest warning WCAG allows (20 s).
    page.evaluate("history.replaceState(null, '', '/?inactivity=1&warning=20')")
    page.bring_to_front()
    page.keyboard.press("Shift")
    expect(page.get_by_role("dialog")).to_be_visible(timeout=10_000)
    expect(page.locator("#log > li")).to_have_count(0, timeout=40_000)
    page.wait_for_timeout(300)
    assert [p.url for p in context.pages] == [page.url]
    expect(today).to_be_visible()
