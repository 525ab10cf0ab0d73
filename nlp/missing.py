"""A person missing: a child, an elderly parent, a relative who has not come home.

The emergency head hears "我儿子走丢了" as an accident (0.36), "孩子放学到现在都没回家" as
violence (0.44, on 打 of 打不通) and "我妈八十多了 上周去买菜后就找不到人了" not at all
(0.01), and the citizen was told the general numbers with the crisis line. A missing person is
a matter for the police at once (110: no need to wait 24 hours), which a 12345 platform hands
on, not one to take down and answer in 15 days. A closed grammar: a word for a member of the
family (or a child, an old person) and, within the same sentence and not through a "的" (a
child's bicycle missing is no missing child), a word of going missing; not when the text says
the person is found or back.
"""

from __future__ import annotations

import re

#: Who goes missing: family, a child, an old person (not "人": "物业找不到人" is an office).
_WHO = (r"(?:孩子|小孩|小孩子|儿子|女儿|闺女|娃|孙子|孙女|外孙女?|老人|老人家|老太太|老大爷|"
        r"老爷子|老头|老伴|爸爸?|妈妈?|父亲|母亲|爷爷|奶奶|姥姥|姥爷|外婆|外公|公公|婆婆|"
        r"老公|老婆|丈夫|妻子|媳妇|爱人|弟弟|妹妹|哥哥|姐姐|我[哥姐弟妹]|家人|亲人|学生|"
        r"child|son|daughter|kid|mother|father|mum|mom|dad|husband|wife|grandma|grandpa|"
        r"grandmother|grandfather)")
#: Going missing, said as citizens say it.
_GONE = (r"(?:走丢|走失|失踪|失联|不见了|不见人|找不到了|找不着了|找不到人|找不着人|"
         r"联系不上|联系不到|没回家|没有回家|没回来|没有回来|未归|没回过家|离家出走|"
         r"被拐|拐走|被人抱走|被抱走|is missing|has gone missing|went missing|"
         r"(?:has not|hasn't|did not|didn't) come home|can'?t find)")
_MISSING = re.compile(_WHO + r"[^的。！？!?]{0,20}?" + _GONE, re.IGNORECASE)
#: Found or back: no longer missing ("孩子昨晚没回家，今天早上回来了").
_FOUND = re.compile(r"找到了|已经找到|回来了|回家了|联系上了|has been found|was found|came home|"
                    r"(?:is|are) back", re.IGNORECASE)
#: Not come home for a holiday or for years, or living and working elsewhere ("我儿子在外地打工
#: 过年都没回家", "女儿嫁到外省好几年没回来了"): where the person is, is known; absent, not
#: missing. Only the words of not coming home are read so; "失联", "联系不上" stay missing.
_ABSENT_NOT_HOME = re.compile(r"没(?:有)?回(?:过)?(?:家|来)|未归|(?:has not|hasn't|did not|didn't) come home",
                              re.IGNORECASE)
_HOLIDAY = (r"(?:过年|春节|年三十|除夕|中秋|国庆|清明|端午|元旦|放假|假期|节假日|逢年过节|"
            r"[一两二三四五六七八九十几多半好]+年|这些年|多少年|常年|长年|很多年|好多年)")
_AWAY = re.compile(
    _HOLIDAY + r"(?:都|也|期间|的时候|时|了|以来|来)*(?:一直|从来|从)?(?:都|也)?(?:没|未)|"
    r"在外地|在外面?(?:打工|上班|工作|读书|上学)|外出打工|出去打工|去外地|在外省|去外省|嫁到|嫁去|"
    r"在[\u4e00-\u9fff]{1,6}(?:打工|上班|工作|读书|上学|当兵)|"
    r"for (?:years|months)|(?:this|last) (?:new year|spring festival|christmas)|works? (?:in|away)",
    re.IGNORECASE)
#: ...unless the absence is fresh or he cannot be reached: "到现在没回来", "电话也打不通".
_FRESH = re.compile(r"到现在|至今|现在还|还没|昨|今天|今早|前天|出门|打不通|不接|关机|联系不上|联系不到|失联|"
                    r"[一两二三四五六七八九十几多]+(?:天|个?小时|个?钟头)|since (?:yesterday|last night)|"
                    r"(?:phone|calls?) (?:is )?(?:off|unanswered)", re.IGNORECASE)
#: A missing person denied ("不是孩子走丢了").
_DENIED = re.compile(r"不是(?:我|我们|我家)?的?" + _WHO + r"[^的。！？!?]{0,20}?" + _GONE)


#: An office between the person and "找不到人", "联系不上": the office cannot be reached, not the
#: person ("我妈去办低保 街道找不到人").
_OFFICE = re.compile(r"街道|社区|物业|政府|局|办|医院|单位|公司|领导|工作人员|客服|村委|居委|"
                     r"书记|主任|老板|窗口|部门|热线|电话")


#: Money the one out of reach owes the writer or their child, told between the person and their
#: going ("孩子他爸欠了半年抚养费 现在人联系不上了", "前夫欠我三万 人找不到了"): a debtor dodging,
#: the court's matter (nlp.calm_matters.unreachable_debtor), not a person at risk. Maintenance,
#: a debt to "我"/"我们"/"孩子", a note of it; not a debt of their own to others ("我妈欠了网贷 联系
#: 不上": that one may be at risk).
_OWES_THE_WRITER = re.compile(r"抚养费|赡养费|欠(?:了)?(?:我|俺|我们|孩子)|借(?:我|俺)的|借条|欠条")


def tells_missing_person(text: str) -> bool:
    """Whether normalized ``text`` tells of a person missing now."""
    if _FOUND.search(text) is not None or _DENIED.search(text) is not None:
        return False
    return any(_OFFICE.search(found.group(0)) is None and not _only_away(text, found)
               and _OWES_THE_WRITER.search(found.group(0)) is None
               for found in _MISSING.finditer(text))


def _only_away(text: str, found: re.Match[str]) -> bool:
    """Not coming home said of someone known to be away (a holiday missed, years away, working
    elsewhere), in the same sentence: absent, not missing."""
    if _ABSENT_NOT_HOME.search(found.group(0)) is None:
        return False
    start = max((text.rfind(mark, 0, found.start()) for mark in "。！？!?\n"), default=-1) + 1
    end = min((i for i in (text.find(mark, found.end()) for mark in "。！？!?\n") if i >= 0),
              default=len(text))
    sentence = text[start:end]
    return _AWAY.search(sentence) is not None and _FRESH.search(sentence) is None


def missing_terms(text: str) -> tuple[str, ...]:
    """The words that tell a person missing in normalized ``text`` (who, and going missing)."""
    found = _MISSING.search(text)
    if found is None:
        return ()
    gone = re.search(_GONE + "$", found.group(0), re.IGNORECASE)
    who = re.match(_WHO, found.group(0), re.IGNORECASE)
    return tuple(part.group(0) for part in (who, gone) if part is not None)
