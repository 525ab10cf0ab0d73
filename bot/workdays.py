"""Working days in mainland China: public holidays, weekends and make-up working days (调休).

The ``chinesecalendar`` package knows the State Council's holiday arrangements for 2004–2026.
Cases filed today run into later years, so a bureau can load an *override file* (TOML, usually
named by ``XINFANG_HOLIDAYS_FILE``) with the arrangements published each winter::

    # holidays.toml: one table per year, dates as "YYYY-MM-DD" strings or TOML dates;
    # "A..B" is an inclusive range.
    [2027]
    note = "国务院办公厅关于2027年部分节假日安排的通知"   # optional, for the record
    holidays = ["2027-01-01", "2027-02-06..2027-02-12", "2027-10-01..2027-10-07"]
    workdays = ["2027-02-13", "2027-10-09"]            # make-up working Saturdays/Sundays

How a day is decided, first match wins:

1. listed in the file's ``holidays`` → rest day; listed in its ``workdays`` → working day
   (the file can also correct a year the package knows);
2. the package knows the year → the package's answer;
3. the file has a table for the year → Monday–Friday work, weekends rest;
4. nobody knows the year → the same weekend rule, but the year is recorded as a *fallback*
   (:attr:`WorkCalendar.fell_back_years`, :attr:`WorkCalendar.warnings`) and logged once, so
   staff see that deadlines in that year may miss a holiday. This never raises.

Errors::

    ValueError
     └── HolidayFileError   the override file is missing or malformed; names the file and key/line

Methods take a :class:`datetime.date` that is already the day in China (see
``bot.clock.local_date``); a ``datetime`` is refused, because silently using a UTC timestamp's
date would shift periods by a day for anything received before 08:00 Beijing time.
"""

from __future__ import annotations

import functools
import logging
import threading
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import chinese_calendar

log = logging.getLogger(__name__)

_ONE_DAY = timedelta(days=1)
_YEAR_KEYS = frozenset({"holidays", "workdays", "note"})


class HolidayFileError(ValueError):
    """The holiday override file cannot be used; the message names the file and the key or line."""


@functools.cache
def _package_knows(year: int) -> bool:
    # Probe rather than hard-code 2004–2026, so a newer chinesecalendar is picked up unchanged.
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def _package_workday(day: date) -> bool:
    """The package's answer for a year it knows: fixed data, so asked once per day (every
    new case counts its acceptance deadline over the same few days; issue 17)."""
    return bool(chinese_calendar.is_workday(day))


def require_day(value: date, name: str = "date") -> date:
    """Return ``value`` if it is a plain date; refuse a ``datetime`` (see the module docstring)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(
            f"{name} must be a datetime.date (the day in China, see bot.clock.local_date), "
            f"not {type(value).__name__}"
        )
    return value


class _Data(NamedTuple):
    holidays: frozenset[date]
    workdays: frozenset[date]
    years: frozenset[int]
    source: str


class WorkCalendar:
    """Says whether a day is a working day in mainland China.

    ``holidays`` and ``workdays`` are the override file's dates; ``years`` are the years the
    file has a table for (a year with no holidays listed is still *known*).
    """

    def __init__(
        self,
        holidays: Iterable[date] = (),
        workdays: Iterable[date] = (),
        years: Iterable[int] = (),
        *,
        source: str = "",
    ) -> None:
        rest, work = frozenset(holidays), frozenset(workdays)
        both = rest & work
        if both:
            raise ValueError(f"dates both holiday and workday: {sorted(both)}")
        # One tuple, so :meth:`adopt` swaps the whole calendar in one assignment: a deadline
        # being counted on another thread never reads one file's holidays and another's years.
        self._data = _Data(rest, work, frozenset(years) | {d.year for d in rest | work}, source)
        self._fell_back: set[int] = set()
        self._lock = threading.Lock()  # the scheduler and request handlers may share a calendar

    @property
    def source(self) -> str:
        return self._data.source

    @property
    def days(self) -> object:
        """What the calendar's answers depend on, as one object: :meth:`adopt` replaces it
        whole, so an answer kept with it holds while it is still this object."""
        return self._data

    def adopt(self, other: WorkCalendar) -> None:
        """Take ``other``'s holidays in place (the file changed while serving, issue 16 item
        6): every engine, schedule and request holding this calendar reads the new days."""
        self._data = other._data
        with self._lock:
            self._fell_back.clear()

    @classmethod
    def load(cls, holidays_file: Path | None) -> WorkCalendar:
        """The package's calendar, plus the override file when one is given."""
        if holidays_file is None:
            return cls()
        try:
            text = holidays_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise HolidayFileError(f"{holidays_file}: cannot read: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise HolidayFileError(f"{holidays_file}: not UTF-8 text: {exc}") from exc
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            # tomllib's message already says "(at line N, column M)".
            raise HolidayFileError(f"{holidays_file}: not valid TOML: {exc}") from exc
        return cls.from_mapping(data, source=str(holidays_file), text=text)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], *, source: str = "<mapping>", text: str = ""
    ) -> WorkCalendar:
        """Build from the parsed file; ``text`` (the raw file) only helps point at a line."""
        holidays: set[date] = set()
        workdays: set[date] = set()
        years: set[int] = set()
        for year_key, table in data.items():
            where = f"{source}: [{year_key}]{_line_of(text, f'[{year_key}]')}"
            if not (isinstance(year_key, str) and year_key.isascii() and year_key.isdigit()
                    and len(year_key) == 4):
                raise HolidayFileError(f"{where}: a table must be named by a year, like [2027]")
            if not isinstance(table, Mapping):
                raise HolidayFileError(f"{where}: must be a table with holidays/workdays lists")
            unknown = set(table) - _YEAR_KEYS
            if unknown:
                raise HolidayFileError(
                    f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
                    f"expected {', '.join(sorted(_YEAR_KEYS))}"
                )
            year = int(year_key)
            years.add(year)
            for kind, into in (("holidays", holidays), ("workdays", workdays)):
                values = table.get(kind, [])
                if not isinstance(values, list):
                    raise HolidayFileError(f"{where}.{kind}: must be a list of dates")
                for index, value in enumerate(values):
                    key = f"{source}: [{year_key}].{kind}[{index}]"
                    for day in _parse_entry(value, key, text):
                        if day.year != year:
                            raise HolidayFileError(
                                f"{key}{_line_of_value(text, value)}: {day} is not in {year}"
                            )
                        if kind == "workdays" and day in holidays:
                            raise HolidayFileError(
                                f"{key}{_line_of_value(text, value)}: {day} is listed both as "
                                f"a holiday and a workday"
                            )
                        into.add(day)
        return cls(holidays, workdays, years, source=source)

    # -- questions -------------------------------------------------------------------------

    def has_data(self, year: int) -> bool:
        """True when the package or the override file knows the holidays of ``year``."""
        return year in self._data.years or _package_knows(year)

    def is_workday(self, day: date) -> bool:
        """True on a working day (make-up Saturdays/Sundays included), False on rest days."""
        require_day(day, "day")
        data = self._data
        if day in data.holidays:
            return False
        if day in data.workdays:
            return True
        if _package_knows(day.year):
            return _package_workday(day)
        if day.year not in data.years:
            self._record_fallback(day.year)
        return day.weekday() < 5

    def next_workday(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += _ONE_DAY
        return day

    def add_workdays(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start``; ``start`` itself is not counted.

        ``n == 0`` returns ``start`` unchanged, whatever kind of day it is.
        """
        require_day(start, "start")
        if n < 0:
            raise ValueError(f"n must be 0 or more, not {n}")
        day = start
        while n:
            day += _ONE_DAY
            if self.is_workday(day):
                n -= 1
        return day

    # -- the visible warning ---------------------------------------------------------------

    @property
    def fell_back_years(self) -> frozenset[int]:
        """Years asked about that nobody had data for, so only weekends were counted as rest."""
        with self._lock:
            return frozenset(self._fell_back)

    @property
    def warnings(self) -> tuple[str, ...]:
        """One message for staff per fallback year, in Chinese, oldest year first."""
        return tuple(fallback_warning(year) for year in sorted(self.fell_back_years))

    def _record_fallback(self, year: int) -> None:
        with self._lock:
            if year in self._fell_back:
                return
            self._fell_back.add(year)
        log.warning(
            "no holiday data for %d in chinesecalendar or the override file: counting only "
            "weekends as rest days; add the year to the file named by XINFANG_HOLIDAYS_FILE", year
        )


def fallback_warning(year: int) -> str:
    """The staff-facing text for a year without holiday data."""
    return (
        f"{year}年没有节假日数据，仅按周末计算休息日，期限可能未考虑法定节假日和调休；"
        f"请在节假日文件（XINFANG_HOLIDAYS_FILE）中补充{year}年安排。"
    )


def _parse_entry(value: Any, key: str, text: str) -> list[date]:
    """One list entry: a date, an ISO string, or an inclusive ``"A..B"`` range."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return [value]
    if not isinstance(value, str):
        raise HolidayFileError(f"{key}: {value!r} is not a date (\"YYYY-MM-DD\")")
    first, sep, last = value.partition("..")
    try:
        start = date.fromisoformat(first.strip())
        end = date.fromisoformat(last.strip()) if sep else start
    except ValueError as exc:
        raise HolidayFileError(
            f"{key}{_line_of_value(text, value)}: {value!r} is not a date (\"YYYY-MM-DD\" "
            f"or \"YYYY-MM-DD..YYYY-MM-DD\")"
        ) from exc
    if end < start:
        raise HolidayFileError(f"{key}{_line_of_value(text, value)}: range {value!r} ends before it starts")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _line_of_value(text: str, value: Any) -> str:
    """Where a list entry is: its quoted form first, so "A" is not found inside "X..A"."""
    for needle in (f'"{value}"', f"'{value}'", str(value)):
        found = _line_of(text, needle)
        if found:
            return found
    return ""


def _line_of(text: str, needle: str) -> str:
    """`` (line N)`` for the first line containing ``needle``; empty when it cannot be found."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line.split("#", 1)[0]:
            return f" (line {number})"
    return ""
