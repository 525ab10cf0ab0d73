"""Ratings in words (nlp/rating.py, bot/dialogue/rating.py): the table of wordings and
look-alikes (tests/bot/rating_table.py), then the dialogue through the test channel: a rating
while the name is still asked, a low grade offering 复查, thanks that are no rating.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.dialogue.rating import judge
from nlp import Analyzer
from nlp import rating as rating_words
from nlp.rating import parse_rating, read_rating
from storage import Case
from tests.bot.harness import COMPLAINT, BotHarness, all_cases, answer_as_staff, petitioner, scores
from tests.bot.rating_table import ASKED, LOOK_ALIKES, RATINGS

# -- the table ----------------------------------------------------------------------------

def test_the_table_is_large_and_varied() -> None:
    assert len(RATINGS) >= 120 and len(LOOK_ALIKES) >= 40
    assert {grade for _, grade in RATINGS} == {1, 2, 3, 4, 5}
    assert len({text for text, _ in RATINGS}) == len(RATINGS)


@pytest.mark.parametrize(("text", "grade"), RATINGS)
def test_a_rating_in_words_is_read_with_its_grade(text: str, grade: int) -> None:
    reading = judge(text, rateable=True)
    assert reading is not None and reading.grade == grade, reading


@pytest.mark.parametrize("text", ASKED)
def test_a_rating_that_says_two_things_is_asked_about(text: str) -> None:
    reading = judge(text, rateable=True)
    assert reading is not None and reading.grade is None, reading


@pytest.mark.parametrize(("text", "rateable"), LOOK_ALIKES)
def test_a_look_alike_is_no_rating(text: str, rateable: bool) -> None:
    assert judge(text, rateable=rateable) is None


@pytest.mark.parametrize(("text", "comment"), [
    ("不满意，根本没人来", "根本没人来"), ("很满意", ""), ("处理得挺及时的，很满意", "处理得挺及时的"),
])
def test_the_reason_given_with_a_grade_is_kept_as_its_comment(text: str, comment: str) -> None:
    reading = read_rating(text)
    assert reading is not None and reading.comment == comment


@pytest.mark.parametrize("text", ["中", "凑合吧", "还行", "太差劲了", "不满意，根本没人来"])
def test_short_forms_and_reasons_are_no_rating_with_nothing_to_rate(text: str) -> None:
    # nlp's whole-message rule and the dialogue with no answered case: left to the rows below.
    assert parse_rating(text) is None and judge(text, rateable=False) is None


def test_a_short_form_does_not_answer_the_bots_yes_or_no_question() -> None:
    assert judge("行", rateable=True, awaits_answer=True) is None
    reading = judge("满意", rateable=True, awaits_answer=True)
    assert reading is not None and reading.grade == 4


def test_the_one_pass_checks_agree_with_the_patterns_one_by_one() -> None:
    """The alternations that let a clause skip the pattern loops (nlp.rating, issue 17) match
    exactly where some pattern of theirs does, on every clause of the table."""
    patterns = rating_words._EXPLICIT + rating_words._SHORT
    assert {pattern.flags for pattern, _ in patterns} == {rating_words._ANY_EXPLICIT.flags}
    assert rating_words._ANY_SHORT.flags == rating_words._ANY_EXPLICIT.flags
    texts = [t for t, _ in RATINGS] + [t for t, _ in LOOK_ALIKES] + list(ASKED)
    clauses = {rating_words._rest(clause) for text in texts
               for clause in rating_words._CLAUSES.split(text.lower())} - {""}
    explicit = [bool(any(p.search(c) for p, _ in rating_words._EXPLICIT)) for c in clauses]
    short = [bool(any(p.match(c) for p, _ in rating_words._SHORT)) for c in clauses]
    assert any(explicit) and any(short) and not all(short)
    assert explicit == [rating_words._ANY_EXPLICIT.search(c) is not None for c in clauses]
    assert short == [rating_words._ANY_SHORT.match(c) is not None for c in clauses]


# -- the dialogue --------------------------------------------------------------------------

async def answered(bot: BotHarness, sender: str, *, name: str = "") -> str:
    """File a complaint (giving ``name`` when there is one) and let staff answer it."""
    await bot.say(COMPLAINT, sender=sender)
    if name:
        await bot.say(f"我叫{name}", sender=sender)
    number = bot.core.store.read_sync(lambda s: s.exec(select(Case.number)).one())
    replies = await answer_as_staff(bot, number)
    assert any("评价" in reply for reply in replies), replies  # the rating request went out
    return number


@pytest.mark.parametrize(("text", "grade"), [
    ("很不满意，根本没人来", 1), ("问题没解决，不太满意", 2), ("还行吧，给三分", 3),
    ("处理得很及时，满意", 4),
])
async def test_a_rating_in_words_while_the_name_is_asked_is_a_rating_not_a_name(
        bot: BotHarness, text: str, grade: int) -> None:
    sender = "tel:+8613800000101"
    number = await answered(bot, sender)  # no name given: the name is still asked
    [case] = all_cases(bot)
    assert "name" in case.awaiting
    replies = await bot.say(text, sender=sender)
    assert scores(bot) == [grade] and "感谢您的评价" in replies[0], replies
    assert not any("姓名" in reply for reply in replies), replies
    assert petitioner(bot, sender).name == ""
    assert [c.number for c in all_cases(bot)] == [number]


async def test_a_grade_nlp_hears_as_a_help_request_rates_the_awaited_case(
        bot: BotHarness, analyzer: Analyzer) -> None:
    sender = "tel:+8613800000104"
    await answered(bot, sender, name="张三")
    # what the row overrides: help before the forty-sixth author, small talk since (not a rating)
    assert analyzer.analyze("不怎么样").intent.value in {"help", "greeting"}
    replies = await bot.say("不怎么样", sender=sender)
    assert scores(bot) == [2] and "申请复查" in replies[0], replies


async def test_a_name_still_fills_the_slot_while_a_case_awaits_its_rating(
        bot: BotHarness) -> None:
    sender = "tel:+8613800000102"
    await answered(bot, sender)
    await bot.say("我叫王中", sender=sender)
    assert petitioner(bot, sender).name == "王中" and scores(bot) == []


async def test_a_dissatisfied_rating_in_words_offers_the_review(bot: BotHarness) -> None:
    sender = "telegram:4311"
    number = await answered(bot, sender, name="张三")
    replies = await bot.say("不是很满意，到现在还有噪音", sender=sender)
    assert scores(bot) == [2]
    assert "申请复查" in replies[0] and number in replies[0], replies


@pytest.mark.parametrize("text", ["3q 收到", "谢谢", "好的，谢谢", "满意吗？"])
async def test_thanks_and_questions_are_no_rating(bot: BotHarness, text: str) -> None:
    sender = "tel:+8613800000103"
    await answered(bot, sender, name="张三")
    replies = await bot.say(text, sender=sender)
    assert scores(bot) == []
    assert not any(words in reply for reply in replies
                   for words in ("感谢您的评价", "无需评价", "的办理打分")), replies


async def test_thanks_with_nothing_to_rate_are_not_judged_a_rating(bot: BotHarness) -> None:
    replies = await bot.say("3q 收到", sender="tel:+8613800000104")
    assert not any("无需评价" in reply for reply in replies), replies


@pytest.mark.parametrize("text", ["一般", "很好", "凑合"])
async def test_a_short_rating_with_nothing_to_rate_opens_no_case(bot: BotHarness,
                                                                text: str) -> None:
    # nlp reads a rating and there is none to give: answered, never registered as a matter.
    assert judge(text, rateable=False, judged=True) is not None
    replies = await bot.say(text, sender="tel:+8613800000105")
    assert replies == ["该事项目前无需评价。"], replies
    assert all_cases(bot) == []
