"""The intake in progress: a case just registered whose name or contact the bot is asking.

What the citizen sends then, when it is no particular, is most often more of the same matter
("物业说这不归他们管", "摔的是三号楼的王奶奶，骨折了", "不对，是烧烤摊不是菜市场"): it joins
the case as material, the citizen is told so and the particulars are asked again in the same
reply. Only a message that says it is another matter ("另外还有件事…", "还有个问题…") is
registered on its own, and so is one opening on "另外" that does not refer back (an
accusation and an emergency have rows of their own before). In between — a matter told at
length, one of another kind that does not refer back, or one opening on a bare "还有" — the
citizen is asked "是对 XF… 的补充吗？".

The same-matter model cannot tell a detail from another matter here (it compares whole
matters: "物业说这不归他们管" scores 0.06 against the case it continues), so the words decide.
"""

from __future__ import annotations

import re

from bot import texts
from bot.dialogue import particulars
from bot.dialogue.draft import Draft
from bot.dialogue.questions import PERSONAL, ask, pending, still_unknown
from bot.dialogue.routestage import stage_notice
from bot.dialogue.turn import Turn
from nlp.normalize import content_chars
from storage import Case

#: Says it is another matter: "另外一件事", "还有个问题", "再反映一个", "别的事". (Not
#: "还有个情况": a circumstance of the same matter, as often as not.)
_ANOTHER_MATTER = re.compile(
    r"(?:另外|还有|另|再|还|再有)(?:一|两)?(?:件|个|桩)(?:事|问题|诉求)|另一(?:件|个|桩)|"
    r"(?:别的|其他|其它)(?:的)?(?:事|问题)|新的(?:事|问题)|第二(?:件|个)|"
    r"(?:再|另外|还要|还想|顺便)(?:反映|投诉|举报)(?:一)?(?:个|件|下别的)|"
    # "路灯也不亮 顺便修一下": asked to be seen to by the way, so not the one told. (Not
    # "请一并处理": said of more of the same matter as often, "…又放了好几次炮，请一并处理".)
    r"(?:顺带|顺便)(?:处理|解决|查处|管|修)|"
    r"another (?:matter|issue|problem|complaint)|something else|a different (?:matter|issue)",
    re.IGNORECASE)
#: Corrects what was told ("不对，是烧烤摊不是菜市场"): the same matter, however long.
_CORRECTS = re.compile(r"不对|说错|打错|写错|搞错|弄错|更正|纠正|我是说|我的意思|应该是|其实是|"
                       r"准确(?:地|的)?说")
#: Refers back to what was told ("物业说这不归他们管"): the same matter, in a short message.
_REFERS_BACK = re.compile(
    r"他们|她们|它们|该|这(?:个|些|事|件|种|里|边|段|次|样)|那(?:个|些|件|种|里|边|段|次|样)|还是|"
    r"仍然|依然|依旧|又|再次|还在|继续|上次|之前|刚才|同一")
#: Opens on "另外" ("另外我们楼的电梯也坏了三天了"): another thing told, unless it refers back.
_OPENS_ON_ANOTHER = re.compile(r"^\W*(?:另外|此外|besides|another)(?!就是|是|说)", re.IGNORECASE)
#: Opens on "还有" alone ("还有，小区里的快递柜收费太贵了"): more of the matter or another one;
#: asked about unless it refers back.
_OPENS_ON_MORE = re.compile(r"^\W*(?:还有|再有|also)(?!就是|是)", re.IGNORECASE)
#: Longer than this and referring to nothing before: a matter told whole, asked about.
_TOLD_WHOLE_CHARS = 40
#: A kind the classifier gives with less confidence than this says nothing against the case's.
_KIND_CONFIDENCE = 0.5
#: A bare announcement ("另外一件事", "还有个事") says no more than that.
_ANNOUNCEMENT_CHARS = 8


def another_matter(turn: Turn) -> bool:
    """The message says it is another matter, or follows a bare announcement of one."""
    if _ANOTHER_MATTER.search(turn.text):
        return True
    if _OPENS_ON_ANOTHER.match(turn.text) and not _REFERS_BACK.search(turn.text):
        return True
    previous = turn.previous_text()
    return previous is not None and announces_another(previous)


def refers_back(text: str) -> bool:
    """The message points back at what was told ("上次漏了…", "他们又…")."""
    return _REFERS_BACK.search(text) is not None


def opens_on_more(text: str) -> bool:
    """The message opens on a bare "还有": more of the matter, or another one."""
    return _OPENS_ON_MORE.match(text) is not None


def announces_another(text: str) -> bool:
    """"另外一件事", "还有个问题": another matter announced, and nothing of it told yet."""
    return (_ANOTHER_MATTER.search(text) is not None
            and content_chars(text) <= _ANNOUNCEMENT_CHARS)


def continues(turn: Turn, case: Case) -> bool:
    """Sure enough that the message goes on with ``case``'s matter to join it unasked."""
    text = turn.text
    if _CORRECTS.search(text):
        return True
    if content_chars(text) > _TOLD_WHOLE_CHARS:
        return False
    if _REFERS_BACK.search(text):
        return True
    if _OPENS_ON_MORE.match(text):
        return False
    analysis = turn.analysis
    return (not case.category or analysis.category == case.category
            or analysis.category_confidence < _KIND_CONFIDENCE)


def add_material(turn: Turn, case: Case, *, action: str = "supplement") -> list[Draft]:
    """File the message under ``case`` as material; the particulars it gave are no longer
    asked, and those still missing are asked again in the same reply."""
    turn.attach(case, action)
    items = pending(case)
    asked = [item for item in items if item in PERSONAL]
    still = still_unknown(turn, asked)
    if still != asked:
        case.awaiting = ",".join(item for item in items if item not in asked or item in still)
        turn.session.add(case)
    language = turn.language
    given = [item for item in turn.learned if item in PERSONAL or item == "id_number"]
    reply = (texts.say(language, "supplement_with_particulars", number=case.number,
                       items=particulars.listing(language, given)) if given
             else texts.say(language, "supplement_added", number=case.number))
    if still:  # the case was still asking for them: the question stands
        reply += ask(language, still)
    return [Draft(reply, case), *stage_notice(language, turn.analysis, case)]
