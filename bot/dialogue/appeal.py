"""The petitioner's own request for 复查 / 复核 of their latest answered case."""

from __future__ import annotations

import re

from bot import notices, texts, workflow
from bot.dialogue.draft import Draft
from bot.dialogue.turn import Turn
from nlp import Intent

#: A whole short message asking for 复查 / 复核.
_APPEAL = re.compile(r"^(?:我要|我想|申请|要求|请求)?(复查|复核)(?:申请)?$|^request (re-?review|review)$",
                     re.IGNORECASE)
_BARE = re.compile(r"[\s\W_]+")


def _word(turn: Turn) -> str | None:
    bare = _BARE.sub("", turn.text) if len(turn.text) <= 60 else ""
    found = _APPEAL.match(bare) or _APPEAL.match(turn.text.strip())
    if found is not None:
        return found.group(0)
    if turn.analysis.intent is Intent.APPEAL:
        return "复核" if "复核" in turn.text or "re-review" in turn.text.lower() else "复查"
    return None


class Appeal:
    name = "appeal"

    def check(self, turn: Turn) -> bool:
        return _word(turn) is not None

    def handle(self, turn: Turn) -> list[Draft]:
        word = _word(turn) or ""
        case = turn.rateable()
        if case is None:
            return [Draft(texts.say(turn.language, "appeal_no_answer"))]
        action = "rereview" if ("复核" in word or "re" in word.lower()) else "review"
        try:
            outcome = workflow.apply(turn.session, case, action, actor=turn.message.sender,
                                     now=turn.now, deadlines=turn.services.deadlines)
        except workflow.TransitionRefused as refused:
            return [Draft(texts.say(turn.language, "appeal_refused", number=case.number,
                                    reason=workflow.citizen_reason(refused)), case)]
        turn.message.case_id = case.id
        turn.session.add(turn.message)
        text = notices.render(outcome.notice, turn.language,
                              notices.form_for(turn.message.channel),
                              number=case.number, **outcome.notice_fields)
        return [Draft(text, case)]
