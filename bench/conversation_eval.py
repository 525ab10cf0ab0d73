"""Held-out phrasings through the whole bot: what it *does* with them, not only what nlp judges.

``nlp eval-dialogue`` scores the judgements; a citizen meets the dialogue, whose rules and
order can still turn a right judgement into a wrong act (a question stored as a name, a status
question that opens a case). Here every labelled row is sent through the real intake and
dialogue, on a scratch store, twice: by a sender with no case, and by a sender with one open
case. What the bot did is read back from its replies and the store, and held to what a person
would expect of the row's labels:

- an emergency gets the number to call, on either path (and a calm row does not: no alarm
  leading the reply, `calm_not_alarmed`; not even a quiet signal's safety line, `calm_not_advised`);
- a question, a thanks, a rating, particulars, a status request or a command never opens a case;
- a status request from someone with an open case is answered with that case;
- a new matter is registered (no case yet), and an accusation is registered as one (检举控告);
- a supplement from someone with an open case joins it or is asked about, never a new case.

``python run.py nlp eval-conversation --heldout FILE [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, col, func, select

from bot import texts
from bot.core import Core
from bot.dialogue.emergency import advice
from channels.console import console_message
from nlp import EMERGENCY_KINDS
from storage import Case, Identity

DEFAULT_HELDOUT = Path(__file__).resolve().parent.parent / "nlp" / "corpus" / "heldout_dialogue.tsv"
#: What the sender with an open case filed first, and the particulars they then gave.
OPEN_MATTER = "小区门口的垃圾站半个月没人清运，臭气熏天，苍蝇到处飞，希望尽快派人处理。"
PARTICULARS = "我叫张三，电话13900001111"
#: Intents that are never a matter of their own (an emergency or an accusation aside).
NEVER_A_CASE = frozenset({"question", "greeting", "help", "rating", "particulars", "opt_out",
                          "opt_in", "list_cases", "status_query", "withdraw", "booking", "appeal"})
STATUS_INTENTS = frozenset({"status_query", "list_cases"})
_NAMES_A_CASE = re.compile(r"XF\d{4}-\d+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    intent: str
    emergency_kind: str
    accusation: bool


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the bot did with one message."""

    replies: tuple[str, ...]
    opened_case: bool
    advised: bool            # the numbers to call: the alarm, or a quiet signal's safety line
    alarmed: bool            # the alarm itself, leading the reply
    accusation_case: bool    # registered as 检举控告, with the 纪检监察 notice
    named_open_case: bool    # a reply names the sender's open case


@dataclass
class Tally:
    """Hits over trials for one expectation, with a few misses to read."""

    hits: int = 0
    trials: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, text: str) -> None:
        self.trials += 1
        self.hits += ok
        if not ok and len(self.misses) < 5:
            self.misses.append(text)

    @property
    def rate(self) -> float | None:
        return round(self.hits / self.trials, 4) if self.trials else None


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Row(r["text"], r["intent"], r["emergency_kind"], r["accusation"] == "1")
                for r in reader if r.get("text")]


class ScratchBot:
    """The real bot on a scratch SQLite store; one console sender per trial."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self._line = 0
        # Every alarm's advice: each kind's, the general one, and a missing person's (session
        # 19: counted as no advice until then, which read two held-out alarms as missed).
        # Fire set to oneself has its own (session 20: uncounted until then, which read two
        # unjoined authors' self-immolations as missed).
        self._advice = {advice(lang, kind, missing_person=missing) for lang in ("zh", "en")
                        for kind in (*EMERGENCY_KINDS, "") for missing in (False, True)} | {
            texts.say(lang, "emergency_self_immolation") for lang in ("zh", "en")}
        # A quiet signal's short line after the normal reply (session 12): the numbers told,
        # with the crisis line where the faint signal is of self-harm.
        self._safety = {texts.say(lang, line) for lang in ("zh", "en")
                        for line in ("emergency_safety", "emergency_safety_crisis")}
        self._accusation = {texts.say(lang, "accusation") for lang in ("zh", "en")}

    async def say(self, sender: str, text: str) -> Outcome:
        before = await self._cases()
        self._line += 1
        message = console_message(sender, text, self.core.clock.now(), str(self._line))
        receipt = await self.core.intake.store(message)
        replies = tuple(r.text for r in await self.core.intake.process(receipt, inline=True))
        after = await self._cases()
        newest = await self._newest() if after > before else None
        open_number = await self._open_number(sender)
        return Outcome(
            replies=replies,
            opened_case=after > before,
            alarmed=any(a in r for r in replies for a in self._advice),
            advised=any(a in r for r in replies for a in self._advice | self._safety),
            accusation_case=newest is not None and (
                newest.statutory_type == "检举控告"
                or any(a in r for r in replies for a in self._accusation)),
            named_open_case=bool(open_number) and any(open_number in r for r in replies),
        )

    async def open_case(self, sender: str) -> None:
        await self.say(sender, OPEN_MATTER)
        await self.say(sender, PARTICULARS)

    async def _cases(self) -> int:
        return await self.core.store.read(lambda s: s.exec(select(func.count(col(Case.id)))).one())

    async def _newest(self) -> Case | None:
        return await self.core.store.read(
            lambda s: s.exec(select(Case).order_by(col(Case.id).desc())).first())

    async def _open_number(self, sender: str) -> str:
        """The number of the case the sender filed first (scenario with an open case)."""
        def find(session: Session) -> str:
            identity = session.exec(select(Identity).where(
                Identity.urn == f"console:{sender}")).first()
            if identity is None:
                return ""
            case = session.exec(select(Case).where(Case.identity_id == identity.id)
                                .order_by(col(Case.id))).first()
            return case.number if case is not None else ""
        return await self.core.store.read(find)


async def evaluate(core: Core, rows: Sequence[Row], *, progress: bool = False) -> dict[str, object]:
    """Every row through the bot, without and with an open case; the expectations' rates."""
    bot = ScratchBot(core)
    tallies: dict[str, Tally] = {name: Tally() for name in (
        "emergency_advised", "calm_not_alarmed", "calm_not_advised", "never_a_case", "status_answered",
        "new_matter_registered", "accusation_registered", "supplement_not_a_new_case")}
    for index, row in enumerate(rows):
        if progress and index % 50 == 0:
            print(f"  {index}/{len(rows)}", file=sys.stderr, flush=True)
        alone = await bot.say(f"eval-a{index}", row.text)
        sender = f"eval-b{index}"
        await bot.open_case(sender)
        known = await bot.say(sender, row.text)
        _judge(tallies, row, alone, known)
    return {"n": len(rows), "expectations": {
        name: {"rate": t.rate, "hits": t.hits, "trials": t.trials, "misses": t.misses}
        for name, t in tallies.items()}}


def _judge(tallies: dict[str, Tally], row: Row, alone: Outcome, known: Outcome) -> None:
    text = row.text
    if row.emergency_kind:
        for outcome in (alone, known):
            tallies["emergency_advised"].add(outcome.advised, text)
        return  # an emergency may open a case or join one: what it must get is the number
    for outcome in (alone, known):
        tallies["calm_not_alarmed"].add(not outcome.alarmed, text)
        tallies["calm_not_advised"].add(not outcome.advised, text)
    if row.accusation:
        tallies["accusation_registered"].add(alone.accusation_case, text)
        return
    if row.intent in NEVER_A_CASE:
        for outcome in (alone, known):
            tallies["never_a_case"].add(not outcome.opened_case, text)
    if row.intent in STATUS_INTENTS and not _NAMES_A_CASE.search(text):
        # (A row naming a case number asks about that case, not the sender's open one.)
        tallies["status_answered"].add(known.named_open_case and not known.opened_case, text)
    if row.intent == "new_petition":
        tallies["new_matter_registered"].add(alone.opened_case, text)
    if row.intent == "supplement":
        tallies["supplement_not_a_new_case"].add(not known.opened_case, text)


def main(argv: Iterable[str]) -> int:
    parser = argparse.ArgumentParser(prog="run.py nlp eval-conversation",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", type=Path, default=DEFAULT_HELDOUT,
                        help="labelled phrasings (text, intent, emergency_kind, accusation, …)")
    parser.add_argument("--sample", type=int, default=0,
                        help="about N rows, evenly spread over the file (0: all)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(list(argv))
    if not args.heldout.exists():
        print(f"no held-out file at {args.heldout}", file=sys.stderr)
        return 2
    rows = read_rows(args.heldout)
    if 0 < args.sample < len(rows):
        step = len(rows) / args.sample
        rows = [rows[int(i * step)] for i in range(args.sample)]
    with tempfile.TemporaryDirectory(prefix="xinfang-eval-") as scratch:
        core = Core.open(database_url=f"sqlite:///{scratch}/eval.db", data_dir=Path(scratch),
                         sqlite_synchronous="NORMAL", secret_key="conversation-eval")
        try:
            print(f"{len(rows)} rows, each twice (no case / one open case)…", file=sys.stderr)
            figures = asyncio.run(evaluate(core, rows, progress=True))
        finally:
            core.close()
    figures["source"] = str(args.heldout)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    print(f"{figures['n']} held-out rows from {args.heldout}")
    expectations = figures["expectations"]
    assert isinstance(expectations, dict)
    for name, figure in expectations.items():
        print(f"  {name:28} {figure['rate']!s:>7}  ({figure['hits']}/{figure['trials']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
