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

from nlp.leading import Leading

# "人工" followed by one of these is another word (人工湖, 人工费, 工人工资, 人工智能...).
_NOT_A_SERVICE = (r"(?!作|湖|费|资|智|成本|草|降|河|岛|林|养|喂|授|合成|种|繁|挖|造|材|骨|时|日"
                  r"|钱|价|呼吸|流产|耳蜗|关节|晶体|心脏|照明|景|瀑|山|池|渠|鱼|孵|栽|清理|搬)")
_HUMAN = r"(?:人工|真人|活人)"
_AGENT = (r"(?:人工|真人|活人|客服|话务员|接线员|工作人员|办事人员|专人|负责人|领导|同志|你们的?人"
          r"|主任|科长|局长|处长|书记|主管"
          r"|管(?:这|这个|这件)?事的人|人)")
# What asks: a modal, a polite word, a wish ("能不能", "麻烦", "希望", "让", "派").
# (Not inside another word: 派出所, 申请, 可能, 思想, 转让, 叫做.)
_CUE = re.compile(r"(?<![申邀宴])请|麻烦|劳驾|(?<![可功不只才本])能|可以|可否|可不可以|行不行|希望"
                  r"|(?<![思理幻感猜回])想|要求|需要|盼|(?<![转出])让|叫(?!做)|派(?!出所)|安排|尽快"
                  r"|赶紧|赶快|务必|速|求|拜托|帮我|帮忙|我要", re.IGNORECASE)
# An English refusal before the request ("I do not want anyone to call me").
_DECLINE_EN = re.compile(r"\b(?:not|don't|dont|never|no\s+one|nobody|stop)\b", re.IGNORECASE)
# Words that decline what follows ("不用给我打电话", "请不要再给我打电话了", "别转人工").
_DECLINE = re.compile(r"不用|不要|不需要|无需|别|不必|甭|没必要|不想|勿|[不没]$")
# Reported speech: "经理说会找人联系我", "他答应给我回电话" tell what someone else said.
_REPORTED = re.compile(r"(?:说|答应|承诺|表示|告诉我)(?:了|过)?(?:会|要|马上|尽快|等)")
# A clause boundary: a cue is looked for in the clause before the call ("我不想打字，请打电话给我").
_NOT_WORDS = re.compile(r"[\W_]+")
#: What may follow a call asked for alone: a particle, "好吗", thanks ("打电话给我干嘛" asks why).
_ASKING_TAIL = re.compile(r"(?:吧|啊|呀|哈|呗|好吗|行吗|可以吗|好不好|行不行|谢谢|麻烦了|拜托了|急)*")
_CLAUSE = re.compile(r"[，。！？,.!?；;\n]")
_CUE_WINDOW = 12
_TALK = r"(?:说(?!明|法|的)|谈|面谈|聊|通话|沟通|对接|对话|讲|反映|解释)"
_REACH = (r"(?:联系|回访|回电|回个电话|回电话|打(?:个|一个|一下|一通)?电话|来(?:个)?电话"
          r"|通(?:个)?电话|通(?:个)?话|来电|致电|打给我)")

#: Requests whatever precedes them: 转人工, a number asked for, English.
_EXPLICIT: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.IGNORECASE) for p in (
    # 转人工 / 找人工客服 / 求人工 / 换人工 / 需要人工帮助
    r"(?:转|转接|找|要|接|接通|呼叫|换成?|切换到?|叫|联系|需要|请求|申请|求|要求)(?:给|到|去)?"
    r"(?:一下|个|一个)?"
    + _HUMAN + r"(?:客服|服务|坐席|接听|台|热线|回复|处理|沟通|对话|聊天|帮助|帮忙)?" + _NOT_A_SERVICE,
    _HUMAN + r"(?:客服|服务(?!费|区|站|中心|项目)|坐席|接线|话务|热线|电话)",
    # 接通工作人员 / 转接客服
    r"(?:转接|接通|转给|呼叫)(?:一下)?(?:你们的?)?(?:工作人员|办事人员|客服|话务员|接线员|负责人)",
    r"(?:转|找|要|接|联系|呼叫|叫)(?:一下|个)?(?:你们的?)?(?:在线)?客服(?!电话是)",
    # 有真人可以聊吗
    r"有(?:没有)?(?:人工|真人)(?:客服)?(?:可以|能)?(?:聊|说|谈|沟通|回复|接)",
    # 有没有人工 / 有人工吗
    r"有(?:没有)?(?:人工|真人)(?:客服|服务)?" + _NOT_A_SERVICE + r"(?:吗|么|没有|[？?]|$)",
    # 留个电话给我 / 你们热线号码给我一个
    r"(?:留|给)(?:个|一个)(?:电话|号码)给我",
    r"(?:你们|您们)的?(?:热线|电话|联系电话|号码)(?:号码)?给我",
    # 真人在吗 / 人工客服在不在
    r"(?:人工|真人|客服)(?:客服)?(?:在吗|在么|在不在|有吗)",
    # 有没有电话可以直接打过去 / 你们电话多少 / 热线号码是多少 / 打哪个电话 / 有热线吗
    (r"(?:有没有|有无|有什么|给个|留个|告诉我|要个)(?:你们的?|人工的?|客服的?|可以打的|能打的)?"
     r"(?:座机|固定|办公|联系|咨询)?(?:电话|号码|热线)(?!给你|给你们)(?:号码)?"
     r"(?:可以|能)?(?:直接)?(?:打|拨|联系|说|问|咨询|吗|呢|[？?]|$)"),
    # 你们的咨询电话能告诉我吗 / 给个联系方式
    r"(?<![打回来通拨个])(?:电话|号码|热线|联系方式)(?:号码)?(?:能|可以|能不能)(?:告诉|发给|给)我",
    r"(?:给|留)(?:个|一个)(?:你们的?)?联系方式",
    # 给我留个能打通的电话 / 留个电话给我
    r"给我留(?:个|一个)\S{0,5}?(?:电话|号码)|(?:留|给)(?:个|一个)\S{0,5}?(?:电话|号码)给我",
    (r"(?:你们|您们|贵单位|这边|热线|客服|人工|咨询|办公室?|信访局|信访办)(?:的)?(?:联系|咨询|办公|服务)?"
     r"(?:电话|号码|热线)(?:号码)?(?:是)?(?:多少|什么|几号|哪个|几)"),
    r"(?:打|拨)(?:哪个|什么|哪一个|几号)(?:电话|号码|热线)",
    r"(?:电话|热线)(?:怎么|咋)(?:打|拨)",
    r"有(?:没有)?(?:人工|客服|咨询|服务)?(?:电话|热线)(?:号码)?(?:吗|么|没有|[？?])",
    # 你们的联系电话 (at the end: "你们的电话一直打不通" is a complaint)
    r"(?:你们|您们|贵单位)的?(?:联系|咨询|办公|服务)?(?:电话|号码|热线)(?:号码)?\s*[？?。.!！]*$",
    # 怎么才能找到真人 / 如何联系工作人员
    (r"(?:怎么|如何|咋|怎样)\S{0,4}?(?:找到?|联系|转|接通|跟|和|与)(?:上|到)?(?:一个|个)?(?:你们的?)?"
     r"(?:人工|真人|客服|工作人员|办事人员|负责人|专人)"),
    # 找个人跟我说 / 派个人来给我讲讲: a person to talk to, asked for in so many words; not
    # after one who is another party ("开发商找个人跟我谈…", "他找个人…": someone else's doing)
    r"(?<![他她它方商板司府局委会部区长队主户东])(?:找|来|派|叫|换)(?:一个|个)(?:真|活)?人(?:来|过来)?(?:跟|和|给|同|与)我(?:说|讲|聊|解释|谈|唠)",
    # 不想跟机器人说 / 别用机器人回复我 / 不要机器
    r"(?:不想|不要|不愿意?|别)(?:再)?(?:跟|和|与|用|让)?(?:机器人|机器|自动回复|AI)",
    # English
    (r"\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|some\s+|the\s+|your\s+)?(?:real\s+|live\s+)?"
     r"(?:person|human|agent|operator|someone|somebody|staff|officer|representative|people)\b"),
    r"\b(?:human|live|real)\s+(?:agent|person|operator|support|being)\b",
    r"\b(?:need|want)\s+(?:an?\s+)?(?:human|real\s+person|agent|operator)\b",
    r"\b(?:get|put|have)\s+(?:a\s+)?(?:person|human|someone|somebody|agent)\s+on\s+the\s+(?:line|phone)\b",
    r"\bwhat\s+(?:number|phone)\s+(?:can|do|should|could)\s+i\s+(?:call|ring|phone|dial)\b",
    r"\b(?:is\s+there|do\s+you\s+have)\s+an?\s+(?:hotline|phone\s+number|number\s+to\s+call)\b",
    (r"\b(?:connect|transfer|put)\s+me\s+(?:to|through\s+to|with)\s+(?:a\s+|an\s+|the\s+|some\s+)?"
     r"(?:agent|person|human|operator|staff|someone|officer)\b"),
    r"\b(?:call|phone|ring)\s+me(?:\s+back)?\b",
    r"\bcall\s*back\b",
    (r"\b(?:please|pls|someone|somebody|have\s+\w+|get\s+\w+|ask\s+\w+)\s+(?:to\s+)?(?:\w+\s+)?"
     r"(?:contact|call|phone|ring)\s+me\b"),
    r"\b(?:want|like|need|can|could|may)\s+(?:to\s+)?(?:call|phone|ring)\s+(?:you|someone|somebody|your)\b",
    r"\b(?:can|could|may)\s+i\s+(?:have|get)\s+a\s+call\b|\b(?:like|want|need)\s+a\s+call(?:\s*back)?\b",
    r"\b(?:phone\s+)?number\s+(?:to|i\s+can|we\s+can)\s+(?:call|ring|phone)\b",
    r"\bwhat(?:'s|\s+is)\s+(?:your|the)\s+(?:phone|hotline|telephone)(?:\s+number)?\b",
    r"\b(?:an?\s+)?(?:operator|agent|human|person)\s+please\b",
))
#: Requests only with a cue in the clause before them ("能不能", "请", "希望"): without one a
#: call is a story ("他天天打电话给我骚扰", "社区昨天给我回电话说会处理").
_CUED: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.IGNORECASE) for p in (
    # 给我回个电话 / 打电话给我 / 打我电话 / 电话回访我 / 联系我 / 回电 / 回拨
    r"给我(?:打|回|来|通)(?:个|一个|一下|一通)?电话",
    r"(?:打|回|来|通)(?:个|一个|一下|一通)?电话(?:给我|给俺|过来)",
    (r"(?<!给他)(?<!给她)(?<!给他们)(?<!给对方)(?<!让我)(?<!叫我)(?<!要我)(?<!喊我)回(?:个|一个|一下)?电(?:话)?"
     r"(?!给他|给她|给对方)"),
    # 给我回个话 / 找个懂行的人给我说说
    r"给我回(?:个)?话",
    r"(?:一个|个)?" + _AGENT + r"(?:给|跟|和)我(?:说说|讲讲|解释|说一下|讲一下)",
    # 我想直接打电话给你们
    r"(?:打|拨)(?:个|一个)?电话给你们|给你们打(?:个|一个)?电话",
    r"回拨|致电我|打给我|打我(?:的)?(?:电话|手机)|(?:电话)?回访(?:我|一下)?",
    r"(?:电话|当面|上门)?联系(?:一下)?(?:我|俺)(?!的|家|儿|女|老|爸|妈|父|母|们的|单位|公司|领导|亲戚|朋友)|(?:跟|与|和)(?:我|俺)联系",
    # 让工作人员给我打电话 / 请专人联系 / 派个人跟我对接
    r"(?:一个|个)?(?:你们的?)?" + _AGENT + r"\S{0,3}?(?:跟我|和我|与我|给我|给俺)?" + _REACH,
    r"(?:一个|个)?(?:你们的?)?" + _AGENT + r"(?:来|上门|过来)?(?:跟|和|与|找)(?:我|俺)" + _TALK,
    # 帮我联系一下工作人员
    r"联系(?:一下)?(?:你们的?)?(?:工作人员|办事人员|负责人|专人|客服|人工)",
    # 跟工作人员说清楚 / 和真人聊一下 / 与负责人通个电话
    r"(?:跟|和|与|同|找|叫)(?:一个|个)?(?:你们的?)?" + _AGENT + r"(?:当面|直接|电话)?" + r"(?:" + _TALK
    + "|" + _REACH + ")",
    # 帮我叫个工作人员 / 麻烦找个客服
    r"(?:叫|找|喊)(?:一个|个|一下)?(?:你们的?)?(?:工作人员|办事人员|负责人|专人|人工|真人|客服)",
    # 叫你们工作人员来 / 请负责人过来
    r"(?:你们的?)?(?:工作人员|办事人员|负责人|领导|专人|主管|主任|科长|局长|处长|书记)(?:来|过来)(?!了|过)",
    # 能电话说吗 / 可以打电话反映吗
    r"(?:打)?电话(?:里)?(?:说|讲|反映|沟通|联系|聊)",
))
#: Frustration with the bot itself ("你是不是傻", "怎么老回复一样的话", "答非所问"): what an
#: operator hears as "let me talk to someone" — a person is asked for, with an apology. Only
#: words addressed to the bot (你 / 机器人 / 系统 / 自动回复) or said only of a chat ("答非所问",
#: "复读机"): "窗口那个人听不懂人话" is a complaint about staff, a matter for the rows below.
_AT_THE_BOT: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.IGNORECASE) for p in (
    (r"(?<![他她它])(?:你|你们|机器人|系统|小助手|自动回复)(?:到底|究竟|真的)?(?:是不是|是|真是?|太|好|咋这么|怎么这么|也太)?"
    r"(?:有点)?(?:傻|笨|蠢|弱智|智障|白痴|脑残)(?!瓜子)"),
    r"人工智障|复读机|答非所问|牛头不对马嘴|驴唇不对马嘴|鸡同鸭讲|对牛弹琴",
    (r"(?<![他她它])(?:你|你们|机器人|系统)(?:根本|完全|压根|是不是|咋|怎么|还是)?(?:就)?(?:听不懂|看不懂|不懂我|"
    r"不明白我|没(?:看|听)懂我?|理解不了)"),
    # asked whether it can understand at all: "你们能不能听懂人话", "你到底懂不懂我说的"
    (r"(?<![他她它])(?:你|你们|机器人|系统)(?:到底|究竟|还)?(?:能不能|能否|会不会|可不可以)?"
    r"(?:听得?懂|看得?懂|懂不懂|听不听得懂|看不看得懂)(?:人话|中文|我(?:说|写|讲)的)"),
    # (the same reply again: of the bot's replies, or said to the bot: "物业总是说一样的话" is
    # a complaint about the property manager)
    (r"(?<![他她它业])(?:怎么|咋)?(?:老是|总是|一直|又|老|来来回回)(?:在|就)?(?:回复|回答|发)(?:这|那)?"
    r"(?:一样|同样|相同|几句|同一句|一句)"),
    (r"(?:你|机器人|系统)(?:怎么|咋)?(?:老是|总是|一直|又|老)(?:在|就)?(?:说|重复)(?:这|那)?"
    r"(?:一样|同样|相同|几句|同一句|一句)"),
    r"(?:自动回复|机器人|机器|这破?系统)(?:有什么用|有啥用|有个屁用|没用|没有用|真没用|废物|靠不住|不管用)",
    r"(?:跟|和|同)(?:你这?个?)?(?:机器人?|电脑|程序)(?:根本)?(?:说|讲|聊)不(?:清|明白|通)",
    (r"\b(?:stupid|useless|dumb|silly)\s+(?:bot|robot|machine|system)\b|\byou\s+(?:don't|do\s+not|dont)"
     r"\s+(?:understand|get\s+it)\b|\bwhat\s+are\s+you\s+talking\s+about\b|\bsame\s+(?:reply|answer)\s+again\b"),
))
# "人工" / "人工!!" / "人工人工" / "转人工" / "human please" alone: the whole message is the request.
_BARE = re.compile(r"^(?:\s*(?:转|找|要|接|求)?(?:人工|真人|客服|human|agent|operator)"
                   r"(?:\s*please)?[\s!！。.?？~,，]*)+(?:谢谢|谢了|麻烦了|拜托了?|thanks|thank you)?"
                   r"[\s!！。.?？~]*$", re.IGNORECASE)
# "有事可以联系我" offers a contact rather than asks for a call; "随时联系我" likewise.
_OFFER = re.compile(r"(?:有事|有问题|随时|(?<!不)方便时?|需要的话|需要时)[^，。,.!！？?]{0,4}(?:可以)?"
                    r"(?:联系我|打我电话|给我打电话)(?![吗么？?])")
# Why a person is asked for: not a matter of its own ("我不会打字，我孙子帮我打的").
_REASONS = re.compile(
    r"(?:我|俺)?(?:不会|不太会|不怎么会)(?:打字|用手机|写字|拼音|上网)|打字(?:太|很|比较)?(?:慢|累|费劲|不方便)"
    r"|(?:我|俺)?(?:眼睛|眼神)(?:不好|不行|看不清|花了?)|(?:我|俺)?(?:年纪|岁数)(?:大了?|太大)|老(?:人|年人)"
    r"|(?:孙子|孙女|儿子|女儿|外孙|别人|家人)帮(?:我|俺)打的?|(?:说|讲|写)不(?:清楚|明白)|字(?:太小|看不清)"
    r"|(?:腿脚|行动|身体)不(?:便|好|方便)|不(?:想|方便)打字|(?:说|讲)得?(?:清楚|明白)些?|当面|直接"
    r"|(?:问|了解)(?:一下)?(?:我的?)?情况|号码(?:是)?多少|负责(?:这|这个)?件?事的?"
    r"|(?:有没有|有无)?(?:相关部门的?)?(?:工作人员|办事人员|负责人|专人|人工|客服|领导)"
    r"|老师傅|师傅|同志|您好|你好|谢谢(?:你们|您)?|麻烦(?:你们|您)?了?|辛苦了?")


@dataclass(frozen=True, slots=True)
class PersonRequest:
    """The spans of a message that ask for a person or a call back."""

    spans: tuple[tuple[int, int], ...]
    #: The person is asked for in frustration with the bot: the reply begins with an apology.
    at_the_bot: bool = False


#: Every request pattern as one alternation, looked for once: most messages decided ask for
#: nobody, and scanning each of the fifty patterns in turn was half of the dialogue's text
#: reading on the decide path (issue 17). A branch of an alternation matches wherever its
#: pattern alone would (same flags, no group referred to), so a text this finds nothing in is
#: one no pattern below finds anything in, and ``person_request`` gives None for it.
_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in (*_EXPLICIT, *_CUED, _BARE,
                                                       *_AT_THE_BOT)),
                  re.IGNORECASE)
#: ...tried only where one of its branches can begin (nlp.leading): its branches start with
#: optional words and look-behinds, which Python's engine tries at every position.
_ANY_LEADING = Leading(_ANY)
_FIRST_PERSON = str.maketrans({"俺": "我", "咱": "我"})


def person_request(text: str) -> PersonRequest | None:
    """The request for a person in ``text`` (normalized), or None."""
    # 俺 and 咱 are 我 in the north ("找个人跟俺说"): one character for one, so spans still fit.
    text = text.translate(_FIRST_PERSON)
    if not text or _ANY_LEADING.search(text) is None:
        return None
    if _OFFER.search(text) and not _ask_beyond_offer(text):
        return None
    if _BARE.match(text):
        return PersonRequest(((0, len(text)),))
    spans = []
    for pattern in _EXPLICIT:
        for match in pattern.finditer(text):
            declines = pattern.pattern.startswith("(?:不想")  # the refusal is the request
            prefix = text[max(0, match.start() - 4):match.start()]
            english = _DECLINE_EN.search(text[max(0, match.start() - 24):match.start()])
            if declines or not (_DECLINE.search(prefix) or english):
                spans.append(match.span())
    for pattern in _CUED:
        for match in pattern.finditer(text):
            if _cued(text, match.start(), match.group()):
                spans.append(match.span())
    vexed = [match.span() for pattern in _AT_THE_BOT for match in pattern.finditer(text)]
    if not spans and not vexed:
        return None
    return PersonRequest(tuple(sorted(spans + vexed)), at_the_bot=bool(vexed))


def _cued(text: str, start: int, found: str) -> bool:
    """A cue in the clause before ``start`` (or in the match), no decline after it and no
    reported speech: "请不要再给我打电话了" declines, "经理说会找人联系我" reports."""
    clauses = _CLAUSE.split(text[max(0, start - _CUE_WINDOW):start])
    before = clauses[-1]
    if not before.strip() and len(clauses) > 1:  # "拜托了，回个电话吧": the cue is its own clause
        before = clauses[-2]
    window = before + found
    if _DECLINE.search(window) or _REPORTED.search(window):
        return False
    # "给我回个电话" / "回个电话吧" said alone: the imperative is its own cue (a story has a
    # subject before the call or goes on after it).
    alone = not text[:start].strip() and _ASKING_TAIL.fullmatch(
        _NOT_WORDS.sub("", text[start + len(found):])) is not None
    return alone or bool(_CUE.search(window))


def _ask_beyond_offer(text: str) -> bool:
    """An offer of one's contact ("有事可以联系我") with a real request elsewhere."""
    rest = _OFFER.sub("", text)
    return any(p.search(rest) for p in _EXPLICIT) or any(
        _cued(rest, m.start(), m.group()) for p in _CUED for m in p.finditer(rest))


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
    # The cue words belong to the request too ("能不能安排…", "希望…").
    return _CUE.sub("", _REASONS.sub("", "".join(kept)))
