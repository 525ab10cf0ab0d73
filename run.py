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

from bot.settings import Settings, SettingsError, load_settings

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
        return 2
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler = COMMAND_HANDLERS[args.command]
    return int(handler(settings, args))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run.py",
        description="Petition intake bot (信访 / 12345): SMS, email and chat intake, one case store.",
        epilog="Settings come from XINFANG_* environment variables and the TOML file named by "
               "XINFANG_CONFIG; see README.md.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("serve", help="run the bot: web app, SMTP, channels, outbox")

    chat = commands.add_parser("chat", help="talk to the bot in the terminal as a citizen")
    chat.add_argument("--as", dest="name", default="", help="the citizen's name (default: $USER)")

    add_cases_parser(commands)

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
        model_path=settings.data_dir / "models" / "classifier.model",
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
        ))
    if settings.sms_enabled:
        from channels.sms import SmsChannel

        channels.append(SmsChannel(
            intake=core.intake, account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token, from_number=settings.twilio_from,
            public_url=settings.public_url, api_url=settings.twilio_api_url,
            max_segments=settings.sms_max_segments,
            attachment_max_bytes=settings.attachment_max_bytes,
        ))
    if settings.telegram_enabled:
        from channels.chat import TelegramChannel

        webhook_url = ""
        if settings.telegram_webhook_secret and settings.public_url:
            webhook_url = settings.public_url.rstrip("/") + "/telegram/webhook"
        channels.append(TelegramChannel(
            settings.telegram_token, core.intake,
            webhook_secret=settings.telegram_webhook_secret,
            api_url=settings.telegram_api_url, webhook_url=webhook_url,
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
    from bot.media import MediaFetcher
    from bot.supervision import Supervisor

    supervisor = Supervisor(core.store, core.clock, core.deadlines,
                            interval=settings.supervision_interval,
                            near_days=settings.supervision_near_days,
                            supervisor_mail=settings.supervisor_mail)
    media = MediaFetcher(core.store, media_fetchers(settings, channels), core.clock)
    service = Service(core, channels, settings.http_host, settings.http_port,
                      background=[supervisor, media])

    def ready(running: Any) -> None:
        print(f"信访 intake bot serving; store: {_safe_url(settings.database)}", flush=True)
        print(f"  http     http://{settings.http_host}:{running.http_port}/", flush=True)
        for channel in channels:
            print(f"  {channel.name:<8} on: {channel.describe()}", flush=True)
        off = {"mail": "mail", "sms": "sms (set XINFANG_TWILIO_ACCOUNT_SID and _AUTH_TOKEN)",
               "telegram": "telegram (set XINFANG_TELEGRAM_TOKEN)"}
        for name, hint in off.items():
            if name not in {c.name for c in channels}:
                print(f"  {name:<8} off: {hint}", flush=True)

    try:
        asyncio.run(service.run(on_ready=ready))
    except OSError as exc:
        print(f"cannot start: {exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        core.close()
    print("stopped", flush=True)
    return 0


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
_DECISION = ("--decision", {"default": "解释说明", "choices": ["支持", "解释说明", "不予支持"]})
_OPINION: tuple[tuple[str, dict[str, Any]], ...] = (
    ("--text", {"required": True, "help": "the opinion told to the petitioner"}), _DECISION,
    ("--facts", {"default": "", "help": "facts and reasons found (Art 32)"}),
    ("--basis", {"default": "", "help": "the legal basis (Art 32)"}),
)
CASE_TRANSITIONS: dict[str, tuple[str, tuple[tuple[str, dict[str, Any]], ...]]] = {
    "accept": ("accept (受理) a registered case", (("--reason", {"default": ""}),)),
    "reject": ("not accept (不予受理): reason and legal route told",
               (("--reason", {"required": True}), ("--route", {"default": ""}))),
    "accuse": ("record the accused unit(s) of a 检举控告 (the firewall)",
               (("--accused", {"action": "append", "required": True,
                               "help": "an accused unit; repeat for several"}),)),
    "assign": ("assign (转送 / 交办) to a unit; the firewall checks it",
               (("--unit", {"required": True}),
                ("--mode", {"default": "转送", "choices": ["转送", "交办"]}))),
    "object": ("退单: the unit sends a mis-routed item back (within 5 working days)",
               (("--reason", {"required": True}),)),
    "report": ("交办: record the unit's report of its result (before answering)",
               (("--text", {"required": True}),)),
    "extend": ("extend (延期) the handling period, at most 30 days in all",
               (("--days", {"required": True, "type": int}), ("--approver", {"required": True}),
                ("--reason", {"required": True}))),
    "answer": ("answer (答复): the 信访处理意见书", _OPINION),
    "delivered": ("record delivery of the opinion by other means (paper, in person)",
                  (("--on", {"required": True, "help": "YYYY-MM-DD"}),)),
    "close": ("close (办结)", (("--reason", {"default": ""}),)),
    "review": ("the petitioner requests 复查 (30 days from delivery)",
               (("--reason", {"default": ""}),)),
    "review-answer": ("answer the 复查: the review opinion", _OPINION),
    "rereview": ("the petitioner requests 复核 (30 days from delivery)",
                 (("--reason", {"default": ""}),)),
    "hearing": ("a 复核 hearing starts or ends (its days are not counted)",
                (("--start", {"action": "store_true"}), ("--end", {"action": "store_true"}),
                 ("--on", {"default": "", "help": "YYYY-MM-DD (default: today)"}))),
    "rereview-answer": ("answer the 复核: final", _OPINION),
    "final": ("conclude (终结) after 复核 or after the appeal periods ran out",
              (("--reason", {"default": ""}),)),
    "merge": ("merge (并单) into another case", (("--into", {"required": True}),
                                               ("--reason", {"default": ""}))),
    "withdraw": ("withdrawn by the petitioner", (("--reason", {"required": True}),)),
}


def add_cases_parser(commands: Any) -> None:
    cases = commands.add_parser("cases", help="staff operations on cases (the 信访 workflow)")
    actions = cases.add_subparsers(dest="action", metavar="ACTION", required=True)

    def command(name: str, help_text: str, *, number: bool = True) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = actions.add_parser(name, help=help_text)
        if number:
            parser.add_argument("number")
        parser.add_argument("--json", action="store_true")
        return parser

    listing = command("list", "list cases, newest first", number=False)
    listing.add_argument("--status", default="")
    command("show", "one case with its messages and events")
    command("timeline", "the audit trail of a case")
    command("dispatch", "the handling unit's sheet: the matter without the petitioner")
    for name, (help_text, options) in CASE_TRANSITIONS.items():
        parser = command(name, help_text)
        parser.add_argument("--actor", default="", help="who acts (default: staff:$USER)")
        for flag, keywords in options:
            parser.add_argument(flag, **keywords)
    rate = command("rate", "a rating taken down by staff (1-5)")
    rate.add_argument("--score", type=int, required=True, choices=range(1, 6))
    rate.add_argument("--actor", default="")
    overdue = command("overdue", "near-due and overdue cases (督办)", number=False)
    overdue.add_argument("--within", type=int, default=None, help="days before due (default 3)")
    command("supervise", "run one supervision round now (serve does it hourly)", number=False)
    command("reception", "the next leader reception days", number=False)
    book = command("book", "book a leader reception appointment (预约接访)")
    book.add_argument("--date", default="", help="a reception day (default: the next one)")
    book.add_argument("--actor", default="")
    appointments = command("appointments", "the day's appointments and return visits",
                           number=False)
    appointments.add_argument("--date", default="", help="YYYY-MM-DD (default: today)")
    revisit = command("revisit", "schedule a return visit (回访) after an answer")
    revisit.add_argument("--date", required=True)
    revisit.add_argument("--actor", default="")
    revisit_done = command("revisit-done", "record the result of the return visit")
    revisit_done.add_argument("--result", required=True)
    revisit_done.add_argument("--score", type=int, choices=range(1, 6), default=None)
    revisit_done.add_argument("--actor", default="")
    command("ratings", "satisfaction per handling unit", number=False)


def cmd_cases(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import date

    from bot import staff, supervision
    from bot.appointments import AppointmentRefused
    from bot.workflow import TransitionRefused

    core = open_core(settings)
    try:
        now = core.clock.now()
        today = core.clock.today()
        actor = getattr(args, "actor", "") or f"staff:{getpass.getuser()}"
        number = getattr(args, "number", "")
        action = args.action
        near = settings.supervision_near_days
        reads: dict[str, Any] = {
            "list": lambda s: staff.list_cases(s, args.status),
            "show": lambda s: staff.show_case(s, number),
            "timeline": lambda s: staff.timeline(s, number),
            "dispatch": lambda s: staff.dispatch_sheet(s, number),
            "overdue": lambda s: staff.overdue(
                s, core.deadlines, today, near if args.within is None else args.within),
            "appointments": lambda s: staff.appointment_list(
                s, date.fromisoformat(args.date) if args.date else today),
            "ratings": staff.rating_table,
        }
        writes: dict[str, Any] = {
            "rate": lambda s: staff.rate(s, number, args.score, actor=actor, now=now,
                                         deadlines=core.deadlines),
            "book": lambda s: staff.book(s, number, core.reception, actor=actor, now=now,
                                         day=date.fromisoformat(args.date) if args.date else None),
            "revisit": lambda s: staff.revisit(s, number, date.fromisoformat(args.date),
                                               actor=actor, now=now),
            "revisit-done": lambda s: staff.revisit_done(
                s, number, args.result, actor=actor, now=now, deadlines=core.deadlines,
                score=args.score),
            "supervise": lambda s: supervision.supervise(
                s, core.deadlines, now, near_days=near, supervisor_mail=settings.supervisor_mail),
        }
        if action == "reception":
            return _print_result(list(staff.reception_days(core.reception, now)), args.json)
        if action in reads:
            result = core.store.read_sync(reads[action])
        elif action in writes:
            result = core.store.write_sync(writes[action])
        else:
            name, fields = _transition_fields(args)
            result = core.store.write_sync(
                lambda s: staff.act(s, number, name, actor=actor, now=now,
                                    deadlines=core.deadlines, units=core.units, **fields))
        if action in ("list",):
            return _print_cases(result, args.json)
        if isinstance(result, dict) and "status" in result and "deadlines" in result:
            return _print_case(result, args.json)
        return _print_result(result, args.json)
    except staff.CaseNotFound as exc:
        print(f"no case {exc.args[0]}", file=sys.stderr)
        return 1
    except (TransitionRefused, AppointmentRefused) as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # a malformed --date
        print(f"invalid input: {exc}", file=sys.stderr)
        return 2
    finally:
        core.close()


def _transition_fields(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The workflow action and its fields from a ``cases`` transition command line."""
    _, options = CASE_TRANSITIONS[args.action]
    fields = {flag.lstrip("-"): getattr(args, flag.lstrip("-")) for flag, _ in options}
    if args.action == "hearing":
        if fields.pop("start") == fields.pop("end"):
            raise ValueError("hearing needs exactly one of --start and --end")
        return ("hearing_start" if args.start else "hearing_end"), fields
    return args.action.replace("-", "_"), fields


def _print_result(result: Any, as_json: bool) -> int:
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    rows = result if isinstance(result, list) else [result]
    if not rows:
        print("nothing")
    for row in rows:
        print("  ".join(f"{key}={value}" for key, value in row.items()
                        if value not in (None, "", [], {})))
    return 0


def _print_cases(rows: list[dict[str, Any]], as_json: bool) -> int:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no cases")
    for row in rows:
        print(f"{row['number']}  {row['status']:<13} {row['category'] or '-':<10} "
              f"{row['unit'] or '-':<12} {row['channel']:<8} {row['created_at'][:16]}  "
              f"next: {row['deadlines']['next'] or '-'}")
    return 0


def _print_case(view: dict[str, Any], as_json: bool) -> int:
    if as_json:
        print(json.dumps(view, ensure_ascii=False, indent=2))
        return 0
    for key in ("number", "status", "category", "unit", "channel", "decision", "answer",
                "created_at"):
        if view.get(key):
            print(f"{key:>12}: {view[key]}")
    deadlines = view["deadlines"]
    print(f"{'deadlines':>12}: acceptance {deadlines['acceptance_due']}, "
          f"handling {deadlines['handling_due'] or '-'}")
    for message in view.get("messages", []):
        arrow = "<-" if message["direction"] == "in" else "->"
        print(f"  {message['time'][:16]} {arrow} {message['channel']}: {message['text']}")
    for event in view.get("events", []):
        print(f"  {event['at'][:16]} {event['actor']}: {event['action']} {event['details']}")
    return 0


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
            secret = store.write_sync(
                lambda s: add_user(s, args.name, args.role, now, unit=args.unit))
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


def cmd_nlp(_settings: Settings, args: argparse.Namespace) -> int:
    from nlp.cli import main as nlp_main

    return nlp_main(list(args.rest))


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
    "chat": cmd_chat,
    "cases": cmd_cases,
    "users": cmd_users,
    "nlp": cmd_nlp,
    "bench": cmd_bench,
}

if __name__ == "__main__":
    sys.exit(main())
