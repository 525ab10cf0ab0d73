"""A petitioner who says they will not give their name (or contact) is not asked for it
again: not when they say so before telling the matter ("我就不留名字了"), and not on a later
matter after declining it once (Art 19 lets a petition be anonymous; an operator does not ask
twice). A question about it ("能匿名吗？") and "不方便" naming nothing keep nothing.
"""

from __future__ import annotations

from itertools import count

from tests.bot.harness import BotHarness, cases_of, petitioner

FIRST = "菜场后门的垃圾三天没人清，臭得路过都要捂鼻子，请环卫来处理。"
SECOND = "我们楼的单元门禁坏了半个月，外人随便进出，物业说没钱修。"
ASKS_NAME = "姓名"
_senders = count(8200)


def _console() -> str:
    return f"console:declined-{next(_senders)}"


async def test_a_name_declined_before_the_matter_is_not_asked_for(bot: BotHarness) -> None:
    sender = _console()
    replies = await bot.say("我就不留名字了", sender=sender)
    assert "不留姓名" in replies[-1] and not cases_of(bot, sender)
    assert petitioner(bot, sender).declined == "name"
    replies = await bot.say(FIRST, sender=sender)
    assert len(cases_of(bot, sender)) == 1
    assert not any(ASKS_NAME in reply for reply in replies)
    assert any("联系电话" in reply for reply in replies)  # the contact was not declined


async def test_anonymity_before_the_matter_declines_name_and_contact(bot: BotHarness) -> None:
    sender = _console()
    await bot.say("我要匿名", sender=sender)
    assert set(petitioner(bot, sender).declined.split(",")) == {"name", "contact"}
    replies = await bot.say(FIRST, sender=sender)
    assert len(replies) == 1 and len(cases_of(bot, sender)) == 1  # the acknowledgement alone


async def test_a_decline_on_one_matter_holds_for_the_next(bot: BotHarness) -> None:
    sender = f"tel:+86136{next(_senders):08d}"  # the number is the contact: only the name asked
    replies = await bot.say(FIRST, sender=sender)
    assert any(ASKS_NAME in reply for reply in replies)
    await bot.say("名字就不留了", sender=sender)
    assert petitioner(bot, sender).declined == "name"
    replies = await bot.say(SECOND, sender=sender)
    assert len(cases_of(bot, sender)) == 2
    assert not any(ASKS_NAME in reply for reply in replies)


async def test_a_question_about_anonymity_or_a_vague_no_keeps_nothing(bot: BotHarness) -> None:
    for said in ("能匿名反映吗？", "现在不方便"):
        sender = _console()
        await bot.say(said, sender=sender)
        assert petitioner(bot, sender).declined == ""
        replies = await bot.say(FIRST, sender=sender)
        assert any(ASKS_NAME in reply for reply in replies), said


async def test_a_decline_alone_is_no_alarm_but_despair_beside_it_is(bot: BotHarness) -> None:
    # The recall-first model hears 不想… faintly as self-harm; a decline of a named particular,
    # and nothing else, cannot tell it. Words beside it can.
    for said in ("我不想留名字", "名字我就不写了"):
        sender = _console()
        replies = await bot.say(said, sender=sender)
        assert not cases_of(bot, sender) and not any("12356" in r for r in replies), said
    sender = _console()
    replies = await bot.say("我不想留名字了，反正也不想活了", sender=sender)
    assert any("12356" in reply for reply in replies)
