"""A petitioner taking a matter back ("算了不投诉了", "撤回 XF2026-000012"), in any words.

Withdrawing is a staff transition (``workflow`` "withdraw" needs a reason and a person): the
bot records the request on the case, stops asking its questions and flags the case for a
person, who confirms with the petitioner and withdraws it. The message is never a slot value
("算了" is no name) and never a case of its own.
"""

from __future__ import annotations

from bot import texts
from bot.dialogue.alarm import alarmed
from bot.dialogue.draft import Draft
from bot.dialogue.turn import Turn
from nlp import Intent
from storage import Case


class Withdraw:
    name = "withdraw"

    def check(self, turn: Turn) -> bool:
        return turn.analysis.intent is Intent.WITHDRAW and not alarmed(turn.analysis)

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
        return open_cases[0] if len(open_cases) == 1 else None
