"""`wegwijzer`: the one command an operator needs (installed by the Makefile's set-up).

Each subcommand is a thin door to code that lives elsewhere (the launcher in bot/,
retention and migrations in the core, the evaluation in bench/), so `make` targets,
systemd units and people all run the same thing. Settings come from the
environment and `.env` (wegwijzer/config.py); `.env` is copied into the
environment first, so the launcher's children see the same values.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import secrets
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import SecretStr

from wegwijzer.config import Settings, env_name, export_env_file, settings_from
from wegwijzer.errors import WegwijzerError

Handler = Callable[[argparse.Namespace], int]
MASK = "********"


def _masked(word: str, hidden: set[str]) -> str:
    """A secret word, or the value of an `--option=secret` word, masked."""
    option, equals, value = word.partition("=")
    if equals and value in hidden:
        return f"{option}={MASK}"
    return MASK if word in hidden else word


# Account ids in the partners file (wegwijzer.catalogue.models.Identifier).
ACCOUNT_ID = re.compile(r"[a-z][a-z0-9_]*")
# Part B of issue 17 provides this module: main(argv: list[str]) -> int.
LINKCHECK_MODULE = "wegwijzer.linkcheck"

DESCRIPTION = """\
Wegwijzer: run and look after the assistant for the Informatiepunt Digitale Overheid.

Settings come from WEGWIJZER_* environment variables, or from the file .env in the
project folder (see .env.example); the environment wins. Check them first with
`wegwijzer check-config`.
"""

EXAMPLES = """\
examples:
  wegwijzer check-config                      validate everything, show the settings
  wegwijzer run                               start Rasa, the action server and the app
  wegwijzer token new --for partner schuldhulp_friesland
  wegwijzer stats export --from 2026-01-01 --to 2026-03-31 --branch leeuwarden > q1.csv
  wegwijzer retention                         daily: remove what is no longer needed

`wegwijzer COMMAND --help` explains one command.
"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-03-31") from None


# --- run, run-cluster, train, eval, migrate, retention: doors to existing code ---------


def _run(args: argparse.Namespace) -> int:
    from bot import launch  # noqa: PLC0415 - loads the launcher only when asked

    return launch.main()


def _serve(args: argparse.Namespace) -> int:  # noqa: RET503 - execve does not return
    from bot import launch  # noqa: PLC0415
    from bot.paths import ROOT  # noqa: PLC0415
    from bot.processes import StackSecrets  # noqa: PLC0415
    from bot.train import model_path  # noqa: PLC0415

    try:
        settings = settings_from()
    except ValueError as exc:
        print(f"Configuration error:\n{exc}", file=sys.stderr)
        return 2
    problem = launch.check_configuration(settings)
    if problem is not None:
        print(f"Cannot start: {problem}", file=sys.stderr)
        return 2
    model = model_path()
    if args.part == "rasa" and not model.exists():
        print(f"No trained model at {model}; run `wegwijzer train` first.", file=sys.stderr)
        return 2
    secrets = StackSecrets.configured(settings)
    command = launch.part_command(args.part, settings, secrets, model)
    if args.print:
        hidden = {secrets.rasa_token, secrets.actions_secret}
        print(" ".join(_masked(word, hidden) for word in command.argv))
        return 0
    sys.stdout.flush()
    os.chdir(ROOT)
    os.execve(command.argv[0], command.argv, command.env)


def _run_cluster(args: argparse.Namespace) -> int:
    from bot import cluster  # noqa: PLC0415

    return cluster.main()


def _train(args: argparse.Namespace) -> int:
    from bot import generate, train  # noqa: PLC0415

    if args.print_path:
        return train.main(["--print-path"])
    # The Rasa files generated from the catalogue must be current before training on them.
    if generate.main(["--check"]) != 0:
        print("Run `make generate` (python -m bot.generate) first.", file=sys.stderr)
        return 1
    return train.main(["--force"] if args.force else [])


def _eval(args: argparse.Namespace) -> int:
    from bench import rasa_eval, understanding  # noqa: PLC0415

    status = understanding.main()
    if status != 0 or args.skip_rasa_test:
        return status
    return rasa_eval.main(["--cross-validation"] if args.cross_validation else [])


def _migrate(argv: list[str]) -> int:
    from wegwijzer.storage import migrate  # noqa: PLC0415

    return migrate.main(argv)


def _retention(argv: list[str]) -> int:
    from wegwijzer import retention  # noqa: PLC0415

    return retention.main(argv)


def _check_links(argv: list[str]) -> int:
    module = importlib.import_module(LINKCHECK_MODULE)
    status: int = module.main(argv)
    return status


# These parse their own options (`wegwijzer retention --help` shows them).
PASSTHROUGH: dict[str, Callable[[list[str]], int]] = {
    "migrate": _migrate,
    "retention": _retention,
    "check-links": _check_links,
}


# --- check-config ----------------------------------------------------------------------


def mask_url(value: str) -> str:
    """The URL with its password replaced, so settings can be shown and logged."""
    parts = urlsplit(value)
    if parts.password is None:
        return value
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{user}:{MASK}@{host}"))


def shown(value: Any) -> str:
    """One setting's value as check-config prints it: secrets masked, None as unset."""
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, SecretStr):
        return MASK
    if isinstance(value, tuple):
        return ",".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    if isinstance(value, str) and "://" in value:
        return mask_url(value)
    return str(value)


def effective_settings(settings: Settings) -> list[str]:
    """`WEGWIJZER_X=value` per setting, with `(default)` where nothing set it."""
    lines = []
    for name in sorted(Settings.model_fields):
        origin = "" if name in settings.model_fields_set else "  (default)"
        lines.append(f"  {env_name(name)}={shown(getattr(settings, name))}{origin}")
    return lines


def check_configuration(settings: Settings, today: date) -> tuple[list[str], list[str]]:
    """(errors, warnings) for the catalogue, the partners file and the settings together."""
    from wegwijzer.catalogue import load_catalogue  # noqa: PLC0415
    from wegwijzer.catalogue.review import due_reviews, stale_topics  # noqa: PLC0415
    from wegwijzer.partners import load_partners, refuse_examples_in_public  # noqa: PLC0415

    try:
        catalogue = load_catalogue(settings.catalogue_dir)
    except WegwijzerError as exc:
        return [f"catalogue ({env_name('catalogue_dir')}): {exc}"], []
    errors: list[str] = []
    try:
        partners = load_partners(settings.partners, catalogue)
        for host in (settings.host, settings.actions_host):
            refuse_examples_in_public(partners, host, settings.demo)
    except WegwijzerError as exc:
        errors.append(f"partners file ({env_name('partners')}): {exc}")
    if settings.branch is not None and settings.branch not in catalogue.branches:
        errors.append(
            f"{env_name('branch')}={settings.branch} is not a branch in the catalogue "
            f"({', '.join(sorted(catalogue.branches))})"
        )
    warnings = [
        f"topic {s.topic} ({s.title}) was last reviewed as a whole on "
        f"{s.reviewed.isoformat()}, more than {settings.review_months} months ago; "
        f"owner: {s.owner}"
        for s in stale_topics(catalogue, today, settings.review_months)
    ]
    warnings += [
        f"text {d.topic}/{d.task.value} is due for a check against its source: {d.reason}"
        for d in due_reviews(catalogue, today)
    ]
    if settings.staff_token is None:
        warnings.append(f"{env_name('staff_token')} is unset: /metrics and the API schema need it")
    return errors, warnings


def _check_config(args: argparse.Namespace) -> int:
    try:
        settings = settings_from()
    except ValueError as exc:
        print(f"Configuration error:\n{exc}", file=sys.stderr)
        return 1
    print("Effective settings (secrets masked):")
    print("\n".join(effective_settings(settings)))
    errors, warnings = check_configuration(settings, args.today or date.today())
    for warning in warnings:
        print(f"warning: {warning}")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if errors:
        print(f"Configuration has {len(errors)} error(s).", file=sys.stderr)
        return 1
    print(f"Configuration OK ({len(warnings)} warning(s)).")
    return 1 if args.strict and warnings else 0


# --- token new -------------------------------------------------------------------------


def _token_new(args: argparse.Namespace) -> int:
    from wegwijzer.partners import token_digest  # noqa: PLC0415

    if not ACCOUNT_ID.fullmatch(args.name):
        print(
            f"{args.name!r} cannot be an account id in the partners file: use lower-case "
            "letters, digits and _, starting with a letter (e.g. schuldhulp_friesland).",
            file=sys.stderr,
        )
        return 2
    token = secrets.token_urlsafe(32)
    section = "partners" if args.kind == "partner" else "staff"
    print(f"New {args.kind} token for {args.name} (shown once; hand it over safely):")
    print(f"  {token}")
    print()
    print(f"Add its digest to the partners file ({env_name('partners')}), then restart:")
    print(f"{section}:")
    print(f"  {args.name}:")
    print("    token_sha256:")
    print(f"      - {token_digest(token)}")
    return 0


# --- stats export ----------------------------------------------------------------------


def _stats_export(args: argparse.Namespace) -> int:
    from sqlalchemy import inspect  # noqa: PLC0415
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    from wegwijzer.catalogue import load_catalogue  # noqa: PLC0415
    from wegwijzer.partners import load_partners  # noqa: PLC0415
    from wegwijzer.stats import Period, iso_week, statistics, statistics_csv  # noqa: PLC0415
    from wegwijzer.storage.engine import make_engine, make_sessionmaker  # noqa: PLC0415
    from wegwijzer.storage.models import QuestionStat  # noqa: PLC0415

    if args.start > args.end:
        print("--from must be on or before --to.", file=sys.stderr)
        return 2
    settings = settings_from()
    catalogue = load_catalogue(settings.catalogue_dir)
    partners = load_partners(settings.partners, catalogue)
    if args.branch is not None and args.branch not in catalogue.branches:
        print(
            f"Unknown branch {args.branch!r}; known: {', '.join(sorted(catalogue.branches))}.",
            file=sys.stderr,
        )
        return 2
    url = make_url(settings.database_url)
    no_statistics = (
        f"No statistics in {mask_url(settings.database_url)}: "
        "run `wegwijzer migrate` (or start the app) first."
    )
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        print(no_statistics, file=sys.stderr)  # and do not create an empty file
        return 1
    engine = make_engine(settings.database_url)
    try:
        if not inspect(engine).has_table(QuestionStat.__tablename__):
            print(no_statistics, file=sys.stderr)
            return 1
        with make_sessionmaker(engine)() as session:
            stats = statistics(
                session,
                None if args.branch is None else [args.branch],
                Period(iso_week(args.start), iso_week(args.end)),
            )
    finally:
        engine.dispose()
    text = statistics_csv(
        stats,
        {k: t.title for k, t in catalogue.topics.items()},
        {k: p.name for k, p in partners.partners.items()},
    )
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8", newline="")
        print(f"Wrote {args.output}.", file=sys.stderr)
    return 0


# --- the parser ------------------------------------------------------------------------


def _sub(  # noqa: PLR0917 - name, handler and three texts, always in this order
    commands: Any,
    name: str,
    handler: Handler | None,
    summary: str,
    description: str,
    examples: str,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog="examples:\n" + examples,
        formatter_class=_Formatter,
    )
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser


def linkcheck_available() -> bool:
    try:
        return importlib.util.find_spec(LINKCHECK_MODULE) is not None
    except ModuleNotFoundError:
        return False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wegwijzer", description=DESCRIPTION, epilog=EXAMPLES, formatter_class=_Formatter
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    _sub(
        commands,
        "run",
        _run,
        "start Rasa, the action server and the app on this machine",
        "Start Rasa (127.0.0.1:WEGWIJZER_RASA_PORT), the private action server and the "
        "public app (WEGWIJZER_HOST:WEGWIJZER_PORT), restart a part that dies, and stop "
        "everything on Ctrl-C or SIGTERM. Needs a trained model (`wegwijzer train`). Logs go "
        "to WEGWIJZER_RUN_DIR/logs.",
        "  wegwijzer run\n  WEGWIJZER_PORT=8080 wegwijzer run\n",
    )
    serve = _sub(
        commands,
        "serve",
        _serve,
        "run one part in the foreground, for systemd (see deploy/)",
        "Run one part of Wegwijzer in this process, wired as `wegwijzer run` wires it, "
        "for a service manager that restarts it and keeps its log (systemd units in "
        "deploy/): rasa (127.0.0.1:WEGWIJZER_RASA_PORT), actions (the private action "
        "server) or app (the public app). All three share the secrets in "
        "WEGWIJZER_SECRETS_DIR, or WEGWIJZER_RASA_TOKEN and WEGWIJZER_ACTIONS_SECRET.",
        "  wegwijzer serve app\n  wegwijzer serve rasa --print   # show the command line\n",
    )
    serve.add_argument("part", choices=["rasa", "actions", "app"], help="which part")
    serve.add_argument(
        "--print", action="store_true", help="print the command line (secrets masked) and stop"
    )
    _sub(
        commands,
        "run-cluster",
        _run_cluster,
        "the province shape: PostgreSQL, Redis, 2 Rasa + 2 apps behind nginx",
        "Start the scaled-out shape on this machine from Debian's packages (PostgreSQL, "
        "Redis, nginx), with WEGWIJZER_CLUSTER_INSTANCES Rasa and app instances.",
        "  wegwijzer run-cluster\n  WEGWIJZER_CLUSTER_INSTANCES=3 wegwijzer run-cluster\n",
    )
    _sub(
        commands,
        "migrate",
        None,
        "bring the database to the newest schema",
        "Run the Alembic migrations on WEGWIJZER_DATABASE_URL (or --url). The app does "
        "this at start-up unless WEGWIJZER_AUTO_MIGRATE=false; run it in a deploy step "
        "when several app instances share one database.",
        "  wegwijzer migrate\n"
        "  wegwijzer migrate --url postgresql+psycopg://wegwijzer@db/wegwijzer\n",
    )
    _sub(
        commands,
        "retention",
        None,
        "delete transcripts and contact details that are no longer needed (daily)",
        "Delete conversation transcripts older than WEGWIJZER_TRANSCRIPT_HOURS, contact "
        "details of referrals closed WEGWIJZER_RETENTION_DAYS ago or unchanged for "
        "WEGWIJZER_OPEN_REFERRAL_DAYS, and expired offers. Exit status 1 when a database "
        "was busy; the next run finishes the work. `wegwijzer retention --help` inside "
        "shows the options (--days, --open-days, --transcript-hours, --url, ...).",
        "  wegwijzer retention\n  wegwijzer retention --days 14\n",
    )
    train = _sub(
        commands,
        "train",
        _train,
        "train the Rasa model when its inputs changed",
        "Check that the Rasa files generated from the catalogue are current, then train "
        "the model in .venv-rasa unless models/ already holds the one for this data.",
        "  wegwijzer train\n  wegwijzer train --print-path\n",
    )
    train.add_argument("--force", action="store_true", help="train even when up to date")
    train.add_argument(
        "--print-path", action="store_true", help="print the model file for this data and stop"
    )
    check = _sub(
        commands,
        "check-config",
        _check_config,
        "validate settings, catalogue and partners file; show the settings",
        "Validate the environment (and .env), the catalogue and the partners file the way "
        "the app does at start-up, print every setting with secrets masked, and warn about "
        "topics not reviewed for WEGWIJZER_REVIEW_MONTHS and texts due for a check. Exit "
        "status 1 on an error (or, with --strict, on a warning).",
        "  wegwijzer check-config\n  wegwijzer check-config --strict   # in a deploy pipeline\n",
    )
    check.add_argument("--strict", action="store_true", help="a warning fails as well")
    check.add_argument("--today", type=_iso_date, help=argparse.SUPPRESS)
    token = _sub(
        commands,
        "token",
        None,
        "make API tokens for partners and staff",
        "Tokens for the partner and staff APIs. The partners file keeps only their sha256 "
        "digests, so a leaked file gives no access.",
        "  wegwijzer token new --for partner schuldhulp_friesland\n"
        "  wegwijzer token new --for staff balie_leeuwarden\n",
    )
    token_commands = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    new = token_commands.add_parser(
        "new",
        help="print a new token once, and the digest for the partners file",
        description="Print a new random token (256 bits) once, and the sha256 digest to paste "
        "into the partners file under the account NAME. Give the token to its owner over a "
        "safe channel; Wegwijzer cannot show it again.",
        epilog="examples:\n  wegwijzer token new --for partner schuldhulp_friesland\n",
        formatter_class=_Formatter,
    )
    new.add_argument(
        "--for", dest="kind", choices=["partner", "staff"], required=True, help="account kind"
    )
    new.add_argument("name", metavar="NAME", help="the account's id in the partners file")
    new.set_defaults(handler=_token_new)
    stats = _sub(
        commands,
        "stats",
        None,
        "export the anonymous statistics",
        "The counts the staff page shows (questions per topic, DigiD-boundary hits, "
        "referrals per partner), never the text of a question.",
        "  wegwijzer stats export --from 2026-01-01 --to 2026-03-31 > q1.csv\n",
    )
    stats_commands = stats.add_subparsers(dest="stats_command", metavar="ACTION", required=True)
    export = stats_commands.add_parser(
        "export",
        help="write the counts as CSV (as Dutch Excel opens it)",
        description="Write the counts per ISO week as CSV: ';' between columns, a byte-order "
        "mark, names instead of ids (the staff page's download). Counts are kept per week: "
        "--from and --to select the whole weeks they fall in.",
        epilog="examples:\n"
        "  wegwijzer stats export --from 2026-01-01 --to 2026-03-31 --branch leeuwarden\n"
        "  wegwijzer stats export --from 2026-11-01 --to 2026-11-30 -o november.csv\n",
        formatter_class=_Formatter,
    )
    export.add_argument("--from", dest="start", type=_iso_date, required=True, help="YYYY-MM-DD")
    export.add_argument("--to", dest="end", type=_iso_date, required=True, help="YYYY-MM-DD")
    export.add_argument("--branch", help="one library branch (default: every branch)")
    export.add_argument("-o", "--output", type=Path, help="a file instead of standard output")
    export.set_defaults(handler=_stats_export)
    evaluation = _sub(
        commands,
        "eval",
        _eval,
        "the held-out understanding figures, with the baseline and `rasa test nlu`",
        "Score the model on every evaluation set beside the TF-IDF baseline "
        "(reports/understanding.md), then run Rasa's own `rasa test nlu` on the held-out "
        "sets (reports/rasa-test/). Starts its own Rasa; takes a few minutes.",
        "  wegwijzer eval\n  wegwijzer eval --skip-rasa-test\n",
    )
    evaluation.add_argument(
        "--skip-rasa-test", action="store_true", help="only the figures beside the baseline"
    )
    evaluation.add_argument(
        "--cross-validation", action="store_true", help="also Rasa's 5-fold cross-validation"
    )
    if linkcheck_available():
        _sub(
            commands,
            "check-links",
            None,
            "check every link in the catalogue (for a daily timer)",
            "Check every catalogue link; `wegwijzer check-links --help` shows its options.",
            "  wegwijzer check-links\n",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    export_env_file()
    arguments = list(sys.argv[1:] if argv is None else argv)
    passthrough = arguments[0] if arguments and arguments[0] in PASSTHROUGH else None
    if passthrough and (passthrough != "check-links" or linkcheck_available()):
        return PASSTHROUGH[passthrough](arguments[1:])
    parser = build_parser()
    args = parser.parse_args(arguments)
    handler: Handler = args.handler
    try:
        return handler(args)
    except WegwijzerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
