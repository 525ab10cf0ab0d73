"""The working-day calendar: chinesecalendar's 2026, the override file, the weekend fallback."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from bot.workdays import HolidayFileError, WorkCalendar

HOLIDAYS = Path(__file__).resolve().parents[1] / "payloads" / "holidays"
OVERRIDE_2027 = HOLIDAYS / "2027.toml"


def weekend_workdays(year: int) -> list[date]:
    """The make-up working Saturdays/Sundays (调休) as chinesecalendar records them."""
    day, found = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() >= 5 and chinese_calendar.is_workday(day):
            found.append(day)
        day += timedelta(days=1)
    return found


def test_the_2026_make_up_days_are_the_packages() -> None:
    # Looked up, not guessed: the expectations below rely on exactly these days.
    assert weekend_workdays(2026) == [
        date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28),
        date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10),
    ]


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 3, 4), True),     # an ordinary Wednesday
    (date(2026, 3, 7), False),    # an ordinary Saturday
    (date(2026, 3, 8), False),    # an ordinary Sunday
    (date(2026, 1, 1), False),    # 元旦
    (date(2026, 1, 4), True),     # make-up Sunday after 元旦
    (date(2026, 2, 14), True),    # make-up Saturday before 春节
    (date(2026, 2, 16), False),   # 春节, a Monday
    (date(2026, 2, 23), False),   # last day of 春节, a Monday
    (date(2026, 2, 24), True),
    (date(2026, 2, 28), True),    # make-up Saturday after 春节
    (date(2026, 9, 20), True),    # make-up Sunday before 国庆
    (date(2026, 10, 1), False),   # 国庆
    (date(2026, 10, 7), False),
    (date(2026, 10, 8), True),
    (date(2026, 10, 10), True),   # make-up Saturday after 国庆
])
def test_is_workday_in_2026(day: date, working: bool) -> None:
    calendar = WorkCalendar.load(None)
    assert calendar.is_workday(day) is working
    assert calendar.fell_back_years == frozenset()


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 3, 4), date(2026, 3, 4)),     # a workday is its own next workday
    (date(2026, 3, 7), date(2026, 3, 9)),     # weekend → Monday
    (date(2026, 2, 15), date(2026, 2, 24)),   # 春节 → the first day back
    (date(2026, 2, 14), date(2026, 2, 14)),   # make-up Saturday
    (date(2026, 10, 3), date(2026, 10, 8)),   # 国庆 → Thursday 8 October
    (date(2026, 10, 10), date(2026, 10, 10)),
])
def test_next_workday(day: date, expected: date) -> None:
    assert WorkCalendar.load(None).next_workday(day) == expected


@pytest.mark.parametrize(("start", "n", "expected"), [
    (date(2026, 3, 2), 0, date(2026, 3, 2)),     # nothing to add
    (date(2026, 3, 2), 1, date(2026, 3, 3)),     # the start day is not counted
    (date(2026, 3, 6), 1, date(2026, 3, 9)),     # Friday + 1 → Monday
    (date(2026, 3, 7), 1, date(2026, 3, 9)),     # from a Saturday
    (date(2026, 9, 30), 5, date(2026, 10, 13)),  # 8, 9, 10 (make-up Sat), 12, 13 October
    (date(2026, 2, 12), 5, date(2026, 2, 26)),   # 13, 14 (make-up Sat), 24, 25, 26 February
    (date(2026, 9, 18), 1, date(2026, 9, 20)),   # the make-up Sunday counts
])
def test_add_workdays(start: date, n: int, expected: date) -> None:
    assert WorkCalendar.load(None).add_workdays(start, n) == expected


def test_add_workdays_refuses_negative() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        WorkCalendar.load(None).add_workdays(date(2026, 3, 2), -1)


def test_a_datetime_is_refused() -> None:
    # A UTC timestamp's date is the wrong day for anything received before 08:00 in Beijing.
    with pytest.raises(TypeError, match="local_date"):
        WorkCalendar.load(None).is_workday(datetime(2026, 3, 2, 23, 0))


# -- years the package does not know ------------------------------------------------------

@pytest.mark.parametrize(("day", "working"), [
    (date(2027, 1, 1), True),     # really 元旦, but nobody told us: a Friday is a workday
    (date(2027, 1, 2), False),    # Saturday
    (date(2027, 10, 4), True),
])
def test_unknown_year_falls_back_to_weekends(day: date, working: bool) -> None:
    calendar = WorkCalendar.load(None)
    assert calendar.is_workday(day) is working
    assert calendar.fell_back_years == {2027}
    assert not calendar.has_data(2027)
    (message,) = calendar.warnings
    assert "2027" in message and "XINFANG_HOLIDAYS_FILE" in message


def test_the_fallback_is_logged_once_per_year(caplog: pytest.LogCaptureFixture) -> None:
    calendar = WorkCalendar.load(None)
    with caplog.at_level(logging.WARNING, logger="bot.workdays"):
        calendar.add_workdays(date(2026, 12, 1), 400)   # runs through 2027 into 2028
        calendar.next_workday(date(2027, 6, 5))
    assert [r.getMessage()[:25] for r in caplog.records] == [
        "no holiday data for 2027 ", "no holiday data for 2028 "]
    assert calendar.fell_back_years == {2027, 2028}
    assert len(calendar.warnings) == 2


def test_years_before_the_package_fall_back_too() -> None:
    calendar = WorkCalendar.load(None)
    assert calendar.is_workday(date(2003, 1, 6)) is True
    assert calendar.fell_back_years == {2003}


# -- the override file ----------------------------------------------------------------------

@pytest.mark.parametrize(("day", "working"), [
    (date(2027, 1, 1), False),    # listed
    (date(2027, 2, 5), False),    # first day of a range
    (date(2027, 2, 10), False),   # inside a range
    (date(2027, 2, 15), False),   # last day of a range
    (date(2027, 2, 16), True),
    (date(2027, 2, 20), True),    # make-up Saturday
    (date(2027, 2, 21), False),   # the Sunday after it
    (date(2027, 5, 3), False),    # a bare TOML date
    (date(2027, 10, 9), True),
    (date(2027, 3, 6), False),    # an unlisted Saturday: weekend rule, but the year is known
    (date(2027, 3, 8), True),
])
def test_override_file_is_honoured(day: date, working: bool) -> None:
    calendar = WorkCalendar.load(OVERRIDE_2027)
    assert calendar.is_workday(day) is working
    assert calendar.has_data(2027)
    assert calendar.fell_back_years == frozenset() and calendar.warnings == ()


def test_override_file_does_not_hide_the_package() -> None:
    calendar = WorkCalendar.load(OVERRIDE_2027)
    assert calendar.is_workday(date(2026, 10, 1)) is False
    assert calendar.is_workday(date(2026, 10, 10)) is True
    assert calendar.add_workdays(date(2026, 12, 30), 2) == date(2027, 1, 4)


def test_override_file_can_correct_a_known_year(tmp_path: Path) -> None:
    path = tmp_path / "fix.toml"
    path.write_text('[2026]\nholidays = ["2026-03-04"]\nworkdays = ["2026-03-07"]\n')
    calendar = WorkCalendar.load(path)
    assert calendar.is_workday(date(2026, 3, 4)) is False
    assert calendar.is_workday(date(2026, 3, 7)) is True
    assert calendar.is_workday(date(2026, 10, 1)) is False   # the rest still from the package


def test_an_empty_year_table_means_known_without_holidays(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text("[2028]\n")
    calendar = WorkCalendar.load(path)
    assert calendar.is_workday(date(2028, 1, 3)) is True
    assert calendar.fell_back_years == frozenset()


@pytest.mark.parametrize(("name", "fragments"), [
    ("bad_syntax.toml", ["bad_syntax.toml", "not valid TOML", "line 3"]),
    ("bad_date.toml", ["bad_date.toml", "[2027].holidays[1]", "(line 3)", "2027-02-30"]),
    ("unknown_key.toml", ["unknown_key.toml", "[2027]", "(line 1)", "holiday"]),
    ("wrong_year.toml", ["wrong_year.toml", "[2027].workdays[0]", "(line 3)", "not in 2027"]),
    ("clash.toml", ["clash.toml", "2027-10-07", "both", "(line 3)"]),
    ("not_a_year.toml", ["not_a_year.toml", "[twenty-seven]", "named by a year"]),
    ("datetime_value.toml", ["datetime_value.toml", "[2027].holidays[0]", "not a date"]),
    ("reversed_range.toml", ["reversed_range.toml", "ends before it starts", "(line 2)"]),
    ("missing.toml", ["missing.toml", "cannot read"]),
])
def test_a_bad_file_names_the_file_and_the_place(name: str, fragments: list[str]) -> None:
    with pytest.raises(HolidayFileError) as caught:
        WorkCalendar.load(HOLIDAYS / name)
    for fragment in fragments:
        assert fragment in str(caught.value)
