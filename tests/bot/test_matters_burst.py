"""A recorded burst about one place decides the same attachments and alerts as before.

``bench/burst.tsv`` is a sequence of petitions about one 小区 (a garbage station, from twelve
petitioners, with two of them writing again), a second matter at the same 小区 (a lift) and the
same complaint about another district's 小区. The expected outcome below was recorded with the
matter checks as they were before the matter index (TF-IDF cosine over raw texts), on texts
where that judgement and today's agree; the index must decide exactly the same.
"""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from nlp import Analyzer
from storage import Case, CaseEvent, Message
from tests.bot.harness import BotHarness, open_core
from tests.conftest import FIXED_NOW

BURST = Path(__file__).resolve().parents[2] / "bench" / "burst.tsv"

#: Per row of the sequence: ("new", alert raised on the new case) or ("attached", row whose
#: case it joined). Recorded before the rewrite.
RECORDED: list[tuple[str, bool | int]] = [
    ("new", False), ("new", False), ("new", False), ("new", False), ("new", False),
    ("new", False), ("new", True), ("attached", 0), ("new", True), ("new", False),
    ("new", False), ("new", True), ("attached", 2), ("new", False), ("new", True),
    ("new", False), ("new", True), ("new", True), ("new", True), ("attached", 3),
    ("new", True), ("attached", 5),
]


@pytest.fixture
async def bot(database_url: str, tmp_path: Path, analyzer: Analyzer) -> AsyncIterator[BotHarness]:
    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)
    yield BotHarness(core)
    core.close()


def burst() -> list[dict[str, str]]:
    with BURST.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


async def test_the_burst_decides_as_recorded(bot: BotHarness) -> None:
    rows = burst()
    assert len(rows) == len(RECORDED)
    case_of_row: list[int] = []
    for index, (row, (outcome, detail)) in enumerate(zip(rows, RECORDED, strict=True)):
        await bot.push(row["text"], sender=row["sender"], sender_name=row["name"])
        bot.pop(row["sender"])

        def last(session: Session) -> tuple[int, int, list[str]]:
            message = session.exec(select(Message).where(Message.direction == "in")
                                   .order_by(col(Message.id).desc())).first()
            assert message is not None and message.case_id is not None
            cases = len(list(session.exec(select(Case.id))))
            actions = [e.action for e in session.exec(
                select(CaseEvent).where(CaseEvent.case_id == message.case_id))]
            return message.case_id, cases, actions

        case_id, count, actions = bot.core.store.read_sync(last)
        if outcome == "new":
            assert case_id not in case_of_row, f"row {index}: expected a new case"
            assert ("collective_alert" in actions) is detail, f"row {index}: alert"
        else:
            assert isinstance(detail, int)
            assert case_id == case_of_row[detail], f"row {index}: attached elsewhere"
            assert actions.count("repeat_attached") >= 1, f"row {index}"
        case_of_row.append(case_id)
    assert count == sum(1 for outcome, _ in RECORDED if outcome == "new")
