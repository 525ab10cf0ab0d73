"""Police matters told in a victim's words: a theft, a fraud, a robbery, a beating, a threat.

A matter of 治安 or a crime belongs to the public security organ (公安), not to the unit its
topic names: a bicycle stolen in a residential compound is not the housing bureau's. The
bureau's own list of police words (``routing.toml`` ``police_terms``) is read as written, and
a victim seldom writes the crime's name: "我的电动车被偷了", "我妈让人骗了两万", "钱包叫人
扒了", "I got scammed". So the shapes are read here instead: a passive (被/叫/让/给/遭), a few
characters, then what was done (偷, 骗, 抢, 扒…); a sum of money cheated out of someone; the
names a victim does use for the people (小偷, 骗子) and the acts (家暴, 敲诈, 保护费).

A flag with its words, never a verdict: the routing proposal names them as its reason, and a
clerk confirms it. Only the routing reads it (``bot.lawroutes``), after an accusation and a
sure legal route, so "被城管打了" still goes to 纪检监察.
"""

from __future__ import annotations

import re

# Up to five characters of the same clause between the passive and the act: "被人骗了",
# "叫隔壁那小子偷走", "让网上的客服骗".
_GAP = r"[^，。！？；,.!?;\s]{0,5}"
_SUM = r"(?:\d+|[零一二两三四五六七八九十百千万几]+)(?:块|元|万)"

_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Theft: "被偷", "叫人偷走了", "让小偷给扒了", "给顺走了", "家里遭贼".
    ("被偷", re.compile(r"(?:被|叫|让|给|遭)" + _GAP + r"(?:偷|盗|扒|顺走|摸走|撬)")),
    ("偷走", re.compile(r"(?<!偷)偷(?:走|去|了(?:我|俺|他|她|咱))|遭(?:了)?贼|进了?贼|小偷|扒手|"
                      r"盗刷|入室|撬(?:门|锁|开)")),
    # Fraud: "被骗了", "让人骗了两万", "骗走", "骗子", "骗了我三千块".
    ("被骗", re.compile(r"(?:被|叫|让|给|遭)" + _GAP + r"(?:骗|忽悠|坑走|诈)")),
    ("骗钱", re.compile(r"骗(?:走|去|光)|骗子|诈骗|骗了?(?:我|俺|他|她|老人|家里)?" + _SUM)),
    # Robbery, a beating, a threat to someone, extortion, stalking, violence at home.
    ("抢劫", re.compile(r"(?:被|叫|让|给|遭)" + _GAP + r"抢|抢劫|抢走|抢了(?:我|俺|他|她)")),
    # (Only 被/遭/挨 before a blow: "让他打了欠条", "给我打了电话" are no beating.)
    ("被打", re.compile(r"(?:被|遭|挨)" + _GAP + r"(?:打(?:了|伤|得|成|断|骂|一顿|进)|砍|捅)|"
                      r"打架|打了?一架|斗殴|殴打|打人|打起来|群殴")),
    ("威胁", re.compile(r"威胁(?:我|俺|他|她|说|要)|恐吓|敲诈|勒索|保护费|跟踪|尾随|性骚扰|"
                      r"非礼|猥亵|家暴|家庭暴力|偷拍|泼(?:粪|屎|油漆|红漆|漆|汽油|硫酸)")),
    ("赌博", re.compile(r"赌钱|赌博|聚赌|吸毒|贩毒|卖淫|嫖娼")),
    # Latin: English and the pinyin a phone without an input method gives.
    ("scam", re.compile(r"(?<![a-z])(?:scam(?:med)?|scammer|fraud|stole|stolen|steal\w*|theft|"
                        r"thief|robbed|burglar\w*|pickpocket\w*|bei ?pian|bei ?tou|pian ?zi|"
                        r"zha ?pian)(?![a-z])")),
)

# Words that hold an act's character without the act: a noise that "disturbs" (打扰), a firm
# that discharges "on the sly" (偷排), harassment calls (a telecom matter, not the police's).
_NOT = re.compile(r"打扰|偷排|偷倒|偷工|偷税|偷建|偷偷|骚扰电话|骚扰短信|诈骗电话提醒")


def police_matter(text: str) -> tuple[str, ...]:
    """The words of normalized ``text`` that tell a police matter, as written (empty: none)."""
    return _found(_NOT.sub("　", text.lower()), _SHAPES)


def _found(lowered: str, shapes: tuple[tuple[str, re.Pattern[str]], ...]) -> tuple[str, ...]:
    """Each word of the lowered, look-alike-free text that one of ``shapes`` reads, once."""
    found: list[str] = []
    for _name, shape in shapes:
        for match in shape.finditer(lowered):
            if match.group(0) not in found:
                found.append(match.group(0))
    return tuple(found)


#: The shapes of a crime against one's property (theft, fraud, robbery): the victim is told to
#: report it to the police now. Not a beating or a threat (the emergency row tells those their
#: number), nor a vice told of others.
_PROPERTY_SHAPES = tuple((name, shape) for name, shape in _SHAPES
                         if name in {"被偷", "偷走", "被骗", "骗钱", "抢劫", "scam"})
#: The police already in the story ("去派出所报案", "民警写错了", "报警了"): a matter about the
#: report or the police themselves, not one to be told to report.
_POLICE_TOLD = re.compile(r"报案|报警|报了警|立案|派出所|民警|警察|公安|police|110")
#: Told as past and done with, or as not what happened ("差点被骗", "不是被偷").
_NOT_NOW = re.compile(r"差点|差一点|险些|幸好|还好没|不是被|没被|防骗|宣传|预防|怕|担心|诈骗电话|"
                      r"是不是骗|算不算骗|真的还是骗")


def property_crime(text: str) -> tuple[str, ...]:
    """The words of normalized ``text`` that tell a theft, fraud or robbery its writer has not
    yet reported (empty: none)."""
    lowered = _NOT.sub("　", text.lower())
    if _POLICE_TOLD.search(lowered) or _NOT_NOW.search(lowered):
        return ()
    return _found(lowered, _PROPERTY_SHAPES)
