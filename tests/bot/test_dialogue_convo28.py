"""Whole conversations a multi-turn probe met (session 23, helper convo28), by class, in other
words than the probe's:

- the dialogue's rules read the raw text, written in simplified words: "謝謝" while the bot asked
  what happened was filed as the matter's details, and "不想說名字" was met by the name asked
  again. They now read it in simplified characters (``Turn.text``; the stored message keeps
  what was sent);
- a question about another office's service after petitioning was put aside ("不是投诉，只是咨询
  一下…", "之前反映的漏水已经处理好了 现在想咨询…") got the service's procedure, or by mail how to
  write a petition: the words put aside no longer make it a question about this service
  (``bot.faq``);
- a matter told as settled, then a question ("之前的路已经修好了 谢谢 现在想问问…") was
  registered as a complaint in question form: the question is answered
  (``bot.dialogue.settled``).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlmodel import col, select

from bot import texts
from bot.dialogue.settled import settled_then_asked
from bot.dialogue.turn import Turn
from bot.faq import FaqIndex, load
from nlp import Analyzer
from storage import Message
from tests.bot.harness import BotHarness, all_cases, cases_of, petitioner, register

#: Short: the bot asks for the details as well as the name (SMS: the number is the contact).
SHORT = "樓下的狗整夜叫"
OTHER_OFFICE = texts.say("zh", "other_service_answer")


def _messages_under(bot: BotHarness, case_id: int) -> list[str]:
    return bot.core.store.read_sync(lambda s: list(s.exec(
        select(Message.text).where(Message.case_id == case_id).order_by(col(Message.id)))))


# -- traditional characters mid-dialogue ------------------------------------------------------

@pytest.mark.parametrize("thanks", ["好的 謝謝您", "多謝", "收到 謝了"])
async def test_thanks_in_traditional_characters_is_no_detail(bot: BotHarness, thanks: str) -> None:
    sender = "tel:+8613822280001"
    await register(bot, sender, SHORT)
    await bot.say("林志明", sender=sender)
    replies = await bot.say(thanks, sender=sender)
    [case] = cases_of(bot, sender)
    assert replies[0].startswith(texts.say("zh", "you_are_welcome")), replies
    assert "details" in case.awaiting  # still asked: a thanks tells nothing of the matter
    assert thanks not in _messages_under(bot, case.id or 0)


async def test_a_decline_in_traditional_characters_is_kept(bot: BotHarness) -> None:
    sender = "telegram:2822802"
    await register(bot, sender, "社區門口的井蓋丟了 晚上看不見")
    replies = await bot.say("不想給你們電話", sender=sender)
    assert "可以不留" in replies[0], replies
    assert "contact" in petitioner(bot, sender).declined
    later = " ".join(await bot.say("我叫黃麗", sender=sender))
    assert "联系电话" not in later, later  # not asked again
    [message] = [m for m in bot.core.store.read_sync(lambda s: list(s.exec(select(Message))))
                 if m.sender == sender and m.text.startswith("不想")]
    assert message.text == "不想給你們電話"  # the stored message keeps what was sent


async def test_a_status_question_in_traditional_characters(bot: BotHarness) -> None:
    sender = "tel:+8613822280003"
    number = await register(bot, sender, SHORT)
    await bot.say("周大偉", sender=sender)
    replies = await bot.say("請問我的事辦得怎樣了", sender=sender)
    assert number in " ".join(replies) and len(all_cases(bot)) == 1, replies


# -- another office's question after petitioning was put aside --------------------------------

@pytest.mark.parametrize(("sender", "text"), [
    ("tel:+8613822280011", "不是要投诉啥 就想问问公积金贷款怎么申请"),
    ("telegram:2822812", "我不是来反映问题的 想打听一下医保卡丢了怎么补办"),
    ("mailto:hu@example.cn", "您好，我不是来投诉的，想咨询一下：孩子上户口需要带什么材料？"),
    ("tel:+8613822280014", "前段时间投诉的噪音早就解决了，谢谢你们。另外想问问办理护照需要什么"),
])
async def test_another_offices_question_after_petitioning_put_aside(
        bot: BotHarness, sender: str, text: str) -> None:
    replies = await bot.say(text, sender=sender, **({"subject": "咨询"} if "mailto" in sender else {}))
    assert OTHER_OFFICE in " ".join(replies), replies
    assert not all_cases(bot)


@pytest.mark.parametrize("text", [
    "不是投诉，就是想问问撤回需要什么手续",  # 撤回 is this service's
    "算了不投诉了，那办居住证需要什么材料",  # withdrawn, not put aside: not read as aside
    "之前反映的问题还没解决，办理复查需要什么材料",  # not settled; 复查 is this service's
])
def test_petitioning_not_put_aside_keeps_the_service(analyzer: Analyzer, text: str) -> None:
    assert not FaqIndex(load()).about_another_service(analyzer.analyze(text))


# -- a matter told as settled, then a question ------------------------------------------------

@pytest.mark.parametrize(("sender", "text"), [
    ("tel:+8613822280021", "上个月反映的路灯已经修好了 谢谢 想问问灵活就业的社保怎么交"),
    ("mailto:ma@example.cn", "领导好，去年投诉的下水道堵塞早就疏通了，非常感谢！想请教一下：老年优待证在哪里办？"),
    ("telegram:2822823", "以前说的那个小区积水问题已经解决啦 现在想咨询下公租房怎么申请"),
])
async def test_a_settled_matter_then_a_question_opens_no_case(
        bot: BotHarness, sender: str, text: str) -> None:
    replies = await bot.say(text, sender=sender, **({"subject": "咨询"} if "mailto" in sender else {}))
    assert not all_cases(bot), replies
    assert replies and "登记" not in replies[0].split("。")[0], replies


def _turn(analyzer: Analyzer, text: str) -> Turn:
    fake: Any = SimpleNamespace(analysis=analyzer.analyze(text), text=text)
    return cast(Turn, fake)


@pytest.mark.parametrize("text", [
    "之前反映的路灯还没修好 现在怎么办",            # not settled
    "我那个事是不是已经处理完了 怎么没人告诉我",      # asked whether settled: progress
    "显示已办结了 可我没收到答复 怎么回事",           # a case's state questioned
    "路灯已经修好了，谢谢你们",                      # settled, nothing asked
    "上次的漏水修好了吗 什么时候来修",               # asked, not told
])
def test_not_settled_then_asked(analyzer: Analyzer, text: str) -> None:
    assert not settled_then_asked(_turn(analyzer, text))


async def test_a_settled_matter_with_a_new_one_is_still_registered(bot: BotHarness) -> None:
    """Settled, then another matter told (no question): registered as before."""
    sender = "tel:+8613822280031"
    replies = await bot.say("上次反映的路灯已经修好了，谢谢。另外小区后门的台阶塌了一大块，老人差点摔倒，"
                            "请派人看看", sender=sender)
    assert len(all_cases(bot)) == 1, replies
