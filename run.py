#!/usr/bin/env python3
"""Composition root and command line of the petition intake bot.

Only this file wires concrete things: it reads the settings, opens the store, builds the bot
and the channels that have credentials, and runs the command asked for.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import getpass
import json
import logging
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

try:
    from bot import catalogue, logredact, privacy_cli
    from bot.settings import Settings, SettingsError, load_settings
    from channels import chat, console, mail, sms, wechat
    from channels.base import Channel, ChannelKind, Completer, MediaSource
except ModuleNotFoundError as missing:  # run with a Python that lacks the dependencies
    _venv = Path(__file__).resolve().parent / ".venv" / "bin" / "python"
    _how = (f"  {_venv} run.py {' '.join(sys.argv[1:])}".rstrip() if _venv.exists() else
            "  make run            (first use: creates .venv with the pinned dependencies)\n"
            "or\n  python3 -m venv .venv && .venv/bin/python -m pip install -c constraints.txt -e .")
    sys.exit(f"run.py: {missing.name or 'a dependency'} is not installed for {sys.executable}.\n"
             f"Run it with the project's virtual environment:\n{_how}")

if TYPE_CHECKING:
    from bot.core import Core
    from bot.service import Service

# python-telegram-bot 22: durations as timedelta, without its deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "true")

#: Every channel this bot knows, in the order ``serve`` lists them: the ONE place a channel is
#: registered. Each entry says what the channel can do (the bot adapts to its capabilities),
#: how to build it from the settings, and how to finish what it stored unparsed.
CHANNELS: tuple[ChannelKind[Settings], ...] = (
    mail.KIND,
    sms.KIND,
    chat.KIND,
    wechat.KIND,
    console.KIND,
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        if args.command == "doctor":
            print("  fix that setting (environment variable or the XINFANG_CONFIG file), "
                  "then run doctor again", file=sys.stderr)
        return 2
    logging.basicConfig(level=log_level(args.command, settings),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if logging.getLogger().level > logging.DEBUG:
        # "Context impl SQLiteImpl", "Running upgrade …": noise on every command's output.
        logging.getLogger("alembic").setLevel(logging.WARNING)
    logredact.install(logredact.secrets_of(settings))  # secrets, phones, ids never logged
    catalogue.install(kind.capabilities for kind in CHANNELS)  # what bot/ knows of channels
    handler = COMMAND_HANDLERS[args.command]
    return int(handler(settings, args))


def log_level(command: str, settings: Settings) -> str:
    """``serve`` logs at the configured level; a one-shot command shows only its own output
    (warnings and errors; ``chat`` only errors: it is the conversation) unless
    ``XINFANG_LOG_LEVEL`` asks for more."""
    if command == "serve" or "XINFANG_LOG_LEVEL" in os.environ:
        return settings.log_level.upper()
    return "ERROR" if command == "chat" else "WARNING"


def build_parser() -> argparse.ArgumentParser:
    from bot import cases_cli, privacy_cli, report

    parser = argparse.ArgumentParser(
        prog="run.py",
        description="Petition intake bot (信访 / 12345): SMS, email and chat intake, "
                    "one case store.",
        epilog="Settings come from XINFANG_* environment variables and the TOML file named by "
               "XINFANG_CONFIG; see README.md.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("serve", help="run the bot: web app, SMTP, channels, outbox")
    commands.add_parser("doctor", help="check the settings, database, ports, calendar and "
                                       "channel credentials; say what to fix")

    chat = commands.add_parser("chat", help="talk to the bot in the terminal as a citizen")
    chat.add_argument("--as", dest="name", default="", help="the citizen's name (default: $USER)")

    cases_cli.add_parser(commands)
    report.add_parser(commands)
    privacy_cli.add_parser(commands)

    users = commands.add_parser("users", help="staff accounts and API tokens; Open311 keys")
    users_do = users.add_subparsers(dest="users_action", metavar="ACTION", required=True)
    user_add = users_do.add_parser("add", help="create an account; prints its token once")
    user_add.add_argument("name")
    user_add.add_argument("--role", required=True,
                          choices=["clerk", "handler", "supervisor", "admin"])
    user_add.add_argument("--unit", default="", help="the unit of a handler (required for one)")
    users_list = users_do.add_parser("list", help="the accounts")
    users_list.add_argument("--json", action="store_true")
    user_token = users_do.add_parser("token", help="a new token for NAME (the old ones stop)")
    user_token.add_argument("name")
    open311_key = users_do.add_parser("open311-key",
                                      help="an Open311 api_key for a client system; printed once")
    open311_key.add_argument("name", help="the client system, e.g. 12345平台")

    nlp = commands.add_parser("nlp", help="train and evaluate the classifier", add_help=False)
    nlp.add_argument("rest", nargs=argparse.REMAINDER)
    bench = commands.add_parser("bench", help="run the benchmarks, write docs/BENCHMARKS.md")
    bench.add_argument("names", nargs="*", help="only these benchmarks (default: all)")
    bench.add_argument("--out", default="docs/BENCHMARKS.md")
    bench.add_argument("--cases", type=int, default=0,
                       help="cases in the scale_store bench's store (default 100,000)")
    return parser


# -- wiring ---------------------------------------------------------------------------------


def open_core(settings: Settings) -> Core:
    from bot.core import Core

    return Core.open(
        database_url=settings.database,
        data_dir=settings.data_dir,
        sqlite_synchronous=settings.sqlite_synchronous,
        secret_key=settings.secret_key,
        fixed_now=settings.fixed_now(),
        model_path=model_path(settings),
        holidays_file=Path(settings.holidays_file) if settings.holidays_file else None,
        routing_file=Path(settings.routing_file) if settings.routing_file else None,
        rules_file=_path(settings.deadline_rules_file),
        units_file=_path(settings.units_file),
        reception_file=_path(settings.reception_file),
        faq_file=_path(settings.faq_file),
        completers=completers(settings),
        blocklist=settings.blocked_urns,
    )


def completers(settings: Settings) -> dict[str, Completer]:
    """Parsers for messages stored before parsing (mail), with the channel's limits.

    Always wired, the channel on or not: messages stored earlier must still be completed.
    """
    wired = {}
    for kind in CHANNELS:
        completer = kind.completer(settings)
        if completer is not None:
            wired[kind.capabilities.name] = completer
    return wired


def _path(value: str) -> Path | None:
    return Path(value).expanduser() if value else None


def build_channels(settings: Settings, core: Core) -> list[Channel]:
    """The channels whose credentials are configured; the others stay off."""
    from bot.arrivals import StampedIntake

    # One clock (XINFANG_CLOCK): every arrival is stamped with the time deadlines read.
    intake = StampedIntake(core.intake, core.clock)
    built = (kind.build(settings, intake) for kind in CHANNELS)
    return [channel for channel in built if channel is not None]


def media_sources(channels: list[Channel]) -> dict[str, MediaSource]:
    """Per channel that fetches the files its messages name, the channel (its credentials)."""
    return {channel.name: channel for channel in channels
            if channel.capabilities.fetches_media and isinstance(channel, MediaSource)}


def off_hints(channels: list[Channel]) -> dict[str, str]:
    """How to turn on each registered channel that is off (the banner's lines)."""
    on = {channel.name for channel in channels}
    return {kind.capabilities.name: kind.capabilities.off_hint for kind in CHANNELS
            if kind.capabilities.name not in on and kind.capabilities.off_hint}


# -- commands -------------------------------------------------------------------------------


def cmd_serve(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.service import Service
    from storage import StoreUnavailable

    try:
        core = open_core(settings)
    except StoreUnavailable as exc:
        print(f"cannot open the case store: {exc}", file=sys.stderr)
        return 1
    channels = build_channels(settings, core)
    from bot.calendar_watch import CalendarWatch
    from bot.deadline_refresh import DeadlineRefresh
    from bot.escalation import Recipients
    from bot.escalation_delivery import build_delivery
    from bot.escalation_rules import EscalationRules
    from bot.media import MediaFetcher
    from bot.retention import RetentionJob
    from bot.supervision import Supervisor

    rules = EscalationRules.load(_path(settings.escalation_file))
    supervisor = Supervisor(core.store, core.clock, core.deadlines,
                            interval=settings.supervision_interval,
                            near_days=settings.supervision_near_days, rules=rules,
                            recipients=Recipients(settings.supervisor_mail,
                                                  bool(settings.escalation_webhook), core.units),
                            # A holidays file changed while serving moves running deadlines.
                            calendar=CalendarWatch(_path(settings.holidays_file),
                                                   core.deadlines.calendar))
    delivery = build_delivery(
        core.store, core.clock, outbound_smtp=settings.outbound_smtp,
        mail_from=f"xinfang@{settings.mail_domains[0]}" if settings.mail_domains else
        "xinfang@localhost", webhook_url=settings.escalation_webhook,
        webhook_secret=settings.escalation_webhook_secret)
    media = MediaFetcher(core.store, media_sources(channels), core.clock)
    service = Service(core, channels, settings.http_host, settings.http_port,
                      background=[DeadlineRefresh(core.store, core.clock, core.deadlines),
                                  supervisor, delivery, media,
                                  RetentionJob(core.store, core.clock, settings.retention_days)],
                      attachment_max_bytes=settings.attachment_max_bytes,
                      public_url=settings.public_url)

    def ready(running: Service) -> None:
        from bot.service import banner

        for line in banner(store=_safe_url(settings.database), host=settings.http_host,
                           port=running.http_port, public_url=settings.public_url,
                           channels=channels, off=off_hints(channels)):
            print(line, flush=True)
        print("  run `python run.py doctor` to check the settings; Ctrl-C stops", flush=True)

    # Everything loaded so far (the models, jieba's dictionary, the app) lives as long as the
    # process: out of the collector's sight, a full collection no longer walks it. At a
    # million cases those walks were the console queue's CPU p99 (70–90 ms against 7 ms p50).
    from nlp.particulars import warm_name_check

    warm_name_check()
    gc.freeze()
    try:
        asyncio.run(service.run(on_ready=ready))
    except OSError as exc:
        print(f"cannot start: {exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        core.close()
    print("stopped", flush=True)
    return 0


def cmd_doctor(settings: Settings, _args: argparse.Namespace) -> int:
    from bot import doctor

    print("Checking the settings, the database, the ports, the calendar and the channels…")
    lines, status = doctor.report(doctor.run_checks(settings))
    for line in lines:
        print(line)
    return status


def cmd_chat(settings: Settings, args: argparse.Namespace) -> int:
    name = args.name or getpass.getuser() or "citizen"
    core = open_core(settings)
    try:
        return asyncio.run(_chat(core, name, sys.stdin, sys.stdout))
    finally:
        core.close()


async def _chat(core: Core, name: str, stdin: TextIO, stdout: TextIO) -> int:
    from bot.outbox import OutboxWorker
    from channels.console import ConsoleChannel, console_message

    console = ConsoleChannel(stdout, name)
    # Notices queued for this citizen since the last session (staff actions) come first.
    notices = OutboxWorker(core.store, {"console": console}, core.clock,
                           recipient=f"console:{name}", hasher=core.hasher)
    interactive = stdin.isatty()
    if interactive:
        stdout.write(f"信访 chat as {name}. Type your message; Ctrl-D to leave.\n")
    await notices.send_due()
    session = secrets.token_hex(8)
    for number, line in enumerate(_lines(stdin, interactive, stdout)):
        text = line.rstrip("\n")
        if not text.strip():
            continue
        message = console_message(name, text, core.clock.now(), f"{session}:{number}")
        receipt = await core.intake.store(message)
        for reply in await core.intake.process(receipt, inline=True):
            console.print_reply(reply)
        await notices.send_due()
    return 0


def _lines(stdin: TextIO, interactive: bool, stdout: TextIO) -> Iterator[str]:
    while True:
        if interactive:
            stdout.write("you> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            return
        yield line


#: ``cases`` transitions: CLI name → (help, options). Each option is (flag, argparse keywords);
#: the workflow field is the flag without dashes. Every one also takes --actor and --json.
def cmd_cases(settings: Settings, args: argparse.Namespace) -> int:
    from bot import cases_cli

    core = open_core(settings)
    try:
        from bot.escalation_rules import EscalationRules

        return cases_cli.run(core, args, near_days=settings.supervision_near_days,
                             supervisor_mail=settings.supervisor_mail,
                             webhook=bool(settings.escalation_webhook),
                             rules=EscalationRules.load(_path(settings.escalation_file)))
    finally:
        core.close()


def cmd_users(settings: Settings, args: argparse.Namespace) -> int:
    from bot.api import AccountError, add_user, issue_token, list_users
    from bot.clock import Clock
    from bot.open311 import add_key
    from storage import Store, StoreUnavailable

    try:
        store = Store.open(settings.database, settings.data_dir)
    except StoreUnavailable as exc:
        print(f"cannot open the case store: {exc}", file=sys.stderr)
        return 1
    now = Clock(settings.fixed_now()).now()
    try:
        if args.users_action == "list":
            rows = store.read_sync(list_users)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            for row in [] if args.json else rows:
                state = "" if row["active"] else "  (inactive)"
                print(f"{row['name']:<16} {row['role']:<10} {row['unit'] or '-'}{state}")
            if not rows and not args.json:
                print("no users")
            return 0
        if args.users_action == "add":
            from bot.firewall import UnitsError, UnitTree

            try:  # a unit account's unit is resolved by the bureau's unit table, or refused
                tree = UnitTree.load(_path(settings.units_file))
            except UnitsError as exc:
                print(f"refused: {exc}", file=sys.stderr)
                return 1
            secret = store.write_sync(
                lambda s: add_user(s, args.name, args.role, now, unit=args.unit, units=tree))
            label = "token"
        elif args.users_action == "token":
            secret = store.write_sync(lambda s: issue_token(s, args.name, now))
            label = "token"
        else:
            secret = store.write_sync(lambda s: add_key(s, args.name, now))
            label = "api_key"
    except AccountError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    # The clear value exists only here: it is stored hashed and cannot be shown again.
    print(f"{label} for {args.name} (shown once, keep it safe):")
    print(secret)
    return 0


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    from bot import report

    return report.run(settings, args)


def cmd_nlp(settings: Settings, args: argparse.Namespace) -> int:
    from bot.corrections import store_corrections, store_examples
    from nlp.cli import main as nlp_main

    if args.rest[:1] == ["eval-conversation"]:
        # The judgements through the whole bot: an evaluation tool beside the product (like
        # the benchmarks), run as its own module so this root imports nothing from bench/.
        command = [sys.executable, "-m", "bench.conversation_eval", *args.rest[1:]]
        return subprocess.run(command, cwd=Path(__file__).resolve().parent,
                              check=False).returncode

    # The store is opened only by the commands that read the bureau's cases (--from-store,
    # promote, train-dialogue --with-corrections), and closed when they are done.
    return nlp_main(list(args.rest), store_examples=store_examples(settings.database, settings.data_dir),
                    active_model=model_path(settings),
                    store_corrections=store_corrections(settings.database, settings.data_dir))


def model_path(settings: Settings) -> Path:
    """The model in use (``nlp promote`` writes it; ``serve`` loads and watches it)."""
    return settings.data_dir / "models" / "classifier.model"


def cmd_bench(settings: Settings, args: argparse.Namespace) -> int:
    # The benchmarks are a tool beside the product, not part of it: run as their own module,
    # so the composition root imports nothing from bench/.
    out = str(Path(args.out).resolve())  # relative to where the command was given
    environment = dict(os.environ)
    if args.cases:
        environment["XINFANG_BENCH_CASES"] = str(args.cases)
    # The scale_store bench caches its large store under the data dir.
    environment.setdefault("XINFANG_DATA_DIR", str(settings.data_dir.resolve()))
    command = [sys.executable, "-m", "bench.runner", *args.names, "--out", out]
    return subprocess.run(command, cwd=Path(__file__).resolve().parent, check=False,
                          env=environment).returncode


def _safe_url(url: str) -> str:
    # Never print a database password.
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url


COMMAND_HANDLERS = {
    "serve": cmd_serve,
    "doctor": cmd_doctor,
    "chat": cmd_chat,
    "cases": cmd_cases,
    "users": cmd_users,
    "privacy": privacy_cli.command,
    "report": cmd_report,
    "nlp": cmd_nlp,
    "bench": cmd_bench,
}

if __name__ == "__main__":
    sys.exit(main())
