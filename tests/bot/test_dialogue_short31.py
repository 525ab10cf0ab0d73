"""Short messages by class (session 26, helper short31), in other words than the probe's
(bench/short_probe31.py) and the corpus's:

- a request to stop our messages in other words than the carriers' keywords, as the whole
  message ("以后别再给我发通知了", "短信不要再发了", "把我从发送名单里删除", "bie zai fa le"),
  opts out by rule (nlp.optout), without the model; "T" alone is the carriers' keyword too;
- the same words of stopping, sending, receiving or subscribing about something else
  ("不要再发生类似的事故", "退订套餐后还在扣费", "不要停止调查") never opt out;
- such a request tells of no danger: the emergency head's faint self-harm noise on 不用再, 了
  does not answer it with the alarm and a case;
- "Good afternoon" is a greeting, not a grade nor a case; so is a call for someone
  ("工作人员在吗", "请问有人在线吗"), not the service hours' entry;
- a grade in stars alone ("⭐⭐⭐⭐", "★★☆☆☆") is that grade, after the rating request too.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot import texts
from nlp import Analyzer, Intent
from nlp.intents import _bare
from nlp.normalize import normalize
from nlp.optout import STOP_IN_OTHER_WORDS, asks_to_stop, stopped_by_rule
from storage import Identity, Rating
from tests.bot.harness import BotHarness, all_cases, answered_case, file_case

OPTED_OUT = texts.say("zh", "opted_out")


def _stops(text: str) -> bool:
    return asks_to_stop(_bare(normalize(text)))


@pytest.mark.parametrize("said", [
    "以后别再给我发通知了",
    "麻烦别再推送消息了 谢谢",
    "我不想再接收这些短信了",
    "短信不要再发了",
    "退订 谢谢你们",
    "关闭短信提醒",
    "莫再给我发咯",
    "不要再發消息給我了",
    "bie zai fa le",
    "Please stop messaging me",
    "不用再提醒了 我知道了",
    "把我从发送名单里删除",
    "天天发 太烦了 不要再发了",
    "我要退订短信通知",
])
def test_a_stop_in_other_words_is_read_by_rule(said: str) -> None:
    assert _stops(said), said


@pytest.mark.parametrize("said", [
    "不要再发生类似的事故",
    "别再让他们乱收费了",
    "为什么停止发放补贴",
    "退订套餐后还在扣费 要投诉",
    "取消了我的医保 请帮忙",
    "能不能别再停水了",
    "我不想撤回投诉",
    "请继续发短信通知我进展",
    "通知收到了",
    "不要停止调查",
    "别发愁 慢慢说",
    "不要发布虚假信息",
    "短信里的链接打不开",
    "别再给我打推销电话了 是哪个公司的",
])
def test_other_things_stopped_are_no_opt_out(said: str) -> None:
    assert not _stops(said), said


@pytest.mark.parametrize(("said", "intent"), [
    ("以后别再给我发通知了", Intent.OPT_OUT),
    ("T", Intent.OPT_OUT),
    ("不要再发生类似的事故", None),
    ("Good afternoon", Intent.GREETING),
    ("good evening everyone", Intent.GREETING),
    ("客服在吗", Intent.GREETING),
    ("请问有人在线吗", Intent.GREETING),
    ("谢谢老师啊", Intent.GREETING),
    ("⭐⭐⭐⭐", Intent.RATING),
])
def test_the_analyzer(analyzer: Analyzer, said: str, intent: Intent | None) -> None:
    analysis = analyzer.analyze(said)
    if intent is None:
        assert analysis.intent is not Intent.OPT_OUT, analysis
    else:
        assert analysis.intent is intent, analysis


def test_only_a_rule_opt_out_is_by_rule() -> None:
    assert stopped_by_rule((STOP_IN_OTHER_WORDS,)) and stopped_by_rule(("td",))
    assert not stopped_by_rule(("别", "发")) and not stopped_by_rule(())


def _opted_out(bot: BotHarness, sender: str) -> bool:
    return bot.core.store.read_sync(lambda s: bool(s.exec(select(Identity.opted_out).where(
        Identity.urn == sender)).one()))


@pytest.mark.parametrize("sender", ["tel:+8613900031001", "telegram:31002"])
async def test_a_stop_in_other_words_opts_out_without_an_alarm(bot: BotHarness, sender: str) -> None:
    number = await file_case(bot, sender)
    replies = await bot.say("以后都不用再通知我了", sender=sender)
    assert replies == [OPTED_OUT], replies
    assert _opted_out(bot, sender)
    [case] = all_cases(bot)
    assert case.number == number and not case.emergency


async def test_a_stop_before_any_case_opens_none(bot: BotHarness) -> None:
    sender = "tel:+8613900031003"
    assert await bot.say("别再给我推送了", sender=sender) == [OPTED_OUT]
    assert _opted_out(bot, sender) and all_cases(bot) == []


@pytest.mark.parametrize("said", ["不要再发生这样的事了 太吓人", "别再收我们的卫生费了"])
async def test_a_matter_with_stopping_words_does_not_opt_out(bot: BotHarness, said: str) -> None:
    sender = "tel:+8613900031004"
    replies = await bot.say(said, sender=sender)
    assert OPTED_OUT not in replies
    assert not _opted_out(bot, sender)


@pytest.mark.parametrize(("said", "grade"), [
    ("⭐⭐⭐⭐", 4), ("★★☆☆☆", 2), ("⭐️⭐️⭐️⭐️⭐️", 5), ("🌟", 1),
    ("⭐⭐⭐⭐⭐⭐", None), ("☆☆☆", None), ("⭐ 但是太慢", None),
])
def test_stars_alone_are_a_grade(analyzer: Analyzer, said: str, grade: int | None) -> None:
    analysis = analyzer.analyze(said)
    assert (analysis.rating if analysis.intent is Intent.RATING else None) == grade, analysis


async def test_stars_after_the_rating_request_are_stored(bot: BotHarness) -> None:
    sender = "tel:+8613900031005"
    await answered_case(bot, sender)
    bot.pop(sender)
    await bot.say("⭐⭐⭐⭐", sender=sender)
    scores = bot.core.store.read_sync(lambda s: list(s.exec(select(Rating.score))))
    assert scores == [4]


async def test_a_call_for_someone_is_answered_as_a_greeting(bot: BotHarness) -> None:
    sender = "telegram:31006"
    assert await bot.say("请问有人在线吗", sender=sender) == [texts.say("zh", "greeting")]
    assert all_cases(bot) == []
