"""A request for a person (probe 12: "我要找人工", a call back asked for), as tables through the
test channel, in every state of the dialogue and on every channel the harness offers.

A request alone is answered with who will contact the citizen and the 12345 hotline, flags the
message (and the case it concerns) for a person, and never opens a case; a request inside a
complaint registers the complaint and flags its case. The look-alikes ("物业的人工作不负责",
"人工湖", "他天天打电话给我骚扰", "不用给我打电话") are never answered as a request.
"""

from __future__ import annotations

from itertools import count

import pytest
from sqlmodel import select

from nlp import person as person_rule
from nlp.normalize import normalize
from nlp.person import person_request
from storage import Case, CaseEvent
from tests.bot.harness import BotHarness, answer_as_staff, cases_of, last_message
from tests.person_table import LOOK_ALIKES, REQUESTS

COMPLAINT = "小区旁边的工地每天夜里施工到凌晨两点，噪音扰民，已经持续一个月了，希望有关部门制止。"
OTHER_COMPLAINT = "菜市场门口的井盖丢了好几天，晚上路过很危险，请尽快补上。"
HOTLINE = "12345"
SCHEMES = ("console:{}", "tel:+86138{:08d}", "mailto:p{}@example.cn", "telegram:{}")
_senders = count(5000)


def _sender(scheme: str) -> str:
    return scheme.format(next(_senders))


def _requested(bot: BotHarness, case: Case) -> bool:
    return bot.core.store.read_sync(lambda s: s.exec(select(CaseEvent.id).where(
        CaseEvent.case_id == case.id, CaseEvent.action == "person_requested")).first()) is not None


def _answered_as_request(replies: list[str]) -> bool:
    return any(HOTLINE in reply and ("转人工" in reply or "staff" in reply) for reply in replies)


# -- the rule alone ------------------------------------------------------------------------------

def test_the_table_is_large_and_varied() -> None:
    assert len(REQUESTS) >= 50 and len(LOOK_ALIKES) >= 35
    assert sum(kind == "matter" for _, kind in REQUESTS) >= 5
    assert len({text for text, _ in REQUESTS}) == len(REQUESTS)


@pytest.mark.parametrize(("text", "kind"), REQUESTS)
def test_a_request_for_a_person_is_recognized(text: str, kind: str) -> None:
    assert person_request(normalize(text)) is not None


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_a_look_alike_is_no_request(text: str) -> None:
    assert person_request(normalize(text)) is None


def test_the_one_pass_check_finds_a_text_exactly_when_some_pattern_does() -> None:
    """The single alternation that lets a message skip the pattern loops (nlp.person, issue
    17) matches where one of its patterns would, on the table's texts, their halves and each
    joined to another, and on each text with its first or last characters cut off."""
    patterns = (*person_rule._EXPLICIT, *person_rule._CUED, person_rule._BARE,
                *person_rule._AT_THE_BOT)
    assert {pattern.flags for pattern in patterns} == {person_rule._ANY.flags}
    table = [normalize(text) for text, _ in REQUESTS] + [normalize(t) for t in LOOK_ALIKES]
    texts = set(table)
    for n, text in enumerate(table):
        texts |= {text[: len(text) // 2], text[len(text) // 2:], text[1:], text[:-1],
                  text + table[(n * 7 + 3) % len(table)]}
    texts -= {""}
    one_by_one = [any(p.search(text) for p in patterns) for text in sorted(texts)]
    assert any(one_by_one) and not all(one_by_one)
    assert one_by_one == [person_rule._ANY.search(text) is not None for text in sorted(texts)]
    # and what a text none of them finds anything in is: no request
    assert all(person_request(text) is None for text, found in zip(sorted(texts), one_by_one,
                                                                   strict=True) if not found)


# -- through the dialogue -----------------------------------------------------------------------

async def test_a_request_as_a_first_message_on_every_channel(bot: BotHarness) -> None:
    wrong: list[object] = []
    for index, (text, kind) in enumerate(REQUESTS):
        for scheme in SCHEMES if index % 4 == 0 else (SCHEMES[index % 4],):
            sender = _sender(scheme)
            replies = await bot.say(text, sender=sender)
            cases = cases_of(bot, sender)
            if not _answered_as_request(replies):
                wrong.append((scheme, text, "replies", replies))
            if not last_message(bot, sender).needs_human:
                wrong.append((scheme, text, "message not flagged"))
            if kind == "alone" and cases:
                wrong.append((scheme, text, "a case opened"))
            if kind == "matter" and not (len(cases) == 1 and cases[0].needs_human
                                         and _requested(bot, cases[0])):
                wrong.append((scheme, text, "complaint not registered and flagged", replies))
    assert wrong == []


async def test_a_request_while_the_name_is_asked_flags_that_case(bot: BotHarness) -> None:
    wrong: list[object] = []
    for index, (text, kind) in enumerate(REQUESTS):
        sender = _sender(SCHEMES[index % 4])
        await bot.say(COMPLAINT, sender=sender)
        [pending] = cases_of(bot, sender)
        replies = await bot.say(text, sender=sender)
        cases = cases_of(bot, sender)
        if not _answered_as_request(replies) or any("不像姓名" in r for r in replies):
            wrong.append((text, "replies", replies))
        flagged = next(c for c in cases if c.id == pending.id)
        if kind == "alone" and (len(cases) != 1 or not flagged.needs_human
                                or not _requested(bot, flagged)):
            wrong.append((text, "pending case not flagged, or a case opened"))
        if kind == "alone" and pending.number not in " ".join(replies):
            wrong.append((text, "flagged case not named", replies))
    assert wrong == []


async def test_a_request_after_an_answer_opens_no_case(bot: BotHarness) -> None:
    wrong: list[object] = []
    alone = [text for text, kind in REQUESTS if kind == "alone"]
    for index, text in enumerate(alone[::3]):
        sender = _sender(SCHEMES[index % 4])
        await bot.say("我叫周全，电话13000000001。" + COMPLAINT, sender=sender)
        [case] = cases_of(bot, sender)
        await answer_as_staff(bot, case.number)
        replies = await bot.say(text, sender=sender)
        if not _answered_as_request(replies) or len(cases_of(bot, sender)) != 1:
            wrong.append((text, replies))
    assert wrong == []


async def test_a_request_with_several_open_cases_flags_the_newest(bot: BotHarness) -> None:
    wrong: list[object] = []
    alone = [text for text, kind in REQUESTS if kind == "alone"]
    for index, text in enumerate(alone[1::4]):
        sender = _sender(SCHEMES[index % 4])
        await bot.say("我叫周全，电话13000000001。" + COMPLAINT, sender=sender)
        await bot.say(OTHER_COMPLAINT, sender=sender)
        before = cases_of(bot, sender)
        replies = await bot.say(text, sender=sender)
        after = cases_of(bot, sender)
        if len(before) != 2 or len(after) != 2 or not after[-1].needs_human:
            wrong.append((text, "cases", [(c.number, c.needs_human) for c in after]))
        if not _answered_as_request(replies):
            wrong.append((text, replies))
    assert wrong == []


async def test_a_look_alike_is_not_answered_as_a_request(bot: BotHarness) -> None:
    wrong: list[object] = []
    for index, text in enumerate(LOOK_ALIKES):
        for first in (True, False):
            sender = _sender(SCHEMES[index % 4])
            if not first:
                await bot.say(COMPLAINT, sender=sender)
            replies = await bot.say(text, sender=sender)
            if _answered_as_request(replies):
                wrong.append((text, first, replies))
            if any(_requested(bot, case) for case in cases_of(bot, sender)):
                wrong.append((text, first, "flagged as a request"))
    assert wrong == []


async def test_the_call_back_promise_follows_the_number_on_file(bot: BotHarness) -> None:
    # No number: the citizen is told they will be contacted here and may leave one.
    chat = _sender("telegram:{}")
    replies = await bot.say("转人工", sender=chat)
    assert any("通过本渠道" in r and "手机号码" in r for r in replies), replies
    # A number given with the request: the call goes to it, nothing more is asked.
    replies = await bot.say("能让工作人员给我回个电话吗 13512345678", sender=_sender("telegram:{}"))
    assert any("拨打您留下的电话" in r for r in replies), replies
    # An SMS sender's address is a phone number.
    replies = await bot.say("转人工", sender=_sender("tel:+86139{:08d}"))
    assert any("拨打您留下的电话" in r and "手机号码" not in r for r in replies), replies
