"""The holidays file watch on its own (bot/calendar_watch.py): a changed content is adopted by
the one shared calendar in place; unchanged, malformed, empty or missing files change nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.calendar_watch import CalendarWatch, content_hash
from bot.deadlines import DeadlineEngine
from bot.workdays import WorkCalendar

KNOWN = '[2027]\nnote = "测试数据"\n'
#: TEST DATA ONLY: 2027-02-08 made a holiday.
HOLIDAY = '[2027]\nnote = "测试数据"\nholidays = ["2027-02-08"]\n'


def watched(tmp_path: Path, text: str) -> tuple[Path, WorkCalendar, CalendarWatch]:
    path = tmp_path / "holidays.toml"
    path.write_text(text, encoding="utf-8")
    calendar = WorkCalendar.load(path)
    return path, calendar, CalendarWatch(path, calendar)


def test_a_changed_file_is_adopted_in_place_by_every_holder(tmp_path: Path) -> None:
    path, calendar, watch = watched(tmp_path, KNOWN)
    engine = DeadlineEngine(calendar)  # a holder built before the change
    assert watch.check() is None
    assert calendar.is_workday(date(2027, 2, 8))
    before = content_hash(path)
    path.write_text(HOLIDAY, encoding="utf-8")
    change = watch.check()
    assert change is not None and change.details() == {
        "calendar_before": before, "calendar_after": content_hash(path)}
    assert not calendar.is_workday(date(2027, 2, 8))
    assert engine.due("misrouting_objection", date(2027, 2, 5)).date == date(2027, 2, 15)
    assert watch.check() is None  # read once


def test_a_broken_empty_or_missing_file_keeps_the_calendar(tmp_path: Path) -> None:
    path, calendar, watch = watched(tmp_path, HOLIDAY)
    for broken in ("[2027\nholidays = [", "", None):
        if broken is None:
            path.unlink()
        else:
            path.write_text(broken, encoding="utf-8")
        assert watch.check() is None
        assert watch.check() is None  # refused once, not read again every round
        assert not calendar.is_workday(date(2027, 2, 8))
    path.write_text(KNOWN, encoding="utf-8")  # fixed: adopted
    assert watch.check() is not None
    assert calendar.is_workday(date(2027, 2, 8))


def test_no_file_configured_never_changes(tmp_path: Path) -> None:
    calendar = WorkCalendar.load(None)
    watch = CalendarWatch(None, calendar)
    assert watch.check() is None and watch.current == ""
