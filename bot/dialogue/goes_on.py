"""A short follow-up that goes on with the one open case, joined without asking.

After the intake, "那条路大概两公里长 坑最大的在桥头" or "這個燒烤攤還是照常營業" were asked "是对
XF… 的补充吗？": a question the message answers itself. It points back at what was told (那条,
这个, 还是, 又: ``intake.refers_back``), it is short, there is one open case it can point at,
it names that case's thing (路, 烧烤摊: the matter index's things) and brings nothing of its
own — no place, party, building or numbered designator the case does not name, no request
the case does not make: it joins that case.

Over the matter pair files (not held-out; a = the case, b = the follow-up), of the b-sides
this gate reads (short and referring), the rule joins 126 same-matter pairs and 21 pairs
their authors wrote as another matter (those files' different pairs are near misses by
design: the same place or party, another problem). A fragment that names no thing at all
("昨晚又是一整夜 根本睡不了") is still asked about: read by the classifier's kind instead, it
joined 13 same and 23 different pairs. With two open cases "他们" could be either; a message
opening on a bare "还有", or saying it is another matter, may bring one: asked about too.
"""

from __future__ import annotations

from bot.dialogue import intake
from bot.dialogue.turn import Turn
from nlp.normalize import content_chars
from storage import Case

#: Longer than this, a message says enough to be a matter of its own: asked about.
_FRAGMENT_CHARS = 20


def goes_on_with(turn: Turn) -> Case | None:
    """The one open case this short referring message goes on with; None when unsure."""
    text = turn.text
    if content_chars(text) > _FRAGMENT_CHARS or not intake.refers_back(text):
        return None
    if intake.opens_on_more(text) or intake.another_matter(turn):
        return None
    cases = turn.open_cases()
    if len(cases) != 1:
        return None
    case = cases[0]
    signed = turn.services.matters.signature_of(turn.session, case)
    if signed is None:
        return None
    told = turn.services.matters.signature(text, turn.analysis).parts
    own = signed.parts
    if not set(told.things) & set(own.things):
        return None  # no thing of the case's named ("路灯也坏了" against 油烟, or none at all)
    if (set(told.names) - set(own.names) or set(told.buildings) - set(own.buildings)
            or set(told.numbers or ()) - set(own.numbers or ())
            or set(told.requests) - set(own.requests)):
        return None  # a place, party or request of its own: perhaps another matter, asked
    return case
