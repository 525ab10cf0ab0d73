"""Deadlines follow a holidays file changed while serving (issue 16 item 6): a moving clock,
the real supervision round with its calendar watch, and the file rewritten between rounds.
The running deadlines (a handling period in calendar days, a 退单 consent in working days)
move to the new days, each move is recorded on its case with the file's hashes, the ladder
climbs by the new dates, and a malformed file changes nothing."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session, select

from bot.calendar_watch import CalendarWatch, content_hash
from bot.clock import CHINA
from bot.core import Core
from bot.deadline_refresh import refresh
from bot.escalation import Recipients
from bot.supervision import Supervisor
from nlp import Analyzer
from storage import Case, StaffNotice
from storage.engine import normalize_url
from tests.bot.harness import BotHarness, act, case_events, case_row, file_case, open_core
from tests.conftest import FIXED_NOW

UNIT = "市住房和城乡建设委员会"
BEFORE = '[2027]\nnote = "测试数据：尚无节假日"\n'
#: TEST DATA ONLY, not the State Council's arrangement: a Spring Festival of 02-05..02-15.
AFTER = ('[2027]\nnote = "测试数据，非正式安排"\n'
         'holidays = ["2027-01-01", "2027-02-05..2027-02-15"]\nworkdays = ["2027-02-20"]\n')


@dataclass
class Running:
    core: Core
    bot: BotHarness
    supervisor: Supervisor
    holidays: Path

    def at(self, day: date) -> None:
        """Move the clock to 10:00 Beijing time on ``day`` (never backwards)."""
        delta = datetime.combine(day, time(10), CHINA) - self.core.clock.now()
        assert delta >= timedelta(0)
        self.core.clock.advance(delta)

    def case(self, number: str) -> Case:
        return case_row(self.bot, number)

    def recorded(self, number: str) -> list[dict[str, Any]]:
        return [e.details for e in case_events(self.bot, number, "deadline_recomputed")]

    def notices(self) -> list[str]:
        return self.core.store.read_sync(
            lambda s: sorted(n.rule for n in s.exec(select(StaffNotice))))


@pytest.fixture
async def running(database_url: str, tmp_path: Path,
                  analyzer: Analyzer) -> AsyncIterator[Running]:
    holidays = tmp_path / "holidays.toml"
    holidays.write_text(BEFORE, encoding="utf-8")
    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer,
                     holidays_file=holidays)
    supervisor = Supervisor(core.store, core.clock, core.deadlines,
                            recipients=Recipients(supervisor_mail="duban@xinfang.example.cn"),
                            calendar=CalendarWatch(holidays, core.deadlines.calendar), chunk=2)
    yield Running(core, BotHarness(core), supervisor, holidays)
    core.close()


async def test_a_holidays_file_changed_mid_run_moves_running_deadlines_and_records_it(
        running: Running) -> None:
    running.at(date(2026, 12, 10))
    handled = await file_case(running.bot, "telegram:4101")
    act(running.bot, handled, "accept")  # 60 days: Monday 2027-02-08 on weekends alone
    running.at(date(2027, 1, 27))
    objected = await file_case(running.bot, "telegram:4102")
    act(running.bot, objected, "accept")
    act(running.bot, objected, "assign", unit=UNIT, mode="转送")
    running.at(date(2027, 1, 29))
    act(running.bot, objected, "object", reason="不属于本单位职责")  # consent: 5 working days
    assert running.case(handled).handling_due == date(2027, 2, 8)
    assert running.case(objected).consent_due == date(2027, 2, 5)
    first = await running.supervisor.run_once()
    assert "recomputed" not in first  # the file has not changed

    running.at(date(2027, 2, 1))
    old = content_hash(running.holidays)
    running.holidays.write_text(AFTER, encoding="utf-8")  # the winter notice arrives
    assert (await running.supervisor.run_once())["recomputed"] == 2
    assert running.case(handled).handling_due == date(2027, 2, 16)
    assert running.case(objected).consent_due == date(2027, 2, 16)
    hashes = {"calendar_before": old, "calendar_after": content_hash(running.holidays)}
    assert old != hashes["calendar_after"]
    assert running.recorded(handled) == [
        {"rule": "handling", "before": "2027-02-08", "due": "2027-02-16",
         "reason": "calendar data changed"} | hashes]
    assert running.recorded(objected) == [
        {"rule": "objection_consent", "before": "2027-02-05", "due": "2027-02-16",
         "reason": "calendar data changed"} | hashes]
    # The one calendar every holder reads has the new days: a period counted now agrees.
    assert running.core.deadlines.due("handling", date(2026, 12, 10)).date == date(2027, 2, 16)
    assert "recomputed" not in await running.supervisor.run_once()  # nothing moves twice

    # A file broken by hand changes nothing; the same good content again is no change.
    running.holidays.write_text("[2027\nholidays = [", encoding="utf-8")
    assert "recomputed" not in await running.supervisor.run_once()
    assert running.core.deadlines.due("handling", date(2026, 12, 10)).date == date(2027, 2, 16)
    running.holidays.write_text(AFTER, encoding="utf-8")
    assert "recomputed" not in await running.supervisor.run_once()

    # The ladder reads the new dates: on the old ones both were late by 02-09.
    running.at(date(2027, 2, 9))
    assert (await running.supervisor.run_once())["raised"] == 0
    assert running.notices() == []
    running.at(date(2027, 2, 17))
    assert (await running.supervisor.run_once())["overdue"] == 1
    assert running.notices() == ["objection_consent", "overdue"]
    assert running.recorded(handled)[-1]["due"] == "2027-02-16"  # not recomputed again


async def test_two_processes_noticing_one_change_record_each_move_once(
        running: Running, database_url: str) -> None:
    if running.core.store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serves from one process (one writer); several share PostgreSQL")
    running.at(date(2026, 12, 10))
    number = await file_case(running.bot, "telegram:4201")
    act(running.bot, number, "accept")
    running.holidays.write_text(AFTER, encoding="utf-8")
    assert running.supervisor.calendar is not None
    assert running.supervisor.calendar.check() is not None  # both processes read the file
    case_id = running.case(number).id
    assert case_id is not None
    now = running.core.clock.now()
    deadlines = running.core.deadlines
    other = create_engine(normalize_url(database_url))
    second_moved: list[int] = []

    def second_process() -> None:
        with Session(running.core.store.engine) as session:
            second_moved.append(refresh(session, [case_id], deadlines, now))
            session.commit()

    try:
        with Session(other) as first:
            assert refresh(first, [case_id], deadlines, now) == 1
            first.flush()
            racing = threading.Thread(target=second_process)
            racing.start()
            racing.join(0.5)
            assert racing.is_alive()  # waits on the case's row lock
            first.commit()
        racing.join(10)
        assert second_moved == [0]  # found the date already moved
    finally:
        other.dispose()
    assert [e["due"] for e in running.recorded(number)] == ["2027-02-16"]
