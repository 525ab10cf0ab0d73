"""Danger heard of, and care received: told in the words of danger, no danger to the writer now.

- Hearsay of someone else: "新闻说有个人跳河了 你们管不管", "听说隔壁小区有人跳楼了 物业也不管管",
  "网上说有人在河边溺水了" (self-harm 0.59, 0.5; accident): the news or a rumour of what befell
  someone, passed on, most often as a reason for a complaint (a railing, a guard, a landlord).
  The crisis alarm told the writer to treasure their life. What is yet to come ("群里有人在组织
  明天去堵火车站", "听说有人要去堵路") is a warning, and keeps its alarm.
- Routine care told: "孩子打针了 发烧还没退", "我儿子今天打疫苗了 手臂有点肿" (medical 0.21 to
  0.59): an injection, a vaccine or a drip is care already given, and the general alarm led.

Both are read by the dialogue as quiet signals (``bot.dialogue.alarm``): still flagged, a person
sees the case at once and the citizen gets the short safety line with the numbers; only the alarm
no longer leads. Closed grammars: anything of danger said outside the hearsay clause ("听说有人
跳楼了 我也不想活了"), or a sign of a severe reaction beside the care ("打完疫苗 抽搐了"), keeps
the alarm.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_CLAUSE = r"[^，。！？,.!?;；\n]"
#: A source passed on, then someone else, then the rest of that clause.
_HEARSAY = re.compile(
    r"(?:新闻|报道|报纸|电视|网上|听说|据说|听人说|听别人说|听邻居说|听朋友说|news|heard)"
    rf"{_CLAUSE}{{0,8}}?"
    r"(?:有人|有(?:一)?(?:个|名|位|对)|一(?:个|名|位|对)|男子|女子|someone|a man|a woman|a kid|"
    r"a child)"
    rf"{_CLAUSE}*", re.IGNORECASE)
#: Care given: an injection, a vaccine, a drip.
_CARE = re.compile(r"打针|打疫苗|打完疫苗|打了疫苗|打过疫苗|接种|输液|挂水|打点滴|打吊瓶|吊水|挂针")
#: A severe reaction beside it, or a danger word of the head's own.
_SEVERE = re.compile(
    r"抽搐|抽筋|昏|晕|休克|呼吸|喘|不省人事|叫不醒|意识|吐血|出血|流血|高烧|高热|[三四]十[九度]|"
    r"39|40|41|过敏|发紫|发青|不行了|危险|抢救|急救|120|死|没气|心跳|窒息|全身|浑身|不动|"
    r"送医|送医院|救护车|快来|马上|赶紧|拔|不治|窗|咬|狂犬")


#: The event passed on is yet to come ("听说有人要去堵路", "据说明天有人组织去市政府"): a
#: warning, not news; the alarm stays.
_TO_COME = re.compile(r"要|准备|打算|组织|号召|计划|将|会|明天|今晚|后天|下周|周[一二三四五六日末]|"
                      r"报名|集合|going to|will|plan")


#: The writer following what they heard ("我也想跟着跳", "我也不想活了"): the danger is theirs.
_ME_TOO = re.compile(r"(?:我|俺)(?:也|都|真)(?:想|要|打算|准备|不想)|跟着(?:跳|去|走|死)|学(?:他|她)|"
                     r"me too|i will too")


def heard_of_someone(text: str, danger_words: Iterable[str], act: Callable[[str], str]) -> bool:
    """Whether ``text`` (normalized, typed spaces kept as clause breaks) passes on danger heard
    of someone else, and says no word of danger (``danger_words``, or an act ``act`` finds:
    ``nlp.stated_harm.stated_act``) outside it."""
    told = [found.group(0) for found in _HEARSAY.finditer(text)]
    if not told or any(_TO_COME.search(clause) for clause in told):
        return False
    rest = _HEARSAY.sub("，", text)
    return not act(rest) and _ME_TOO.search(rest) is None and not any(word in rest for word in danger_words)


def routine_care(text: str) -> bool:
    """Whether normalized ``text`` tells care given (an injection, a vaccine, a drip) with no
    sign of a severe reaction."""
    return _CARE.search(text) is not None and _SEVERE.search(text) is None
