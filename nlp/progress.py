"""A short question in English about when the petition will be answered (or what becomes of
the other party), and nothing else.

"when will you reply" was heard by the emergency head as a mass incident (0.05, on "will",
"hen"), and "when will someone get back to me" as violence (0.14): the head's English is
thin, and a citizen asking about their case was told the numbers to call and handed to a
person. A short message that asks only when or whether the petition is answered, with no word
of danger beside it, is the status question it is (``bot.dialogue.status`` reads the same
grammar as a progress question). Only a faint signal is cleared, never self-harm, as for a
feeling told in danger's words (nlp.feelings).
"""

from __future__ import annotations

import re

from nlp.dialogue_lexicon import ENGLISH_DANGER

#: What becomes of the other party, asked in English ("will they be fined"): the open matter's
#: outcome (bot.dialogue.chitchat reads it beside the Chinese words for the same).
ENGLISH_OUTCOME = (r"\b(?:will|would|could) (?:they|he|she|the \w+) (?:be|get) (?:fined|punished|"
                   r"closed|shut|charged|penali[sz]ed|warned)\b")
#: Asking when or whether the petition is answered, in English.
ENGLISH_PROGRESS = (
    r"\bwhen (?:will|would|do|does|can|should|are) (?:you|i|we|someone|anyone|somebody|they|it|"
    r"my|this|the)\b[^.!?]{0,40}?\b(?:reply|respond|answer|hear|get back|contact|call|"
    r"deal|handle|process|fix|look|done|finished|sorted|solved|resolved|news|update|result)|"
    r"\bhow (?:long|much longer|many (?:more )?days)\b|"
    r"\bhow(?:'s| is| are) (?:my|the|our) (?:complaint|case|petition|report|request|matter)s?\b|"
    r"\bany (?:news|update|progress|reply|response|word|answer|result)s?\b|"
    r"\bwhat'?s (?:the |my )?(?:status|progress|update|news)\b|\bstill waiting\b|"
    r"\bhear(?:d)? back\b|\bget(?:ting)? back to (?:me|us)\b|"
    r"\b(?:is|has) (?:anyone|anybody|someone|somebody) (?:handling|dealing|looking|replied|"
    r"answered|looked|read|seen)\b|\bno (?:reply|response|answer|news) yet\b|"
    # what becomes of the other party: the open matter's outcome ("will they be fined")
    + ENGLISH_OUTCOME)
_PROGRESS = re.compile(ENGLISH_PROGRESS, re.IGNORECASE)
#: Danger beside the question keeps the signal ("how long until the ambulance", "fire").
_DANGER = re.compile(ENGLISH_DANGER + r"|[\u3400-\u9fff]", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z']+")
#: Longer messages tell more than a question.
_MAX_WORDS = 14
#: Under this P(an emergency) the signal is cleared: above the feelings' bar (0.2), as the grammar
#: is closed and any word of danger keeps the signal ("when will I hear back": violence 0.2).
FAINT = 0.5


def asks_only_progress(text: str) -> bool:
    """Whether normalized ``text`` is a short English question about the petition's answer."""
    return (len(_WORD.findall(text)) <= _MAX_WORDS and _PROGRESS.search(text) is not None
            and _DANGER.search(text) is None)


def only_progress_asked(text: str, kind: str, confidence: float) -> bool:
    """Whether an emergency signal of ``kind`` at ``confidence`` on ``text`` is no more than a
    question about progress: faint, not self-harm, and asked in those words alone."""
    return kind != "self_harm" and confidence < FAINT and asks_only_progress(text)
