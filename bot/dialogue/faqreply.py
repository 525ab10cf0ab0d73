"""A question about the service answered from ``bot.faq``, wherever a row meets one.

Most questions reach ``ChitChat``; some are read as a request for help ("然后呢？接下来我要干啥"),
a supplement ("我拍了几张照片，怎么发给你们") or a status question ("受理了是什么意思，下一步呢")
and are claimed by those rows first, which ask here before giving their own answer. An entry
about the asker's own matter (``with_status``: "交给哪个部门") is followed by the status line of
each open case, which names its unit once one is assigned: the fixed answer cannot.
"""

from __future__ import annotations

from bot import lookup
from bot.dialogue.draft import Draft
from bot.dialogue.turn import Turn
from bot.faq import Entry

#: Open cases whose status follows an answer about one's own matter (more: "我的案件").
STATUS_LINES = 3


def faq_reply(turn: Turn) -> list[Draft] | None:
    """The matching entry's answer, and the open cases' status when it is about them; None
    when no entry matches (or the question is about another office's service)."""
    entry = turn.services.faq.entry(turn.text, turn.analysis)
    if entry is None:
        return None
    return answer_with_status(turn, entry)


def answer_with_status(turn: Turn, entry: Entry) -> list[Draft]:
    drafts = [Draft(entry.answers.get(turn.language, entry.answers["zh"]))]
    if entry.with_status:
        drafts += [Draft(lookup.status_line(lookup.of_case(case), turn.language), case)
                   for case in turn.open_cases()[:STATUS_LINES]]
    return drafts
