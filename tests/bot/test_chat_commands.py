"""Chat commands and inline keyboards, through the real intake, processor and outbox."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from nlp import Analyzer
from storage import Case, CaseEvent
from tests.bot.harness import NUMBER, BotHarness, all_cases
from tests.conftest import FIXED_NOW

USER = "telegram:4242"
COMPLAINT = "我要投诉：小区门口的垃圾站夏天臭气熏天，苍蝇成群，居民无法开窗，请环保部门处理。"


def sent_buttons(bot: BotHarness) -> list[tuple[str, str]]:
    rows = [m.buttons for m in bot.channels["telegram"].sent]
    return [(b.label, b.data) for keyboard in rows for row in keyboard for b in row]


async def test_start_explains_and_carries_a_privacy_notice(bot: BotHarness) -> None:
    replies = await bot.say("/start", sender=USER, meta={"language_code": "zh-hans"})
    assert "隐私" in replies[0] and "/status" in replies[0] and "110" in replies[0]
    english = await bot.say("/start", sender="telegram:77", meta={"language_code": "en"})
    assert "Privacy" in english[0]


async def test_lang_switches_and_sticks(bot: BotHarness) -> None:
    assert (await bot.say("/lang en", sender=USER))[0] == "Language set to English."
    assert "Privacy" in (await bot.say("/start", sender=USER))[0]
    assert (await bot.say("/lang", sender=USER))[0] == "已切换为中文。"


async def test_new_drops_a_pending_question(bot: BotHarness) -> None:
    await bot.say(COMPLAINT, sender=USER)  # the bot now waits for the name
    assert "描述" in (await bot.say("/new", sender=USER))[0]
    pending = bot.core.store.read_sync(
        lambda s: [c.awaiting for c in s.exec(select(Case))])
    assert pending == [""]


async def test_category_is_confirmed_or_disputed_with_a_tap(bot: BotHarness) -> None:
    await bot.push(COMPLAINT, sender=USER)
    buttons = sent_buttons(bot)
    bot.pop(USER)
    number = NUMBER.search(buttons[0][1]).group()  # type: ignore[union-attr]
    assert [data.split(":")[1] for _, data in buttons] == ["ok", "no"]
    replies = await bot.say(f"cat:no:{number}", sender=USER,
                            meta={"callback_data": f"cat:no:{number}"})
    assert "重新核定" in replies[0]
    [case] = all_cases(bot)
    assert case.needs_human
    events = bot.core.store.read_sync(
        lambda s: [e.action for e in s.exec(select(CaseEvent))])
    assert "category_disputed" in events
    # A tap naming somebody else's case reveals nothing.
    stranger = await bot.say(f"cat:ok:{number}", sender="telegram:9",
                             meta={"callback_data": f"cat:ok:{number}"})
    assert number not in stranger[0]


async def test_status_with_several_cases_offers_a_choice(bot: BotHarness) -> None:
    await bot.say(COMPLAINT, sender=USER)
    await bot.say("/new", sender=USER)
    await bot.say("学校门口的马路没有红绿灯，孩子们上学过马路很危险，希望尽快安装信号灯。",
                  sender=USER)
    bot.channels["telegram"].sent.clear()
    await bot.push("/status", sender=USER)
    choices = [data for _, data in sent_buttons(bot)]
    assert len(choices) == 2 and all(data.startswith("case:XF2026-") for data in choices)
    bot.pop(USER)
    number = choices[0].split(":", 1)[1]
    replies = await bot.say(choices[0], sender=USER, meta={"callback_data": choices[0]})
    assert replies[0].startswith(number)


async def test_a_flooding_sender_is_stored_but_not_answered(bot: BotHarness) -> None:
    from storage import Message

    flood = "tel:+8613800000099"
    for n in range(21):
        await bot.push(f"第{n}条：{COMPLAINT}", sender=flood)
    bot.pop(flood)
    assert await bot.say("还有一条", sender=flood) == []
    stored = bot.core.store.read_sync(
        lambda s: list(s.exec(select(Message).where(Message.sender == flood))))
    assert len(stored) == 22 and stored[-1].needs_human
    assert stored[-1].meta["flagged_for"] == "flood"  # why, for the staff list (bot.flagged)


async def test_blocked_senders_are_stored_never_answered(database_url: str, tmp_path: Path,
                                                         analyzer: Analyzer) -> None:
    from bot.core import Core

    core = Core.open(database_url=database_url, data_dir=tmp_path / "data", secret_key="k",
                     fixed_now=FIXED_NOW, analyzer=analyzer,
                     blocklist=("tel:+8613800000066",))
    try:
        harness = BotHarness(core)
        assert await harness.say(COMPLAINT, sender="tel:+8613800000066") == []
        assert NUMBER.search((await harness.say(COMPLAINT, sender="tel:+8613800000067"))[0])
    finally:
        core.close()
