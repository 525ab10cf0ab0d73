"""A rating reply after the rating prompt, in figures or in words ("满意，谢谢", "还行吧3分").

``nlp`` reads a message that *is* a grade; after the prompt the citizen often wraps it in
thanks or filler words, so here the grade is read from what is left once those are taken off.
A grade with nothing to rate is answered, never registered as a case.
"""

from __future__ import annotations

import re

from bot import ratings, texts, workflow
from bot.dialogue.draft import Draft
from bot.dialogue.turn import Turn
from nlp import Intent
from nlp.rating import parse_rating
from storage import Case

#: Words around a grade that say nothing about it: thanks, fillers, sentence particles.
_FILLER = re.compile(
    r"谢谢你们|谢谢您|谢谢|感谢|多谢|辛苦了|辛苦|麻烦了|给你们|给您|我给|我打|我觉得|我感觉|觉得|感觉|"
    r"总体|总的来说|整体|处理结果|处理|结果|服务|吧|啊|呀|哈|了|呢|嗯|哦|噢|的|还可以|可以|"
    r"thanks|thank you|ok|okay",
    re.IGNORECASE)
_NOT_CONTENT = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
#: A figure grade with its verb and unit ("打4分", "3星"); it wins over words ("还行吧3分": 3).
_FIGURE = re.compile(r"(?:打|给|评)?(?<![0-9])([1-5])(?:分|星|颗星)?(?![0-9])")
_SO_SO = frozenset({"还行", "还好", "一般般", "马马虎虎"})
_MAX_CHARS = 24


def grade_in_words(text: str) -> int | None:
    """The grade a short reply gives once thanks and fillers are taken off, else None.

    Whatever is left must be a grade and nothing else: "5号楼漏水" is no 5.
    """
    bare = _NOT_CONTENT.sub("", text.lower())
    if not bare or len(bare) > _MAX_CHARS:
        return None
    rest = _FILLER.sub("", bare)
    figures = list(_FIGURE.finditer(rest))
    if len(figures) == 1:
        words = _FIGURE.sub("", rest)
        if not words or words in _SO_SO or parse_rating(words) is not None:
            return int(figures[0].group(1))
        return None
    if figures or not rest:
        return None
    return 3 if rest in _SO_SO else parse_rating(rest)


class Rating:
    name = "rating"

    def check(self, turn: Turn) -> bool:
        return self._grade(turn) is not None or _unread_rating(turn)

    def handle(self, turn: Turn) -> list[Draft]:
        grade = self._grade(turn)
        case = turn.rateable()
        if case is None:
            return [Draft(texts.say(turn.language, "rating_not_open"))]
        if grade is None:  # a rating whose grade we cannot read ("還算manyi吧"): ask for it
            return [Draft(texts.say(turn.language, "rating_ask", number=case.number), case)]
        return rate(turn, case, grade)

    @staticmethod
    def _grade(turn: Turn) -> int | None:
        if turn.analysis.intent is Intent.RATING:
            # A model may know it is a rating without reading the grade: read it here.
            return turn.analysis.rating or grade_in_words(turn.text)
        if turn.analysis.intent in (Intent.NEW_PETITION, Intent.GREETING, Intent.QUESTION):
            # A grade in words: rated after the prompt; with nothing to rate it is still no
            # matter ("满意，谢谢" never becomes a case).
            return grade_in_words(turn.text)
        return None


def _unread_rating(turn: Turn) -> bool:
    """nlp judges a short message a rating but no grade can be read from it: still no matter.
    (While the bot waits for an answer, that answer's checks come first.)"""
    analysis = turn.analysis
    return (analysis.intent is Intent.RATING and not analysis.emergency
            and not analysis.accusation
            and len(_NOT_CONTENT.sub("", turn.text.lower())) <= _MAX_CHARS * 2
            and turn.awaiting_case() is None)


def rate(turn: Turn, case: Case, score: int) -> list[Draft]:
    """Record ``score`` for ``case``; a low grade offers the next appeal with its date."""
    if case.status not in workflow.ANSWERED:
        return [Draft(texts.say(turn.language, "rating_not_open"))]
    rated = ratings.record(turn.session, case, score, actor=turn.message.sender,
                           channel=turn.message.channel, now=turn.now,
                           deadlines=turn.services.deadlines)
    turn.message.case_id = case.id
    turn.session.add(turn.message)
    if rated.appeal:
        return [Draft(texts.say(turn.language, "rating_low", number=case.number,
                                appeal=rated.appeal, due=rated.appeal_due), case)]
    return [Draft(texts.say(turn.language, "rating_thanks"), case)]



