"""A recorded burst about one place decides the same attachments and alerts as before.

``bench/burst.tsv`` is a sequence of petitions about one 小区 (a garbage station, from twelve
petitioners, with two of them writing again), a second matter at the same 小区 (a lift) and the
same complaint about another district's 小区. The expected outcome below was recorded with the
matter checks as they were before the matter index (TF-IDF cosine over raw texts), on texts
where that judgement and today's agree; the index must decide exactly the same. The members of
each alert were recorded before the collective check learned to look at its own transaction's
cases first (issue 21): decided one message at a time or as one batch, they must not change.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session, col, select

from bot import matters
from channels.base import InboundMessage
from nlp.matter_view import view_of
from storage import Case, CaseEvent, Message
from tests.bot.harness import BotHarness
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
#: The rows whose cases each alert lists (row of the alert → member rows), recorded on the
#: sequence before the change: the garbage station's petitioners, one case each, growing by
#: one; never the lift (rows 3, 9, 15) nor the other district (rows 5, 10, 13).
_FIRST = (0, 1, 2, 4, 6)
MEMBERS: dict[int, tuple[int, ...]] = {
    6: _FIRST,
    8: (*_FIRST, 8),
    11: (*_FIRST, 8, 11),
    14: (*_FIRST, 8, 11, 14),
    16: (*_FIRST, 8, 11, 14, 16),
    17: (*_FIRST, 8, 11, 14, 16, 17),
    18: (*_FIRST, 8, 11, 14, 16, 17, 18),
    20: (*_FIRST, 8, 11, 14, 16, 17, 18, 20),
}


def burst() -> list[dict[str, str]]:
    with BURST.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


async def decide(bot: BotHarness, rows: list[dict[str, str]], *, batched: bool,
                 split: int | None = None) -> None:
    """Every row through the real intake: each decided before the next arrives, or all stored
    first and decided together (one batch, one transaction); ``split``: the rows before it
    decided as one batch, then the rest as another (whose candidates are partly stored)."""
    for index, row in enumerate(rows):
        await bot.core.intake.store(InboundMessage(
            channel="mail", sender=row["sender"], text=row["text"], sender_name=row["name"],
            external_id=f"burst-{index}", received_at=FIXED_NOW, raw=row["text"].encode()))
        if not batched or index + 1 == split:
            await bot.core.processor.drain()
    if batched:
        assert await bot.core.processor.drain() == len(rows) - (split or 0)


def outcome(session: Session) -> list[tuple[int, list[str], list[dict[str, Any]]]]:
    """Per inbound message, in arrival order: its case, the case's actions and its alerts."""
    messages = session.exec(select(Message).where(Message.direction == "in")
                            .order_by(col(Message.id))).all()
    found = []
    for message in messages:
        assert message.case_id is not None
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == message.case_id)
                              .order_by(col(CaseEvent.id))).all()
        found.append((message.case_id, [e.action for e in events],
                      [e.details for e in events if e.action == "collective_alert"]))
    return found


@pytest.mark.parametrize(
    ("batched", "remembered", "split"),
    [(False, None, None), (True, None, None), (True, 5, None), (True, None, 9)],
    ids=["one-at-a-time", "one-batch", "one-batch-remembering-five", "two-batches"])
async def test_the_burst_decides_as_recorded(bot: BotHarness, batched: bool,
                                             remembered: int | None, split: int | None,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The same cases, attachments and alert members however the burst is decided; with
    only the five newest registrations kept in memory, the older ones (and their alerts)
    are read back from the tables instead; in two batches, the second finds the first's
    cases stored."""
    if remembered is not None:
        monkeypatch.setattr(matters, "_REMEMBERED", remembered)
    rows = burst()
    assert len(rows) == len(RECORDED)
    await decide(bot, rows, batched=batched, split=split)
    decided = bot.core.store.read_sync(outcome)
    assert len(decided) == len(rows)
    numbers = dict(bot.core.store.read_sync(
        lambda s: [(c.id, c.number) for c in s.exec(select(Case))]))
    case_of_row: list[int] = []
    for index, ((outcome_, detail), (case_id, actions, alerts)) in enumerate(
            zip(RECORDED, decided, strict=True)):
        if outcome_ == "new":
            assert case_id not in case_of_row, f"row {index}: expected a new case"
            assert bool(alerts) is detail, f"row {index}: alert"
        else:
            assert isinstance(detail, int)
            assert case_id == case_of_row[detail], f"row {index}: attached elsewhere"
            assert actions.count("repeat_attached") >= 1, f"row {index}"
        case_of_row.append(case_id)
    assert len(numbers) == sum(1 for outcome_, _ in RECORDED if outcome_ == "new")
    for index, member_rows in MEMBERS.items():
        (alert,) = decided[index][2]
        expected = sorted(numbers[case_of_row[row]] for row in member_rows)
        assert alert["members"] == expected, f"row {index}: members"
        assert alert["petitioners"] == len(member_rows)


async def test_in_a_batch_an_alert_reads_no_stored_candidates(bot: BotHarness) -> None:
    """Decided together, each case that raises an alert finds its threshold among the cases
    the same transaction registered, without reading the key table; only the others (the
    first garbage-station cases, the lift, the other district) read it, once each (before the
    change every new case read it)."""
    rows = burst()
    reads: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "matterkey" in statement:
            reads.append(statement)

    event.listen(bot.core.store.engine, "before_cursor_execute", note)
    try:
        await decide(bot, rows, batched=True)
    finally:
        event.remove(bot.core.store.engine, "before_cursor_execute", note)
    new_cases = sum(1 for outcome_, _ in RECORDED if outcome_ == "new")
    assert reads, "a case the batch cannot decide alone reads the table"
    assert len(reads) <= new_cases - len(MEMBERS), len(reads)


async def test_a_candidate_about_another_thing_is_never_scored(bot: BotHarness) -> None:
    """The lift at the same 小区 as the garbage station is a candidate of every garbage case
    (they share the place's keys), but the two name things none of which is the other's: the
    collective check passes it by without the pair model (matters.things_apart), and the burst
    still decides as recorded (above)."""
    index = bot.core.intake.conversation.matters
    scored: list[tuple[frozenset[str], frozenset[str]]] = []
    score = index._score

    def recording(new: Any, other: Any) -> float:
        scored.append((view_of(new).things, view_of(other).things))
        return score(new, other)

    index._score = recording
    await decide(bot, burst(), batched=False)
    assert scored, "the burst scored no pair: nothing was checked"
    apart = [pair for pair in scored if pair[0] and pair[1] and pair[0].isdisjoint(pair[1])]
    assert apart == [], apart
