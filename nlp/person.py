"""A request for a person: 转人工, a call back, a number to phone (a hard rule, like a command).

Asking for a human is explicit, the way "退订" is: citizens say it in a few set forms ("转人工",
"找人工客服", "能让工作人员给我回个电话吗", "有没有电话可以直接打过去说的", "talk to a real
person"), and a platform that answers it with its help text fails the elderly and everyone who
cannot type a complaint. A rule is also the only way to keep the look-alikes out: "人工" is a
word of its own in "人工湖", "人工费", "拖欠工人工资", and "物业的人工作不负责" only puts 人
next to 工作; a call without a request cue is a story ("他天天打电话给我骚扰"), and a declined
call ("不用给我打电话") is the opposite of a request.

:func:`person_request` gives the spans that make the request; :func:`beyond_request` what the
message says besides them (a complaint that ends "请派人联系我" is still a complaint).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "人工" followed by one of these is another word (人工湖, 人工费, 工人工资, 人工智能...).
_NOT_A_SERVICE = (r"(?!作|湖|费|资|智|成本|草|降|河|岛|林|养|喂|授|合成|种|繁|挖|造|材|骨|时|日"
                  r"|钱|价|呼吸|流产|耳蜗|关节|晶体|心脏|照明|景|瀑|山|池|渠|鱼|孵|栽|清理|搬)")
_HUMAN = r"(?:人工|真人|活人)"
_AGENT = r"(?:人工|真人|活人|客服|话务员|接线员|工作人员|办事人员|专人|负责人|领导|你们的?人)"
_PERSON = r"(?:" + _AGENT + r"|人|谁|有人|你们)"
# What asks: a modal, a polite word, a wish ("能不能", "麻烦", "希望", "让", "派").
_CUE = (r"(?:请|麻烦|劳驾|能|能否|能不能|可以|可否|可不可以|行不行|希望|想|要求|需要|盼|让|叫|派"
        r"|安排|尽快|赶紧|赶快|务必|速|求求?|拜托|帮我|帮忙|我要|我想)")
# Words that decline what follows ("不用给我打电话", "别转人工"). "不会打字" is no decline.
_DECLINE = re.compile(r"(?:不用|不要|不需要|无需|别|不必|甭|没必要|不想|勿)\s*\S{0,3}$|[不没]$")
_CALL_ME = (r"(?:给我|跟我|和我|与我)?(?:打|回|来|通)(?:个|一个|一下|一通)?电话(?:给我|过来|联系我?)?"
            r"|回(?:个)?电(?:话)?|回拨|致电我?|(?:电话|当面|上门)联系(?:我|一下我)"
            r"|联系(?:一下)?我|跟我联系|与我联系|和我联系|给我打过来|打给我")

_REQUESTS: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.IGNORECASE) for p in (
    # 转人工 / 找人工客服 / 人工服务 / 真人客服 / 要个真人
    r"(?:转|转接|找|要|接|接通|呼叫|换成?|切换到?|叫|联系|需要|请求|申请)(?:一下|个|一个)?"
    + _HUMAN + r"(?:客服|服务|坐席|接听|台|热线|回复|处理|沟通|对话|聊天)?" + _NOT_A_SERVICE,
    _HUMAN + r"(?:客服|服务(?!费|区|站|中心|项目)|坐席|接线|话务)",
    r"(?:转|找|要|接|联系|呼叫|叫)(?:一下|个)?(?:你们的?)?(?:在线)?客服(?!电话是)",
    # 跟工作人员说话 / 和真人聊聊 / 与负责人通个电话
    r"(?:跟|和|与|同|找|叫)(?:一个|个)?(?:你们的?)?" + _AGENT + r"(?:直接)?(?:说话|说说|说一下|通话|通个电话|谈|聊|沟通|对话|讲|当面说|打电话)",
    # 能让工作人员给我回个电话吗 / 请派人联系我 / 麻烦回个电话
    _CUE + r"\S{0,10}?(?:" + _CALL_ME + r")",
    # 有没有电话可以直接打过去 / 你们电话多少 / 热线号码是多少 / 打哪个电话
    (r"(?:有没有|有无|有什么|给个|留个|告诉我|要个)(?:你们的?|人工的?|客服的?|可以打的|能打的)?"
    r"(?:电话|号码|热线)(?!给你|给你们)(?:号码)?(?:可以|能)?(?:直接)?(?:打|拨|联系|说|问|咨询|吗|呢|[？?])"),
    (r"(?:你们|您们|贵单位|这边|热线|客服|人工|咨询|办公室?|信访局|信访办)(?:的)?(?:电话|号码|热线)(?:号码)?"
    r"(?:是)?(?:多少|什么|几号|哪个|几)"),
    r"(?:打|拨)(?:哪个|什么|哪一个|几号)(?:电话|号码|热线)",
    r"(?:电话|热线)(?:怎么|咋)(?:打|拨)",
    # 不想跟机器人说 / 别用机器人回复我
    r"(?:不想|不要|不愿意?|别)(?:再)?(?:跟|和|与|用)?(?:机器人|机器|自动回复|AI)",
    # English
    (r"\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|some\s+|the\s+|your\s+)?(?:real\s+|live\s+)?"
    r"(?:person|human|agent|operator|someone|somebody|staff|officer|representative|people)\b"),
    r"\b(?:human|live|real)\s+(?:agent|person|operator|support|being)\b",
    r"\b(?:call|phone|ring)\s+me(?:\s+back)?\b",
    r"\bcall\s*back\b",
    r"\b(?:phone\s+)?number\s+(?:to|i\s+can|we\s+can)\s+(?:call|ring|phone)\b",
    r"\bwhat(?:'s|\s+is)\s+(?:your|the)\s+(?:phone|hotline|telephone)(?:\s+number)?\b",
    r"\b(?:an?\s+)?(?:operator|agent)\s+please\b",
))
# "人工" / "人工!!" / "转人工" alone: the whole message is the request.
_BARE = re.compile(r"^\s*(?:转|找|要)?(?:人工|真人|客服|human|agent|operator)\s*[!！。.?？~]*\s*$",
                   re.IGNORECASE)
# "有事可以联系我" offers a contact rather than asks for a call; "随时联系我" likewise.
_OFFER = re.compile(r"(?:有事|有问题|随时|方便时?|需要的话|需要时)\S{0,4}(?:可以)?(?:联系我|打我电话|给我打电话)"
                    r"(?![吗么？?])")
# Why a person is asked for: not a matter of its own ("我不会打字，我孙子帮我打的").
_REASONS = re.compile(
    r"(?:我|俺)?(?:不会|不太会|不怎么会)(?:打字|用手机|写字|拼音|上网)|打字(?:太|很|比较)?(?:慢|累|费劲|不方便)"
    r"|(?:我|俺)?(?:眼睛|眼神)(?:不好|不行|看不清|花了?)|(?:我|俺)?(?:年纪|岁数)(?:大了?|太大)|老(?:人|年人)"
    r"|(?:孙子|孙女|儿子|女儿|外孙|别人|家人)帮(?:我|俺)打的?|(?:说|讲|写)不(?:清楚|明白)|字(?:太小|看不清)"
    r"|老师傅|师傅|同志|您好|你好|谢谢(?:你们|您)?|麻烦(?:你们|您)?了?|辛苦了?")


@dataclass(frozen=True, slots=True)
class PersonRequest:
    """The spans of a message that ask for a person or a call back."""

    spans: tuple[tuple[int, int], ...]


def person_request(text: str) -> PersonRequest | None:
    """The request for a person in ``text`` (normalized), or None."""
    if not text or _OFFER.search(text) and not _ask_beyond_offer(text):
        return None
    if _BARE.match(text):
        return PersonRequest(((0, len(text)),))
    spans = []
    for pattern in _REQUESTS:
        for match in pattern.finditer(text):
            if _DECLINE.search(text[max(0, match.start() - 6):match.start()]) \
                    and not pattern.pattern.startswith("(?:不想"):
                continue
            spans.append(match.span())
    return PersonRequest(tuple(sorted(spans))) if spans else None


def _ask_beyond_offer(text: str) -> bool:
    """An offer of one's contact ("有事可以联系我") with a real request elsewhere."""
    return any(p.search(_OFFER.sub("", text)) for p in _REQUESTS) or bool(_BARE.match(text))


def beyond_request(text: str, request: PersonRequest) -> str:
    """``text`` without the request, the reasons for it and the words of courtesy."""
    kept, last = [], 0
    for start, end in request.spans:
        if start >= last:
            kept.append(text[last:start])
            last = end
        else:
            last = max(last, end)
    kept.append(text[last:])
    return _REASONS.sub("", "".join(kept))
