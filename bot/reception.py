"""Leader reception days (领导接访日): when the bureau's leaders receive petitioners in person.

One reception day a month, on ``day_of_month`` (default the 15th), moved to the next working day
when that is a weekend or public holiday (:class:`bot.workdays.WorkCalendar`). The leaders take
the reception days in rotation, one per month, ``leaders[0]`` in the ``rotation_start`` month.
Configuration, a TOML table such as ``[reception]`` of the bureau's settings file::

    day_of_month = 15                      # 1–28, so that every month has it
    leaders = ["张局长", "李副局长", "王副局长"]
    rotation_start = "2026-01"             # leaders[0] receives in this month (default 2026-01)

    [substitutes]
    "王副局长" = "赵主任"                   # a leader's standing substitute
    "2026-12-15" = "钱副局长"               # receives on that day, whoever was due

    [away]
    "2027-01-15" = "张局长"                 # or a list of names absent that day

A *date key* names a reception day by its actual date or by its nominal date (``day_of_month``
of that month, before moving off a rest day); a date that is neither is refused, since it would
otherwise be silently ignored. Who receives on a reception day, first match wins:

1. a substitute named for that date (staff chose them; used as given);
2. the leader whose turn it is, unless away;
3. that leader's standing substitute, unless away;
4. the next leaders in rotation order, the first not away.

A configuration leaving nobody for a day is refused when the schedule is built. With no
``leaders`` the schedule still gives dates, with ``leader = None``.

Errors::

    ValueError
     └── ReceptionConfigError   the configuration is malformed; names the key
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.workdays import WorkCalendar, require_day

_KEYS = frozenset({"day_of_month", "leaders", "rotation_start", "substitutes", "away"})
Month = tuple[int, int]  # (year, month)


class ReceptionConfigError(ValueError):
    """The reception-day configuration is malformed; the message names the key."""


@dataclass(frozen=True, slots=True)
class ReceptionDay:
    """One reception day and who receives on it."""

    date: dt.date
    leader: str | None  # who receives; None when no leaders are configured
    scheduled: str | None  # whose turn it was in the rotation
    nominal: dt.date  # day_of_month of the month, before moving off a rest day
    estimated: bool  # no holiday data for the year: moved off weekends only

    @property
    def substituted(self) -> bool:
        return self.leader != self.scheduled


class ReceptionSchedule:
    """Reception days on a working-day calendar, with rotation, substitutes and absences."""

    def __init__(
        self,
        calendar: WorkCalendar,
        *,
        day_of_month: int = 15,
        leaders: Sequence[str] = (),
        rotation_start: Month = (2026, 1),
        substitutes: Mapping[str, str] | None = None,
        day_substitutes: Mapping[dt.date, str] | None = None,
        away: Mapping[dt.date, Iterable[str]] | None = None,
    ) -> None:
        """``substitutes`` maps a leader to a standing substitute; ``day_substitutes`` and
        ``away`` are keyed by date keys (see the module docstring)."""
        if isinstance(day_of_month, bool) or not isinstance(day_of_month, int) \
                or not 1 <= day_of_month <= 28:
            raise ReceptionConfigError(f"day_of_month: must be 1 to 28, not {day_of_month!r}")
        if len(set(leaders)) != len(leaders) or not all(isinstance(n, str) and n for n in leaders):
            raise ReceptionConfigError("leaders: must be distinct, non-empty names")
        self.calendar = calendar
        self.day_of_month = day_of_month
        self.leaders = tuple(leaders)
        self.rotation_start = rotation_start
        self.substitutes = dict(substitutes or {})
        for leader in self.substitutes:
            if leader not in self.leaders:
                raise ReceptionConfigError(f"substitutes.{leader}: not one of the leaders")
        self._day_substitutes = {
            self._month_of(day, f"substitutes.{day}"): name
            for day, name in (day_substitutes or {}).items()
        }
        known = set(self.leaders) | set(self.substitutes.values())
        self._away: dict[Month, frozenset[str]] = {}
        for day, names in (away or {}).items():
            month = self._month_of(day, f"away.{day}")
            absent = frozenset([names] if isinstance(names, str) else names)
            strangers = absent - known
            if strangers:
                raise ReceptionConfigError(
                    f"away.{day}: {', '.join(sorted(strangers))} not a leader or substitute"
                )
            self._away[month] = self._away.get(month, frozenset()) | absent
        for month in self._away:
            if self.leaders and self._receiver(month) is None:
                raise ReceptionConfigError(
                    f"away: every leader is away on the reception day of {month[0]}-{month[1]:02d}"
                    f"; name a substitute for that date under substitutes"
                )

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], calendar: WorkCalendar, *, source: str = "reception"
    ) -> ReceptionSchedule:
        """Build from a parsed TOML table (see the module docstring)."""
        unknown = set(data) - _KEYS
        if unknown:
            raise ReceptionConfigError(
                f"{source}: unknown key(s) {', '.join(sorted(unknown))}; "
                f"expected {', '.join(sorted(_KEYS))}"
            )
        leaders = data.get("leaders", [])
        if not isinstance(leaders, list) or not all(isinstance(n, str) for n in leaders):
            raise ReceptionConfigError(f"{source}.leaders: must be a list of names")
        standing: dict[str, str] = {}
        by_date: dict[dt.date, str] = {}
        for key, name in _table(data, "substitutes", source).items():
            if not isinstance(name, str) or not name:
                raise ReceptionConfigError(f"{source}.substitutes.{key}: must be a name")
            day = _maybe_date(key)
            if day is None:
                standing[key] = name
            else:
                by_date[day] = name
        away: dict[dt.date, list[str]] = {}
        for key, names in _table(data, "away", source).items():
            day = _maybe_date(key)
            if day is None:
                raise ReceptionConfigError(f"{source}.away.{key}: key must be a date YYYY-MM-DD")
            names = [names] if isinstance(names, str) else names
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise ReceptionConfigError(f"{source}.away.{key}: must be a name or list of names")
            away[day] = names
        rotation_start = _parse_month(data.get("rotation_start", "2026-01"), source)
        try:
            return cls(
                calendar,
                day_of_month=data.get("day_of_month", 15),
                leaders=leaders,
                rotation_start=rotation_start,
                substitutes=standing,
                day_substitutes=by_date,
                away=away,
            )
        except ReceptionConfigError as exc:
            raise ReceptionConfigError(f"{source}.{exc}") from None

    # -- questions -------------------------------------------------------------------------

    def for_month(self, year: int, month: int) -> ReceptionDay:
        """The reception day whose nominal date is in ``year``-``month``."""
        nominal = dt.date(year, month, self.day_of_month)
        actual = self.calendar.next_workday(nominal)
        scheduled = self._scheduled((year, month))
        estimated = not all(self.calendar.has_data(y) for y in {nominal.year, actual.year})
        return ReceptionDay(actual, self._receiver((year, month)), scheduled, nominal, estimated)

    def next_reception(self, today: dt.date) -> ReceptionDay:
        """The first reception day on or after ``today`` (today's, if today is one)."""
        require_day(today, "today")
        # Start a month back: a late day_of_month can move into the following month.
        month = _shift((today.year, today.month), -1)
        while True:
            day = self.for_month(*month)
            if day.date >= today:
                return day
            month = _shift(month, 1)

    def reception_days(self, start: dt.date, end: dt.date) -> list[ReceptionDay]:
        """Every reception day from ``start`` to ``end``, both included, in date order."""
        require_day(start, "start")
        require_day(end, "end")
        days: list[ReceptionDay] = []
        month = _shift((start.year, start.month), -1)
        while month <= (end.year, end.month):
            day = self.for_month(*month)
            if start <= day.date <= end:
                days.append(day)
            month = _shift(month, 1)
        return days

    # -- rotation --------------------------------------------------------------------------

    def _scheduled(self, month: Month) -> str | None:
        if not self.leaders:
            return None
        offset = _index(month) - _index(self.rotation_start)
        return self.leaders[offset % len(self.leaders)]  # % keeps months before the start

    def _receiver(self, month: Month) -> str | None:
        if month in self._day_substitutes:
            return self._day_substitutes[month]
        scheduled = self._scheduled(month)
        if scheduled is None:
            return None
        absent = self._away.get(month, frozenset())
        first = self.leaders.index(scheduled)
        rotation = self.leaders[first:] + self.leaders[:first]
        standing = self.substitutes.get(scheduled)
        candidates = [scheduled, *([standing] if standing else []), *rotation[1:]]
        return next((name for name in candidates if name not in absent), None)

    def _month_of(self, day: dt.date, key: str) -> Month:
        """The reception day a date key names, by its nominal or its actual date."""
        if day.day == self.day_of_month:
            return (day.year, day.month)
        for month in ((day.year, day.month), _shift((day.year, day.month), -1)):
            nominal = dt.date(month[0], month[1], self.day_of_month)
            if self.calendar.next_workday(nominal) == day:
                return month
        actual = self.calendar.next_workday(day.replace(day=self.day_of_month))
        raise ReceptionConfigError(
            f"{key}: {day} is not a reception day (that month's is {actual})"
        )


def _index(month: Month) -> int:
    return month[0] * 12 + month[1] - 1


def _shift(month: Month, by: int) -> Month:
    year, index = divmod(_index(month) + by, 12)
    return (year, index + 1)


def _table(data: Mapping[str, Any], key: str, source: str) -> Mapping[str, Any]:
    table = data.get(key, {})
    if not isinstance(table, Mapping):
        raise ReceptionConfigError(f"{source}.{key}: must be a table")
    return table


def _maybe_date(key: str) -> dt.date | None:
    # Leader names are never ISO dates, so a key that parses as one is a date key.
    try:
        return dt.date.fromisoformat(key)
    except ValueError:
        return None


def _parse_month(value: Any, source: str) -> Month:
    try:
        year, month = (int(part) for part in str(value).split("-"))
        dt.date(year, month, 1)
    except ValueError:
        raise ReceptionConfigError(
            f"{source}.rotation_start: must be a month YYYY-MM, not {value!r}"
        ) from None
    return (year, month)
