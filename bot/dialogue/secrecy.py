"""A request to keep one's identity secret, in every state of the dialogue but an emergency.

"请一定帮我保密 不然我工作就没了", "千万别让领导知道是我反映的": Art 30 and 46 bar passing a
petitioner's identity on, and the citizen is told so (the FAQ's privacy entry) rather than
asked whether the request is more of their matter, answered with a status line or registered
as one. The open case records that secrecy was asked, for the clerk.
"""

from __future__ import annotations

import re

from bot import cases, texts
from bot.dialogue.draft import Draft
from bot.dialogue.turn import Turn
from nlp.normalize import content_chars
from storage import Case

#: A request to keep one's identity secret ("请一定帮我保密", "千万别让院长知道是我举报的"): Art 30
#: and 46 bar passing it on; said so, and recorded on the open case for the
#: clerk. A request form, so "物业不给业主保密" (a complaint about a leak) is not one.
_SECRECY = re.compile(
    r"(?:帮我|替我|给我|请|一定|务必|千万|能不能|能否|可以|可不可以|希望|麻烦)(?:要|你们)?(?:帮我|替我|给我)?"
    r"(?:严格)?保密|(?:千万|一定)?(?:别|不要|不能)(?:让|叫|被).{1,8}知道(?:是我|我)|"
    r"(?:别|不要)(?:透露|泄露|告诉)(?:出去)?(?:我的?)?(?:名字|姓名|身份|信息|电话)|"
    # "你们别告诉他是我举报的", "不要跟村里说是我反映的"
    r"(?:别|不要|不能|千万别)(?:告诉|跟|对|和)[\u4e00-\u9fff]{0,6}?(?:说)?是我(?:举报|反映|投诉|写|打|说)")
#: A request for secrecy with more than this much else told is a matter that asks it too.
_SECRECY_MAX_CHARS = 30


#: An accusation with this much told beside the request is registered ("举报村长贪污 请保密").
_ACCUSED_BESIDE_CHARS = 6


def asks_for_secrecy(turn: Turn) -> bool:
    text = turn.text
    if _SECRECY.search(text) is None or content_chars(text) > _SECRECY_MAX_CHARS:
        return False
    return not (turn.analysis.accusation
                and content_chars(_SECRECY.sub("", text)) >= _ACCUSED_BESIDE_CHARS)


def keep_secret(turn: Turn) -> list[Draft]:
    """The privacy entry's answer; the open case (if any) records that secrecy was asked."""
    case = turn.latest_open()
    if case is not None:
        turn.attach(case, "secrecy_requested")
    return [Draft(_privacy_answer(turn), case)]


def secrecy_beside(turn: Turn, case: Case) -> str:
    """The privacy answer when a reply that gives particulars also asks for secrecy ("我叫李四
    你们别告诉他是我举报的"), recorded on ``case``; "" when it asks none."""
    if _SECRECY.search(turn.text) is None:
        return ""
    cases.record(turn.session, case, turn.message.sender, "secrecy_requested", turn.now,
                 message_id=turn.message.id)
    return _privacy_answer(turn)


def _privacy_answer(turn: Turn) -> str:
    answer = next((entry for entry in turn.services.faq.entries if entry.id == "privacy"), None)
    return answer.answers.get(turn.language, answer.answers["zh"]) if answer is not None \
        else texts.say(turn.language, "question_answer")
