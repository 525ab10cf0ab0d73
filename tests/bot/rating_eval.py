"""Measure the rating table (tests/bot/rating_table.py) end to end, through the test channel.

Each row gets a fresh bot on SQLite: a petitioner files a complaint, gives a name, staff answer
it (the rating request goes out), then the row's text is said. A rating row is right when that
one grade is stored; an ``ASKED`` row when the bot asks for the figure and stores none; a
look-alike when no grade is stored and the bot says nothing about rating (with ``False``: the
petitioner has no case at all). Runs on any checkout (the table is read by path), so the same
table measures the code before and after a change:

    PYTHONPATH=. .venv/bin/python tests/bot/rating_eval.py [--name-pending]
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from sqlmodel import select

from nlp import Analyzer
from storage import Case, Rating
from tests.bot.harness import COMPLAINT, BotHarness, answer_as_staff, open_core
from tests.conftest import FIXED_NOW

SENDER = "tel:+8613800000077"
#: What the bot says about a rating: thanks for it, nothing to rate, or "reply 1 to 5".
RATING_REPLIES = ("感谢您的评价", "无需评价", "的办理打分")


def _table() -> ModuleType:
    path = Path(__file__).with_name("rating_table.py")
    spec = importlib.util.spec_from_file_location("rating_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def _answered(bot: BotHarness, *, name: bool) -> None:
    replies = await bot.say(COMPLAINT, sender=SENDER)
    if name:
        await bot.say("我叫张三", sender=SENDER)
    number = bot.core.store.read_sync(lambda s: s.exec(select(Case.number)).one())
    await answer_as_staff(bot, number)
    assert replies


async def _run(text: str, *, case: bool, name: bool, analyzer: Analyzer) -> tuple[list[int], str]:
    with tempfile.TemporaryDirectory() as tmp:
        core = open_core(f"sqlite:///{tmp}/cases.sqlite3", Path(tmp) / "data", FIXED_NOW,
                         analyzer)
        try:
            bot = BotHarness(core)
            if case:
                await _answered(bot, name=name)
            replies = " / ".join(await bot.say(text, sender=SENDER))
            scores = core.store.read_sync(lambda s: [r.score for r in s.exec(select(Rating))])
        finally:
            core.close()
    return scores, replies


async def main(name_pending: bool) -> None:
    from bot import catalogue  # what run.py (and conftest) does before any command
    from run import CHANNELS

    catalogue.install(kind.capabilities for kind in CHANNELS)
    table = _table()
    analyzer = Analyzer.load()
    graded = recognised = 0
    misses: list[str] = []
    for text, grade in table.RATINGS:
        scores, replies = await _run(text, case=True, name=not name_pending, analyzer=analyzer)
        recognised += bool(scores)
        graded += scores == [grade]
        if scores != [grade]:
            misses.append(f"rating {text!r} want {grade} got {scores} | {replies[:60]}")
    asked = 0
    for text in table.ASKED:
        scores, replies = await _run(text, case=True, name=not name_pending, analyzer=analyzer)
        asked += not scores and "的办理打分" in replies
        if scores or "的办理打分" not in replies:
            misses.append(f"asked {text!r} got {scores} | {replies[:60]}")
    kept_apart = 0
    for text, case in table.LOOK_ALIKES:
        scores, replies = await _run(text, case=case, name=True, analyzer=analyzer)
        right = not scores and not any(words in replies for words in RATING_REPLIES)
        kept_apart += right
        if not right:
            misses.append(f"look-alike {text!r} got {scores} | {replies[:60]}")
    total = len(table.RATINGS)
    print(f"ratings read as a rating: {recognised}/{total}; with the table's grade: "
          f"{graded}/{total}")
    print(f"unclear ratings asked about: {asked}/{len(table.ASKED)}")
    print(f"look-alikes left alone: {kept_apart}/{len(table.LOOK_ALIKES)}")
    for miss in misses:
        print("  " + miss)


if __name__ == "__main__":
    asyncio.run(main("--name-pending" in sys.argv[1:]))
