#!/usr/bin/env python3
"""Composition root and command line of the petition intake bot.

Only this file wires concrete things: it reads the settings, opens the store, builds the bot
and the channels that have credentials, and runs the command asked for.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

try:
    from bot import logredact, privacy_cli
    from bot.settings import Settings, SettingsError, load_settings
except ModuleNotFoundError as missing:  # run with a Python that lacks the dependencies
    _venv = Path(__file__).resolve().parent / ".venv" / "bin" / "python"
    _how = (f"  {_venv} run.py {' '.join(sys.argv[1:])}".rstrip() if _venv.exists() else
            "  make run            (first use: creates .venv with the pinned dependencies)\n"
            "or\n  python3 -m venv .venv && .venv/bin/python -m pip install -c constraints.txt -e .")
    sys.exit(f"run.py: {missing.name or 'a dependency'} is not installed for {sys.executable}.\n"
             f"Run it with the project's virtual environment:\n{_how}")

# python-telegram-bot 22: durations as timedelta, without its deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "true")


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
    return parser


# -- wiring ---------------------------------------------------------------------------------


def open_core(settings: Settings) -> Any:
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
        completers=completers(settings),
        blocklist=settings.blocked_urns,
    )


def completers(settings: Settings) -> dict[str, Any]:
    """Parsers for messages stored before parsing (mail), with the channel's limits.

    Always wired, mail enabled or not: letters stored earlier must still be completed.
    """
    from channels.mail import completer

    return {"mail": completer(attachment_max_bytes=settings.attachment_max_bytes,
                              max_message_bytes=settings.mail_max_bytes)}


def _path(value: str) -> Path | None:
    return Path(value).expanduser() if value else None


def build_channels(settings: Settings, core: Any) -> list[Any]:
    """The channels whose credentials are configured; the others stay off."""
    channels: list[Any] = []
    if settings.mail_enabled:
        from channels.mail import MailChannel

        channels.append(MailChannel(
            intake=core.intake, host=settings.smtp_host, port=settings.smtp_port,
            domains=settings.mail_domains, max_message_bytes=settings.mail_max_bytes,
            attachment_max_bytes=settings.attachment_max_bytes,
            outbound_smtp=settings.outbound_smtp,
            from_address=f"xinfang@{settings.mail_domains[0]}" if settings.mail_domains else "",
            clock=core.clock.now,  # one clock (XINFANG_CLOCK) for arrivals and deadlines
        ))
    if settings.sms_enabled:
        from channels.sms import SmsChannel

        channels.append(SmsChannel(
            intake=core.intake, account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token, from_number=settings.twilio_from,
            public_url=settings.public_url, api_url=settings.twilio_api_url,
            max_segments=settings.sms_max_segments,
            attachment_max_bytes=settings.attachment_max_bytes, clock=core.clock.now,
        ))
    if settings.telegram_enabled:
        from channels.chat import TelegramChannel

        webhook_url = ""
        if settings.telegram_webhook_secret and settings.public_url:
            webhook_url = settings.public_url.rstrip("/") + "/telegram/webhook"
        channels.append(TelegramChannel(
            settings.telegram_token, core.intake,
            webhook_secret=settings.telegram_webhook_secret,
            api_url=settings.telegram_api_url, webhook_url=webhook_url, now=core.clock.now,
        ))
    return channels


def media_fetchers(settings: Settings, channels: list[Any]) -> dict[str, Any]:
    """Per channel, the authenticated download of the files its messages name."""
    fetchers: dict[str, Any] = {}
    for channel in channels:
        if channel.name == "sms":
            fetchers["sms"] = lambda row, sms=channel: sms.fetch_media(row.ref)
        elif channel.name == "telegram":
            fetchers["telegram"] = lambda row, chat=channel: chat.fetch_file(
                row.ref, settings.attachment_max_bytes, filename=row.filename,
                content_type=row.content_type)
    return fetchers


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
                                                  bool(settings.escalation_webhook), core.units))
    delivery = build_delivery(
        core.store, core.clock, outbound_smtp=settings.outbound_smtp,
        mail_from=f"xinfang@{settings.mail_domains[0]}" if settings.mail_domains else
        "xinfang@localhost", webhook_url=settings.escalation_webhook)
    media = MediaFetcher(core.store, media_fetchers(settings, channels), core.clock)
    service = Service(core, channels, settings.http_host, settings.http_port,
                      background=[DeadlineRefresh(core.store, core.clock, core.deadlines),
                                  supervisor, delivery, media,
                                  RetentionJob(core.store, core.clock, settings.retention_days)],
                      attachment_max_bytes=settings.attachment_max_bytes,
                      public_url=settings.public_url)

    def ready(running: Any) -> None:
        from bot.service import banner

        hints = {"mail": "(XINFANG_MAIL_ENABLED=false)",
                 "sms": "(set XINFANG_TWILIO_ACCOUNT_SID and XINFANG_TWILIO_AUTH_TOKEN)",
                 "telegram": "(set XINFANG_TELEGRAM_TOKEN)"}
        on = {c.name for c in channels}
        for line in banner(store=_safe_url(settings.database), host=settings.http_host,
                           port=running.http_port, public_url=settings.public_url,
                           channels=channels,
                           off={name: hint for name, hint in hints.items() if name not in on}):
            print(line, flush=True)
        print("  run `python run.py doctor` to check the settings; Ctrl-C stops", flush=True)

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


async def _chat(core: Any, name: str, stdin: TextIO, stdout: TextIO) -> int:
    from bot.outbox import OutboxWorker
    from channels.console import ConsoleChannel, console_message

    console = ConsoleChannel(stdout, name)
    # Notices queued for this citizen since the last session (staff actions) come first.
    notices = OutboxWorker(core.store, {"console": console}, core.clock,
                           recipient=f"console:{name}")
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


def _lines(stdin: TextIO, interactive: bool, stdout: TextIO) -> Any:
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
    from bot.corrections import store_examples
    from nlp.cli import main as nlp_main

    # The store is opened only by the commands that read the bureau's cases (--from-store,
    # promote), and closed when they are done.
    return nlp_main(list(args.rest), store_examples=store_examples(settings.database, settings.data_dir),
                    active_model=model_path(settings))


def model_path(settings: Settings) -> Path:
    """The model in use (``nlp promote`` writes it; ``serve`` loads and watches it)."""
    return settings.data_dir / "models" / "classifier.model"


def cmd_bench(_settings: Settings, args: argparse.Namespace) -> int:
    from bench.runner import main as bench_main

    return bench_main(args.names, Path(args.out))


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
