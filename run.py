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

    cases = commands.add_parser("cases", help="staff operations on cases")
    actions = cases.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list cases, newest first")
    listing.add_argument("--status", default="")
    listing.add_argument("--json", action="store_true")
    show = actions.add_parser("show", help="one case with its messages and events")
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    for name, help_text in (("accept", "accept (受理) a registered case"),
                            ("reject", "not accept (不予受理), with a reason"),
                            ("assign", "assign (转送/交办) to a unit"),
                            ("answer", "answer (答复) with a decision"),
                            ("close", "close an answered case")):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("number")
        action.add_argument("--actor", default="", help="who acts (default: staff:$USER)")
        action.add_argument("--reason", default="")
        action.add_argument("--json", action="store_true")
        if name == "assign":
            action.add_argument("--unit", required=True)
            action.add_argument("--mode", default="转送", choices=["转送", "交办"])
        if name == "answer":
            action.add_argument("--text", required=True, help="the answer to the petitioner")
            action.add_argument("--decision", default="解释说明",
                                choices=["支持", "解释说明", "不予支持"])

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
        secret_key=settings.secret_key,
        fixed_now=settings.fixed_now(),
        model_path=settings.data_dir / "models" / "classifier.model",
        holidays_file=Path(settings.holidays_file) if settings.holidays_file else None,
        routing_file=Path(settings.routing_file) if settings.routing_file else None,
    )


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
    service = Service(core, channels, settings.http_host, settings.http_port)

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


def cmd_cases(settings: Settings, args: argparse.Namespace) -> int:
    from bot import staff
    from bot.cases import TransitionRefused

    core = open_core(settings)
    try:
        now = core.clock.now()
        actor = getattr(args, "actor", "") or f"staff:{getpass.getuser()}"
        if args.action == "list":
            rows = core.store.read_sync(lambda s: staff.list_cases(s, args.status))
            return _print_cases(rows, args.json)
        if args.action == "show":
            view = core.store.read_sync(lambda s: staff.show_case(s, args.number))
            return _print_case(view, args.json)
        fields = {"reason": args.reason}
        if args.action == "assign":
            fields.update(unit=args.unit, mode=args.mode)
        if args.action == "answer":
            fields.update(answer=args.text, decision=args.decision)
        view = core.store.write_sync(
            lambda s: staff.act(s, args.number, args.action, actor=actor, now=now,
                                deadlines=core.deadlines, **fields)
        )
        return _print_case(view, args.json)
    except staff.CaseNotFound as exc:
        print(f"no case {exc.args[0]}", file=sys.stderr)
        return 1
    except TransitionRefused as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    finally:
        core.close()


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
    "nlp": cmd_nlp,
    "bench": cmd_bench,
}

if __name__ == "__main__":
    sys.exit(main())
