"""How loud an emergency signal is: whether it leads the reply or follows the normal one.

The recall-first judgement flags at a very low probability (issue 15: a miss can cost a life),
so most of what it flags faintly is a calm complaint ("路灯坏了两周了" 0.10, "水压太低" 0.05).
Every flagged signal reaches a person at once and tells the citizen the numbers to call; how
loudly depends on how sure it is. On the dev split (6,573 rows, session 12), the flagged rows
judged other than self-harm, by P(an emergency):

    under 0.2      real 20, calm 289   quiet: one safety line, then the normal reply
    0.2 to 0.5     real 36, calm 33    the general alarm first (every number, 12356)
    0.5 and over   real 653, calm 19   the kind's number first, then every other

(judged self-harm, at any level: real 178, calm 108 — always an alarm).

Self-harm is never quiet: despair half-said ("明天带孩子一起走了就解脱了", 0.17) reads no louder
than a misread withdrawal ("不弄了，已经被清走了", 0.16), and the crisis line is the one number a
citizen cannot guess. Kept apart from bot.dialogue.emergency so the rows that step aside for an
alarm (rating, status, withdrawal, registration) ask the same question without importing it.
"""

from __future__ import annotations

import re

from nlp import Analysis
from nlp.calm_matters import (
    awaiting_repair,
    employer_gone,
    gives_up_the_matter,
    routine_nuisance,
    unreachable_debtor,
)
from nlp.dialogue_lexicon import CONCEPTS
from nlp.hearsay import heard_of_someone, routine_care
from nlp.missing import tells_missing_person
from nlp.normalize import normalize
from nlp.stated_harm import all_taken_back, hard_life, said_in_jest, stated_act

#: At or above this the alarm leads the reply with the kind's number to call ("孩子发烧四十度"
#: 0.83).
SURE = 0.5
#: Below this (and not self-harm) the signal is quiet: the normal row answers the message as
#: what it is, led by one short safety line, and the case goes to a person flagged.
QUIET = 0.2


def quiet(analysis: Analysis) -> bool:
    """A flagged signal too faint to lead the reply (see the module's table), or one heard in an
    ultimatum to go higher or public that names no danger (nlp.ultimatum: the crisis line was
    given to people who said they would go to Beijing)."""
    return analysis.emergency and (analysis.threatens_escalation or not_alight(analysis)
                                   or taken_back(analysis) or heard_of(analysis)
                                   or cared_for(analysis) or debtor_dodging(analysis)
                                   or in_jest(analysis) or (
        analysis.emergency_confidence < QUIET and (analysis.emergency_kind != "self_harm"
                                                   or denied(analysis) or solved(analysis)
                                                   or gave_up(analysis)
                                                   or only_hard_life(analysis)
                                                   or debtor_out_of_reach(analysis)
                                                   or only_disrepair(analysis))))


#: The concept families of every kind of danger (nlp.dialogue_lexicon).
_DANGER_WORDS = tuple(word for kind in ("self_harm", "violence", "fire", "gas", "accident",
                                        "medical", "mass_incident", "urgent")
                      for word in CONCEPTS[kind])


def heard_of(analysis: Analysis) -> bool:
    """Danger passed on from the news or a rumour, of someone else, and no word of danger
    outside it ("新闻说有个人跳河了 你们管不管", self-harm 0.59; "听说隔壁小区有人跳楼了 物业也不
    管管"; nlp.hearsay): quiet — a person sees the case at once, the citizen gets the safety
    line with the crisis line — not the crisis alarm telling the writer to treasure their life.
    "听说有人跳楼了 我也不想活了" still leads."""
    return heard_of_someone(_typed_clauses(analysis), _DANGER_WORDS, stated_act)


def cared_for(analysis: Analysis) -> bool:
    """A medical signal in a message telling care given (an injection, a vaccine, a drip) and no
    sign of a severe reaction nor any other word of danger ("孩子打针了 发烧还没退", 0.21;
    "打疫苗了 手臂有点肿"; nlp.hearsay): quiet, not the general alarm. "打完疫苗 抽搐了" leads."""
    text = analysis.text
    return analysis.emergency_kind == "medical" and routine_care(text) \
        and not any(word in text for word in _DANGER_WORDS)


def in_jest(analysis: Analysis) -> bool:
    """A self-harm signal, however sure, on words of harm the writer then calls a joke or words
    said in anger, with nothing of harm after ("不想活了是开玩笑的 我就是想吐槽一下物业", 0.69;
    nlp.stated_harm.said_in_jest): the guide labels these empty (a figure of speech). Quiet —
    the safety line with the crisis line leads, a person sees the case at once — not the crisis
    alarm telling the writer to treasure their life. Over the labelled phrasing files (dev and
    held-out aside, 40,356 texts) the grammar is in 24, all labelled none; 11 of them led with
    the alarm and are quiet now. "开玩笑的哈 遗书我都写好了" and "俺不是吓唬人 药都买好了" still
    lead (docs/NLP.md, session 25, probe30)."""
    return analysis.emergency_kind == "self_harm" and said_in_jest(
        analysis.text, CONCEPTS["self_harm"])


def taken_back(analysis: Analysis) -> bool:
    """A self-harm signal under SURE whose every word of self-harm is taken back by its own
    clause (nlp.stated_harm.all_taken_back): denied ("我不会自杀的 你们放心 就是想问问低保怎么
    申请", 0.42 on 自杀, 不会), another sense ("跳楼价处理家具", 0.09), exasperation ("气得我想
    跳楼"), a hypothetical someone ("如果有人要跳楼"). Quiet: a person sees the case at once
    and the citizen gets the safety line with the crisis line, not the crisis alarm telling
    someone who said the opposite that they were misread. A surer head (≥ SURE), or any word of
    self-harm not taken back ("我不会自杀的 但真的不想活了"), still leads."""
    return (analysis.emergency_kind == "self_harm" and analysis.emergency_confidence < SURE
            and all_taken_back(analysis.text, CONCEPTS["self_harm"])
            and all_taken_back(_typed_clauses(analysis), CONCEPTS["self_harm"]))


def _typed_clauses(analysis: Analysis) -> str:
    """The message normalized with its typed spaces kept as clause breaks (normalizing joins
    "不会跳河 我去喝药" into one clause, where the denial would reach the second act)."""
    return "，".join(normalize(piece) for piece in (analysis.source or analysis.text).split())


def only_hard_life(analysis: Analysis) -> bool:
    """A faint self-harm signal where a hard life is all that is said of it ("这日子没法过了",
    raised by the analyzer from 0.01, nlp.stated_harm.hard_life; "楼上天天装修 这日子没法过了"):
    quiet with the crisis line, a person sees it. Any word of the self-harm family or an act
    beside it ("日子没法过了 药都准备好了") leads."""
    text = analysis.text
    return bool(hard_life(text)) and not stated_act(text) and not any(
        word in text for word in CONCEPTS["self_harm"])


def debtor_out_of_reach(analysis: Analysis) -> bool:
    """A faint self-harm signal where the one out of reach is someone who owes the writer money
    ("朋友借了我五万 写了借条 现在不还了 电话也不接", 0.10 on 写, 接; "合伙人卷钱跑了 联系不
    上"; nlp.calm_matters.unreachable_debtor) and nothing of self-harm, no act and no hard life
    is said beside it: quiet with the crisis line, a person sees the case at once — the court's
    route follows (bot.dialogue.matter), not the crisis alarm leading. Over the labelled phrasing
    files (dev aside, 66,074 rows) the grammar is in 84 texts (2 self-harm, both at 0.92); among
    the 783 read as self-harm under QUIET it is in 4, none an emergency (docs/NLP.md, session
    23, probe28). "借给他的钱要不回来 我也不想活了" still leads."""
    text = analysis.text
    return ((unreachable_debtor(text) or boss_gone(text))
            and no_danger_told(text, CONCEPTS["self_harm"]))


def boss_gone(text: str) -> bool:
    """The boss or the gang master out of reach ("老板跑了 电话关机了", self-harm 0.08 on 电话关机;
    "包工头不见了 电话也关机 我们十几个人的工资没着落", 0.10; nlp.calm_matters.employer_gone):
    the one gone is the one who owes the wages, a debtor like any other — unless the message
    also tells of a person of the writer's missing ("老板跑了 我老公去找他 到现在联系不上",
    nlp.missing). Over the labelled phrasing files (dev and held-out aside, 40,356 texts) the
    grammar is in 87; among those read as self-harm under SURE it is in 1, labelled none
    (docs/NLP.md, session 25, calm30)."""
    return employer_gone(text) and not tells_missing_person(text)


def only_disrepair(analysis: Analysis) -> bool:
    """A faint self-harm signal (under QUIET) on a thing broken and left unrepaired ("桥上栏杆断了一截
    还没人修", 0.03 on 桥; nlp.calm_matters.awaiting_repair) with no word of any danger, no act
    and no hard life: quiet — the safety line with the crisis line, a person sees the case (a
    broken railing is a hazard) — not the general alarm. Over the labelled phrasing files (dev
    and held-out aside) 378 texts are read as self-harm under QUIET with no word of danger;
    the grammar is in 1 of them, labelled none (docs/NLP.md, session 24, probe29)."""
    text = analysis.text
    return (awaiting_repair(text) and no_danger_told(text, _DANGER_WORDS)
            and _DISTRESS.search(text) is None and _HURT.search(text) is None)


#: Someone hurt by the broken thing ("有人摔伤了", "砸到人"): words the danger families lack.
_HURT = re.compile(r"伤|血|摔|跌|掉下|骨折|砸到|砸中|砸了人|压到|夹到")


#: Distress of the writer's own ("我快崩溃了", "走投无路", "活着还有啥意思"): no word of the
#: self-harm family, but enough to keep a signal on a debt or a repair loud.
_DISTRESS = re.compile(r"崩溃|受不了|撑不住|走投无路|绝路|逼死|没法活|没有办法了|没办法了|"
                       r"活着(?:还)?(?:有|没)(?:啥|什么|个)?意思")


def debtor_dodging(analysis: Analysis) -> bool:
    """A self-harm signal under SURE on a debtor out of reach (``debtor_out_of_reach``) with no
    distress of the writer's said either ("孩子他爸欠了半年抚养费 现在人联系不上了", 0.33 on 欠,
    现在: the one gone is the one who owes). Quiet with the crisis line, a person sees the case
    at once. Over the labelled phrasing files (dev and held-out aside) the debtor grammar is in
    49 texts: none is read as self-harm between QUIET and SURE (docs/NLP.md, session 24,
    probe29); "他欠我的钱不还 人也联系不上 我快崩溃了" (0.27) keeps the alarm."""
    return (analysis.emergency_kind == "self_harm" and analysis.emergency_confidence < SURE
            and debtor_out_of_reach(analysis) and _DISTRESS.search(analysis.text) is None)


def only_a_nuisance(analysis: Analysis) -> bool:
    """A faint signal (under QUIET) on a routine nuisance — noise, sewage, rubbish, smells
    ("好嘈啊 隔篱地盘半夜都唔停", self-harm 0.04; "下水道堵了 脏水都冒出来了", mass incident 0.04;
    nlp.calm_matters.routine_nuisance) — with no word of any danger, no act and no hard life:
    the model's noise, not a danger told. Over the labelled phrasing files (dev aside), 3,162
    texts are flagged under QUIET; 105 of them name a nuisance and no danger word, and none is
    an emergency (the one real emergency among the 170 that name a nuisance has a fire word).
    "楼上装修 电线着火了" keeps its signal."""
    text = analysis.text
    return (analysis.emergency and analysis.emergency_confidence < QUIET
            and routine_nuisance(text) and no_danger_told(text, _DANGER_WORDS))


def no_danger_told(text: str, words: tuple[str, ...]) -> bool:
    """Normalized ``text`` holds none of ``words``, no act of self-harm and no hard life."""
    return not any(word in text for word in words) and not stated_act(text) and not hard_life(text)


#: Fire words the text says are no fire: a stove or lighter that will not light ("燃气灶打不着火",
#: "点不着"), or a fire denied ("没着火", "不是着火").
_NOT_ALIGHT = re.compile(r"(?:打|点|烧)不(?:着火?|燃)|没(?:有)?着火|不是着火|没(?:有)?起火")


def not_alight(analysis: Analysis) -> bool:
    """A fire signal resting most on a fire word, where the fire words lie only in words saying
    nothing burns, with no other word of fire, smoke or burning beside them ("家里燃气灶打不着火 燃气公司说要排队一个星期": fire 0.31 on 着火;
    "热水器点不着火 物业也不来修": 0.91): quiet — a person still sees the case at once and the
    citizen gets the short safety line — rather than the fire alarm for a stove that will not
    light. A closed grammar, as ``denied`` is for self-harm; "打不着火 结果窜出火苗" and a
    signal resting on another word still lead."""
    if analysis.emergency_kind != "fire" or not analysis.emergency_terms:
        return False
    if analysis.emergency_terms[0] not in ("着火", "起火", "着", "火"):
        return False
    rest = _NOT_ALIGHT.sub("", analysis.text)
    return rest != analysis.text and _BURNING.search(rest) is None


#: Fire told in other words beside a stove that will not light ("打不着火 结果窜出火苗").
_BURNING = re.compile(r"火|烟|烧|焦|爆|炸")


#: Words that say the act after them is not meant ("我不会跳楼的", "并不是想轻生", "没打算寻短见").
#: "不想" is none of them: "不想活了" is despair, not a denial.
_DENIAL = re.compile(r"(?:不会|不是|并不|决不|绝不|才不|没(?:有)?(?:想|打算)过?|不打算|别担心|放心)"
                     r"(?:要|想|会|是|去|真的?|说)*")
#: How far after a denial the word it denies may start ("不会真的去跳楼").
_DENIAL_REACH = 3


def denied(analysis: Analysis) -> bool:
    """The word a faint self-harm signal rests on most is, wherever the text has it, said not to
    be meant ("放心 我不会跳楼的 只是工资拖太久了", 0.04 on 跳楼): the signal is quiet — a
    person still sees the case at once and the citizen gets the short safety line — rather than
    the crisis alarm telling someone who said the opposite that they were misread. Only below
    QUIET: a stronger signal, or despair beside the denial, still leads the reply."""
    if not analysis.emergency_terms:
        return False
    term, text = analysis.emergency_terms[0], analysis.text
    starts = [m.start() for m in re.finditer(re.escape(term), text)]
    ends = [m.end() for m in _DENIAL.finditer(text)]
    return bool(starts) and all(any(0 <= start - end <= _DENIAL_REACH for end in ends)
                                for start in starts)


#: The matter said to be over, in so many words ("已经好了", "早就修好了", "问题已经解决了",
#: "他们已经关门了"):
#: "我已经想好了" is none (想 is no act on the matter).
_SOLVED = re.compile(r"(?:已经|早就?|现在|都)(?:被)?(?:修|弄|处理|解决|清理|清走|搞|整|办)?好了|"
                     r"(?:已经|早就?|都)(?:被)?(?:解决|处理|清理|清走|修复|拆除|拆|修|关门|停工|停业|"
                     r"搬走|不吵)(?:掉|完|好)?了")


def solved(analysis: Analysis) -> bool:
    """A faint self-harm signal in a message that says the matter is over and names no act of
    despair ("算了不用管了 已经好了", 0.05 on 好了/算了): a withdrawal, answered as one with the
    short safety line, a person seeing the case at once — not the crisis alarm. Any word of
    the self-harm family ("算了 已经好了 反正不想活了") keeps the alarm."""
    text = analysis.text
    return _SOLVED.search(text) is not None and not any(
        word in text for word in CONCEPTS["self_harm"])


def gave_up(analysis: Analysis) -> bool:
    """A faint self-harm signal (under QUIET) in a message giving up the matter, not life ("我不想
    弄了 太麻烦了", 0.05 on 不想, 麻烦; "不想告了 随他去吧"; nlp.calm_matters.gives_up_the_matter)
    with no word of the self-harm family, no act, no hard life and no distress: a withdrawal,
    answered as one with the short safety line (the crisis line), a person seeing the case at
    once. "不想活了", "活着没意思", "算了 不弄了 我去跳河算了" keep the alarm. Only under QUIET:
    the grammar is also in a farewell the head hears surely ("我不想再跑了，今天晚上就去陪我老伴
    了，后事都交代了"); over the labelled phrasing files (dev and held-out aside) it is in 5 texts
    read as self-harm under QUIET, all labelled none (docs/NLP.md, session 25, calm30)."""
    text = analysis.text
    return (gives_up_the_matter(text) and no_danger_told(text, CONCEPTS["self_harm"])
            and _DISTRESS.search(text) is None and _FAREWELL.search(text) is None)


#: A farewell or the means made ready, in words the self-harm family lacks ("后事都交代了",
#: "药都买好了", "这辈子就这样吧", "去陪我老伴"): beside a matter given up, it is life given up.
_FAREWELL = re.compile(r"后事|交代|遗言|永别|再见了|下辈子|这辈子|解脱|陪我|绳子|煤炉|烧炭|"
                       r"药(?:我)?(?:都|已经)?(?:买|攒|备|准备)")


def alarmed(analysis: Analysis) -> bool:
    """A signal the emergency row answers first, before any other reading of the message."""
    return analysis.emergency and not quiet(analysis)
