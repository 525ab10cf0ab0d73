"""Short messages by class through the whole bot (docs/NLP.md, session 26, helper short31):
ways to say "stop texting me", contrasts that must not stop anything, greetings, how to use
the service, thanks, and grades in words. Every message was written for this probe, its
expected outcome first; none is a corpus row.

Each message goes through tests/bot/harness.py's BotHarness (the real intake, processor and
outbox, a scratch SQLite store, the fixed clock), by SMS and by Telegram, from a sender with no
case and from one with an open case (a grade: one with a case answered and the rating asked).

    PYTHONPATH=. .venv/bin/python bench/short_probe31.py [--json OUT] [--only CLASS]

Outcomes per trial: ``opted_out`` (the identity unsubscribed), ``asked_opt_out`` (the reply
tells how to unsubscribe, without unsubscribing), ``case`` (a case was opened), ``rated`` (a
grade stored), and the reply's kind (greeting, thanks, help, faq, other).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import col, func, select

from bot import texts
from nlp import Analyzer
from storage import Case, Identity, Rating
from tests.bot.harness import BotHarness, answer_as_staff, file_case, open_core

FIXED_NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # as tests/conftest.py

#: Clear requests to stop our messages: opted out (or asked once how to, see ``OPT_OUT_ASKED``).
STOP = [
    "不要再发了", "别再发了", "别给我发短信了", "不要再给我发短信了", "别发了", "别发了谢谢",
    "退订", "退订了", "我要退订", "退订谢谢", "TD", "td", "T", "回复TD", "退订短信",
    "取消订阅", "unsubscribe", "stop", "STOP please", "Stop texting me", "please stop sending messages",
    "no more texts", "停止推送", "停止发送", "停止通知", "以后不用通知我了", "以后不要通知我了",
    "不用再通知我了", "不用给我发消息了", "别再给我发消息", "不要给我推送了", "别推送了",
    "关闭通知", "关掉提醒", "不想收到你们的短信", "我不想再收到短信了", "不要再发短信",
    "烦不烦 别发了", "天天发 烦死了 别发了", "再发我就投诉你们 别再发了", "拒收", "拒收短信",
    "屏蔽", "不再接收", "不接收通知", "取消短信通知", "取消通知", "取消消息提醒",
    "莫发了", "莫再发短信了", "甭发了", "别给我发了", "你们别再发了行吗", "能不能别发短信了",
    "不要再發了", "別再發簡訊了", "退訂", "取消訂閱", "bu yao zai fa le", "tuiding",
    "bie fa le", "别再发信息了", "不要发信息给我了", "请停止给我发送短信", "请勿再发送",
    "以后别联系我了 短信也别发", "我已经解决了 以后不用再发通知了", "不需要通知了",
    "不用提醒我了", "退定", "推订",
]
#: Must not opt out: a matter, a question or a word that names stopping something else.
NOT_STOP = [
    "不要再发生这种事了", "别让他们再排污了", "取消了我的低保 请帮忙", "退订手机套餐被扣费",
    "我不想撤诉", "别再让工地半夜施工了", "不要再拖了 赶紧处理", "停水三天了 没人管",
    "为什么停了我的电", "单位不给我发工资", "通知书一直没收到", "短信验证码收不到",
    "移动公司乱发垃圾短信 怎么投诉", "天天收到推销短信 烦死了", "停止施工的通知什么时候下来",
    "取消预约", "我要取消投诉", "退订了会员还在扣钱", "停车场收费太贵了", "广场舞音响能不能关小点",
    "别再收物业费了", "发了三次短信都没人回", "你们发的短信我看不懂", "短信收到了",
    "以后有进展请短信通知我", "请继续通知我", "不要停止办理", "不要撤销我的案子",
    "开发商不给发房产证", "停发了我的养老金", "银行一直给我发催收短信", "小区停电了 电梯里困了人吗 没有 就是停电",
    "不要再让他们拆我家房子", "别再罚款了 我们小本生意", "通知我去领补偿款 什么时候",
    "取消了我的资格 不服", "我不要退钱 我要他们修好", "取消低保是谁决定的",
]
GREETING = [
    "你好", "您好", "在吗", "有人吗", "喂", "hello", "早上好", "你好 在吗", "您好 请问有人在吗",
    "哈喽", "hi there", "嗨 你好", "领导好", "同志你好", "老师好", "你好呀", "在不在啊",
    "喂喂喂", "有人在线吗", "工作人员在吗", "nihao", "您好领导", "晚上好 打扰了", "你們好",
    "在嗎", "打扰一下", "Good afternoon", "hey", "您好 在不在", "有没有人啊",
]
HELP = [
    "怎么用", "这个怎么用啊", "怎么操作", "我该怎么反映问题", "这个是干嘛的", "你们能做什么",
    "可以帮我什么", "使用方法", "咋用", "不会用", "我不会操作 教教我", "how does this work",
    "what can you do", "help me", "菜单", "功能介绍", "能不能教我一下怎么用", "這個怎麼用",
    "zenme yong", "有没有使用说明", "第一次用 怎么弄", "需要发什么内容", "我要怎么写",
    "怎么提交问题", "这是什么", "帮助", "help", "怎么开始", "不知道怎么弄", "说明书",
]
THANKS = [
    "谢谢", "谢谢你们", "非常感谢", "太感谢了", "感谢你们的帮助", "辛苦了", "好的谢谢",
    "收到 谢谢", "谢谢领导", "多谢多谢", "thx", "thank you so much", "3q", "谢啦", "麻烦你们了",
    "给你们点赞", "謝謝", "xiexie", "感谢政府", "谢谢你们这么快处理", "好的 知道了", "收到",
    "明白了 谢谢", "ok thanks", "辛苦你们了", "感谢感谢", "谢谢啊", "谢谢 您辛苦了",
]
#: Grades in words after the rating request, with the grade expected (nlp/rating.py's scale:
#: 满意 4, 基本满意 3, 不满意 2, as the rating request shows it).
RATING = [
    ("很满意", 5), ("非常满意", 5), ("满意", 4), ("还行", 3), ("一般般", 3), ("不太满意", 2),
    ("不满意", 2), ("很不满意", 1), ("差评", 2), ("好评", 4), ("五星", 5), ("给五星", 5),
    ("打5分", 5), ("十分满意", 5), ("挺好的", 4), ("处理得很好", 5), ("太差了", 1), ("一般", 3),
    ("还可以吧", 3), ("满分", 5), ("基本满意", 3), ("非常不满意", 1), ("給五星好評", 5),
    ("manyi", 4), ("处理得不错 谢谢", 4), ("五分", 5), ("3分吧", 3), ("就给个三分", 3),
    ("不怎么样", 2), ("满意 谢谢", 4), ("四星", 4), ("一星", 1), ("很好 很满意", 5),
    ("不好", 2), ("还不错", 4),
]

CLASSES: dict[str, list[str]] = {
    "stop": STOP, "not_stop": NOT_STOP, "greeting": GREETING, "help": HELP, "thanks": THANKS,
    "rating": [text for text, _ in RATING],
}
GRADES = dict(RATING)
SENDERS = {"sms": "tel:+86139{:08d}", "telegram": "telegram:{:d}"}


@dataclass
class Trial:
    cls: str
    text: str
    channel: str
    scenario: str           # none / open / answered
    opted_out: bool
    asked_opt_out: bool
    case: bool
    rated: int | None
    reply_kind: str
    replies: list[str]


def _kinds() -> dict[str, str]:
    kinds = {}
    for language in ("zh", "en"):
        for key in ("greeting", "thanks_reply", "help", "opted_out", "rating_thanks",
                    "noted_closed", "noted_on_file", "welcome", "call_answered",
                    "rating_not_open", "rating_not_yet"):
            kinds[texts.TEXTS[language][key].split("{")[0]] = key
    return kinds


_KIND = _kinds()


def reply_kind(replies: list[str]) -> str:
    for reply in replies:
        for text, kind in _KIND.items():
            if reply.startswith(text[:18]):
                return kind
    return "other" if replies else "silence"


def _count(bot: BotHarness, model: Any) -> int:
    return bot.core.store.read_sync(lambda s: s.exec(select(func.count(col(model.id)))).one())


def _opted_out(bot: BotHarness, sender: str) -> bool:
    return bot.core.store.read_sync(lambda s: bool(s.exec(select(Identity.opted_out).where(
        Identity.urn == sender)).first()))


def _last_score(bot: BotHarness) -> int | None:
    return bot.core.store.read_sync(lambda s: s.exec(
        select(Rating.score).order_by(col(Rating.id).desc())).first())


async def trial(bot: BotHarness, cls: str, text: str, channel: str, scenario: str,
                sender: str) -> Trial:
    if scenario == "open":
        await file_case(bot, sender)
    elif scenario == "answered":
        await file_case(bot, sender)
        number = bot.core.store.read_sync(lambda s: s.exec(
            select(Case.number).order_by(col(Case.id).desc())).first())
        await answer_as_staff(bot, number)
        bot.pop(sender)
    cases, ratings = _count(bot, Case), _count(bot, Rating)
    replies = await bot.say(text, sender=sender)
    rated = _last_score(bot) if _count(bot, Rating) > ratings else None
    hint = texts.say("zh", "opt_out_asked") if texts.has("zh", "opt_out_asked") else "\0"
    return Trial(cls, text, channel, scenario, _opted_out(bot, sender),
                 any(hint[:12] in reply for reply in replies), _count(bot, Case) > cases, rated,
                 reply_kind(replies), replies)


def verdict(t: Trial) -> str:
    if t.cls == "stop":
        if t.opted_out:
            return "right"
        return "asked" if t.asked_opt_out else "miss"
    if t.opted_out:
        return "worst"  # opted out where none was meant (or a greeting, a grade…)
    if t.cls == "not_stop":
        return "asked" if t.asked_opt_out else "right"
    if t.cls == "rating" and t.scenario == "answered":
        return "right" if t.rated == GRADES[t.text] else ("near" if t.rated else "miss")
    if t.case:
        return "miss"
    if t.cls == "greeting":
        return "right" if t.reply_kind in ("greeting", "thanks_reply", "noted_on_file", "welcome",
                                           "call_answered") else "other"
    if t.cls == "thanks":
        return "right" if t.reply_kind in ("thanks_reply", "greeting", "noted_on_file", "noted_closed",
                                           "rating_not_open", "rating_not_yet") else "other"
    if t.cls == "help":
        return "right" if t.reply_kind in ("help", "other", "welcome") else "other"
    return "right"


async def run(analyzer: Analyzer, only: str | None) -> list[Trial]:
    trials: list[Trial] = []
    serial = 0
    with tempfile.TemporaryDirectory() as scratch:
        core = open_core(f"sqlite:///{scratch}/cases.sqlite3", Path(scratch) / "data", FIXED_NOW,
                         analyzer)
        try:
            bot = BotHarness(core)
            for cls, messages in CLASSES.items():
                if only and cls != only:
                    continue
                scenarios = ("none", "answered") if cls == "rating" else ("none", "open")
                for text in messages:
                    for channel, form in SENDERS.items():
                        for scenario in scenarios:
                            serial += 1
                            trials.append(await trial(bot, cls, text, channel, scenario,
                                                      form.format(serial)))
        finally:
            core.close()
    return trials


def table(trials: list[Trial]) -> str:
    counts = Counter((t.cls, t.scenario, verdict(t)) for t in trials)
    verdicts = ("right", "asked", "near", "other", "miss", "worst")
    lines = ["| class | scenario | " + " | ".join(verdicts) + " | n |",
             "|---|---|" + "---|" * (len(verdicts) + 1)]
    for cls in CLASSES:
        for scenario in ("none", "open", "answered"):
            row = [counts[(cls, scenario, v)] for v in verdicts]
            if sum(row):
                lines.append(f"| {cls} | {scenario} | " + " | ".join(map(str, row))
                             + f" | {sum(row)} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only")
    parser.add_argument("--misses", action="store_true", help="print every trial not right")
    args = parser.parse_args(argv)
    trials = asyncio.run(run(Analyzer.load(), args.only))
    print(table(trials))
    if args.misses:
        for t in trials:
            if verdict(t) != "right":
                print(verdict(t), t.cls, t.channel, t.scenario, repr(t.text), t.reply_kind,
                      "case" if t.case else "", t.rated, "|", " / ".join(t.replies)[:90])
    if args.json:
        args.json.write_text(json.dumps([t.__dict__ for t in trials], ensure_ascii=False, indent=0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
