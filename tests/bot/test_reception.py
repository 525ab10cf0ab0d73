"""Leader reception days: the 15th moved off rest days, rotation, substitutes, absences."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.reception import ReceptionConfigError, ReceptionDay, ReceptionSchedule
from bot.workdays import WorkCalendar

OVERRIDE_2027 = Path(__file__).resolve().parents[1] / "payloads" / "holidays" / "2027.toml"
D = date
LEADERS = ["张局长", "李副局长", "王副局长"]


def schedule(config: dict[str, Any], holidays: Path | None = None) -> ReceptionSchedule:
    return ReceptionSchedule.from_mapping(config, WorkCalendar.load(holidays))


def test_the_15th_of_2026_moved_off_rest_days() -> None:
    days = schedule({}).reception_days(D(2026, 1, 1), D(2026, 12, 31))
    assert [d.date for d in days] == [
        D(2026, 1, 15),
        D(2026, 2, 24),   # 15th is 春节 (15–23 Feb): the first working day after
        D(2026, 3, 16),   # Sunday
        D(2026, 4, 15), D(2026, 5, 15), D(2026, 6, 15), D(2026, 7, 15),
        D(2026, 8, 17),   # Saturday
        D(2026, 9, 15), D(2026, 10, 15),
        D(2026, 11, 16),  # Sunday
        D(2026, 12, 15),
    ]
    assert all(d.leader is None and not d.estimated for d in days)
    assert [d.nominal.day for d in days] == [15] * 12


@pytest.mark.parametrize(("day_of_month", "month", "expected"), [
    (1, (2026, 10), D(2026, 10, 8)),   # 国庆
    (1, (2026, 5), D(2026, 5, 6)),     # 劳动节 (1–5 May)
    (10, (2026, 10), D(2026, 10, 10)),  # a make-up Saturday is a working day
    (4, (2026, 1), D(2026, 1, 4)),      # so is the make-up Sunday after 元旦
])
def test_other_days_of_the_month(day_of_month: int, month: tuple[int, int],
                                 expected: date) -> None:
    assert schedule({"day_of_month": day_of_month}).for_month(*month).date == expected


@pytest.mark.parametrize(("holidays", "expected", "estimated"), [
    (None, D(2027, 2, 15), True),            # no 2027 data: a Monday, weekends only, flagged
    (OVERRIDE_2027, D(2027, 2, 16), False),  # the file's 春节 ends on the 15th
])
def test_2027_with_and_without_an_override(holidays: Path | None, expected: date,
                                           estimated: bool) -> None:
    calendar = WorkCalendar.load(holidays)
    day = ReceptionSchedule(calendar).for_month(2027, 2)
    assert (day.date, day.estimated) == (expected, estimated)
    assert (2027 in calendar.fell_back_years) is estimated


def test_a_late_day_can_move_into_the_next_month() -> None:
    plan = schedule({"day_of_month": 28}, OVERRIDE_2027)
    # 28 February 2027 is a Sunday: February's reception day is 1 March.
    assert [d.date for d in plan.reception_days(D(2027, 3, 1), D(2027, 3, 31))] == [
        D(2027, 3, 1), D(2027, 3, 29)]
    assert plan.next_reception(D(2027, 3, 1)).nominal == D(2027, 2, 28)


@pytest.mark.parametrize(("today", "expected"), [
    (D(2026, 2, 10), D(2026, 2, 24)),
    (D(2026, 2, 15), D(2026, 2, 24)),
    (D(2026, 2, 24), D(2026, 2, 24)),   # today's, if today is one
    (D(2026, 2, 25), D(2026, 3, 16)),
    (D(2026, 12, 16), D(2027, 1, 15)),
])
def test_next_reception(today: date, expected: date) -> None:
    assert schedule({}).next_reception(today).date == expected


def test_leaders_take_turns_from_the_rotation_start() -> None:
    plan = schedule({"leaders": LEADERS, "rotation_start": "2026-02"})
    days = plan.reception_days(D(2026, 1, 1), D(2026, 6, 30))
    assert [d.leader for d in days] == [
        "王副局长",   # January: before the start, the rotation runs backwards
        "张局长", "李副局长", "王副局长", "张局长", "李副局长"]
    assert not any(d.substituted for d in days)


@pytest.mark.parametrize(("config", "month", "leader"), [
    # away on February's reception day, named by its nominal date: the standing substitute
    ({"substitutes": {"李副局长": "赵主任"}, "away": {"2026-02-15": "李副局长"}},
     (2026, 2), "赵主任"),
    # the same day named by its actual date
    ({"substitutes": {"李副局长": "赵主任"}, "away": {"2026-02-24": "李副局长"}},
     (2026, 2), "赵主任"),
    # no standing substitute: the next in the rotation
    ({"away": {"2026-02-24": "李副局长"}}, (2026, 2), "王副局长"),
    # the substitute is away too: the next in the rotation
    ({"substitutes": {"李副局长": "赵主任"}, "away": {"2026-02-24": ["李副局长", "赵主任"]}},
     (2026, 2), "王副局长"),
    # the next in the rotation is away too: wrap round
    ({"away": {"2026-02-24": ["李副局长", "王副局长"]}}, (2026, 2), "张局长"),
    # a substitute named for the day, whoever was due
    ({"substitutes": {"2026-03-16": "钱副局长"}}, (2026, 3), "钱副局长"),
    # a standing substitute is used only when the leader is away
    ({"substitutes": {"李副局长": "赵主任"}}, (2026, 2), "李副局长"),
])
def test_substitutes(config: dict[str, Any], month: tuple[int, int], leader: str) -> None:
    plan = schedule({"leaders": LEADERS, **config})
    day = plan.for_month(*month)
    assert day.leader == leader
    assert day.substituted is (leader != day.scheduled)
    assert day.scheduled == LEADERS[month[1] - 1]


def test_next_reception_carries_the_substitute() -> None:
    plan = schedule({"leaders": LEADERS, "away": {"2026-02-15": "李副局长"}})
    assert plan.next_reception(D(2026, 2, 1)) == ReceptionDay(
        D(2026, 2, 24), "王副局长", "李副局长", D(2026, 2, 15), False)


@pytest.mark.parametrize(("config", "fragment"), [
    ({"day": 15}, "reception: unknown key(s) day"),
    ({"day_of_month": 31}, "reception.day_of_month: must be 1 to 28"),
    ({"day_of_month": "15"}, "reception.day_of_month"),
    ({"leaders": "张局长"}, "reception.leaders: must be a list"),
    ({"leaders": ["张局长", "张局长"]}, "reception.leaders: must be distinct"),
    ({"rotation_start": "2026"}, "reception.rotation_start: must be a month YYYY-MM"),
    ({"rotation_start": "2026-13"}, "reception.rotation_start: must be a month YYYY-MM"),
    ({"substitutes": {"刘局长": "赵主任"}}, "reception.substitutes.刘局长: not one of the leaders"),
    ({"away": {"2026-02-16": "李副局长"}},
     "reception.away.2026-02-16: 2026-02-16 is not a reception day (that month's is 2026-02-24)"),
    ({"away": {"李副局长": "2026-02-15"}}, "reception.away.李副局长: key must be a date"),
    ({"away": {"2026-02-15": "刘局长"}}, "reception.away.2026-02-15: 刘局长 not a leader"),
    ({"away": {"2026-02-15": LEADERS}}, "every leader is away on the reception day of 2026-02"),
    ({"substitutes": {"2026-03-17": "钱副局长"}},
     "reception.substitutes.2026-03-17: 2026-03-17 is not a reception day"),
])
def test_a_bad_configuration_names_the_key(config: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ReceptionConfigError) as caught:
        schedule({"leaders": LEADERS, **config})
    assert fragment in str(caught.value)
    assert not str(caught.value).startswith("reception.reception")


def test_everyone_away_is_fine_when_the_day_has_its_own_substitute() -> None:
    plan = schedule({"leaders": LEADERS, "away": {"2026-02-15": LEADERS},
                     "substitutes": {"2026-02-24": "钱副局长"}})
    assert plan.for_month(2026, 2).leader == "钱副局长"
