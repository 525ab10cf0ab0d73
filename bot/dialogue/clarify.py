"""A few words the bot cannot place ("算了不弄了", "我要投诉"): asked what they mean, not filed.

Registering them opens an empty case a clerk must close, and tells the citizen a number for
nothing. Only a message that is short, that nlp reads as a new matter with low confidence while
a non-matter reading runs close, and that carries nothing a matter is made of (danger, an
accusation, a legal route, a place, a case number, particulars, files) is asked about; the
message itself stays stored. Anything longer or surer goes on to be registered: a complaint
lost costs more than a question registered.
"""

from __future__ import annotations

from bot import texts
from bot.dialogue.draft import Draft
from bot.dialogue.turn import Turn
from nlp import Intent
from nlp.normalize import content_chars

#: At most this many characters of content (Chinese characters, Latin letters, digits).
MAX_CHARS = 7
#: nlp's confidence in "a new matter" below this, and a non-matter reading at least
#: ``RIVAL`` — what a short complaint ("路灯坏了" 0.73, "噪音扰民" 0.63) never comes near.
#: ``UNSURE`` was 0.35 on the C = 30 intent head's scale; 0.55 on the sharper C = 300 head's
#: (``RIVAL`` kept; session 24, thresh29, docs/NLP.md).
UNSURE = 0.55
RIVAL = 0.15
_NOT_A_MATTER = frozenset({
    Intent.WITHDRAW, Intent.STATUS_QUERY, Intent.GREETING, Intent.OPT_OUT, Intent.HELP,
    Intent.RATING, Intent.QUESTION, Intent.LIST_CASES,
})


class Clarify:
    name = "clarify"

    def check(self, turn: Turn) -> bool:
        analysis = turn.analysis
        if analysis.intent is not Intent.NEW_PETITION or analysis.intent_confidence >= UNSURE:
            return False
        if (analysis.emergency or analysis.accusation or analysis.legal_route or analysis.places
                or analysis.case_refs or turn.learned or turn.carries_files()
                or turn.message.needs_human):
            return False
        if content_chars(turn.text) > MAX_CHARS:
            return False
        return any(intent in _NOT_A_MATTER and p >= RIVAL
                   for intent, p in analysis.intent_alternatives)

    def handle(self, turn: Turn) -> list[Draft]:
        return [Draft(texts.say(turn.language, "clarify"))]
