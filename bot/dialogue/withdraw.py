"""A petitioner taking a matter back ("算了不投诉了", "撤回 XF2026-000012"), in any words.

Withdrawing is a staff transition (``workflow`` "withdraw" needs a reason and a person): the
bot records the request on the case, stops asking its questions and flags the case for a
person, who confirms with the petitioner and withdraws it. The message is never a slot value
("算了" is no name) and never a case of its own.
"""

from __future__ import annotations

import re

from bot import texts
from bot.dialogue.alarm import alarmed
from bot.dialogue.draft import Draft
from bot.dialogue.slots import declines_what_is_asked
from bot.dialogue.status import named_case
from bot.dialogue.turn import Turn
from nlp import Intent
from storage import Case

#: "发错了，不好意思": the message before was sent by mistake — the whole reply says only that
#: (an apology around it at most). A particular sent wrong ("电话发错了") is a correction, read
#: before this row; a typo ("打错字了") is no mistake of sending.
_APOLOGY = r"(?:不好意思|抱歉|对不起|sorry|sry|oops)"
_SENT_BY_MISTAKE = re.compile(
    rf"{_APOLOGY}?[\s,，.。!！]*(?:我|刚才|刚刚|上一条|刚才那条|那条)*(?:发错(?:了|人了|地方了|群了)?|"
    rf"点错(?:了)?|误发(?:了)?|不小心发(?:出去)?(?:的|了)|(?:sent|send) (?:it |this |that )?"
    rf"(?:by mistake|to the wrong \w+)|wrong (?:chat|person|number))"
    rf"[\s,，.。!！]*{_APOLOGY}?[\s,，.。!！]*(?:{_APOLOGY}|请忽略|忽略吧?|ignore (?:it|that))?[\s.。!！]*",
    re.IGNORECASE)


def sent_by_mistake(text: str) -> bool:
    """The whole message says the one before was sent by mistake."""
    return _SENT_BY_MISTAKE.fullmatch(text.strip()) is not None


class Withdraw:
    """Taking a matter back: nlp's judgement, or the rule that a message sent by mistake is
    taken back ("发错了 不好意思" reads as a greeting, 0.97) when the sender has a case open."""

    name = "withdraw"

    def check(self, turn: Turn) -> bool:
        if alarmed(turn.analysis):
            return False
        if declines_what_is_asked(turn):
            return False  # "不告诉你" to "your name?": the name declined, not the matter
        return turn.analysis.intent is Intent.WITHDRAW or (
            sent_by_mistake(turn.text) and bool(turn.open_cases())) or _withdrawal_signed(turn)

    def handle(self, turn: Turn) -> list[Draft]:
        language = turn.language
        case = self._which(turn)
        if case is None:
            open_cases = turn.open_cases()
            if not open_cases:
                return [Draft(texts.say(language, "no_open_case"))]
            numbers = texts.say(language, "items_joiner").join(c.number for c in open_cases[:8])
            return [Draft(texts.say(language, "withdraw_which", numbers=numbers,
                                    first=open_cases[0].number))]
        turn.attach(case, "withdraw_requested")
        case.awaiting = ""  # its questions are moot; a person takes it from here
        case.needs_human = True
        turn.session.add(case)
        return [Draft(texts.say(language, "withdraw_requested", number=case.number), case)]

    @staticmethod
    def _which(turn: Turn) -> Case | None:
        """The open case meant: the one named, else the only one (several: ask which)."""
        for ref in turn.analysis.case_refs:
            case = turn.own_case(ref.number)
            if case is not None and case in turn.open_cases():
                return case
        open_cases = turn.open_cases()
        if len(open_cases) > 1:
            # "菜场那件不用管了": the one case whose matter the message names, as for status.
            return named_case(turn, open_cases)
        return open_cases[0] if open_cases else None


#: The words of taking a complaint back ("撤回投诉", "撤销我的反映", "不投诉了", "withdraw").
_TAKES_BACK = re.compile(r"撤回|撤销|撤诉|撤掉|不(?:再)?(?:投诉|反映|举报|告)了|\bwithdraw", re.IGNORECASE)
#: ...not denied ("不是要撤回，是想改一下我的联系电话").
_NOT_TAKEN_BACK = re.compile(r"不是(?:要|想)?(?:撤|不投诉)|不(?:想|要|用)撤|别撤|没(?:有|想|要)?撤|not (?:to )?withdraw",
                             re.IGNORECASE)
#: What is left once the particulars are taken out is no longer than this: no matter told.
_SIGNED_MAX_CHARS = 16


def _withdrawal_signed(turn: Turn) -> bool:
    """"我要撤回投诉 我叫田甜 13311112222": a withdrawal signed with a name and a phone, which
    the model reads as particulars (0.77, withdraw 0.23; "不投诉了 我叫郑凯 138…" 1.0, withdraw
    0.003): registered as a new matter, it opened the very case the citizen wanted gone. The
    words of taking back, not denied, and little else beside the particulars."""
    analysis = turn.analysis
    if analysis.intent is not Intent.PARTICULARS or _TAKES_BACK.search(turn.text) is None \
            or _NOT_TAKEN_BACK.search(turn.text) is not None:
        return False
    given = analysis.particulars
    rest = turn.text
    for value in (given.name, given.phone, given.id_number, given.address):
        if value:
            rest = rest.replace(value, "")
    return len(re.findall(r"[\u4e00-\u9fff]", rest)) <= _SIGNED_MAX_CHARS + 4
