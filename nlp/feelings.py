"""Danger said as a feeling or as a thing that nearly happened, not as a danger now.

Complaints are told in the words of danger: "差点撞了", "吓死我了", "气得我要跳起来", "烦死了",
"头都要炸了". The recall-first emergency head hears the danger's words and raises a faint
signal (0.02 to 0.2 on "刚才骑车差点撞了一个老太太，那个路口没有红绿灯"), and the citizen
asking for a traffic light is told the numbers to call.

Only a faint signal is cleared, and never self-harm (despair is half-said more often than
not). A real danger told with the same feeling ("吓死人了，隔壁窗户往外冒黑烟") is heard far
above the bar, so it keeps its alarm. Measured with the shipped model (session 17,
docs/NLP.md): of the signals under the bar that carry these words, none on the training or dev
phrasings was a labelled emergency.
"""

from __future__ import annotations

import re

#: Under this P(an emergency) a signal told as a feeling is no emergency: the dialogue's own
#: line between a quiet signal and an alarm (``bot.dialogue.alarm.QUIET``), so that a cleared
#: signal is one that would only have been a short safety line.
FAINT = 0.2

# What nearly happened ("差点被车刮到", "险些摔了", "还好没撞上") and a feeling said in the
# words of harm ("吓死我了", "气得我", "头都大了", "要疯了"). "打死", "弄死" are no feeling.
_FEELING = re.compile(
    r"差点|差一点|险些|还好没|幸好没|好在没|"
    r"[吓气烦急笑热冷冻饿累困闷愁]死|[吓气]得我|吓我一跳|吓了一跳|"
    r"逼疯|[要快急气]疯|头都大|头都要炸|要炸了|急急急")


def said_as_a_feeling(text: str) -> bool:
    """Whether normalized ``text`` tells a danger as a feeling or a near miss."""
    return _FEELING.search(text) is not None


def only_a_feeling(text: str, kind: str, confidence: float) -> bool:
    """Whether an emergency signal of ``kind`` at ``confidence`` on ``text`` is no more than
    the writer's feeling: faint, not self-harm, and told in such words."""
    return kind != "self_harm" and confidence < FAINT and said_as_a_feeling(text)
