"""退单: an assigned unit may send a mis-routed item back within 5 working days (Art 23)."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import partial

import pytest

from bot import staff
from bot.workflow import TransitionRefused
from tests.bot.harness import BotHarness
from tests.bot.harness import act as staff_act

COMPLAINT = "我要投诉：小区旁边的工地每天夜里施工到凌晨两点，噪音扰民，已经持续一个月了。"
act = partial(staff_act, actor="staff:t")


async def test_objection_within_five_working_days_and_not_after(bot: BotHarness) -> None:
    replies = await bot.say(COMPLAINT, sender="tel:+8613800000001")
    number = re.search(r"XF2026-\d{6}", replies[0]).group()  # type: ignore[union-attr]
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区交通委员会")  # Sunday 2026-11-22
    view = act(bot, number, "object", reason="噪音属生态环境部门职责")
    assert view["status"] == "accepted" and view["unit"] == ""
    objection = bot.core.store.read_sync(lambda s: staff.show_case(s, number))["events"][-1]
    # Five working days from Sunday 22 November: Monday 23 … Friday 27.
    assert objection["details"]["objection_due"] == "2026-11-27"
    act(bot, number, "assign", unit="区生态环境局")
    bot.core.clock.advance(timedelta(days=6))  # Saturday 28 November: too late
    with pytest.raises(TransitionRefused, match="2026-11-27"):
        act(bot, number, "object", reason="不属于本单位")
    with pytest.raises(TransitionRefused, match="reason"):
        act(bot, number, "object")
