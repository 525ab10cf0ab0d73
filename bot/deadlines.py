"""Statutory deadlines of the 《信访工作条例》(2022): the rules table and how a period is counted.

Counting (民法典 Art 201, 203), the same for every rule:

- the day the period starts is not counted: 15 days from 1 March end on 16 March;
- ``unit = "calendar"`` counts every day; ``unit = "working"`` counts working days only, on
  China's holiday and make-up-workday calendar (:class:`bot.workdays.WorkCalendar`);
- days inside a *pause* (a hearing during 复核, Art 36: "听证所需时间不计算在内") are not
  counted; a pause is an inclusive ``(first_day, last_day)`` pair, overlaps are merged;
- a period whose last day is a rest day or public holiday ends on the next working day
  (Art 203), unless the rule has ``roll_to_workday = false``.

Defaults follow the 条例: only the mis-routing objection (Art 23) is in working days; every other
period is written in "日" and read as calendar days. A bureau changes them with a TOML table::

    roll_to_workday = true            # default for every rule below
    [handling]
    days = 60
    unit = "working"
    [extension]
    days = 30
    roll_to_workday = false

Each rule's ``days`` is also its maximum: ``due("extension", start, days=20)`` grants a shorter
extension, a longer one is refused (Art 34: "延长期限不得超过30日").

Errors::

    ValueError
     └── RulesError        the rules table is malformed; names the rule and field
    LookupError
     └── UnknownRule       a rule key that is not in the table
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, cast

from bot.workdays import WorkCalendar, fallback_warning, require_day

Unit = Literal["calendar", "working"]
Pause = tuple[dt.date, dt.date]

UNITS: tuple[Unit, ...] = ("calendar", "working")
_RULE_FIELDS = frozenset({"days", "unit", "roll_to_workday", "description", "article"})
_ONE_DAY = dt.timedelta(days=1)
#: Pause-less periods a deadline engine keeps (a batch asks for one or two).
_KEPT_PERIODS = 64


class RulesError(ValueError):
    """The deadline rules configuration is malformed; the message names the rule and field."""


class UnknownRule(LookupError):
    """A rule key that is not in the table."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One statutory period: ``days`` days (its maximum) in ``unit``, from the law's ``article``."""

    key: str
    description: str
    days: int
    unit: Unit = "calendar"
    article: str = ""
    roll_to_workday: bool = True


_CODE = "《信访工作条例》"

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("acceptance_notice", "告知信访人是否受理（自收到信访事项之日起）", 15, "calendar",
         f"{_CODE}第22条、第23条"),
    Rule("misrouting_objection", "对不属于本单位职责范围的转送、交办事项提出异议", 5, "working",
         f"{_CODE}第23条"),
    Rule("unit_acceptance_notice", "收到转送、交办事项的单位告知信访人是否受理（自收到之日起）", 15,
         "calendar", f"{_CODE}第23条"),
    #: The 条例 sets no period for settling a jurisdiction dispute (Art 24): local practice.
    Rule("jurisdiction_decision", "管辖争议由有关单位协商，协商不成由共同上级机关决定（本地规定）", 15,
         "calendar", f"{_CODE}第24条"),
    #: Nor for the sending office's consent to a 退单: local practice, in working days.
    Rule("objection_consent", "交办、转送机关对退单作出是否同意的决定（本地规定）", 5, "working",
         f"{_CODE}第23条"),
    Rule("handling", "办理信访事项并书面答复信访人（自受理之日起）", 60, "calendar",
         f"{_CODE}第34条"),
    Rule("extension", "情况复杂的，经本单位负责人批准延长办理期限（自原期限届满起，最长）", 30,
         "calendar", f"{_CODE}第34条"),
    Rule("review_request", "信访人请求复查（自收到书面答复之日起）", 30, "calendar",
         f"{_CODE}第35条"),
    Rule("review_answer", "复查机关提出书面复查意见（自收到复查请求之日起）", 30, "calendar",
         f"{_CODE}第35条"),
    Rule("rereview_request", "信访人请求复核（自收到书面复查意见之日起）", 30, "calendar",
         f"{_CODE}第36条"),
    Rule("rereview_answer", "复核机关提出复核意见（自收到复核请求之日起，听证时间不计算在内）", 30,
         "calendar", f"{_CODE}第36条"),
)


class Rules(Mapping[str, Rule]):
    """The rules table, keyed by rule key; immutable once built."""

    def __init__(self, rules: Iterable[Rule] = DEFAULT_RULES) -> None:
        self._rules = {rule.key: rule for rule in rules}

    def __getitem__(self, key: str) -> Rule:
        try:
            return self._rules[key]
        except KeyError:
            raise UnknownRule(
                f"no deadline rule {key!r}; known: {', '.join(self._rules)}"
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "rules") -> Rules:
        """The defaults, changed by ``data`` (see the module docstring for its shape)."""
        roll_default = data.get("roll_to_workday", True)
        if not isinstance(roll_default, bool):
            raise RulesError(f"{source}: roll_to_workday must be true or false")
        defaults = {rule.key: replace(rule, roll_to_workday=roll_default) for rule in DEFAULT_RULES}
        for key, table in data.items():
            if key == "roll_to_workday":
                continue
            if key not in defaults:
                raise RulesError(
                    f"{source}: unknown rule {key!r}; known: {', '.join(defaults)}"
                )
            if not isinstance(table, Mapping):
                raise RulesError(f"{source}.{key}: must be a table, like {{days = 60}}")
            defaults[key] = _changed(defaults[key], table, f"{source}.{key}")
        return cls(defaults.values())

    @classmethod
    def load(cls, path: Path) -> Rules:
        """Read the rules from a TOML file."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise RulesError(f"{path}: cannot read: {exc.strerror}") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise RulesError(f"{path}: not valid TOML: {exc}") from exc
        return cls.from_mapping(data, source=str(path))


def _changed(rule: Rule, table: Mapping[str, Any], where: str) -> Rule:
    unknown = set(table) - _RULE_FIELDS
    if unknown:
        raise RulesError(
            f"{where}: unknown field(s) {', '.join(sorted(unknown))}; "
            f"expected {', '.join(sorted(_RULE_FIELDS))}"
        )
    days = table.get("days", rule.days)
    # bool is an int in Python; "days = true" is a mistake, not 1 day.
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise RulesError(f"{where}.days: must be a whole number of days, 1 or more, not {days!r}")
    unit = table.get("unit", rule.unit)
    if unit not in UNITS:
        raise RulesError(f"{where}.unit: must be one of {', '.join(UNITS)}, not {unit!r}")
    roll = table.get("roll_to_workday", rule.roll_to_workday)
    if not isinstance(roll, bool):
        raise RulesError(f"{where}.roll_to_workday: must be true or false")
    texts = {name: table.get(name, getattr(rule, name)) for name in ("description", "article")}
    for name, value in texts.items():
        if not isinstance(value, str):
            raise RulesError(f"{where}.{name}: must be a string")
    return replace(rule, days=days, unit=cast(Unit, unit), roll_to_workday=roll, **texts)


@dataclass(frozen=True, slots=True)
class Due:
    """When a period ends, and how that was worked out."""

    date: dt.date  # the last day on which the step is still on time
    rule: Rule
    start: dt.date  # the day the period runs from (not counted)
    days: int  # the days counted: the rule's, or fewer (a shorter extension)
    last_counted_day: dt.date  # before moving off a rest day
    paused_days: int  # days inside pauses that would otherwise have counted
    fell_back_years: frozenset[int]  # years consulted without holiday data: weekends only

    @property
    def rolled(self) -> bool:
        """True when the period's last day was a rest day and moved to the next working day."""
        return self.date != self.last_counted_day

    @property
    def warnings(self) -> tuple[str, ...]:
        """Texts for staff when the date may be wrong for lack of holiday data."""
        return tuple(fallback_warning(year) for year in sorted(self.fell_back_years))


def merge_pauses(pauses: Iterable[Pause]) -> tuple[Pause, ...]:
    """Inclusive pause ranges, checked, sorted and with overlapping or touching ones merged."""
    checked: list[Pause] = []
    for first, last in pauses:
        require_day(first, "pause start")
        require_day(last, "pause end")
        if last < first:
            raise ValueError(f"pause {first}..{last} ends before it starts")
        checked.append((first, last))
    merged: list[Pause] = []
    for first, last in sorted(checked):
        if merged and first <= merged[-1][1] + _ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


class DeadlineEngine:
    """Computes due dates from the rules table on a working-day calendar."""

    def __init__(self, calendar: WorkCalendar, rules: Rules | None = None) -> None:
        self.calendar = calendar
        self.rules = rules if rules is not None else Rules()
        # Periods without pauses, by (rule, start): every case a batch registers counts the
        # same acknowledgement period from the same day (issue 17). Each kept with the rule
        # and the calendar's days it was counted on, and used only while both are the same
        # objects (a holiday file adopted while serving replaces the days).
        self._plain: dict[tuple[str, dt.date], tuple[Rule, object, Due]] = {}

    def due(
        self,
        rule_key: str,
        start: dt.date,
        pauses: Iterable[Pause] = (),
        *,
        days: int | None = None,
    ) -> Due:
        """When the period of ``rule_key`` starting on ``start`` ends.

        ``start`` is the day of the triggering event (receipt, acceptance, proven delivery of
        the answer, or for ``extension`` the original due date); it is not counted.
        """
        rule = self.rules[rule_key]
        days_of = self.calendar.days
        plain = days is None and pauses == ()
        if plain:
            kept = self._plain.get((rule_key, start))
            if kept is not None and kept[0] is rule and kept[1] is days_of:
                return kept[2]
        require_day(start, "start")
        count = rule.days if days is None else days
        if not 1 <= count <= rule.days:
            raise ValueError(f"{rule.key}: days must be 1 to {rule.days}, not {count}")
        paused = merge_pauses(pauses)
        fell_back: set[int] = set()

        def workday(day: dt.date) -> bool:
            if not self.calendar.has_data(day.year):
                fell_back.add(day.year)
            return self.calendar.is_workday(day)

        day, counted, skipped = start, 0, 0
        while counted < count:
            day += _ONE_DAY
            if any(first <= day <= last for first, last in paused):
                # A paused rest day in a working-day rule would not have counted anyway.
                if rule.unit == "calendar" or workday(day):
                    skipped += 1
                continue
            if rule.unit == "working" and not workday(day):
                continue
            counted += 1
        last_counted = day
        if rule.roll_to_workday:
            while not workday(day):
                day += _ONE_DAY
        due = Due(day, rule, start, count, last_counted, skipped, frozenset(fell_back))
        if plain and type(start) is dt.date:
            if len(self._plain) >= _KEPT_PERIODS:
                self._plain.clear()
            self._plain[(rule_key, start)] = (rule, days_of, due)
        return due


def days_left(due_date: dt.date, today: dt.date) -> int:
    """Calendar days from ``today`` to ``due_date``: 0 on the last day, negative when overdue."""
    return (require_day(due_date, "due_date") - require_day(today, "today")).days
