"""拆分: a clerk registers one matter of a letter that told several as a case of its own, on the
original receipt, linked both ways, the citizen told the new number and code once; a part is
split once; an accusation part goes to 纪检监察 and never to the accused."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from bot import workflow
from bot.split import Splitter
from bot.workflow import TransitionRefused
from storage import Message
from tests.bot.harness import (
    BotHarness,
    act,
    all_cases,
    case_events,
    case_row,
    refused,
    register,
    sent,
)

SENDER = "mailto:liu.min@example.cn"
#: Two matters of different kinds, marked apart: street lights, and a bribe taken by an
#: official of the education commission (an accusation, naming the unit).
LETTER = ("我反映两件事。第一，幸福路的路灯坏了半个月，晚上很黑，老人孩子出行不安全，请尽快修理；"
          "第二，我实名举报市教育委员会某科长收受学校好处费，违规审批民办学校办学许可。")
ACCUSED = "市教育委员会"


def split(bot: BotHarness, number: str, part: int, *, text: str = "",
          actor: str = "staff:李登记") -> dict[str, Any]:
    now = bot.core.clock.now()
    splitter = Splitter.of(bot.core)
    return bot.core.store.write_sync(
        lambda s: splitter.split(s, number, part, text=text, actor=actor, now=now))


def messages_of(bot: BotHarness, number: str) -> list[Message]:
    case = case_row(bot, number)
    return bot.core.store.read_sync(lambda s: list(s.exec(
        select(Message).where(Message.case_id == case.id).order_by(col(Message.id)))))


async def letter_case(bot: BotHarness) -> str:
    number = await register(bot, SENDER, LETTER)
    bot.pop(SENDER)
    return number


async def test_a_split_registers_the_part_on_the_original_receipt_and_links_both_cases(
        bot: BotHarness) -> None:
    number = await letter_case(bot)
    original = case_row(bot, number)
    bot.core.clock.advance(timedelta(days=6))  # the clerk gets to it days later

    view = split(bot, number, 1)

    new = case_row(bot, view["number"])
    assert new.number != number and view["split_from"] == number and view["part"] == 1
    # The same petitioner, identity and channel; received when the letter was, so the
    # acceptance period (Art 22, 23) ends when the original's does, not six days later.
    assert (new.petitioner_id, new.identity_id, new.channel) == (
        original.petitioner_id, original.identity_id, original.channel)
    assert new.received_at == original.received_at
    assert new.acceptance_due == original.acceptance_due is not None
    # What the new case is about is the street lights, routed as that matter is.
    [held] = messages_of(bot, new.number)
    assert "路灯" in held.text and "举报" not in held.text and held.raw == b""
    assert held.meta["split_from"] == number
    assert new.category == "城乡建设" and new.route_unit == "市住房和城乡建设委员会"
    assert new.statutory_type != "检举控告" and new.accused_units == []
    # The letter itself stays, whole, on the original case only.
    [letter] = messages_of(bot, number)
    assert letter.text.startswith("我反映两件事") and "路灯" in letter.text
    # Linked both ways, with who did it and when.
    [to] = case_events(bot, number, "split_to")
    [back] = case_events(bot, new.number, "split_from")
    assert to.details["number"] == new.number and to.details["part"] == 1
    assert back.details["number"] == number and back.details["part"] == 1
    assert to.actor == back.actor == "staff:李登记"
    assert to.at == back.at and to.at.date() == bot.core.clock.now().date()


async def test_the_citizen_is_told_the_new_number_and_a_code_that_works_once(
        bot: BotHarness) -> None:
    number = await letter_case(bot)
    new = split(bot, number, 1)["number"]

    told = await sent(bot, SENDER)
    assert len(told) == 1
    [text] = [m.text for m in told]
    assert new in text and number in text
    code = re.search(r"查询码 ([A-Z0-9]{8})", text)
    assert code is not None
    # The code opens the new case for anyone who holds it (another phone, here).
    [status] = await bot.say(f"查询 {new} {code.group(1)}", sender="tel:+8613700001234")
    assert status.startswith(new)
    # Nothing more goes out for it later.
    assert await sent(bot, SENDER) == []


async def test_a_part_is_split_once(bot: BotHarness) -> None:
    number = await letter_case(bot)
    first = split(bot, number, 1)["number"]
    await sent(bot, SENDER)

    with pytest.raises(TransitionRefused) as again:
        split(bot, number, 1, text="幸福路路灯不亮")
    assert "split already" in str(again.value) and first in str(again.value)
    assert len(all_cases(bot)) == 2 and await sent(bot, SENDER) == []
    # A part the event does not list, or a case that told one matter, is refused too.
    with pytest.raises(TransitionRefused, match="parts 1 to 2"):
        split(bot, number, 3)
    single = await register(bot, "tel:+8613800007777")
    with pytest.raises(TransitionRefused, match="no several_matters"):
        split(bot, single, 1)


async def test_the_clerk_may_give_the_new_case_its_words(bot: BotHarness) -> None:
    number = await letter_case(bot)
    view = split(bot, number, 1, text="幸福路南段路灯损坏半月未修，夜间出行不安全。")
    [held] = messages_of(bot, view["number"])
    assert held.text == "幸福路南段路灯损坏半月未修，夜间出行不安全。"
    [back] = case_events(bot, view["number"], "split_from")
    assert back.details["text_from"] == "staff"


async def test_an_accusation_part_goes_to_discipline_and_never_to_the_accused(
        bot: BotHarness) -> None:
    number = await letter_case(bot)
    view = split(bot, number, 2, text="市教育委员会有个科长收了学校的钱，给民办学校违规审批。")

    new = case_row(bot, view["number"])
    assert new.statutory_type == "检举控告"
    assert new.route_unit == "市纪委监委" and new.accused_units == [ACCUSED]
    # The firewall holds from the start: the accused unit is refused as the handling unit.
    act(bot, new.number, "accept")
    assert "firewall" in refused(bot, new.number, "assign", unit=ACCUSED)
    act(bot, new.number, "assign", unit="市纪委监委")
    assert case_row(bot, new.number).unit == "市纪委监委"


async def test_splitting_an_accusation_off_takes_the_original_from_the_accused(
        bot: BotHarness) -> None:
    number = await letter_case(bot)

    def held_by_the_accused(session: Any) -> None:
        # As if triage had read the letter as the street lights only and sent it to the
        # education commission (the original still holds the accusation's words).
        case = workflow.cases.find_case(session, number)
        assert case is not None
        case.statutory_type, case.status, case.unit = "申诉求决", "assigned", ACCUSED
        session.add(case)

    bot.core.store.write_sync(held_by_the_accused)
    split(bot, number, 2)

    original = case_row(bot, number)
    assert original.accused_units == [ACCUSED] and original.unit == ""
    assert original.status == "accepted" and original.needs_human
    [held] = case_events(bot, number, "accusation_attached")
    assert held.details["moved_from"] == ACCUSED and held.actor == "staff:李登记"
