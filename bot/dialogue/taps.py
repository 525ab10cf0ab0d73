"""Button taps: a rating (``rate:N:score``), a category answer (``cat:ok|no:N``) and a case
chosen from a list (``case:N``). The supplement question's taps belong to ``followup``.
A tap naming somebody else's case reveals nothing."""

from __future__ import annotations

import re

from bot import cases, ratings, texts
from bot.dialogue.draft import Draft
from bot.dialogue.rating import rate
from bot.dialogue.status import tell
from bot.dialogue.turn import Turn
from nlp.caserefs import CASE_NUMBER_PATTERN

_CASE_BUTTON = re.compile(rf"^(cat:ok|cat:no|case):({CASE_NUMBER_PATTERN})$")


class Taps:
    name = "taps"

    def check(self, turn: Turn) -> bool:
        return bool(ratings.CALLBACK.match(turn.callback) or _CASE_BUTTON.match(turn.callback))

    def handle(self, turn: Turn) -> list[Draft]:
        language = turn.language
        button = ratings.CALLBACK.match(turn.callback)
        if button is not None:
            case = turn.own_case(button.group(1))
            if case is None:
                return [Draft(texts.say(language, "rating_not_open"))]
            return rate(turn, case, int(button.group(2)))
        tapped = _CASE_BUTTON.match(turn.callback)
        assert tapped is not None  # check() matched one of the two
        kind, number = tapped.group(1), tapped.group(2)
        case = turn.own_case(number)
        if case is None:
            return [Draft(texts.say(language, "no_such_case"))]
        if kind == "case":
            return [tell(turn, case)]
        if kind == "cat:ok":
            cases.record(turn.session, case, turn.message.sender, "category_confirmed",
                         turn.now, category=case.category)
            return [Draft(texts.say(language, "category_confirmed", category=case.category),
                          case)]
        case.needs_human = True  # triage takes another look at the category and the route
        turn.session.add(case)
        cases.record(turn.session, case, turn.message.sender, "category_disputed", turn.now,
                     category=case.category)
        return [Draft(texts.say(language, "category_disputed"), case)]
