"""A matter told as settled, then a question: the question is what is asked, not a matter.

"之前我家门口的路已经修好了 谢谢 现在想问问办低保要什么条件", "去年我反映的路灯问题已经修好了，
非常感谢。现在想问一下：老年卡在哪里办理？": the road and the street light are done with; they are
said by way of thanks before the question. Read whole, such a message is long and names a thing,
so the chit-chat row registered it as a complaint in question form (``may_be_a_matter``) and the
status row as a matter told while asking (``tells_a_matter``): a case of a settled road. Session
23 (docs/NLP.md): the question is answered instead.
"""

from __future__ import annotations

import re

from bot.dialogue.turn import Turn
from nlp import Intent

#: Done with: "已经修好了", "上次反映的噪音解决了", "早就处理好了" — with "已经 / 早就 / 已" or a
#: past of one's own before it in the clause; not "还没解决", "没有处理好", nor asked
#: ("处理好了没有", "是不是已经处理完了"), nor a case's state questioned ("显示已办结了，可我没
#: 收到答复": progress, the status row's).
_SETTLED = re.compile(
    r"(?:(?<!是不是)(?<!显示)(?:已经|早就|已)(?:被|给)?|(?:之前|以前|上次|上回|去年|前段时间|前些天|上个月|原来)"
    r"[^，。,.;；:：!！?？\s]{0,14}?)(?<![没未不])(?<!没有)(?<!还没)"
    r"(?:修好|解决|处理好|处理完|办好|弄好|清理|清走|疏通|落实|整改好|搞定)"
    r"(?:了|啦)(?!\s*(?:没|吗|么|否|不|啊?没))")
#: What asks, after the settled part: a question mark or particle, a question word, "A不A",
#: or the asking words ("想问问", "咨询一下").
_ASKS = re.compile(r"[?？吗呢]|怎|哪|什么|啥|谁|多久|多少|几|(.)[不没]\1|是否|请问|问一?下|想问|问问|"
                   r"想了解|咨询|请教|打听")
#: Readings of the whole that leave the question first: asking, or asking after progress.
_ASKING = (Intent.QUESTION, Intent.HELP, Intent.STATUS_QUERY)


def settled_then_asked(turn: Turn) -> bool:
    """The message tells a matter as settled and then asks something (read as a question or a
    progress question): no matter to register, a question to answer."""
    if turn.analysis.intent not in _ASKING or turn.analysis.accusation:
        return False
    text = turn.analysis.text or turn.text
    found = _SETTLED.search(text)
    return found is not None and _ASKS.search(text, found.end()) is not None
