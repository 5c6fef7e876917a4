"""Retention: delete what Wegwijzer no longer needs. Run daily: `wegwijzer retention`.

- Conversations in Rasa's tracker store: every event older than
  `WEGWIJZER_TRANSCRIPT_HOURS` (24) is deleted. The store is where `make run`
  puts it (`rasa/tracker.db` in `WEGWIJZER_RUN_DIR`, or `WEGWIJZER_RASA_TRACKER_DB`) or the
  PostgreSQL database in `WEGWIJZER_RASA_TRACKER_URL`.
- Referrals: contact details and partner notes go `WEGWIJZER_RETENTION_DAYS`
  (30) after closing, and `WEGWIJZER_OPEN_REFERRAL_DAYS` (60) after the last
  change of a referral nobody closed. The anonymous record (topic, branch,
  partner, status history) stays for the statistics.
- Referral offers that expired unused.

Both SQLite files run with `secure_delete` (deleted values are zeroed), and
retention ends with a WAL checkpoint (TRUNCATE), so no old value stays behind
in the write-ahead log or in free pages.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from wegwijzer.config import Settings, settings_from
from wegwijzer.errors import WegwijzerError
from wegwijzer.referrals.service import PurgeCounts, purge_contacts
from wegwijzer.storage.engine import make_engine, make_sessionmaker


class RetentionError(WegwijzerError):
    """Retention could not do its work (an unknown tracker store, a busy database)."""


@dataclass(frozen=True)
class Report:
    referrals: PurgeCounts
    transcript_events: int
    tracker: str  # where the tracker store was found, or why it was skipped


def tracker_engine(settings: Settings) -> Engine | None:
    """Rasa's tracker store as an engine; None when the SQLite file does not exist (yet)."""
    if settings.rasa_tracker_url:
        url = make_url(settings.rasa_tracker_url)
        if url.get_backend_name() != "postgresql":
            raise RetentionError(f"unsupported tracker store URL scheme {url.drivername!r}")
        # Rasa's URL names no driver (psycopg2, in Rasa's environment); the app has psycopg 3.
        return make_engine(url.set(drivername="postgresql+psycopg").render_as_string(False))
    if not settings.tracker_db.exists():
        return None
    return make_engine(f"sqlite:///{settings.tracker_db}")


def purge_transcripts(engine: Engine, before: float) -> int:
    """Delete tracker events older than `before` (epoch seconds, as Rasa stores them)."""
    with engine.begin() as connection:
        if not inspect(connection).has_table("events"):
            return 0
        result = connection.execute(
            text("DELETE FROM events WHERE timestamp < :before OR timestamp IS NULL"),
            {"before": before},
        )
        return int(result.rowcount or 0)


def checkpoint(engine: Engine) -> None:
    """Copy the WAL into the database and truncate it (SQLite; nothing to do elsewhere)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        busy, _frames, _copied = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    if busy:
        raise RetentionError(
            f"{engine.url.database}: a reader kept the WAL checkpoint from finishing; run again"
        )


def run(settings: Settings, now: float | None = None) -> Report:
    """One retention round over the app's database and Rasa's tracker store."""
    now = time.time() if now is None else now
    tracker = tracker_engine(settings)  # a wrong tracker setting stops before any delete
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            counts = purge_contacts(session, settings.retention_days, settings.open_referral_days)
        checkpoint(engine)
    finally:
        engine.dispose()
    if tracker is None:
        return Report(counts, 0, f"no tracker store at {settings.tracker_db}")
    try:
        events = purge_transcripts(tracker, now - settings.transcript_hours * 3600)
        checkpoint(tracker)
    finally:
        tracker.dispose()
    return Report(counts, events, tracker.url.render_as_string(hide_password=True))


def main(argv: list[str] | None = None) -> int:
    try:
        settings = settings_from()
    except ValueError as exc:
        print(f"Configuration error:\n{exc}", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(
        prog="wegwijzer retention",
        description=__doc__,
        epilog="example (daily, from a systemd timer or cron): wegwijzer retention",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--url", default=settings.database_url, help="the app's database")
    parser.add_argument(
        "--days",
        type=int,
        default=settings.retention_days,
        help="days after closing (WEGWIJZER_RETENTION_DAYS: %(default)s)",
    )
    parser.add_argument(
        "--open-days",
        type=int,
        default=settings.open_referral_days,
        help="days without a change for open referrals (WEGWIJZER_OPEN_REFERRAL_DAYS: %(default)s)",
    )
    parser.add_argument(
        "--transcript-hours",
        type=float,
        default=settings.transcript_hours,
        help="hours a conversation stays (WEGWIJZER_TRANSCRIPT_HOURS: %(default)s)",
    )
    parser.add_argument(
        "--tracker-url",
        default=settings.rasa_tracker_url,
        help="Rasa's PostgreSQL tracker store (WEGWIJZER_RASA_TRACKER_URL)",
    )
    parser.add_argument(
        "--tracker-db",
        type=Path,
        default=settings.tracker_db,
        help="Rasa's SQLite tracker store (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.days < 0 or args.open_days < 1 or args.transcript_hours < 0:
        parser.error("--days and --transcript-hours must be 0 or more, --open-days 1 or more")
    chosen = settings.model_copy(
        update={
            "database_url": args.url,
            "retention_days": args.days,
            "open_referral_days": args.open_days,
            "transcript_hours": args.transcript_hours,
            "rasa_tracker_url": args.tracker_url,
            "rasa_tracker_db": args.tracker_db,
        }
    )
    try:
        report = run(chosen)
    except RetentionError as exc:
        print(f"Retention incomplete: {exc}", file=sys.stderr)
        return 1
    counts = report.referrals
    print(
        f"Removed contact details from {counts.closed} referral(s) closed more than "
        f"{args.days} days ago and {counts.open} open referral(s) unchanged for "
        f"{args.open_days} days; deleted {counts.offers} expired offer(s)."
    )
    print(
        f"Deleted {report.transcript_events} conversation event(s) older than "
        f"{args.transcript_hours:g} hours from Rasa's tracker store ({report.tracker})."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
