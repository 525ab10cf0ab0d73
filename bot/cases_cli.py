"""The staff ``cases`` command line: every workflow transition, and the read-outs staff need
(list, show, timeline, overdue, appointments, ratings, messages flagged for a person), with
``--json`` everywhere."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from bot import corrections, split, staff, supervision
from bot.appointments import AppointmentRefused
from bot.dispatch import DispatchRefused
from bot.escalation import Recipients
from bot.escalation_rules import EscalationRules
from bot.workflow import TransitionRefused

if TYPE_CHECKING:
    from bot.core import Core

_DECISION = ("--decision", {"default": "解释说明", "choices": ["支持", "解释说明", "不予支持"]})
_OPINION: tuple[tuple[str, dict[str, Any]], ...] = (
    ("--text", {"required": True, "help": "the opinion told to the petitioner"}), _DECISION,
    ("--facts", {"default": "", "help": "facts and reasons found (Art 32)"}),
    ("--basis", {"default": "", "help": "the legal basis (Art 32)"}),
)
CASE_TRANSITIONS: dict[str, tuple[str, tuple[tuple[str, dict[str, Any]], ...]]] = {
    "accept": ("accept (受理) a registered case", (("--reason", {"default": ""}),
                                                  ("--override", {"default": "", "help":
                                                   "why a flagged repeat after 复核 is "
                                                   "accepted all the same (Art 36)"}))),
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


def add_parser(commands: Any) -> None:
    """Add ``cases`` and its actions to the command parser."""
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
    listing.add_argument("--after", default="", metavar="NUMBER",
                         help="the next page: cases older than this case number")
    listing.add_argument("--limit", type=int, default=200)
    command("show", "one case with its messages and events")
    command("timeline", "the audit trail of a case")
    command("dispatch", "the handling unit's sheet: the matter without the petitioner")
    for name, (help_text, options) in CASE_TRANSITIONS.items():
        parser = command(name, help_text)
        parser.add_argument("--actor", default="", help="who acts (default: staff:$USER)")
        for flag, keywords in options:
            parser.add_argument(flag, **keywords)
    splitting = command("split", "register one more case from part N of a message that told "
                                 "several matters (the several_matters event)")
    splitting.add_argument("--part", type=int, required=True, metavar="N",
                           help="the part, from 1, as the several_matters event lists them")
    splitting.add_argument("--text", default="",
                           help="the new case's words instead of the part's")
    splitting.add_argument("--actor", default="")
    category = command("category", "triage: confirm or correct the case's category "
                                   "(recorded for `nlp train --from-store`)")
    category.add_argument("--set", dest="category", required=True, metavar="CATEGORY")
    category.add_argument("--actor", default="")
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
    flagged = command("flagged", "messages flagged for a person that no case holds (人工处理)",
                      number=False)
    flagged.add_argument("--limit", type=int, default=200)
    flagged.add_argument("--after", type=int, default=0, metavar="ID",
                         help="the next page: messages older than this message id")
    handled = command("handled", "a flagged message has been dealt with: take it off the list",
                      number=False)
    handled.add_argument("message_id", type=int)
    handled.add_argument("--actor", default="")


def run(core: Core, args: argparse.Namespace, *, near_days: int,
        supervisor_mail: str = "", webhook: bool = False,
        rules: EscalationRules | None = None) -> int:
    """Run one ``cases`` command on ``core``; returns the exit status."""
    try:
        now = core.clock.now()
        today = core.clock.today()
        actor = getattr(args, "actor", "") or f"staff:{getpass.getuser()}"
        number = getattr(args, "number", "")
        action = args.action
        near = near_days
        reads: dict[str, Any] = {
            "list": lambda s: staff.list_cases(s, args.status, args.limit, args.after),
            "show": lambda s: staff.show_case(s, number),
            "timeline": lambda s: staff.timeline(s, number),
            "dispatch": lambda s: staff.dispatch_sheet(s, number, core.units),
            "overdue": lambda s: staff.overdue(
                s, core.deadlines, today, near if args.within is None else args.within),
            "appointments": lambda s: staff.appointment_list(
                s, date.fromisoformat(args.date) if args.date else today),
            "ratings": staff.rating_table,
            "flagged": lambda s: staff.flagged_messages(s, args.limit, args.after),
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
            "category": lambda s: _set_category(s, core, number, args.category, actor, now),
            "handled": lambda s: staff.message_handled(s, args.message_id, actor=actor, now=now),
            "split": lambda s: split.Splitter.of(core).split(
                s, number, args.part, text=args.text, actor=actor, now=now),
            "supervise": lambda s: supervision.supervise(
                s, core.deadlines, now, near_days=near, rules=rules,
                recipients=Recipients(supervisor_mail, webhook, core.units)),
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
    except staff.MessageNotFlagged as exc:
        print(f"no flagged message {exc.args[0]} without a case", file=sys.stderr)
        return 1
    except (TransitionRefused, AppointmentRefused, DispatchRefused) as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # a malformed --date
        print(f"invalid input: {exc}", file=sys.stderr)
        return 2



def _set_category(session: Session, core: Core, number: str, category: str, actor: str,
                  now: datetime) -> dict[str, Any]:
    verdict = corrections.set_category(
        session, staff.get(session, number), category, actor=actor, source="cli", now=now,
        known=core.intake.conversation.routing.units)
    return {"number": number.upper(), "category": verdict.category,
            "previous": verdict.predicted,
            "verdict": "confirmed" if verdict.category == verdict.predicted else "corrected"}


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
    for key in ("number", "split_from", "status", "category", "unit", "channel", "decision",
                "answer", "created_at"):
        if view.get(key):
            print(f"{key:>12}: {view[key]}")
    if view.get("split_from"):
        print(f"{'proposed':>12}: {view['route']['unit'] or '-'} ({view['statutory_type']})")
    deadlines = view["deadlines"]
    print(f"{'deadlines':>12}: acceptance {deadlines['acceptance_due']}, "
          f"handling {deadlines['handling_due'] or '-'}")
    for message in view.get("messages", []):
        arrow = "<-" if message["direction"] == "in" else "->"
        print(f"  {message['time'][:16]} {arrow} {message['channel']}: {message['text']}")
    for event in view.get("events", []):
        print(f"  {event['at'][:16]} {event['actor']}: {event['action']} {event['details']}")
    return 0
