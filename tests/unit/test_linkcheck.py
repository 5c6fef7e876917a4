"""The link check against a real server on loopback: good, redirected, moved, dead and slow."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.ports import free_port
from tests.receivers import serving
from wegwijzer.catalogue import Catalogue
from wegwijzer.linkcheck import Verdict, catalogue_links, check_links, main

SLOW_SECONDS = 3.0
TIMEOUT = 0.5


@dataclass
class Site:
    port: int
    # HTTP method and path of every request, in order.
    seen: list[tuple[str, str]] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test reads `site.seen`."""

        def answer(self, status: int, location: str | None = None) -> None:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def respond(self) -> None:
            with site.lock:
                site.seen.append((self.command, self.path))
                site.in_flight += 1
                site.most_in_flight = max(site.most_in_flight, site.in_flight)
            try:
                self.route()
            finally:
                with site.lock:
                    site.in_flight -= 1

        def route(self) -> None:
            path = self.path
            if path in {"/good", "/new/home"} or path.startswith("/busy"):
                if path.startswith("/busy"):
                    time.sleep(0.2)
                self.answer(200)
            elif path == "/no-head":
                self.answer(405 if self.command == "HEAD" else 200)
            elif path == "/temporary":
                self.answer(302, "/good")
            elif path == "/moved":
                # Permanently to another host name and path.
                self.answer(301, site.url("/new/home", host="localhost"))
            elif path == "/missing":
                self.answer(404)
            elif path == "/gone":
                self.answer(410)
            elif path == "/loop":
                self.answer(302, "/loop")
            elif path == "/slow":
                time.sleep(SLOW_SECONDS)
                self.answer(200)
            else:
                self.answer(500)

        do_GET = respond  # noqa: N815
        do_HEAD = respond  # noqa: N815

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site(free_port())
    with serving(ThreadingHTTPServer(("127.0.0.1", site.port), handler_for(site))):
        yield site


PATHS = ["/good", "/no-head", "/temporary", "/moved", "/missing", "/gone", "/loop", "/slow"]


def test_each_kind_of_link_gets_its_verdict(site: Site) -> None:
    links = {site.url(path): [f"test {path}"] for path in PATHS}
    results = {
        r.url.rsplit("/", 1)[-1]: r
        for r in asyncio.run(check_links(links, request_timeout=TIMEOUT, concurrency=4))
    }
    verdicts = {name: r.verdict for name, r in results.items()}
    assert verdicts == {
        "good": Verdict.OK,
        "no-head": Verdict.OK,
        "temporary": Verdict.REDIRECTED,
        "moved": Verdict.MOVED,
        "missing": Verdict.DEAD,
        "gone": Verdict.DEAD,
        "loop": Verdict.DEAD,
        "slow": Verdict.DEAD,
    }
    assert (results["good"].method, results["good"].status) == ("HEAD", 200)
    # HEAD refused: asked again with GET.
    assert (results["no-head"].method, results["no-head"].status) == ("GET", 200)
    assert ("HEAD", "/no-head") in site.seen
    assert ("GET", "/no-head") in site.seen
    assert [(h.status, h.url) for h in results["temporary"].redirects] == [
        (302, site.url("/temporary"))
    ]
    assert results["temporary"].final_url == site.url("/good")
    assert results["moved"].final_url == site.url("/new/home", host="localhost")
    assert [h.status for h in results["moved"].redirects] == [301]
    assert (results["missing"].status, results["gone"].status) == (404, 410)
    assert results["slow"].error == "timeout"
    assert results["loop"].error is not None
    assert "redirects" in results["loop"].error
    assert results["good"].used_in == ["test /good"]


def test_no_more_requests_at_a_time_than_the_limit(site: Site) -> None:
    links = {site.url(f"/busy/{n}"): ["test"] for n in range(6)}
    results = asyncio.run(check_links(links, request_timeout=5, concurrency=2))
    assert [r.verdict for r in results] == [Verdict.OK] * 6
    assert site.most_in_flight == 2


def test_main_writes_text_and_json_and_exits_1_on_a_dead_link(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = ["--url", site.url("/good"), "--url", site.url("/moved")]
    assert main([*good, "--timeout", "2"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("2 links: 1 ok, 0 redirected, 1 moved, 0 dead")
    assert f"MOVED      {site.url('/moved')} (HTTP 200, HEAD)" in text
    assert f"    301 from {site.url('/moved')}" in text
    assert f"    now at {site.url('/new/home', host='localhost')}" in text

    report = tmp_path / "links.json"
    argv = [*good, "--url", site.url("/gone"), "--format", "json", "--output", str(report)]
    assert main(argv) == 1
    assert capsys.readouterr().out == ""
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"] == {"ok": 1, "redirected": 0, "moved": 1, "dead": 1}
    gone = next(link for link in data["links"] if link["url"].endswith("/gone"))
    assert (gone["verdict"], gone["status"]) == ("dead", 410)


def test_a_redirect_off_the_allow_list_is_noted(site: Site) -> None:
    links = {site.url("/moved"): ["test"]}

    def policy(url: str) -> str | None:
        return None if "127.0.0.1" in url else f"{url} is not on an allow-listed official domain"

    [result] = asyncio.run(check_links(links, request_timeout=2, policy=policy))
    assert result.note is not None
    assert "allow-listed" in result.note


def test_every_catalogue_address_is_checked_once_with_where_it_is_used(
    catalogue: Catalogue,
) -> None:
    links = catalogue_links(catalogue)
    huurtoeslag = catalogue.topics["huurtoeslag"]
    info = huurtoeslag.links["info"].url
    assert info in links
    assert "topic huurtoeslag, link info" in links[info]
    for guidance in huurtoeslag.tasks.values():
        assert guidance.source in links
    for branch in catalogue.branches.values():
        assert branch.gemeente_url in links
    # The English pages English visitors get are checked too.
    english = catalogue.topics["aow"].links["info"].url_en
    assert english is not None
    assert "topic aow, link info" in links[english]
    assert all(url.startswith("https://") for url in links)
    assert len(links) == len(set(links))
