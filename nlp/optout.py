"""A request to stop our messages in other words than the carriers' keywords, as the whole message.

The carriers' words (STOP, TD, 退订 … in :mod:`nlp.commands`) match only when they are the
entire message. Citizens also write "别给我发短信了", "以后不用通知我了", "停止推送", "退订了",
"我不想再收到你们的短信", "烦死了 别发了", "bie fa le": a reasonable reader takes each as a
request to stop, and the FCC's 2024 rule (47 CFR § 64.1200(a)(10)) makes any such reasonable
wording a revocation; Braze's "fuzzy opt-out" recommends unsubscribing on it outright.
《通信短信息服务管理规定》 asks for a working 退订 too. So these are rules, not a guess:

- a *stop form*: a negation or a stop verb with what it stops — our sending, notices, messages
  (别/不要/不用/莫/甭/勿 …(再)(给我) 发/推送/通知/提醒/发短信; 停止/关闭/取消 推送/通知/短信;
  不想(再)收到 短信/消息/通知; 短信别发了), a carriers' word with a typo (退定, 推订, 拒收),
  pinyin (bie fa le, tuiding) or English ("stop texting me", "no more texts");
- with only courtesy, impatience or a restating of the same request around it (请, 以后, 谢谢,
  烦死了, 天天发, 行吗, 我不需要了, 退订 …).

Nothing else may stand beside it: "不要再发生这种事了" (发生), "别再收物业费了", "不要停止办理",
"退订了会员还在扣钱", "取消了我的低保" name something else, and the whole-message grammar has no
room for them. The model still reads every other wording (:mod:`nlp.intents`, ≥ 0.8 and a
word of our messages).
"""

from __future__ import annotations

import re
from typing import Final

from nlp.commands import OPT_OUT_WORDS

#: Say-nothing words before the request: politeness, time, the addressee, an acknowledgement
#: or impatience ("请", "以后", "你们", "好的", "烦不烦", "天天发").
_BEFORE: Final = (
    r"(?:请|请你们|唔该|都|也|麻烦|麻烦你们|拜托|求求你们|求你们|求你了|以后|今后|之后|往后|从现在起|从今天起|"
    r"你们|您|你|我|俺|我们|那|那就|就|好了|好的|好|行了|够了|收到|知道了|我知道了|谢谢|谢了|"
    r"烦不烦|烦死了|烦人|很烦|太烦了|天天发|老发|总发|一直发|咋老发|怎么老发|怎么天天发|"
    r"能不能|能否|可不可以|可以|我已经解决了|已经解决了|事情解决了|问题解决了|我的事办完了|"
    r"不需要了|不用了|我不需要|我不需要了|没必要|回复|回|hi|hello|please|pls|plz|"
    r"(?:我的)?事情?(?:已经)?(?:结束|办完|解决|处理完)了|(?:这个|呢个|此|本)号码?|"
    # a threat that restates it: "再发我就投诉你们 别再发了"
    r"再发(?:我)?就(?:拉黑|屏蔽|投诉|举报)(?:你们|你)?)")
#: After it: the same courtesy, a question tag, or the request restated ("退订", "不需要了").
_AFTER: Final = (
    r"(?:了|啦|吧|啊|呀|哈|嘛|咯|喽|嘞|哦|噢|谢谢|谢了|谢谢你们|谢谢啦|多谢|行吗|好吗|可以吗|"
    r"行不行|好不好|可不可以|成吗|ok|烦死了|烦|很烦|太烦了|烦人|我不需要|我不需要了|不需要了|不需要|"
    r"不用了|我知道了|知道了|天天发|退订|td|please|pls|plz|thanks|thankyou|thx|"
    r"我已经解决了|已经解决了)")
#: A negation of sending: 别, 不要, 不用 …, and the dialects' (莫, 甭, 覅, 唔好, 勿).
_NOT: Final = r"(?:别|不要|勿要|不用|不必|无需|不需要|甭|莫|勿|请勿|休要|覅|唔好|不许|不准|用不着|没必要)"
#: To (or at) the writer.
_TO_ME: Final = r"(?:给我|跟我|向我|对我|给俺|跟俺|给我们|俾我|畀我|我)?"
#: What we send: messages and notices, in their everyday names.
_OURS: Final = (r"(?:(?:短信|短消息|信息|消息|简讯|讯息|呢啲讯息|通知|推送|提醒|订阅|回访短信|通知短信|短信通知|"
                r"消息提醒|消息通知|这些|这种|这个|这类|这些短信|这些消息|你们的短信|你们的消息|"
                r"你们的通知|你们的信息|任何短信|任何消息|sms|text|texts|message|messages)+)")
#: Sending verbs. 发 is never 发生 / 发展 / 发现 … (the lookahead keeps them out).
_SEND: Final = r"(?:发送|发过来|发来|发给我|发(?!生|展|现|布|放|票|工资|钱|货|证)|传|推送|推|send)"
_STOP_FORMS: Final = (
    # 别再给我发短信了, 不要再发了, 不用再通知我了, 莫发了, 唔好再send嘢俾我. Not "不需要联系我" /
    # "不用给我打电话": said while the bot asks for a contact, that declines the contact (the case
    # goes on without a phone, tests/bot/test_dialogue_lead18.py), and it names no message of ours.
    rf"{_NOT}[再在]?{_TO_ME}[再在]?(?:{_SEND}{_OURS}?|{_OURS}|通知|提醒|打扰|骚扰){_TO_ME}(?:嘢|野)?{_TO_ME}{_OURS}?",
    # 停止推送, 停止发送, 关闭通知, 关掉提醒, 取消短信通知, 不再接收, 拒收短信, 屏蔽短信
    rf"(?:停止|停|关闭|关掉|关了|取消|退|不再|拒绝|拒|屏蔽)(?:给我)?(?:发送|发|推送|接收|接受|收)?{_OURS}",
    r"停止(?:发送|推送|接收|发)?|(?:不再|拒绝)(?:发送|推送|接收|发)",
    # 不接收了, 不想收了: the messages understood
    r"(?:不想|不再|不)再?(?:收|接收)(?=了)",
    # 把我从通知名单里删掉, 移出通知名单
    (r"(?:把我|把我的号码|把这个号码|把我这个号码|将本号码|将我)?从?(?:通知|发送|短信|推送)?名单"
    r"(?:里|中|上)?(?:删掉|删除|移出|去掉|拿掉)|移出(?:通知|发送|短信)?名单"),
    # 退订所有消息, 退掉
    rf"(?:退订|退掉|退出)(?:所有|全部)?的?{_OURS}?",
    # 不想收到你们的短信, 我不想再收到短信了, 不接收通知
    rf"(?:不想|唔想|不愿意|不愿|不要|不需要|不用|不再|不)再?(?:收到?|接收|接到|接受|看到|收这个|要收)(?:了)?{_OURS}",
    # 短信别发了, 通知不用发了, 消息不要再推了
    rf"{_OURS}也?{_NOT}再?(?:{_SEND})?",
    # a carriers' word mistyped or said around: 退定, 推订, 退订, td, 拒收
    (r"(?:我要|我想|我要求|申请)?(?:退订|退定|推订|退钉|t订|td|拒收|取消订阅|取消关注|"
    rf"屏蔽|拉黑|stop|stopall|unsubscribe|optout)(?:{_OURS}|你们)?"),
    # pinyin: bie fa le, bu yao zai fa le, tuiding, quxiao dingyue
    r"(?:bie|buyao|buyong|mo)(?:zai)?(?:gei)?(?:wo)?(?:fa|tuisong|tongzhi)(?:duanxin|xiaoxi)?(?:le|la)?",
    r"tuiding|quxiaodingyue|tingzhituisong|(?:把我)?t掉",
    # English: stop texting me, no more texts, don't send me messages
    (r"(?:stop|quit|dont|donot|nomore|nolonger)(?:texting|messaging|sending|send|text|message|"
    r"notifying|notifications?|sms|texts|messages)(?:me|us)?(?:messages|texts|sms|notifications)?"
    r"(?:anymore)?"),
    r"(?:no|nomore)(?:more)?(?:texts|messages|sms|notifications)",
    r"halt|cancel(?:notifications|messages|texts|sms|alerts)",
    r"(?:unsubscribe|optout)(?:me)?",
)
_STOP: Final = re.compile(
    rf"(?:{_BEFORE})*(?:{'|'.join(_STOP_FORMS)})(?:{_AFTER}|{'|'.join(_STOP_FORMS)})*")
#: Longer than this (characters of the bare text) is never only a request to stop.
_MAX_CHARS: Final = 30


def asks_to_stop(bare: str) -> bool:
    """Whether ``bare`` (lower-cased, spaces and punctuation removed) is, as a whole, a request
    to stop our messages in other words than the carriers' keywords."""
    return 0 < len(bare) <= _MAX_CHARS and _STOP.fullmatch(bare) is not None


#: The reason :mod:`nlp.intents` shows when :func:`asks_to_stop` decided an opt-out.
STOP_IN_OTHER_WORDS: Final = "〈stop_in_other_words〉"


def stopped_by_rule(terms: tuple[str, ...]) -> bool:
    """Whether an opt-out's ``terms`` say a rule decided it (a carriers' keyword as the whole
    message, or :func:`asks_to_stop`), not the model: such a message has no room for any other
    word, so it tells of no danger."""
    return bool(terms) and (terms[0] == STOP_IN_OTHER_WORDS or terms[0] in OPT_OUT_WORDS)
