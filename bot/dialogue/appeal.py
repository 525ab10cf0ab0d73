"""The petitioner's own request for 复查 / 复核 of their latest answered case."""

from __future__ import annotations

import re

from bot import notices, ratings, texts, workflow
from bot.dialogue import slots
from bot.dialogue.draft import Draft
from bot.dialogue.turn import Turn
from nlp import Intent

#: A whole short message asking for 复查 / 复核.
_APPEAL = re.compile(r"^(?:我要|我想|申请|要求|请求)?(复查|复核)(?:申请)?$|^request (re-?review|review)$",
                     re.IGNORECASE)
_BARE = re.compile(r"[\s\W_]+")
#: An appeal asked for within a longer message ("不满意，我要申请复核").
_ASKED = re.compile(r"(?:申请|要求|请求|我要|我想|想要)(?:进行|再)?(复查|复核)")
#: An appeal named in a longer message ("不满意，我要申请复核", "请求复查 XF…").
_NAMED = re.compile(r"复查|复核|复审|review", re.IGNORECASE)


def requested(turn: Turn) -> str | None:
    """The appeal this message asks for ("复查" or "复核"), None when it asks for none."""
    bare = _BARE.sub("", turn.text) if len(turn.text) <= 60 else ""
    found = _APPEAL.match(bare) or _APPEAL.match(turn.text.strip())
    if found is not None:
        return found.group(0)
    asked = _ASKED.search(turn.text)
    if asked is not None and not slots.question_form(turn.text):  # "怎么申请复查" asks how
        return asked.group(1)
    if turn.analysis.intent is Intent.APPEAL and (_NAMED.search(turn.text)
                                                  or turn.rateable() is None
                                                  or asks_it_done_again(turn.text)):
        return "复核" if "复核" in turn.text or "re-review" in turn.text.lower() else "复查"
    # The model alone ("你们的答复我看了" reads as an appeal to it) files nothing against an
    # answer: the feedback row tells how to ask and by when; "申请复查" then files it.
    return None


#: Asking for the matter to be looked at again, or by those above ("重新核实", "再查一遍",
#: "让上级看看"): with the model's appeal, the request itself, in the citizen's words.
_AGAIN = re.compile(r"重新|再(?:查|看|审|核|调查|处理|研究|评估|过问)|上级|上一级|上面的?(?:领导|部门)")
#: Asking how, where, until when or whether one still may: a question about the appeal,
#: answered with how to ask and by when ("怎么申请重新调查", "还能让上级管吗").
_HOW = re.compile(r"怎么|怎样|如何|哪里|哪儿|哪个|什么|多久|几天|还能|还可以|能否|是否")


def asks_it_done_again(text: str) -> bool:
    """The message asks for another look at the answered matter, not how to get one."""
    return _AGAIN.search(text) is not None and _HOW.search(text) is None


_ACTIONS = {"复查": "review", "复核": "rereview"}


class Appeal:
    name = "appeal"

    def check(self, turn: Turn) -> bool:
        return requested(turn) is not None

    def handle(self, turn: Turn) -> list[Draft]:
        word = requested(turn) or ""
        case = turn.rateable()
        if case is None:
            # Not "nothing to appeal": the answer may have come from another office or channel,
            # and the citizen is told how to go on; with a matter still open, when they may.
            pending = turn.latest_open()
            if pending is not None:
                return [Draft(texts.say(turn.language, "appeal_not_yet", number=pending.number),
                              pending)]
            return [Draft(texts.say(turn.language, "appeal_no_answer"))]
        action = "rereview" if ("复核" in word or "re" in word.lower()) else "review"
        next_appeal, _ = ratings.next_appeal(turn.session, case, turn.now,
                                             turn.services.deadlines)
        if next_appeal and action != _ACTIONS[next_appeal]:
            # The two words are one request to a citizen ("要求复核" of a first answer): it is
            # taken as the appeal the answer is open to, not refused on the word.
            action = _ACTIONS[next_appeal]
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
