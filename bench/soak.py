"""`make soak`: `make run`'s own launcher under a steady mix of conversations and referrals.

For SOAK_SECONDS (1800) a new conversation starts every 60/SOAK_CONVERSATIONS_PER_MINUTE
seconds (30 a minute), whatever the ones before are doing (an open loop, as visitors
arrive); each sends its messages one after the other with a short pause, and every
SOAK_REFERRAL_EVERY-th (4th) conversation ends in a referral through the form, whose
webhook a loopback receiver checks. Every SOAK_SAMPLE_SECONDS (10) it records the memory
(RSS) of the launcher and each child, the size of both databases and of the logs.
Per SOAK_WINDOW_SECONDS (300) window it reports the turns, referrals, latency and
errors. Targets: memory growth under 5% and latency drift under 10% (last window
against the first, the first being the warm-up's end), no error and no restart.
Writes reports/soak.md and reports/soak.json; not part of `make test`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import yaml

from bot.launched import LaunchedStack, launch
from bot.paths import ROOT, VAR_DIR
from bot.train import model_path
from tests.receivers import WebhookReceiver, webhook_receiver
from wegwijzer.partners import DEFAULT_PARTNERS_FILE

RECEIVER_SECRET = "whsec_c29hay1yZWNlaXZlci1zZWNyZXQtMDAwMQ=="
MEMORY_TARGET = 0.05
DRIFT_TARGET = 0.10
CONVERSATIONS = [
    ["goedemorgen", "Heb ik recht op huurtoeslag?", "dank u wel"],
    ["Ik ben het niet eens met mijn parkeerboete", "/parkeerboete", "bedankt"],
    ["Wanneer krijg ik mijn AOW?", "ben jij een robot?", "doei"],
    ["brief van het CJIB", "hoe betaal ik de boete", "dank je"],
    ["mijn digid werkt niet meer", "ik wil een nieuwe digid aanvragen", "nee dank u"],
    ["Wat is kindgebonden budget?", "hoe laat gaat de bibliotheek open", "doei"],
]
# Ends with the visitor's "yes" to a referral offer, then the form.
REFERRAL_CONVERSATIONS = [
    ["Ik wil huurtoeslag aanvragen", "ja graag"],
    ["Ik wil mijn WW aanvragen", "ja"],
    ["goedemorgen", "Ik wil huurtoeslag aanvragen", "/affirm"],
]


@dataclass(frozen=True)
class SoakSettings:
    seconds: float
    window: float
    conversations_per_minute: float
    referral_every: int
    sample: float
    pause: float

    @classmethod
    def from_env(cls) -> SoakSettings:
        env = os.environ
        return cls(
            seconds=float(env.get("SOAK_SECONDS", "1800")),
            window=float(env.get("SOAK_WINDOW_SECONDS", "300")),
            conversations_per_minute=float(env.get("SOAK_CONVERSATIONS_PER_MINUTE", "30")),
            referral_every=int(env.get("SOAK_REFERRAL_EVERY", "4")),
            sample=float(env.get("SOAK_SAMPLE_SECONDS", "10")),
            pause=float(env.get("SOAK_PAUSE_SECONDS", "1")),
        )


@dataclass
class Window:
    turns: list[float] = field(default_factory=list)
    referrals: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.turns)

        def pct(p: float) -> float:
            if not ordered:
                return 0.0
            return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

        return {
            "turns": len(self.turns),
            "referrals": len(self.referrals),
            "p50_ms": pct(0.5),
            "p95_ms": pct(0.95),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else 0.0,
            "referral_p50_ms": (
                round(statistics.median(self.referrals) * 1000, 1) if self.referrals else 0.0
            ),
            "errors": len(self.errors),
            "error_examples": self.errors[:5],
        }


class Recorder:
    def __init__(self, started: float, window: float, seconds: float) -> None:
        self.started = started
        self.window = window
        # Conversations still going at the end count in the last window.
        self.count = max(1, math.ceil(seconds / window))
        self.windows = [Window() for _ in range(self.count)]

    def at(self, moment: float) -> Window:
        return self.windows[min(self.count - 1, int((moment - self.started) // self.window))]


def partners_file(work: Path, webhook_url: str) -> Path:
    data = yaml.safe_load(DEFAULT_PARTNERS_FILE.read_text(encoding="utf-8"))
    for partner in data["partners"].values():
        partner["webhook"] = {"url": webhook_url, "secret": RECEIVER_SECRET}
        partner.pop("email", None)
    path = work / "partners.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


async def converse(
    client: httpx.AsyncClient, recorder: Recorder, script: list[str], refer: bool, pause: float
) -> None:
    session_id: str | None = None
    for text in script:
        started = time.monotonic()
        try:
            response = await client.post("/api/chat", json={"text": text, "session_id": session_id})
            if response.status_code != 200:
                recorder.at(started).errors.append(f"chat {response.status_code}")
                return
        except httpx.HTTPError as exc:
            recorder.at(started).errors.append(f"chat {type(exc).__name__}")
            return
        recorder.at(started).turns.append(time.monotonic() - started)
        session_id = response.json()["session_id"]
        await asyncio.sleep(pause)
    if not refer:
        return
    form = next(
        (
            m["custom"]
            for m in response.json()["messages"]
            if m["custom"] and m["custom"].get("type") == "referral_form"
        ),
        None,
    )
    started = time.monotonic()
    if form is None:
        recorder.at(started).errors.append(f"no referral form after {script[-1]!r}")
        return
    try:
        created = await client.post(
            "/api/referrals",
            json={"session_id": session_id, "consent": True, "name": "Soak", "phone": "0612345678"},
        )
    except httpx.HTTPError as exc:
        recorder.at(started).errors.append(f"referral {type(exc).__name__}")
        return
    if created.status_code != 201:
        recorder.at(started).errors.append(f"referral {created.status_code}")
        return
    recorder.at(started).referrals.append(time.monotonic() - started)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (from /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def size(paths: Iterator[Path]) -> int:
    return sum(p.stat().st_size for p in paths if p.exists())


def sample(stack: LaunchedStack, elapsed: float) -> dict[str, Any]:
    state = stack.state()
    memory = {"launcher": rss_mb(stack.process.pid)}
    memory.update({name: rss_mb(int(info["pid"])) for name, info in state.items()})
    tracker = stack.run_dir / "rasa" / "tracker.db"
    return {
        "elapsed": round(elapsed, 1),
        "rss_mb": memory,
        "cpu_s": {name: cpu_seconds(int(info["pid"])) for name, info in state.items()},
        "pids": {name: info["pid"] for name, info in state.items()},
        "restarts": {name: info["restarts"] for name, info in state.items()},
        "app_db_bytes": size(stack.database.parent.glob(stack.database.name + "*")),
        "tracker_db_bytes": size(tracker.parent.glob(tracker.name + "*")),
        "log_bytes": size((stack.run_dir / "logs").glob("*")),
        "load_average": round(os.getloadavg()[0], 2),
    }


async def drive(stack: LaunchedStack, settings: SoakSettings) -> tuple[Recorder, list[Any]]:
    started = time.monotonic()
    recorder = Recorder(started, settings.window, settings.seconds)
    samples: list[dict[str, Any]] = []
    interval = 60.0 / settings.conversations_per_minute
    plain, referring = itertools.cycle(CONVERSATIONS), itertools.cycle(REFERRAL_CONVERSATIONS)
    tasks: set[asyncio.Task[None]] = set()
    limits = httpx.Limits(max_connections=50)
    async with httpx.AsyncClient(base_url=stack.app_url, timeout=60, limits=limits) as client:
        next_sample = started
        for number in itertools.count(1):
            now = time.monotonic()
            if now - started >= settings.seconds:
                break
            if now >= next_sample:
                samples.append(sample(stack, now - started))
                next_sample += settings.sample
            refer = number % settings.referral_every == 0
            script = next(referring) if refer else next(plain)
            task = asyncio.create_task(converse(client, recorder, script, refer, settings.pause))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            await asyncio.sleep(max(0.0, started + number * interval - time.monotonic()))
        await asyncio.gather(*tasks)
    samples.append(sample(stack, time.monotonic() - started))
    return recorder, samples


def enrich(windows: list[dict[str, Any]], samples: list[dict[str, Any]], window: float) -> None:
    """Per window: the machine's load average, and CPU ms per turn of each child.

    CPU time per turn hardly depends on what else runs on a shared machine, so
    it shows whether a turn got more expensive or only waited longer for a core.
    """
    for index, figures in enumerate(windows):
        inside = [s for s in samples if index * window <= s["elapsed"] < (index + 1) * window]
        if index == len(windows) - 1:
            inside = [s for s in samples if s["elapsed"] >= index * window]
        start = [s for s in samples if s["elapsed"] <= index * window][-1:] or samples[:1]
        end = inside[-1] if inside else start[0]
        figures["load_average"] = (
            round(statistics.fmean(s["load_average"] for s in inside), 2) if inside else 0.0
        )
        figures["cpu_ms_per_turn"] = {
            name: round((end["cpu_s"][name] - start[0]["cpu_s"][name]) * 1000 / figures["turns"], 1)
            if figures["turns"]
            else 0.0
            for name in end["cpu_s"]
        }


def verdicts(
    windows: list[dict[str, Any]], samples: list[dict[str, Any]], window: float, delivered: bool
) -> dict[str, Any]:
    """Growth of memory and drift of latency: the last window against the first."""
    first_end = [s for s in samples if s["elapsed"] <= window] or samples[:1]
    baseline, final = first_end[-1], samples[-1]
    growth = {
        name: round((final["rss_mb"][name] - mb) / mb, 4) if mb else 0.0
        for name, mb in baseline["rss_mb"].items()
    }
    full = [w for w in windows if w["turns"]]
    drift_p50 = round((full[-1]["p50_ms"] - full[0]["p50_ms"]) / full[0]["p50_ms"], 4)
    drift_mean = round((full[-1]["mean_ms"] - full[0]["mean_ms"]) / full[0]["mean_ms"], 4)
    rasa_cpu = [w["cpu_ms_per_turn"].get("rasa", 0.0) for w in full]
    drift_cpu = round((rasa_cpu[-1] - rasa_cpu[0]) / rasa_cpu[0], 4) if rasa_cpu[0] else 0.0
    errors = sum(w["errors"] for w in windows)
    restarts = sum(final["restarts"].values())
    return {
        "memory_growth": growth,
        "memory_met": all(g < MEMORY_TARGET for g in growth.values()),
        "latency_drift_p50": drift_p50,
        "latency_drift_mean": drift_mean,
        "rasa_cpu_per_turn_drift": drift_cpu,
        "latency_met": drift_p50 < DRIFT_TARGET,
        "errors": errors,
        "restarts": restarts,
        "all_delivered": delivered,
        "errors_met": errors == 0 and restarts == 0 and delivered,
    }


def pct(value: float) -> str:
    return f"{value * 100:+.1f}%"


def markdown(report: dict[str, Any]) -> str:
    settings, result = report["settings"], report["verdicts"]
    minutes = settings["seconds"] / 60
    every = 60 / settings["conversations_per_minute"]
    lines = [
        "# Wegwijzer soak",
        "",
        f"{report['started']}, {report['machine']}. `make run`'s launcher for "
        f"{minutes:g} minutes: a conversation every {every:g} s "
        f"(every {settings['referral_every']}th ends in a referral through the form), "
        f"windows of {settings['window']:g} s. Load average on the machine during the run: "
        f"{report['load_average']['min']}-{report['load_average']['max']} "
        "(it is shared: other work ran beside the soak).",
        "",
        "| window | turns | referrals | p50 ms | p95 ms | mean ms | errors | CPU ms per turn:"
        " Rasa / app / actions | machine load |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for index, window in enumerate(report["windows"]):
        start, end = index * settings["window"] / 60, (index + 1) * settings["window"] / 60
        cpu = window["cpu_ms_per_turn"]
        lines.append(
            f"| {start:.3g}-{end:.3g} min | {window['turns']} | {window['referrals']} | "
            f"{window['p50_ms']} | {window['p95_ms']} | {window['mean_ms']} | {window['errors']} | "
            f"{cpu.get('rasa')} / {cpu.get('app')} / {cpu.get('actions')} | "
            f"{window['load_average']} |"
        )
    first, last = report["baseline_sample"], report["samples"][-1]
    lines += [
        "",
        "| process | RSS after the first window (MB) | RSS at the end (MB) | growth |",
        "|---|---|---|---|",
    ]
    for name, growth in result["memory_growth"].items():
        lines.append(
            f"| {name} | {first['rss_mb'][name]} | {last['rss_mb'][name]} | {pct(growth)} |"
        )
    lines += [
        "",
        "| file | after the first window | at the end |",
        "|---|---|---|",
        f"| app database (+WAL) | {first['app_db_bytes']:,} B | {last['app_db_bytes']:,} B |",
        f"| Rasa tracker store (+WAL) | {first['tracker_db_bytes']:,} B | "
        f"{last['tracker_db_bytes']:,} B |",
        f"| logs (all files) | {first['log_bytes']:,} B | {last['log_bytes']:,} B |",
        "",
        f"Referrals delivered to the webhook receiver: {report['delivered']} of "
        f"{report['referrals']}.",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| memory growth < 5% per process | largest {pct(max(result['memory_growth'].values()))}"
        f" | {'yes' if result['memory_met'] else 'no'} |",
        f"| latency drift < 10% (p50, last window vs first) | {pct(result['latency_drift_p50'])}"
        f" (mean {pct(result['latency_drift_mean'])}; Rasa CPU per turn "
        f"{pct(result['rasa_cpu_per_turn_drift'])}) | {'yes' if result['latency_met'] else 'no'} |",
        f"| no error, no restart, every referral delivered | {result['errors']} errors, "
        f"{result['restarts']} restarts | {'yes' if result['errors_met'] else 'no'} |",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    settings = SoakSettings.from_env()
    if not model_path().exists():
        print(f"No trained model at {model_path()}: run `make setup` first.", file=sys.stderr)
        return 2
    work = VAR_DIR / "soak"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    started_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    with webhook_receiver(WebhookReceiver(RECEIVER_SECRET)) as receiver:
        print("Starting the launcher (make run) on free loopback ports...", flush=True)
        stack = launch(
            work,
            {
                "WEGWIJZER_PARTNERS": str(partners_file(work, receiver.url)),
                "WEGWIJZER_RATE_CHAT_CLIENT_PER_MINUTE": "100000",
                "WEGWIJZER_RATE_REFERRAL_CLIENT_PER_HOUR": "100000",
            },
        )
        try:
            print(
                f"Soak: {settings.seconds:g} s, {settings.conversations_per_minute:g} "
                f"conversations a minute; logs in {work / 'logs'}",
                flush=True,
            )
            recorder, samples = asyncio.run(drive(stack, settings))
            deadline = time.monotonic() + 60
            referrals = sum(len(w.referrals) for w in recorder.windows)
            while len(receiver.accepted()) < referrals and time.monotonic() < deadline:
                time.sleep(0.5)
            delivered = len({r.message_id for r in receiver.accepted()})
        finally:
            code = stack.stop()
    windows = [window.summary() for window in recorder.windows]
    enrich(windows, samples, settings.window)
    loads = [s["load_average"] for s in samples]
    first_end = [s for s in samples if s["elapsed"] <= settings.window] or samples[:1]
    report = {
        "started": started_at,
        "machine": f"{os.cpu_count()} cores, {platform.machine()}",
        "settings": settings.__dict__,
        "windows": windows,
        "samples": samples,
        "baseline_sample": first_end[-1],
        "referrals": referrals,
        "delivered": delivered,
        "launcher_exit_code": code,
        "load_average": {"min": min(loads), "max": max(loads)},
        "verdicts": verdicts(windows, samples, settings.window, delivered >= referrals),
    }
    out = ROOT / "reports"
    out.mkdir(exist_ok=True)
    (out / "soak.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out / "soak.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))
    met = report["verdicts"]
    return 0 if met["memory_met"] and met["latency_met"] and met["errors_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
