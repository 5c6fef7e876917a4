"""Check every link in the catalogue: is it still there, and where does it lead now?

Government sites reorganise; a dead link at the kiosk sends a visitor nowhere.
For cron: `python -m wegwijzer.linkcheck` (part of the `wegwijzer` CLI as
`check-links`) asks each address with HEAD, and with GET when HEAD fails (some
servers refuse HEAD), follows redirects and reports them, gives up after a
timeout, and asks at most `--concurrency` addresses at a time. It exits 1 when
a link is dead, so cron's mail or a monitor notices.

A link is
  ok          answered 2xx without a redirect;
  redirected  answered 2xx after temporary redirects only (nothing to change);
  moved       answered 2xx after a permanent redirect (301, 308): put the new
              address in the catalogue;
  dead        4xx, 5xx, a timeout, no connection, or a redirect loop.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

import httpx

from wegwijzer.catalogue import DEFAULT_CATALOGUE_DIR, Catalogue, load_catalogue

DEFAULT_TIMEOUT = 10.0
DEFAULT_CONCURRENCY = 8
MAX_REDIRECTS = 10
PERMANENT = frozenset({301, 308})
USER_AGENT = "Wegwijzer-linkcheck/0.1 (link check of a library information point)"
EXIT_OK = 0
EXIT_DEAD = 1


class Verdict(StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"
    MOVED = "moved"
    DEAD = "dead"


@dataclass(frozen=True)
class Hop:
    status: int
    url: str


@dataclass
class LinkResult:
    url: str
    # Where the catalogue uses it ("topic huurtoeslag, link info").
    used_in: list[str]
    verdict: Verdict
    # The final status code (None: no answer at all).
    status: int | None = None
    final_url: str | None = None
    # Each redirect on the way: its status and the address it came from.
    redirects: list[Hop] = field(default_factory=list)
    method: str = "HEAD"
    error: str | None = None
    # A remark that does not make the link dead (the new address is off the allow-list).
    note: str | None = None


def catalogue_links(catalogue: Catalogue) -> dict[str, list[str]]:
    """Every address in the catalogue (links, sources, gemeente sites), with where it is used."""
    links: dict[str, list[str]] = {}
    for topic_id, topic in sorted(catalogue.topics.items()):
        for key, link in topic.links.items():
            for url in link.fixed_urls():
                links.setdefault(url, []).append(f"topic {topic_id}, link {key}")
        for task, guidance in topic.tasks.items():
            links.setdefault(guidance.source, []).append(
                f"topic {topic_id}, task {task.value}, source"
            )
    for branch_id, branch in sorted(catalogue.branches.items()):
        links.setdefault(branch.gemeente_url, []).append(f"branch {branch_id}, gemeente site")
    return links


async def _ask(client: httpx.AsyncClient, method: str, url: str) -> httpx.Response:
    """One request, redirects followed; the body is never downloaded."""
    async with client.stream(method, url) as response:
        return response


def _result(url: str, used_in: list[str], method: str, response: httpx.Response) -> LinkResult:
    redirects = [Hop(r.status_code, str(r.url)) for r in response.history]
    final = str(response.url)
    if not response.is_success:
        verdict = Verdict.DEAD
    elif any(hop.status in PERMANENT for hop in redirects):
        verdict = Verdict.MOVED
    elif redirects:
        verdict = Verdict.REDIRECTED
    else:
        verdict = Verdict.OK
    return LinkResult(url, used_in, verdict, response.status_code, final, redirects, method=method)


def _failure(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects (a loop?)"
    return type(exc).__name__


async def check_link(client: httpx.AsyncClient, url: str, used_in: list[str]) -> LinkResult:
    """HEAD; when that fails in any way, GET (servers that refuse or mishandle HEAD)."""
    result: LinkResult | None = None
    for method in ("HEAD", "GET"):
        try:
            response = await _ask(client, method, url)
        except httpx.HTTPError as exc:
            result = LinkResult(url, used_in, Verdict.DEAD, method=method, error=_failure(exc))
            continue
        result = _result(url, used_in, method, response)
        if result.verdict is not Verdict.DEAD:
            return result
    assert result is not None
    return result


async def check_links(
    links: dict[str, list[str]],
    *,
    request_timeout: float = DEFAULT_TIMEOUT,
    concurrency: int = DEFAULT_CONCURRENCY,
    policy: Callable[[str], str | None] | None = None,
) -> list[LinkResult]:
    """Every link, at most `concurrency` at a time, in the order given.

    `policy` names what is wrong with an address the catalogue would refuse; a
    redirect to such an address is noted (the catalogue cannot simply take it over).
    """
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(
        timeout=request_timeout,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        limits=limits,
        headers={"User-Agent": USER_AGENT},
    ) as client:

        async def one(url: str, used_in: list[str]) -> LinkResult:
            async with gate:
                result = await check_link(client, url, used_in)
            if policy is not None and result.final_url and result.final_url != url:
                problem = policy(result.final_url)
                if problem:
                    result.note = f"the new address is not for the catalogue: {problem}"
            return result

        return list(await asyncio.gather(*(one(u, w) for u, w in links.items())))


def text_report(results: Sequence[LinkResult]) -> str:
    counts = {verdict: sum(r.verdict is verdict for r in results) for verdict in Verdict}
    lines = [
        f"{len(results)} links: "
        + ", ".join(f"{counts[verdict]} {verdict.value}" for verdict in Verdict)
    ]
    order = {Verdict.DEAD: 0, Verdict.MOVED: 1, Verdict.REDIRECTED: 2, Verdict.OK: 3}
    for result in sorted(results, key=lambda r: (order[r.verdict], r.url)):
        answer = result.error or f"HTTP {result.status}"
        lines.append(f"{result.verdict.value.upper():<10} {result.url} ({answer}, {result.method})")
        for hop in result.redirects:
            lines.append(f"    {hop.status} from {hop.url}")
        if result.redirects:
            lines.append(f"    now at {result.final_url}")
        if result.note:
            lines.append(f"    note: {result.note}")
        lines += [f"    used in {place}" for place in result.used_in]
    return "\n".join(lines) + "\n"


def json_report(results: Sequence[LinkResult]) -> str:
    data = {
        "summary": {
            verdict.value: sum(r.verdict is verdict for r in results) for verdict in Verdict
        },
        "links": [asdict(result) for result in results],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="wegwijzer check-links",
        description="Check every link in the catalogue (HEAD, then GET), follow and report "
        "redirects. Exit code 1 when a link is dead.",
        epilog="Examples:\n"
        "  python -m wegwijzer.linkcheck\n"
        "  python -m wegwijzer.linkcheck --format json --output /var/log/wegwijzer/links.json\n"
        "  python -m wegwijzer.linkcheck --url https://www.toeslagen.nl/ --timeout 5",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--catalogue", type=Path, default=DEFAULT_CATALOGUE_DIR, help="catalogue folder")
    p.add_argument(
        "--url",
        action="append",
        default=[],
        help="check this address instead of the catalogue's (repeatable)",
    )
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per request")
    p.add_argument(
        "--concurrency", type=int, default=DEFAULT_CONCURRENCY, help="requests at the same time"
    )
    p.add_argument("--format", choices=["text", "json"], default="text", help="report format")
    p.add_argument("--output", type=Path, help="write the report to this file (default: stdout)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.concurrency < 1 or args.timeout <= 0:
        parser().error("--concurrency must be 1 or more and --timeout above 0")
    policy = None
    links: dict[str, list[str]]
    if args.url:
        links = {url: ["--url"] for url in args.url}
    else:
        catalogue = load_catalogue(args.catalogue)
        links = catalogue_links(catalogue)
        policy = catalogue.link_problem
    results = asyncio.run(
        check_links(
            links, request_timeout=args.timeout, concurrency=args.concurrency, policy=policy
        )
    )
    report = json_report(results) if args.format == "json" else text_report(results)
    if args.output is None:
        sys.stdout.write(report)
    else:
        args.output.write_text(report, encoding="utf-8")
    return EXIT_DEAD if any(r.verdict is Verdict.DEAD for r in results) else EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
