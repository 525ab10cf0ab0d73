"""The deadline engine: counting rules, holidays, make-up days, pauses, the rules table."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.deadlines import (
    DEFAULT_RULES,
    DeadlineEngine,
    Rules,
    RulesError,
    UnknownRule,
    days_left,
    merge_pauses,
)
from bot.workdays import WorkCalendar

OVERRIDE_2027 = Path(__file__).resolve().parents[1] / "payloads" / "holidays" / "2027.toml"
D = date


@pytest.fixture
def engine() -> DeadlineEngine:
    return DeadlineEngine(WorkCalendar.load(None))


def test_the_default_table_follows_the_regulation() -> None:
    table = {r.key: (r.days, r.unit, r.roll_to_workday) for r in DEFAULT_RULES}
    assert table == {
        "acceptance_notice": (15, "calendar", True),
        "misrouting_objection": (5, "working", True),
        "unit_acceptance_notice": (15, "calendar", True),
        "jurisdiction_decision": (15, "calendar", True),
        "objection_consent": (5, "working", True),
        "handling": (60, "calendar", True),
        "extension": (30, "calendar", True),
        "review_request": (30, "calendar", True),
        "review_answer": (30, "calendar", True),
        "rereview_request": (30, "calendar", True),
        "rereview_answer": (30, "calendar", True),
    }
    assert all(r.description and "条例" in r.article for r in DEFAULT_RULES)


@pytest.mark.parametrize(("rule", "start", "last_counted", "due"), [
    # The start day is not counted: 15 days from Monday 2 March end on Tuesday 17 March.
    ("acceptance_notice", D(2026, 3, 2), D(2026, 3, 17), D(2026, 3, 17)),
    # Ending on a Saturday: moved to Monday.
    ("acceptance_notice", D(2026, 3, 6), D(2026, 3, 21), D(2026, 3, 23)),
    # 国庆 2026 (1–7 October): a period ending Saturday 3 October ends Thursday 8 October.
    ("acceptance_notice", D(2026, 9, 18), D(2026, 10, 3), D(2026, 10, 8)),
    ("handling", D(2026, 8, 4), D(2026, 10, 3), D(2026, 10, 8)),
    # 春节 2026 (15–23 February): ending Monday 16 February, moved to Tuesday 24 February.
    ("acceptance_notice", D(2026, 2, 1), D(2026, 2, 16), D(2026, 2, 24)),
    # Make-up Saturdays are working days: a period ending on one stays there.
    ("acceptance_notice", D(2026, 1, 30), D(2026, 2, 14), D(2026, 2, 14)),
    ("acceptance_notice", D(2026, 2, 13), D(2026, 2, 28), D(2026, 2, 28)),
    ("review_request", D(2026, 9, 10), D(2026, 10, 10), D(2026, 10, 10)),
    # 60 days over the New Year: ends Sunday 1 March 2026, moved to Monday 2 March.
    ("handling", D(2025, 12, 31), D(2026, 3, 1), D(2026, 3, 2)),
])
def test_calendar_day_rules(engine: DeadlineEngine, rule: str, start: date, last_counted: date,
                            due: date) -> None:
    result = engine.due(rule, start)
    assert (result.last_counted_day, result.date) == (last_counted, due)
    assert result.rolled is (due != last_counted)
    assert result.start == start and result.rule.key == rule
    assert result.fell_back_years == frozenset() and result.warnings == ()


@pytest.mark.parametrize(("start", "due"), [
    (D(2026, 3, 2), D(2026, 3, 9)),     # Mon → next Mon: weekends do not count
    (D(2026, 3, 7), D(2026, 3, 13)),    # from a Saturday: Mon–Fri
    (D(2026, 9, 30), D(2026, 10, 13)),  # 8, 9, 10 (make-up Sat), 12, 13 October
    (D(2026, 9, 18), D(2026, 9, 24)),   # 20 (make-up Sun), 21, 22, 23, 24 September
    (D(2026, 2, 12), D(2026, 2, 26)),   # 13, 14 (make-up Sat), 24, 25, 26 February
])
def test_five_working_days_for_an_objection(engine: DeadlineEngine, start: date,
                                            due: date) -> None:
    result = engine.due("misrouting_objection", start)
    assert result.date == due and not result.rolled


@pytest.mark.parametrize(("roll", "due"), [(True, D(2026, 10, 8)), (False, D(2026, 10, 3))])
def test_roll_to_workday_can_be_switched_off(roll: bool, due: date) -> None:
    rules = Rules.from_mapping({"roll_to_workday": roll})
    engine = DeadlineEngine(WorkCalendar.load(None), rules)
    assert engine.due("acceptance_notice", D(2026, 9, 18)).date == due


def test_one_rule_can_keep_rolling_when_the_rest_do_not() -> None:
    rules = Rules.from_mapping({"roll_to_workday": False,
                                "handling": {"roll_to_workday": True}})
    engine = DeadlineEngine(WorkCalendar.load(None), rules)
    assert engine.due("acceptance_notice", D(2026, 9, 18)).date == D(2026, 10, 3)
    assert engine.due("handling", D(2026, 8, 4)).date == D(2026, 10, 8)


def test_a_rule_can_count_working_days() -> None:
    rules = Rules.from_mapping({"handling": {"days": 10, "unit": "working"}})
    engine = DeadlineEngine(WorkCalendar.load(None), rules)
    # 29, 30 Sep; 8, 9, 10 (make-up Sat), 12, 13, 14, 15, 16 October.
    assert engine.due("handling", D(2026, 9, 28)).date == D(2026, 10, 16)


# -- pauses (Art 36: hearing time is not counted) -----------------------------------------

@pytest.mark.parametrize(("pauses", "paused_days", "due"), [
    ((), 0, D(2026, 4, 1)),
    ([(D(2026, 3, 10), D(2026, 3, 11))], 2, D(2026, 4, 3)),
    # five days: the period would end Monday 6 April (清明), so it moves to 7 April
    ([(D(2026, 3, 10), D(2026, 3, 14))], 5, D(2026, 4, 7)),
    # overlapping and touching pauses are merged, not counted twice
    ([(D(2026, 3, 10), D(2026, 3, 11)), (D(2026, 3, 11), D(2026, 3, 11)),
      (D(2026, 3, 12), D(2026, 3, 12))], 3, D(2026, 4, 7)),
    # only days after the start count as paused
    ([(D(2026, 2, 20), D(2026, 3, 1))], 0, D(2026, 4, 1)),
    ([(D(2026, 2, 28), D(2026, 3, 3))], 1, D(2026, 4, 2)),
    # a pause after the period has ended changes nothing
    ([(D(2026, 4, 10), D(2026, 4, 20))], 0, D(2026, 4, 1)),
])
def test_pauses_extend_the_period(engine: DeadlineEngine, pauses: list[tuple[date, date]],
                                  paused_days: int, due: date) -> None:
    result = engine.due("rereview_answer", D(2026, 3, 2), pauses)
    assert (result.paused_days, result.date) == (paused_days, due)


def test_a_pause_in_a_working_day_rule_skips_only_working_days(engine: DeadlineEngine) -> None:
    # Paused Wed 4 – Sun 8 March: three working days lost, the weekend was not counted anyway.
    result = engine.due("misrouting_objection", D(2026, 3, 2), [(D(2026, 3, 4), D(2026, 3, 8))])
    assert (result.paused_days, result.date) == (3, D(2026, 3, 12))


def test_a_backwards_pause_is_refused() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        merge_pauses([(D(2026, 3, 5), D(2026, 3, 4))])


# -- the extension (Art 34: at most 30 days) ----------------------------------------------

def test_an_extension_may_be_shorter_never_longer(engine: DeadlineEngine) -> None:
    handling = engine.due("handling", D(2026, 3, 2))
    assert handling.date == D(2026, 5, 1 + 5)   # 1 May is 劳动节 (1–5 May): moved to the 6th
    assert engine.due("extension", handling.date).date == D(2026, 6, 5)
    assert engine.due("extension", handling.date, days=20).date == D(2026, 5, 26)
    with pytest.raises(ValueError, match="1 to 30"):
        engine.due("extension", handling.date, days=31)


# -- years without holiday data -----------------------------------------------------------

def test_2027_without_an_override_counts_weekends_and_warns(
        engine: DeadlineEngine, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.workdays"):
        # 15 days from 17 December 2026 end on Friday 1 January 2027 (元旦, unknown to us).
        result = engine.due("acceptance_notice", D(2026, 12, 17))
        again = engine.due("misrouting_objection", D(2026, 12, 29))
    assert result.date == D(2027, 1, 1)
    assert result.fell_back_years == {2027}
    assert "2027" in result.warnings[0]
    assert again.date == D(2027, 1, 5) and again.fell_back_years == {2027}
    assert len([r for r in caplog.records if r.name == "bot.workdays"]) == 1
    assert engine.calendar.fell_back_years == {2027}


def test_2027_with_an_override_file_honours_its_holidays() -> None:
    engine = DeadlineEngine(WorkCalendar.load(OVERRIDE_2027))
    assert engine.due("acceptance_notice", D(2026, 12, 17)).date == D(2027, 1, 4)
    # 30 Dec, 31 Dec, (1 Jan off, weekend), 4, 5, 6 January.
    objection = engine.due("misrouting_objection", D(2026, 12, 29))
    assert objection.date == D(2027, 1, 6) and objection.fell_back_years == frozenset()
    # The file's make-up Saturday (20 Feb 2027) counts; its 春节 (5–15 Feb) does not.
    assert engine.due("misrouting_objection", D(2027, 2, 3)).date == D(2027, 2, 19)
    # 17, 18, 19, 20 (make-up Sat), 22 February; without the Saturday it would be the 23rd.
    assert engine.due("misrouting_objection", D(2027, 2, 16)).date == D(2027, 2, 22)
    assert engine.calendar.warnings == ()


def test_a_calendar_rule_without_rolling_does_not_need_the_calendar() -> None:
    rules = Rules.from_mapping({"roll_to_workday": False})
    result = DeadlineEngine(WorkCalendar.load(None), rules).due("handling", D(2026, 12, 1))
    assert result.date == D(2027, 1, 30) and result.fell_back_years == frozenset()


# -- the rules table ----------------------------------------------------------------------

@pytest.mark.parametrize(("mapping", "fragment"), [
    ({"handeling": {"days": 60}}, "unknown rule 'handeling'"),
    ({"handling": 60}, "rules.handling: must be a table"),
    ({"handling": {"day": 60}}, "rules.handling: unknown field(s) day"),
    ({"handling": {"days": 0}}, "rules.handling.days"),
    ({"handling": {"days": True}}, "rules.handling.days"),
    ({"handling": {"days": "60"}}, "rules.handling.days"),
    ({"handling": {"unit": "workday"}}, "rules.handling.unit: must be one of calendar, working"),
    ({"handling": {"roll_to_workday": "no"}}, "rules.handling.roll_to_workday"),
    ({"roll_to_workday": 0}, "rules: roll_to_workday"),
    ({"handling": {"article": 34}}, "rules.handling.article"),
])
def test_a_bad_rules_table_names_the_rule_and_field(mapping: dict[str, object],
                                                    fragment: str) -> None:
    with pytest.raises(RulesError) as caught:
        Rules.from_mapping(mapping)
    assert fragment in str(caught.value)


def test_rules_load_from_a_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[handling]\ndays = 45\nunit = "working"\ndescription = "办理"\n',
                    encoding="utf-8")
    rules = Rules.load(path)
    assert (rules["handling"].days, rules["handling"].unit) == (45, "working")
    assert rules["handling"].description == "办理"
    assert rules["acceptance_notice"] == DEFAULT_RULES[0]
    (tmp_path / "broken.toml").write_text("[handling\n")
    with pytest.raises(RulesError, match="broken.toml"):
        Rules.load(tmp_path / "broken.toml")


def test_an_unknown_rule_key_is_refused(engine: DeadlineEngine) -> None:
    with pytest.raises(UnknownRule, match="acceptance_notice"):
        engine.due("complaint", D(2026, 3, 2))


def test_a_datetime_start_is_refused(engine: DeadlineEngine) -> None:
    with pytest.raises(TypeError, match="start"):
        engine.due("handling", datetime(2026, 3, 2, 1, 0))


@pytest.mark.parametrize(("due", "today", "left"), [
    (D(2026, 10, 8), D(2026, 10, 1), 7),
    (D(2026, 10, 8), D(2026, 10, 8), 0),
    (D(2026, 10, 8), D(2026, 10, 10), -2),
])
def test_days_left(due: date, today: date, left: int) -> None:
    assert days_left(due, today) == left


def test_a_pauseless_period_is_counted_once_until_the_calendar_changes() -> None:
    """A batch's new cases all count the acknowledgement period from one day: counted once,
    and counted again when a holiday file is adopted while serving."""
    calendar = WorkCalendar()
    counting = DeadlineEngine(calendar)
    first = counting.due("acceptance_notice", D(2026, 3, 2))
    assert counting.due("acceptance_notice", D(2026, 3, 2)) is first
    assert first.date == D(2026, 3, 17)
    # Another start, another rule, or pauses: counted for themselves.
    assert counting.due("acceptance_notice", D(2026, 3, 3)).date == D(2026, 3, 18)
    assert counting.due("handling", D(2026, 3, 2)) is not first
    paused = counting.due("acceptance_notice", D(2026, 3, 2), [(D(2026, 3, 5), D(2026, 3, 6))])
    assert paused.date == D(2026, 3, 19)
    calendar.adopt(WorkCalendar(holidays=[D(2026, 3, 17)], years=[2026]))
    moved = counting.due("acceptance_notice", D(2026, 3, 2))
    assert moved.date == D(2026, 3, 18) and moved.rolled
    assert counting.due("acceptance_notice", D(2026, 3, 2)) is moved
