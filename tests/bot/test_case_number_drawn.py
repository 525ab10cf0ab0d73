"""A new case's number as registration writes it, on each database (issue 17).

On PostgreSQL the serial is drawn from ``case_number_seq`` inside the case's own INSERT and
formatted there; on SQLite it is counted in Python. Both must write what
``bot.codes.case_number`` gives, at six digits and past 999,999, and the reply must name the
number stored.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from bot.clock import local_date
from bot.codes import case_number
from storage import Case
from tests.bot.harness import BotHarness
from tests.conftest import FIXED_NOW

#: Any width (the harness's own pattern reads six digits).
NUMBER = re.compile(r"XF\d{4}-\d{6,}")
COMPLAINTS = (
    "幸福里小区门口的路灯坏了一个多月没人修，晚上出行很不安全，请尽快派人维修。",
    "东湖花园旁边的工地每天夜里施工到凌晨，噪音很大，请有关部门依法查处。",
    "人民医院旁的垃圾站好几天没有清运，臭味很大，希望尽快处理。",
)


def _serial_after(bot: BotHarness, last: int) -> None:
    """The next serial the store hands out is ``last + 1``."""
    with Session(bot.core.store.engine) as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT setval('case_number_seq', :next, false)"),
                            {"next": last + 1})
        else:
            session.execute(text("UPDATE casecounter SET value = :last WHERE id = 1"),
                            {"last": last})
        session.commit()


@pytest.mark.parametrize("last", [0, 41, 999_998])
async def test_registration_writes_the_number_case_number_gives(bot: BotHarness,
                                                                last: int) -> None:
    _serial_after(bot, last)
    year = local_date(FIXED_NOW).year
    told: list[str] = []
    for n, complaint in enumerate(COMPLAINTS):
        replies = " ".join(await bot.say(complaint, sender=f"tel:+861390000{n}"))
        found = set(NUMBER.findall(replies))
        assert len(found) == 1, replies  # each reply names its own new case only
        told += found
    expected = [case_number(year, last + n) for n in range(1, len(COMPLAINTS) + 1)]
    assert told == expected
    with Session(bot.core.store.engine) as session:
        stored = list(session.exec(select(Case.number).order_by(Case.id)))
    assert stored == expected
    if last == 999_998:
        assert [len(number.partition("-")[2]) for number in stored] == [6, 7, 7]
