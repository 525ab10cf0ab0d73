"""A gathering announced: many people going together to a government door.

"月底我们几十户一块去市政府请愿" is a collective visit planned, which the 2007 opinions on
collective petitions ask a bureau to hear of before it happens (a person must see it now: the
mass-incident alarm). The emergency head hears "一起去" at 0.36 and the colloquial "一块去" at 0.02
since the converged retrain of session 26, so the grammar is a rule under the model, as a levee
giving way is (:mod:`nlp.levee`): a group of many (几十户, 上百人, 全村, 大伙), going together
(一起, 一块, 集体, 约好), to an office (政府, 街道办, 信访局, 市委 …), in one sentence.

Not: a visit already past ("上次我们几十户一起去过区政府"), a question of how to go about it
("几十户一起去信访局要怎么登记"), or one person going ("我一个人去政府").
"""

from __future__ import annotations

import re

#: Many people: a count of households or people, or everyone of a place.
_MANY = (r"(?:几十|几百|上百|好几十|二十多|三十多|四五十|五六十|十几|百十|全村|全楼|全小区|全厂|全体|"
         r"大伙|大家伙|一帮|一大帮|一群|一大群)(?:户|家|个人|号人|人|村民|业主|工人|老人)?")
#: Together, by arrangement.
_TOGETHER = r"(?:一起|一块儿?|一块|集体|约好|约着|约了|组织|结伴|都)"
#: The door they go to.
_OFFICE = (r"(?:区政府|市政府|县政府|镇政府|乡政府|省政府|政府|街道办|街道|信访局|信访办|市委|区委|县委|"
           r"省委|镇上|乡里|省里|北京|管委会|门口)")
_SENTENCE = r"[^。！？!?；;]"
_GATHERING = re.compile(_MANY + _SENTENCE + r"{0,6}?" + _TOGETHER + _SENTENCE + r"{0,3}?"
                        + r"(?:去|到|上)" + _SENTENCE + r"{0,4}?" + _OFFICE)
#: Past, asked about, or not going.
_NOT_NOW = re.compile(r"上次|去年|以前|之前|去过|曾经|怎么|如何|吗|能不能|可不可以|没去|不去|不会去")


def gathering_announced(text: str) -> str:
    """The words in normalized ``text`` announcing a gathering at an office ("" when none)."""
    found = _GATHERING.search(text)
    if found is None or _NOT_NOW.search(text):
        return ""
    return found.group()
