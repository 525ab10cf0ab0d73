"""The same matter in other words, through the whole bot: the scenarios of
``bench/matter_probe30_scenarios.py`` run through the real intake, processor and outbox
(tests/bot/harness.py's BotHarness, a scratch SQLite database per scenario, a fixed clock), and
each outcome counted by class (docs/NLP.md, session 25, helper matterprobe30).

    PYTHONPATH=. .venv/bin/python bench/matter_probe30.py [--json OUT] [--only KIND]

Outcomes: for a retelling, ``right`` (joined, Art 36 reply, proposed for 并单, collective
warning), ``asked`` (the petitioner asked "是对 XF… 的补充吗？", or after 复核 a new case flagged
for a person: acceptable when unsure), ``miss`` (a new case as if another matter); for a hard
negative, ``right`` (kept apart), ``asked`` and ``worst`` (joined or linked to another matter).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from bench.matter_probe30_scenarios import SCENARIOS, Scenario
from bot.workflow import TransitionRefused
from nlp import Analyzer
from storage import Case, CaseEvent
from tests.bot.harness import ANY_YEAR_NUMBER, BotHarness, act, open_core, reviewed_to_final

FIXED_NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # as tests/conftest.py


async def _file(bot: BotHarness, text: str, sender: str, name: str) -> list[str]:
    return await bot.say(text, sender=sender, sender_name=name)


def _number(replies: list[str]) -> str | None:
    found = ANY_YEAR_NUMBER.search(" ".join(replies))
    return found.group() if found else None


def _cases(bot: BotHarness) -> list[str]:
    return bot.core.store.read_sync(lambda s: [c.number for c in s.exec(select(Case))])


def _events(bot: BotHarness, number: str, action: str) -> int:
    def read(session: Session) -> int:
        case = session.exec(select(Case).where(Case.number == number)).one()
        return len(list(session.exec(select(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.action == action))))
    return bot.core.store.read_sync(read)


async def _conclude(bot: BotHarness, number: str, sender: str) -> None:
    """The statutory path to a 复核 opinion and 终结 (as tests/bot/test_matters.py)."""
    act(bot, number, "accept")
    try:
        act(bot, number, "assign", unit="区住建委")
    except TransitionRefused:  # read as a 检举控告: the accused recorded first (the firewall)
        act(bot, number, "accuse", accused="西城区城市管理委员会")
        act(bot, number, "assign", unit="区住建委")
    act(bot, number, "answer", text="已督促处理。", decision="支持", facts="经核查属实。",
        basis="《信访工作条例》")
    await reviewed_to_final(bot, number, sender)


async def _open(bot: BotHarness, scenario: Scenario) -> str:
    sender = "mailto:wang@example.cn"
    first = _number(await _file(bot, scenario.texts[0], sender, "王五"))
    assert first, scenario
    replies = await _file(bot, scenario.texts[1], sender, "王五")
    # (an emergency told again is joined to the open case by the emergency path)
    if _events(bot, first, "repeat_attached") or _events(bot, first, "emergency_follow_up"):
        return "joined"
    if any("补充吗" in reply for reply in replies):
        return "asked"
    if len(_cases(bot)) > 1:
        return "new"
    if _events(bot, first, "supplement"):
        return "joined"
    return "other"


async def _final(bot: BotHarness, scenario: Scenario) -> str:
    sender = "mailto:wang@example.cn"
    first = _number(await _file(bot, scenario.texts[0], sender, "王五"))
    assert first, scenario
    await _conclude(bot, first, sender)
    replies = await _file(bot, scenario.texts[1], sender, "王五")
    if _events(bot, first, "repeat_after_final"):
        return "joined"
    second = [n for n in _cases(bot) if n != first]
    if second and _events(bot, second[0], "art36_flag"):
        return "asked"
    if second:
        return "new"
    return "asked" if any("补充吗" in reply for reply in replies) else "other"


async def _pair(bot: BotHarness, scenario: Scenario) -> str:
    first = _number(await _file(bot, scenario.texts[0], "mailto:wang@example.cn", "王五"))
    second = _number(await _file(bot, scenario.texts[1], "mailto:zhao@example.cn", "赵六"))
    assert first and second and first != second, scenario

    def proposed(session: Session) -> list[str]:
        case = session.exec(select(Case).where(Case.number == second)).one()
        return [p.number for p in bot.core.matters.proposals(session, case)]

    return "joined" if first in bot.core.store.read_sync(proposed) else "new"


async def _collective(bot: BotHarness, scenario: Scenario) -> str:
    texts = (scenario.texts[0], *scenario.texts[1:])
    numbers = []
    for index, text in enumerate(texts):
        found = _number(await _file(bot, text, f"mailto:r{index}@example.cn", f"居民{index}"))
        assert found, (scenario, index)
        numbers.append(found)
    return "joined" if _events(bot, numbers[-1], "collective_alert") else "new"


_RUN = {"open": _open, "final": _final, "pair": _pair, "collective": _collective}


def verdict(expect: str, outcome: str) -> str:
    if outcome == "asked":
        return "asked"
    if expect == "same":
        return "right" if outcome == "joined" else "miss"
    return "worst" if outcome == "joined" else "right"


async def run(scenarios: list[Scenario], analyzer: Analyzer) -> list[dict[str, Any]]:
    rows = []
    for index, scenario in enumerate(scenarios):
        with tempfile.TemporaryDirectory() as scratch:
            core = open_core(f"sqlite:///{scratch}/cases.sqlite3", Path(scratch) / "data",
                             FIXED_NOW, analyzer)
            try:
                outcome = await _RUN[scenario.kind](BotHarness(core), scenario)
            except TransitionRefused as error:
                outcome = f"error: {error}"
            finally:
                core.close()
        rows.append({"index": index, "kind": scenario.kind, "expect": scenario.expect,
                     "cls": scenario.cls, "outcome": outcome,
                     "verdict": verdict(scenario.expect, outcome)})
        print(index, scenario.kind, scenario.expect, outcome, scenario.cls, file=sys.stderr)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    counts = Counter((row["kind"], row["expect"], row["verdict"]) for row in rows)
    lines = ["| kind | expect | right | asked | miss / worst | n |", "|---|---|---|---|---|---|"]
    for kind in _RUN:
        for expect in ("same", "different"):
            n = sum(v for (k, e, _), v in counts.items() if (k, e) == (kind, expect))
            bad = counts[(kind, expect, "miss" if expect == "same" else "worst")]
            lines.append(f"| {kind} | {expect} | {counts[(kind, expect, 'right')]} | "
                         f"{counts[(kind, expect, 'asked')]} | {bad} | {n} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json")
    parser.add_argument("--only")
    args = parser.parse_args()
    chosen = [s for s in SCENARIOS if args.only in (None, s.kind)]
    rows = asyncio.run(run(chosen, Analyzer.load()))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    print(table(rows))


if __name__ == "__main__":
    main()
