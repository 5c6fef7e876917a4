"""Debian's Chromium through Playwright (never a downloaded browser), axe-core and screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.factories import ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "reports" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        raise RuntimeError("Debian's chromium is missing: `make test` installs it (apt-get)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def open_kiosk(page: Page, app_url: str, query: str = "") -> None:
    """The kiosk's start screen, once its script has set itself up."""
    page.goto(f"{app_url}/{query}")
    expect(page.locator("body[data-ready=true]")).to_be_attached()


AXE_RUN = "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
# On a paused page clock axe needs its own timers to move: at most this many 1 ms steps.
AXE_CLOCK_STEPS = 200


def axe_violations(page: Page, *, paused_clock: bool = False) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations on the page as it is now, by axe-core from npm.

    With `paused_clock` (Playwright's clock installed and paused) axe's own timers are
    moved on 1 ms at a time until it is done, so the page's countdowns hardly move.
    """
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: `make test` runs npm ci")
    # Evaluated through the DevTools protocol: a <script> tag would be refused by the
    # pages' Content-Security-Policy, as it should be.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    if not paused_clock:
        result: dict[str, Any] = page.evaluate(
            f"async (tags) => await ({AXE_RUN})(tags)", WCAG_TAGS
        )
    else:
        page.evaluate(
            f"(tags) => {{ window.__axeResult = null; ({AXE_RUN})(tags).then("
            "(r) => { window.__axeResult = r; },"
            " (e) => { window.__axeResult = {error: String(e)}; }); }",
            WCAG_TAGS,
        )
        for _ in range(AXE_CLOCK_STEPS):
            if page.evaluate("window.__axeResult !== null"):
                break
            page.clock.run_for(1)
        result = page.evaluate("window.__axeResult")
        assert result is not None, f"axe did not finish within {AXE_CLOCK_STEPS} ms of page time"
        assert "error" not in result, result
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def screenshot(page: Page, name: str) -> None:
    """At 1280 and 320 px wide, full page, under reports/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size or {"width": 1280, "height": 900}
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(original)
