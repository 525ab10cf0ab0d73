"""A reply that only points back at what was already told: "就是上面那个", "同上", "上面说了啊".

While the bot asks for the details of a matter told in a few words ("小区水压太低"), a citizen
often answers that they told it already. Filed as the details, "就是上面那个" ended the
question with nothing learned (session 24, convo29; session 25, convo30: 6 of 6 such replies);
two of them ("就是刚才说的" self-harm 0.14, "上面说了啊") were also told the numbers to call.
The reply tells nothing new: the question stands, and whatever danger there is was the message
pointed at's to tell (``bot.dialogue.still_at_it`` reads it so).

A closed grammar, clause by clause: each clause is a pointer ("就是上面说的那个事", "就上面那条",
"刚才发的那个就是", "同上") or a reproach that it was said ("我不是说了吗", "都说过了"), and one
at least is a pointer.
"""

from __future__ import annotations

import re

from nlp.normalize import normalize

_PARTICLES = r"(?:啊|呀|嘛|了|呗|吧|吗|呢|哈|的)*"
#: "就是上面说的那个事", "就上面那条", "刚才发的那个就是", "同上".
_POINTER = re.compile(
    r"(?:就|就是|是)?(?:上面|上边|前面|刚才|刚刚|之前|上一条|上条)(?:我)?(?:已经)?"
    r"(?:说|讲|发|写|提|反映)?(?:过)?(?:的|了)?(?:那个|那条|那件|这个|这条)?"
    r"(?:事|事情|问题|情况|内容)?(?:就是|啊|呀|嘛|了|呗|吧|呢)*|同上" + _PARTICLES)
#: "我不是说了吗", "都说过了", "说了呀": it was said.
_SAID = re.compile(r"(?:我)?(?:不是|都|已经)?(?:说|讲|写)(?:过)?了?" + _PARTICLES)
_CLAUSES = re.compile(r"[\s,，。.!！?？~～、;；]+")


def only_points_back(text: str) -> bool:
    """``text`` only points back at what was told (see the module's grammar)."""
    # (Split before normalizing: it removes the space between two ideographs, a clause's end.)
    clauses = [normalize(clause) for clause in _CLAUSES.split(text) if clause]
    clauses = [clause for clause in clauses if clause]
    pointers = [clause for clause in clauses if _POINTER.fullmatch(clause)]
    return bool(pointers) and all(clause in pointers or _SAID.fullmatch(clause)
                                  for clause in clauses)
