"""The escalation table (督办升级): one row per rule, a TOML file a bureau edits.

The shipped default is ``bot/data/escalation.toml`` (its header explains every field). A rule
says what raises it (``on``), for deadline rules from which day of lateness it holds (``day``),
who receives it (``to``) and the Chinese heading of the notice (``title``).

Deadline rules form a ladder ordered by ``day``: a case is at the highest rung whose day it
has reached, and climbing a rung is one escalation (near-due → overdue → overdue by N days →
to the level above).

Errors::

    ValueError
     └── EscalationRulesError   the table is malformed; names the rule and field
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DEFAULT_FILE = Path(__file__).parent / "data" / "escalation.toml"

TRIGGERS = ("deadline", "emergency", "collective", "instruction", "late_acceptance",
            "unit_notice", "objection_consent", "jurisdiction_dispute")
RECIPIENTS = ("supervisor", "unit", "above", "webhook")
_NAME = re.compile(r"^[A-Za-z0-9_]{1,40}$")


class EscalationRulesError(ValueError):
    """The escalation table is malformed."""


@dataclass(frozen=True, slots=True)
class EscalationRule:
    name: str
    on: str
    to: tuple[str, ...]
    title: str
    day: int = 0  # deadline rules: days past the due date (negative: before it)

    def starts_on(self, due: date) -> date:
        """The first day a case with this due date is at this rung."""
        return due + timedelta(days=self.day)


@dataclass(frozen=True, slots=True)
class EscalationRules:
    rules: tuple[EscalationRule, ...]

    @classmethod
    def load(cls, path: Path | None = None) -> EscalationRules:
        source = path or DEFAULT_FILE
        try:
            data = tomllib.loads(source.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise EscalationRulesError(f"{source.name}: cannot be read: {exc}") from exc
        return cls.from_mapping(data, source=source.name)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "escalation") -> EscalationRules:
        rows = data.get("rule", [])
        if not isinstance(rows, list):
            raise EscalationRulesError(f"{source}: [[rule]] rows expected")
        rules = tuple(_rule(row, f"{source}.rule[{index}]") for index, row in enumerate(rows))
        names = [rule.name for rule in rules]
        if len(set(names)) != len(names):
            raise EscalationRulesError(f"{source}: rule names must be unique")
        days = [rule.day for rule in rules if rule.on == "deadline"]
        if len(set(days)) != len(days):
            raise EscalationRulesError(f"{source}: two deadline rules on the same day")
        return cls(rules)

    def ladder(self) -> tuple[EscalationRule, ...]:
        """The deadline rules, lowest rung first."""
        return tuple(sorted((r for r in self.rules if r.on == "deadline"), key=lambda r: r.day))

    def on(self, trigger: str) -> tuple[EscalationRule, ...]:
        return tuple(rule for rule in self.rules if rule.on == trigger)

    def lookahead(self) -> int:
        """Days before a due date at which the ladder's first rung can hold (0 if none)."""
        ladder = self.ladder()
        return max(0, -ladder[0].day) if ladder else 0

    def rung(self, due: date, today: date) -> tuple[EscalationRule | None, date | None]:
        """The highest rung reached on ``today`` and the day the next one starts (None: top)."""
        reached: EscalationRule | None = None
        for rule in self.ladder():
            start = rule.starts_on(due)
            if start > today:
                return reached, start
            reached = rule
        return reached, None


def _rule(row: Any, where: str) -> EscalationRule:
    if not isinstance(row, Mapping):
        raise EscalationRulesError(f"{where}: a table expected")
    unknown = set(row) - {"name", "on", "day", "to", "title"}
    if unknown:
        raise EscalationRulesError(f"{where}: unknown field(s) {sorted(unknown)}")
    name, on, title = row.get("name"), row.get("on"), row.get("title", "")
    if not isinstance(name, str) or not _NAME.match(name):
        raise EscalationRulesError(f"{where}.name: letters, digits and _ only")
    if on not in TRIGGERS:
        raise EscalationRulesError(f"{where}.on: one of {', '.join(TRIGGERS)}")
    to = row.get("to")
    if not isinstance(to, Sequence) or isinstance(to, str) or not to or any(
            item not in RECIPIENTS for item in to):
        raise EscalationRulesError(f"{where}.to: a list of {', '.join(RECIPIENTS)}")
    if not isinstance(title, str) or not title.strip():
        raise EscalationRulesError(f"{where}.title: the notice's Chinese heading is required")
    day = row.get("day", 0)
    if on == "deadline" and (not isinstance(day, int) or isinstance(day, bool)):
        raise EscalationRulesError(f"{where}.day: whole days past the due date")
    if on != "deadline" and "day" in row:
        raise EscalationRulesError(f"{where}.day: only deadline rules have a day")
    return EscalationRule(name=name, on=str(on), to=tuple(dict.fromkeys(to)), title=title,
                          day=int(day))
