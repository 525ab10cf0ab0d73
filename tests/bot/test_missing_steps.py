"""The missing steps of issue 16 item 5, each with its deadline on the calendar and a notice
on the petitioner's own channel: the receiving unit's acceptance notice (Art 23 ¶3), a
jurisdiction dispute settled (Art 24), the sending office's consent to a 退单 (Art 23), and a
low grade taken down at a return visit offering 复查."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from bot import staff, supervision
from storage import StaffNotice
from tests.bot.harness import DAY, BotHarness, act, case_row, file_case, handled, refused, sent

USER = "telegram:6060"


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """SQLite only, as these steps have always run (the shared ``bot`` opens on this)."""
    return sqlite_url


def last_event(bot: BotHarness, number: str) -> dict[str, Any]:
    shown = bot.core.store.read_sync(lambda s: staff.show_case(s, number))
    event: dict[str, Any] = shown["events"][-1]
    return event


async def texts_to(bot: BotHarness, user: str) -> list[str]:
    return [m.text for m in await sent(bot, user)]


async def test_the_receiving_unit_tells_the_petitioner_within_15_days(bot: BotHarness) -> None:
    number = await file_case(bot, USER)
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区城管局", mode="转送")
    assign = last_event(bot, number)
    assert assign["details"]["unit_notice"]["due"] == "2026-12-07"  # 11-22 + 15 days
    await sent(bot, USER)
    bot.core.clock.advance(3 * DAY)
    act(bot, number, "unit_accept")
    told = await texts_to(bot, USER)
    assert len(told) == 1 and "已由区城管局受理" in told[0] and "第二十三条" in told[0]
    assert "late_days" not in last_event(bot, number)["details"]
    assert "already told" in refused(bot, number, "unit_accept")


async def test_a_late_unit_acceptance_is_recorded_with_its_lateness(bot: BotHarness) -> None:
    number = await file_case(bot, USER)
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区城管局")
    bot.core.clock.advance(20 * DAY)
    act(bot, number, "unit_accept")
    assert last_event(bot, number)["details"]["late_days"] == 5
    now = bot.core.clock.now()
    bot.core.store.write_sync(lambda s: supervision.supervise(
        s, bot.core.deadlines, now, supervisor_mail="duban@xinfang.example.cn"))
    warned = bot.core.store.read_sync(lambda s: [(n.rule, n.recipient, n.text) for n in s.exec(
        select(StaffNotice).where(StaffNotice.rule == "late_acceptance"))])
    assert [(rule, to) for rule, to, _ in warned] == [
        ("late_acceptance", "mailto:duban@xinfang.example.cn")]
    assert "承办单位区城管局受理告知超过期限 2026-12-07 共 5 日" in warned[0][2]


async def test_a_jurisdiction_dispute_is_settled_by_the_common_superior(bot: BotHarness) -> None:
    number = await file_case(bot, USER)
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区城管局")
    await sent(bot, USER)
    assert "no open jurisdiction dispute" in refused(bot, number, "settle", unit="区住建委")
    act(bot, number, "dispute", other="区住建委", reason="占道施工属住建部门职责")
    dispute = last_event(bot, number)["details"]
    assert (dispute["superior"], dispute["deadline"]["due"]) == ("区人民政府", "2026-12-07")
    told = await texts_to(bot, USER)
    assert len(told) == 1 and "第二十四条" in told[0] and "2026-12-07" in told[0]
    act(bot, number, "settle", unit="区住建委")
    assert case_row(bot, number).unit == "区住房和城乡建设委员会"
    assert last_event(bot, number)["details"]["decided_by"] == "区人民政府"
    assert any("区住房和城乡建设委员会" in text for text in await texts_to(bot, USER))


async def test_a_refused_objection_goes_back_to_the_unit(bot: BotHarness) -> None:
    number = await file_case(bot, USER)
    act(bot, number, "accept")
    assert "no 退单" in refused(bot, number, "consent", agree="no")
    act(bot, number, "assign", unit="区城管局")
    act(bot, number, "object", reason="不属于本单位职责")
    assert case_row(bot, number).status == "accepted"
    act(bot, number, "consent", agree="no", reason="夜间施工噪音属城管执法范围")
    case = case_row(bot, number)
    assert (case.status, case.unit) == ("assigned", "区城管局")
    consent = last_event(bot, number)["details"]
    assert (consent["agree"], consent["consent_due"], consent["late"]) == (False, "2026-11-27",
                                                                             False)
    act(bot, number, "object", reason="仍不属于本单位职责")
    act(bot, number, "consent", agree="同意")
    assert (case_row(bot, number).status, case_row(bot, number).unit) == ("accepted", "")
    assert "no 退单" in refused(bot, number, "consent", agree="yes")


async def test_a_low_grade_at_a_return_visit_offers_review_on_the_channel(
        bot: BotHarness) -> None:
    number = await file_case(bot, USER)
    handled(bot, number)
    await sent(bot, USER)
    now = bot.core.clock.now()
    bot.core.store.write_sync(lambda s: staff.revisit(s, number, date(2026, 11, 25),
                                                      actor="t", now=now))
    assert "回访" in (await texts_to(bot, USER))[0]
    done = bot.core.store.write_sync(lambda s: staff.revisit_done(
        s, number, "信访人表示问题未解决", actor="t", now=now, deadlines=bot.core.deadlines,
        score=2))
    assert done["rating"] == {"offered": "复查", "due": "2026-12-22"}
    told = await texts_to(bot, USER)
    assert len(told) == 1 and "回访" in told[0] and "申请复查" in told[0]
    assert "2026-12-22" in told[0]


async def test_a_unit_silent_past_its_15_days_is_escalated_once(bot: BotHarness) -> None:
    number = await file_case(bot, USER)
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区城管局")

    def round_() -> list[tuple[str, str]]:
        now = bot.core.clock.now()
        bot.core.store.write_sync(lambda s: supervision.supervise(
            s, bot.core.deadlines, now, supervisor_mail="duban@xinfang.example.cn"))
        return bot.core.store.read_sync(lambda s: [(n.rule, n.text) for n in s.exec(
            select(StaffNotice).where(StaffNotice.rule == "unit_notice"))])

    bot.core.clock.advance(15 * DAY)  # 12-07: the last day, still on time
    assert round_() == []
    bot.core.clock.advance(DAY)
    notices = round_()
    assert len(notices) == 1 and "应于 2026-12-07 前告知信访人是否受理，已逾期 1 日" in notices[0][1]
    bot.core.clock.advance(DAY)
    assert len(round_()) == 1  # once
    assert case_row(bot, number).unit_notice_due is None
