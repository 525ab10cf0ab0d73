"""A threat to one's life said in so many words: a floor under the learned emergency head.

The head learns from the phrasing corpus, where "跳楼" is written far more often in calm
sentences ("不是要跳楼，是楼顶漏水", "排队排得我想跳楼", "跳楼价") than in a threat: fitted on
them, it read "我要跳楼" as calm (0.004) while "我现在就从楼顶跳下去" was 1.0. A guess is not
acceptable there (issue 15: a miss can cost a life), so the act said plainly is a rule: it
raises the self-harm judgement to :data:`FLOOR` unless its own clause takes it back — a denial
("不是要跳楼", "没想自杀"), the idiom of exasperation ("气得我想跳楼", "烦得要死"), a price
("跳楼价"), a hypothetical someone ("如果有人要跳楼"), or the whole message calling it a joke
or words said in anger ("开玩笑的", "气话").
"""

from __future__ import annotations

import re

#: The self-harm judgement a plainly said act is raised to: an alarm with the kind's own words
#: and the crisis line (``bot.dialogue.alarm.SURE``).
FLOOR = 0.5

#: The acts, said plainly ("我要跳楼", "不想活了", "喝农药", "死给你们看").
_ACT = re.compile(
    r"跳楼|跳河|跳江|跳湖|跳海|跳桥|跳崖|从楼上跳|从楼顶跳|往下跳|自杀|轻生|寻死|上吊|割腕|"
    r"喝农药|喝敌敌畏|喝百草枯|喝药|服毒|吞安眠药|吃老鼠药|自焚|卧轨|烧炭|"
    r"死给(?:你们|他们|她们|他|她)?看|(?:我|俺)(?:就|这就|现在就|只能|只好|干脆)?去死|一了百了|同归于尽|不想活(?!在)|不如死了")
#: Said before the act in its clause, it takes the act back: a denial, or someone hypothetical.
_TAKEN_BACK_BEFORE = re.compile(
    r"(?:不是|并不是|并非|不会|不要|别|不想让|不至于|谁|唔係|唔会)[^，。！？,.!?;；\n]{0,5}$|"
    # "没想自杀", "并没有要跳楼" ("房子没了我不想活了" is no denial: 没 of something else).
    r"(?:没有?|冇)(?:要|想|打算|准备|说|说过)[^，。！？,.!?;；\n]{0,3}$|"
    r"(?:如果|要是|假如|万一|若)[^，。！？,.!?;；\n]{0,4}(?:有人|有谁|谁)[^，。！？,.!?;；\n]{0,6}$|"
    # Past, or thought of once: "以前想过不活了", "前段时间自杀了", "试过轻生".
    r"(?:以前|之前|前段时间|前阵子|上个月|上回|去年|前年|年前|曾经|当年|那时候|小时候|"
    r"想过|试过|有过|动过)[^，。！？,.!?;；\n]{0,16}$")
#: Exasperation in the words of harm: "气得我想跳楼", "排队排到想跳楼", "笑不活了".
_EXASPERATED = re.compile(r"(?:[得到](?:我|俺|人)?(?:都|真|真的|快|简直)?(?:想|要)|笑)$")
#: The act's word used for something else: "跳楼价", "跳楼甩卖", "跳楼机".
_OTHER_SENSE = re.compile(r"^(?:价|甩卖|大甩卖|机|式|取暖|盆|(?:了)?的心都有|的(?:人|家属|事))")
#: The whole message says the words were not meant.
_NOT_MEANT = re.compile(r"开玩笑|开个玩笑|说笑|气话|别当真|不要当真|说着玩|夸张|口头禅|吓唬|bushi|doge|狗头")
_CLAUSE_END = re.compile(r"[，。！？,.!?;；\n]")


def stated_act(text: str) -> str:
    """The act of self-harm normalized ``text`` says plainly and does not take back ("跳楼"),
    "" when none."""
    if _NOT_MEANT.search(text):
        return ""
    for found in _ACT.finditer(text):
        before = text[max(0, found.start() - 20):found.start()]
        clause_start = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
        before = before[clause_start:]
        if _TAKEN_BACK_BEFORE.search(before) or _EXASPERATED.search(before) \
                or _OTHER_SENSE.match(text[found.end():]):
            continue
        return found.group(0)
    return ""


#: A cry for help and nothing else ("救命", "救救我啊", "快来人"): the head hears it faintly
#: (0.03) and the short safety line was all it got; it is an alarm with every number to call.
_CRY = re.compile(r"(?:救命|救救我|救救我们|快来人|来人啊?|sos)(?:啊|呀|哪|啦|了)*[!！。.\s~～]*",
                  re.IGNORECASE)
#: How sure a bare cry is made: an alarm that leads with every number (``alarm.QUIET``).
CRY_FLOOR = 0.2


def only_a_cry(text: str) -> bool:
    """Whether normalized ``text`` is a cry for help and nothing else."""
    return _CRY.fullmatch(text.strip()) is not None
