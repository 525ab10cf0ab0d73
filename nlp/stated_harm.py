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
from collections.abc import Iterable

#: The self-harm judgement a plainly said act is raised to: an alarm with the kind's own words
#: and the crisis line (``bot.dialogue.alarm.SURE``).
FLOOR = 0.5

#: The acts, said plainly ("我要跳楼", "不想活了", "喝农药", "死给你们看").
_ACT = re.compile(
    r"跳楼|跳河|跳江|跳湖|跳海|跳桥|跳崖|从楼上跳|从楼顶跳|往下跳|自杀|轻生|寻死|上吊|割腕|"
    r"喝农药|喝敌敌畏|喝百草枯|喝药|服毒|吞安眠药|吃老鼠药|自焚|卧轨|烧炭|"
    # Lying down on the railway ("我去铁路上躺着": the head hears an accident, 0.21), and the
    # way out said as a wish ("干脆一死了之": mass incident 0.02).
    r"(?:去|到)(?:铁路|铁轨|轨道|火车道)上?(?:去)?躺|躺(?:到|在)(?:铁路|铁轨|火车道)上(?!的)|"
    r"(?:让|被)火车(?:轧|压|撞)死|"
    r"撞火车|一死了之|"
    r"死给(?:你们|他们|她们|他|她)?看|(?:我|俺)(?:就|这就|现在就|只能|只好|干脆)?去死|一了百了|同归于尽|不想活(?!在)|不如死了|"
    # Fire set to oneself ("我要点火烧了自己", "身上浇了汽油"): the head hears fire (0.86).
    r"点火烧(?:了|死)?(?:我)?自己|烧死(?:我)?自己|把(?:我)?自己(?:给)?(?:烧了|点了|烧死)|"
    r"身上(?:浇|泼|倒|淋|洒)(?:了|满)?(?:一身)?(?:汽油|酒精|柴油)")
#: Said before the act in its clause, it takes the act back: a denial, or someone hypothetical.
_TAKEN_BACK_BEFORE = re.compile(
    r"(?:不是|并不是|并非|不会|不要|别|不想让|不至于|才不|决不|绝不|不可能|谁|唔係|唔会)[^，。！？,.!?;；\n]{0,5}$|"
    # "没想自杀", "并没有要跳楼" ("房子没了我不想活了" is no denial: 没 of something else).
    r"(?:没有?|冇)(?:要|想|打算|准备|说|说过)[^，。！？,.!?;；\n]{0,3}$|"
    r"(?:如果|要是|假如|万一|若)[^，。！？,.!?;；\n]{0,4}(?:有人|有谁|谁)[^，。！？,.!?;；\n]{0,6}$")
#: The thought of the act denied, the denial before it and the thought after ("我没有轻生的念头",
#: "没有任何自杀的想法", the record's "无自杀倾向"): the act's word is the thought's object, which
#: the clause says is absent. "我有自杀的念头" and "有过轻生的念头" are not denials.
_NO_THOUGHT_BEFORE = re.compile(r"(?:没有?|冇|无|并无|毫无)(?:任何|过|一点)?$")
_THOUGHT_AFTER = re.compile(r"的?(?:念头|想法|打算|意思|意图|倾向|计划)")
#: Past, or thought of once: "以前想过不活了", "前段时间自杀了", "试过轻生". Takes the act back
#: for the rule that raises it, not for the one that quiets the head (``all_taken_back``): "之前
#: 说过不想活了" beside someone locked in a bathroom is the danger now.
_PAST_BEFORE = re.compile(
    r"(?:以前|之前|前段时间|前阵子|上个月|上回|去年|前年|年前|曾经|当年|那时候|小时候|"
    r"想过|试过|有过|动过)[^，。！？,.!?;；\n]{0,16}$")
#: Exasperation in the words of harm: "气得我想跳楼", "排队排到想跳楼", "笑不活了".
_EXASPERATED = re.compile(r"(?:[得到](?:我|俺|人)?(?:都|真|真的|快|简直)?(?:想|要)|笑)$")
#: The act's word used for something else: "跳楼价", "跳楼甩卖", "跳楼机".
_OTHER_SENSE = re.compile(r"^(?:价|甩卖|大甩卖|机|式|取暖|盆|(?:了)?的心都有|的(?:人|家属|事))")
#: The whole message says the words were not meant.
_NOT_MEANT = re.compile(r"(?<!不是)(?<!没有)(?<!没)(?<!不)开玩笑|开个玩笑|说笑|气话|别当真|不要当真|说着玩|夸张|口头禅|吓唬|bushi|doge|狗头")
_CLAUSE_END = re.compile(r"[，。！？,.!?;；\n\s]")  # (a space ends a typed clause)


def stated_act(text: str) -> str:
    """The act of self-harm normalized ``text`` says plainly and does not take back ("跳楼"),
    "" when none."""
    return _first_meant(_ACT, text)


def _first_meant(pattern: re.Pattern[str], text: str) -> str:
    """The first match of ``pattern`` in ``text`` its own clause does not take back."""
    if _NOT_MEANT.search(text):
        return ""
    for found in pattern.finditer(text):
        if not _taken_back(text, found.start(), found.end(), past=True):
            return found.group(0)
    return ""


def _taken_back(text: str, start: int, end: int, *, past: bool) -> bool:
    """Whether the words of harm at ``text[start:end]`` are taken back by their own clause: a
    denial, a hypothetical someone, exasperation, another sense of the word, or (``past``)
    the past."""
    before = text[max(0, start - 20):start]
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    before = before[clause_start:]
    return bool(_TAKEN_BACK_BEFORE.search(before) or _EXASPERATED.search(before)
                or _OTHER_SENSE.match(text[end:])
                or (_NO_THOUGHT_BEFORE.search(before) and _THOUGHT_AFTER.match(text[end:]))
                or (past and _PAST_BEFORE.search(before)))


#: Fire against oneself, said of the writer or of someone present ("我要点火烧了自己", "他在身上
#: 淋了汽油 要点火", "自焚"): the crisis line goes with 119 (``bot.dialogue.emergency.advice``),
#: whichever of the two kinds the head hears.
_IMMOLATION = re.compile(
    r"自焚|自燃自己|点火烧(?:了|死)?(?:我|他|她)?自己|烧死(?:我|他|她)?自己|"
    r"把(?:我|他|她)?自己(?:给)?(?:烧了|点了|烧死|点着)|"
    r"身上(?:浇|泼|倒|淋|洒)(?:了|满)?(?:一身)?(?:的)?(?:汽油|酒精|柴油|煤油)|"
    r"(?:浇|泼|倒|淋|洒)(?:了)?(?:一身|满身|全身)(?:的)?(?:汽油|酒精|柴油|煤油)|"
    r"往(?:我|他|她)?(?:自己)?身上(?:浇|泼|倒|淋|洒)")


def self_immolation(text: str) -> bool:
    """Whether normalized ``text`` tells of fire set to oneself, not taken back."""
    return bool(_first_meant(_IMMOLATION, text))


def all_taken_back(text: str, words: tuple[str, ...]) -> bool:
    """Whether normalized ``text`` has words of self-harm (the acts, or ``words``: the concept
    family the head learns) and every one is taken back by its clause ("我不会自杀的",
    "跳楼价处理家具", "气得我想跳楼", "如果有人要跳楼"); the past does not take it back here.
    The act said plainly anywhere ("我不会自杀的 但真的不想活了") is not."""
    spans = [(m.start(), m.end()) for m in _ACT.finditer(text)]
    for word in words:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(word), text)]
    # (A joke said is no taking back here: "开玩笑的哈 遗书我都写好了" hides a danger.)
    return bool(spans) and all(_taken_back(text, start, end, past=False) for start, end in spans)


#: A marker of jest or anger itself denied ("俺不是吓唬人", "没开玩笑", "不是气话"): no taking back.
_DENIED_JEST = re.compile(r"(?:不是|并不是|并非|没有?|不|冇)[^，。！？,.!?;；\n\s]{0,2}$")


def said_in_jest(text: str, words: tuple[str, ...]) -> bool:
    """Whether normalized ``text`` says words of self-harm (the acts, or ``words``) and then
    calls them a joke or words said in anger ("不想活了是开玩笑的 我就是想吐槽一下物业", "说想死
    是夸张哈 排队排得想死"): every word of harm comes before the first such marker, and nothing
    of harm, no act and no hard life after it. A joke said first hides nothing ("开玩笑的哈 遗书我
    都写好了" stays), and a marker denied is none ("俺不是吓唬人 药都买好了")."""
    marker = next((found for found in _NOT_MEANT.finditer(text)
                   if not _DENIED_JEST.search(text[max(0, found.start() - 6):found.start()])), None)
    if marker is None:
        return False
    before, after = text[:marker.start()], text[marker.end():]
    said = _ACT.search(before) or any(word in before for word in words)
    return bool(said) and not _ACT.search(after) and not _HARD_LIFE.search(after) \
        and not any(word in after for word in words)


#: A death told, of someone named or "人" ("现在人走了", "我母亲…现在人走了", "老人去世三个
#: 月了"): a grief or a grievance, no danger now; and "走" of someone who left ("打人的人走了").
_DEATH = re.compile(
    r"(?:人|他|她|老人家?|母亲|父亲|妈妈?|爸爸?|爷爷|奶奶|姥姥|姥爷|外公|外婆|老伴|丈夫|老公|"
    r"妻子|老婆|媳妇|儿子|女儿|孩子|哥哥?|姐姐?|弟弟?|妹妹?|舅舅?|叔叔?|婶婶?|姨|家属|病人)"
    # (where or how, between: "我奶奶在养老院去世了", "我爸手术后没了")
    r"[^，。！？,.!?;；\s被]{0,8}?"
    r"(?:已经|都|也|就|早就?|刚刚?|前天|昨天|上个月|去年)?"
    r"(?P<verb>走了|没了|去世了?|过世了?|离世了?|病逝了?|不在了|死了|走掉了)"
    r"(?=$|[\s，。！？,.!?;；~～了啊呀吧呢]|[一两三四五六七八九十几\d]|以后|之后|后|那|的时候|我)")


def death_told(text: str) -> str:
    """The words of a death (or a departure) told in normalized ``text``, "" when none."""
    found = _DEATH.search(text)
    return found.group(0) if found else ""


def only_a_death(text: str, danger_words: Iterable[str]) -> bool:
    """Whether normalized ``text`` tells a death or a departure and no other word of danger
    (``danger_words``: the concept families of every kind) nor an act of self-harm: "现在人走了"
    (violence 0.93 on 人, 走, 现在), "我母亲住院被医院耽误了 现在人走了 我要讨个说法" (self-harm
    0.63). Which danger, if any, is not told: the kind's own text would guess (the crisis text
    to a son whose mother died in hospital), so the general one is given, every number with the
    crisis line among them (``bot.dialogue.emergency.advice``); still an alarm, recall first —
    "等你们回的时候我人已经不在了" is despair in the same words."""
    if not _DEATH.search(text):
        return False
    rest = _DEATH.sub(lambda found: found.group(0)[:found.start("verb") - found.start()] + " ",
                      text)  # (the words before the death are read: "他拿刀砍了我 人走了")
    # (The whole text too: "孩子被人绑走了" is 绑走, a word of violence, not a death.)
    return not stated_act(rest) and not any(word in rest or word in text
                                            for word in danger_words)


#: A hard life said in so many words ("这日子没法过了", "日子过不下去了"): despair, or a figure
#: of speech for a noisy neighbour; the head hears it faintly or not at all (0.01). Not a threat:
#: a quiet signal (``bot.dialogue.alarm``), the safety line with the crisis line, a person sees it.
_HARD_LIFE = re.compile(
    r"(?:日子|生活)(?:真的?|实在|简直|根本|都|是|彻底)?(?:没法|没办法|不能|无法)(?:再)?过(?:下去)?|"
    r"(?:日子|生活)(?:真的?|实在|简直|根本|都|是|彻底)?过不下去")
#: How sure a hard life said is made when the head heard nothing: a quiet self-harm signal.
HARD_LIFE_FLOOR = 0.05


def hard_life(text: str) -> str:
    """The words of a hard life in normalized ``text`` not taken back, "" when none."""
    return _first_meant(_HARD_LIFE, text)


#: A cry for help and nothing else ("救命", "救救我啊", "快来人"): the head hears it faintly
#: (0.03) and the short safety line was all it got; it is an alarm with every number to call.
_CRY = re.compile(r"(?:救命|救救我|救救我们|快来人|来人啊?|sos)(?:啊|呀|哪|啦|了)*[!！。.\s~～]*",
                  re.IGNORECASE)
#: How sure a bare cry is made: an alarm that leads with every number (``alarm.QUIET``).
CRY_FLOOR = 0.2


def only_a_cry(text: str) -> bool:
    """Whether normalized ``text`` is a cry for help and nothing else."""
    return _CRY.fullmatch(text.strip()) is not None
