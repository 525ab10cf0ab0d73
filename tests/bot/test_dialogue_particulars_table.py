"""Particulars alone never open a case (probe 2026-12-05), as tables through the test channel.

Each row of tests/particulars_table.py is sent by a citizen of its own: as a first message,
after a complete case, and as the answer to the bot's question. What it gives is kept on the
petitioner (a new value replaces the old one), the bot says so, and no case is opened. The
look-alikes (a matter naming a road, a question about one's name) are not kept as particulars
and are never answered with "已记录".
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

import pytest
from sqlmodel import col, select

from storage import CaseEvent, Petitioner
from tests.bot.harness import COMPLAINT, BotHarness, cases_of, petitioner
from tests.particulars_table import LETTERS, LOOK_ALIKES, ONLY_PARTICULARS, Row

#: A complete first case: nothing is left to ask for.
COMPLETE = "我叫周全，电话13000000001。" + COMPLAINT
ACKNOWLEDGED = ("已记录您提供的", "已将您提供的")
_senders = count(1000)


def _new_sender() -> str:
    """A citizen of the row's own."""
    return f"telegram:{next(_senders)}"


def _kept(person: Petitioner, row: Row, *, name_before: str = "") -> list[str]:
    """What of ``row`` the petitioner does not hold as it should."""
    _text, name, phone, address = row
    wrong = []
    if person.name != (name or name_before):
        wrong.append(f"name {person.name!r}")
    if phone and ("+86" + phone) not in person.contact.split("；"):
        wrong.append(f"phone in {person.contact!r}")
    if address and address not in person.contact.split("；"):
        wrong.append(f"address in {person.contact!r}")
    return wrong


async def _first_message(bot: BotHarness, row: Row) -> list[str]:
    sender = _new_sender()
    replies = await bot.say(row[0], sender=sender)
    wrong = _kept(petitioner(bot, sender), row)
    if cases_of(bot, sender):
        wrong.append("a case opened")
    if not any(r.startswith(ACKNOWLEDGED) for r in replies):
        wrong.append(f"replies {replies}")
    return wrong


def _updated_not_material(replies: list[str]) -> bool:
    """The bot says it updated the particulars, and asks for no material: "更正一下，我叫李国强"
    has a supplement's cue, but corrects a particular."""
    return any("已将您提供的" in r for r in replies) and not any("补充材料" in r for r in replies)


async def _after_a_complete_case(bot: BotHarness, row: Row) -> list[str]:
    sender = _new_sender()
    await bot.say(COMPLETE, sender=sender)
    replies = await bot.say(row[0], sender=sender)
    person = petitioner(bot, sender)
    wrong = _kept(person, row, name_before="周全")
    if row[2] and "+8613000000001" in person.contact:
        wrong.append("old phone kept")
    cases = cases_of(bot, sender)
    if len(cases) != 1:
        wrong.append(f"{len(cases)} cases")
    if not _updated_not_material(replies):
        wrong.append(f"replies {replies}")
    return wrong


async def _while_material_is_awaited(bot: BotHarness, row: Row) -> list[str]:
    sender = _new_sender()
    await bot.say(COMPLETE, sender=sender)
    await bot.say("追加材料", sender=sender)
    replies = await bot.say(row[0], sender=sender)
    wrong = _kept(petitioner(bot, sender), row, name_before="周全")
    cases = cases_of(bot, sender)
    if len(cases) != 1:
        wrong.append(f"{len(cases)} cases")
    elif cases[0].awaiting != "supplement":
        wrong.append(f"awaiting {cases[0].awaiting!r}")  # the material is still to come
    if not _updated_not_material(replies):
        wrong.append(f"replies {replies}")
    return wrong


async def _answering_the_question(bot: BotHarness, row: Row) -> list[str]:
    sender = _new_sender()
    await bot.say(COMPLAINT, sender=sender)
    replies = await bot.say(row[0], sender=sender)
    wrong = _kept(petitioner(bot, sender), row)
    if len(cases_of(bot, sender)) != 1:
        wrong.append("a case opened")
    if any("不像姓名" in r or "没有识别出" in r for r in replies):
        wrong.append(f"replies {replies}")
    return wrong


async def failures(bot: BotHarness, rows: list[Row],
                   scenario: Callable[[BotHarness, Row], object]) -> list[str]:
    """The rows ``scenario`` finds wrong, each with what was wrong (an empty list: all right)."""
    found = []
    for row in rows:
        wrong = await scenario(bot, row)  # type: ignore[misc]
        if wrong:
            found.append(f"{row[0]}: {', '.join(wrong)}")
    return found


@pytest.mark.parametrize("scenario", [
    pytest.param(_first_message, id="as_a_first_message"),
    pytest.param(_after_a_complete_case, id="after_a_complete_case_update_the_petitioner"),
    pytest.param(_while_material_is_awaited, id="while_material_is_awaited_are_no_material"),
    pytest.param(_answering_the_question, id="given_for_the_question_fill_what_they_give"),
])
async def test_particulars_alone_are_kept_and_open_no_case(
        bot: BotHarness, scenario: Callable[[BotHarness, Row], object]) -> None:
    assert await failures(bot, ONLY_PARTICULARS, scenario) == []


async def test_a_correction_is_recorded_on_the_case(bot: BotHarness) -> None:
    sender = "telegram:77"
    await bot.say(COMPLETE, sender=sender)
    await bot.say("不好意思名字打错了，是牛奔", sender=sender)
    events = bot.core.store.read_sync(lambda s: [
        (e.action, e.details.get("item")) for e in s.exec(select(CaseEvent).order_by(col(CaseEvent.id)))])
    assert ("particulars_corrected", "name") in events, events


async def test_a_signed_letter_is_a_case_and_its_signature_the_name(bot: BotHarness) -> None:
    wrong = []
    for row in LETTERS:
        sender = _new_sender()
        await bot.say(row[0], sender=sender)
        wrong += [f"{row[0][-30:]}: {w}" for w in _kept(petitioner(bot, sender), row)]
        if len(cases_of(bot, sender)) != 1:
            wrong.append(f"{row[0][-30:]}: no case")
    assert wrong == []


async def test_look_alikes_are_no_particulars(bot: BotHarness) -> None:
    wrong = []
    for text in LOOK_ALIKES:
        sender = _new_sender()
        replies = await bot.say(text, sender=sender)
        if any(r.startswith(ACKNOWLEDGED) for r in replies):
            wrong.append(f"{text}: acknowledged as particulars")
        if petitioner(bot, sender).name:
            wrong.append(f"{text}: name {petitioner(bot, sender).name!r}")
    assert wrong == []


async def test_look_alikes_after_a_complete_case_change_no_name(bot: BotHarness) -> None:
    wrong = []
    for text in LOOK_ALIKES:
        sender = _new_sender()
        await bot.say(COMPLETE, sender=sender)
        replies = await bot.say(text, sender=sender)
        if any("已将您提供的" in r for r in replies):
            wrong.append(f"{text}: acknowledged as particulars")
        if petitioner(bot, sender).name != "周全":
            wrong.append(f"{text}: name {petitioner(bot, sender).name!r}")
    assert wrong == []
