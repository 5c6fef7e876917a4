"""Delete contact details of referrals closed longer ago than the retention period.

Run daily (cron or a systemd timer): `make retention`, or
`.venv/bin/python -m wegwijzer.retention --days 30`. The anonymous record
(topic, branch, partner, status history) stays for the statistics.
"""

from __future__ import annotations

import argparse
import os
import sys

from wegwijzer.referrals.service import purge_contacts
from wegwijzer.storage.engine import make_engine, make_sessionmaker
from wegwijzer.storage.migrate import DEFAULT_URL


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=os.environ.get("WEGWIJZER_DATABASE_URL", DEFAULT_URL))
    parser.add_argument(
        "--days", type=int, default=int(os.environ.get("WEGWIJZER_RETENTION_DAYS", "30"))
    )
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error("--days must be 0 or more")
    engine = make_engine(args.url)
    with make_sessionmaker(engine)() as session:
        count = purge_contacts(session, args.days)
    engine.dispose()
    print(
        f"Removed contact details from {count} referral(s) closed more than {args.days} days ago."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
