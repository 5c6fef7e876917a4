"""The staff page for staff and the partner page for partners, in Chromium on the real stack;
and a double request that reaches the real server at the same moment."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.e2e.browser import SCREENSHOTS, axe_violations, screenshot
from tests.e2e.conftest import STAFF_TOKEN, Stack

pytestmark = pytest.mark.e2e

PARTNER_TOKEN = "demo-formulierenhulp-token"
INTERNAL_IDS = re.compile(r"\b(null|None|undefined|[a-z]+_[a-z_]+)\b")


def assert_accessible(page: Page, state: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{state}: {json.dumps(violations, indent=1)}"


def chat(stack: Stack, text: str, session_id: str | None = None) -> dict[str, Any]:
    response = httpx.post(
        f"{stack.app_url}/api/chat", json={"session_id": session_id, "text": text}, timeout=30
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def offered_session(stack: Stack) -> str:
    """A conversation that reached the boundary and said yes to the offer."""
    first = chat(stack, "Ik wil huurtoeslag aanvragen")
    chat(stack, "/affirm", first["session_id"])
    return str(first["session_id"])


def form(session_id: str, phone: str = "06 12345678") -> dict[str, Any]:
    return {"session_id": session_id, "consent": True, "name": "Anna", "phone": phone}


def at_once(send: Any) -> list[Any]:
    barrier = threading.Barrier(2)

    def go(_: int) -> Any:
        barrier.wait()
        return send()

    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(go, range(2)))


def test_two_requests_at_the_same_moment_make_one_referral(stack: Stack) -> None:
    session_id = offered_session(stack)
    url = f"{stack.app_url}/api/referrals"
    responses = at_once(lambda: httpx.post(url, json=form(session_id), timeout=30))
    assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
    # Staff: the same click twice opens one offer, and that offer makes one referral.
    staff = {"Authorization": f"Bearer {STAFF_TOKEN}"}
    body = {"topic": "zorgtoeslag", "task": "aanvragen", "request_id": "e2e-desk-click-0001"}
    offers = at_once(
        lambda: httpx.post(
            f"{stack.app_url}/api/staff/referral-offers", json=body, headers=staff, timeout=30
        )
    )
    assert [o.status_code for o in offers] == [201, 201]
    assert len({o.json()["session_id"] for o in offers}) == 1
    desk = offers[0].json()["session_id"]
    created = at_once(lambda: httpx.post(url, json=form(desk), timeout=30))
    assert sorted(r.status_code for r in created) == [201, 409]


def sign_in(page: Page, stack: Stack, path: str, label: str, token: str) -> None:
    page.goto(f"{stack.app_url}{path}")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    page.get_by_label(label).fill(token)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("#work")).to_be_visible()


def triage(page: Page, text: str) -> None:
    page.get_by_label("Plak of typ de vraag").fill(text)
    page.get_by_role("button", name="Bekijk advies").click()
    expect(page.get_by_role("button", name="Verwijs door")).to_be_visible()


def test_staff_page_speaks_to_staff_and_refers_once(page: Page, stack: Stack) -> None:
    sign_in(page, stack, "/medewerker", "Medewerker-token", STAFF_TOKEN)
    result = page.locator("#triage-result")
    # A request to log in without a topic is the boundary, not "no question".
    triage(page, "Kunt u voor mij inloggen?")
    expect(result.get_by_role("heading")).to_have_text("Vraag om voor de bezoeker in te loggen")
    expect(result).to_contain_text("DigiD nodig")
    expect(result).not_to_contain_text("Geen vraag over de overheid")
    assert not INTERNAL_IDS.search(result.inner_text()), result.inner_text()

    triage(page, "Ik wil mijn zorgtoeslag aanvragen")
    text = result.inner_text()
    assert not INTERNAL_IDS.search(text), text
    assert "U wilt" not in text
    expect(result).to_contain_text("Daarvoor logt de bezoeker zelf in met DigiD")
    # "Verwijs door" opens the referral form, filled in with what the triage found.
    page.get_by_role("button", name="Verwijs door").click()
    expect(page.get_by_label("Onderwerp", exact=True)).to_have_value("zorgtoeslag")
    expect(page.get_by_label("Wat wil de bezoeker?")).to_have_value("aanvragen")
    expect(page.get_by_label("De bezoeker geeft toestemming")).to_be_focused()
    page.get_by_label("De bezoeker geeft toestemming").check()
    page.get_by_label("Naam of bijnaam").fill("Meneer de Vries")
    page.get_by_role("textbox", name="Telefoonnummer").fill("058 123 4567")
    offers: list[str] = []
    page.on("request", lambda r: offers.append(r.url) if "referral-offers" in r.url else None)
    page.get_by_role("button", name="Doorverwijzen").dblclick()
    expect(page.locator("#refer-result")).to_contain_text("Doorgestuurd naar")
    assert len(offers) == 1
    reference = re.search(r"W-[A-Z0-9]{4}-[A-Z0-9]{4}", page.locator("#refer-result").inner_text())
    assert reference is not None
    row = page.locator("#referrals tr", has_text=reference.group(0))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Zorgtoeslag")
    expect(row).to_contain_text("Aanvragen")
    assert not INTERNAL_IDS.search(page.locator("#referrals").inner_text())

    # A guess below 0.6 is shown as a guess.
    def unsure(route: Route) -> None:
        response = route.fetch()
        body = response.json()
        body["confidence"] = 0.45
        route.fulfill(response=response, json=body)

    page.route("**/api/triage", unsure)
    triage(page, "Ik wil mijn zorgtoeslag aanvragen")
    expect(result.get_by_role("heading")).to_contain_text("Onzeker")
    page.unroute("**/api/triage")

    # The statistics name their period, and the period can be chosen.
    expect(page.locator("#stats-period")).to_contain_text("Periode:")
    expect(page.locator("#stats-period")).to_contain_text("tot en met")
    page.get_by_label("Periode").select_option("")
    expect(page.locator("#stats-period")).to_contain_text("alles")
    assert_accessible(page, "staff page")
    screenshot(page, "medewerker-triage")

    # The CSV as Dutch Excel opens it: a byte-order mark, ";" and names.
    chat(stack, "Heb ik recht op zorgtoeslag?")  # a kiosk question, counted this week
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Download als CSV")).click()
    path = download.value.path()
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Soort", "Week", "Onderwerp of partner", "Aantal"]
    assert all(len(r) == 4 for r in rows)
    names = {r[2] for r in rows[1:]}
    assert "Zorgtoeslag" in names
    assert not any("_" in name for name in names), names


def test_a_single_branch_account_has_no_branch_choice(page: Page, stack: Stack) -> None:
    sign_in(page, stack, "/medewerker", "Medewerker-token", "demo-balie-leeuwarden-token")
    expect(page.get_by_label("Vestiging", exact=True)).to_be_hidden()
    expect(page.locator("#branch-only")).to_have_text("Vestiging: dbieb Leeuwarden.")
    # The shipped topics were all reviewed less than WEGWIJZER_REVIEW_MONTHS ago.
    expect(page.locator("#reviews-hint")).to_have_text(
        "Alle onderwerpen zijn in de laatste 6 maanden nagekeken."
    )


def test_partner_page_on_a_phone(browser: Browser, stack: Stack) -> None:
    session_id = offered_session(stack)
    created = httpx.post(
        f"{stack.app_url}/api/referrals", json=form(session_id, "058 123 4567"), timeout=30
    )
    assert created.status_code == 201, created.text
    reference = created.json()["reference"]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, stack, "/partner", "Partner-token", PARTNER_TOKEN)
    # Search by the number the visitor reads out, typed loosely.
    page.get_by_label("Zoek op nummer").fill(reference.lower().replace("-", " "))
    page.get_by_role("button", name="Zoek", exact=True).click()
    rows = page.locator("#inbox tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(reference)
    expect(rows).to_contain_text("Huurtoeslag")
    expect(rows).to_contain_text("Aanvragen")
    expect(rows).to_contain_text("dbieb Leeuwarden")
    expect(rows).to_contain_text("Nieuw")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert_accessible(page, "partner inbox at 390 px")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "partner-inbox-390.png"), full_page=True)

    page.get_by_role("button", name=f"Open {reference}").click()
    detail = page.locator("#detail")
    expect(detail).to_contain_text(f"Doorverwijzing {reference}")
    phone = detail.get_by_role("link", name="058 123 4567")
    expect(phone).to_have_attribute("href", "tel:+31581234567")
    # Opening marks it received, and the inbox says so too.
    expect(rows).to_contain_text("Ontvangen")
    expect(page.get_by_label("Nieuwe status")).to_have_value("received")
    page.get_by_label("Nieuwe status").select_option("in_progress")
    page.get_by_label("Notitie (mag leeg blijven)").fill("Gebeld, terugbellen morgen")
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.locator("#status-result")).to_contain_text("Opgeslagen: Mee bezig")
    expect(page.locator("#history")).to_contain_text("Gebeld, terugbellen morgen")
    expect(page.get_by_label("Notitie (mag leeg blijven)")).to_have_value("")
    expect(page.get_by_label("Nieuwe status")).to_have_value("in_progress")
    expect(rows).to_contain_text("Mee bezig")
    assert not INTERNAL_IDS.search(detail.inner_text()), detail.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert_accessible(page, "partner detail at 390 px")
    page.screenshot(path=str(SCREENSHOTS / "partner-detail-390.png"), full_page=True)
    context.close()
