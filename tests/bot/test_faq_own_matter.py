"""Questions the probe13 citizens asked and got the generic answer for (docs/NLP.md, "Session
13"): a lawyer, what happens next and who handles it, a visit, the query code, going higher,
English. The FAQ answers them wherever a row meets them (help, supplement, status), with the
open case's status after an answer about one's own matter; a matter about a lawyer stays one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import select

from bot import faq, staff, texts
from storage import Case, CaseEvent
from tests.bot.harness import BotHarness

NUMBER = re.compile(r"XF2026-\d{6}")
MATTER = "小区门口的人行道砖翘起来好多块，老人摔过好几次"
SHIPPED = faq.FaqIndex(faq.load())
#: Numbers an answer may give: nationally public ones only (RULES.md, "12345 practice").
PUBLIC_NUMBERS = {"12345", "12348", "12356", "110", "119", "120", "122"}


def answer_of(entry_id: str, language: str = "zh") -> str:
    [entry] = [e for e in SHIPPED.entries if e.id == entry_id]
    return entry.answers[language]


async def registered(bot: BotHarness, sender: str, text: str = MATTER) -> str:
    """A case of ``sender``'s with its particulars complete: the bot asks for nothing more."""
    number = NUMBER.search(" ".join(await bot.say(text, sender=sender)))
    assert number, "the matter was not registered"
    await bot.say("我叫王芳", sender=sender)
    return number.group()


async def act(bot: BotHarness, number: str, action: str, **fields: str) -> None:
    """A staff step on case ``number``; the notice it sends its petitioner is sent, unread."""
    now = bot.core.clock.now()
    bot.core.store.write_sync(lambda session: staff.act(
        session, number, action, actor="staff:t", now=now, deadlines=bot.core.deadlines,
        units=bot.core.units, **fields))
    await bot.worker.send_due()
    for channel in bot.channels.values():
        channel.sent = []


# -- the matcher ------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "entry"), [
    ("能帮我找个律师吗", "legal_aid"),
    ("请不起律师怎么办", "legal_aid"),
    ("有没有免费咨询法律问题的电话", "legal_aid"),
    ("然后呢？接下来我要干啥", "next_steps"),
    ("受理了是什么意思，下一步呢", "next_steps"),
    ("这个事会交给哪个部门办", "next_steps"),
    ("会有人给我打电话吗", "result_notice"),
    ("需要我本人去你们那里一趟吗", "channels"),
    ("查询码是干嘛用的", "lost_code"),
    ("能不能匿名反映？我怕村干部知道是我", "anonymous"),
    ("我拍了几张照片，怎么发给你们", "attachments"),
    ("你们不办我就去省信访局", "where_to_visit"),
    ("How can I check the status of my complaint?", "query_progress"),
    ("What happens next?", "next_steps"),
    ("Hello, can I write in English?", "language"),
])
def test_the_probe_s_questions_find_their_entry(question: str, entry: str) -> None:
    found = SHIPPED.match(question)
    assert found is not None and found.id == entry, (question, found)


def test_a_lawyer_is_answered_with_the_public_legal_services() -> None:
    for language in ("zh", "en"):
        assert "12348" in answer_of("legal_aid", language)
    assert "法律援助" in answer_of("legal_aid")
    assert "法律援助" in texts.say("zh", "legal_aid_hint") and "12348" in texts.say(
        "en", "legal_aid_hint")


def test_going_higher_is_told_the_rule_and_the_route_that_works() -> None:
    answer = answer_of("where_to_visit")
    for article in ("第十九条", "第二十条", "第三十五条", "第三十六条", "第四十条"):
        assert article in answer


def test_no_answer_gives_a_number_that_is_not_nationally_public() -> None:
    for entry in SHIPPED.entries:
        for answer in entry.answers.values():
            numbers = set(re.findall(r"(?<![\d.])\d{3,}(?![\d.])", answer))
            assert numbers <= PUBLIC_NUMBERS, (entry.id, numbers)


def test_an_entry_about_one_s_own_matter_is_marked_and_the_mark_is_checked(
        tmp_path: Path) -> None:
    assert {e.id for e in SHIPPED.entries if e.with_status} == {"next_steps"}
    own = tmp_path / "faq.toml"
    own.write_text('[[entry]]\nid = "x"\nwith_status = "yes"\nzh = "甲"\nen = "a"\n'
                   'asked = ["然后呢"]\n', encoding="utf-8")
    with pytest.raises(faq.FaqError, match="with_status"):
        faq.load(own)


# -- through the bot --------------------------------------------------------------------------

async def test_a_lawyer_asked_for_with_no_case_gets_the_legal_services(bot: BotHarness) -> None:
    assert await bot.say("能帮我找个律师吗", sender="tel:+8613800130001") == [
        answer_of("legal_aid")]
    assert bot.core.store.read_sync(lambda s: s.exec(select(Case)).all()) == []


async def test_a_matter_asking_for_a_lawyer_is_registered_and_told_of_legal_aid(
        bot: BotHarness) -> None:
    replies = await bot.say("我没钱请律师，能不能给我申请法律援助，工伤老板不认",
                            sender="tel:+8613800130002")
    assert NUMBER.search(replies[0]), replies
    assert texts.say("zh", "legal_aid_hint") in replies


async def test_a_complaint_about_a_lawyer_stays_a_matter_with_no_legal_aid_hint(
        bot: BotHarness) -> None:
    replies = await bot.say("律师费被骗了", sender="tel:+8613800130003")
    assert NUMBER.search(replies[0]), replies
    assert not any("12348" in reply for reply in replies)


async def test_which_unit_is_answered_with_the_case_s_unit_once_assigned(
        bot: BotHarness) -> None:
    sender = "tel:+8613800130004"
    number = await registered(bot, sender)
    before = await bot.say("这个事会交给哪个部门办", sender=sender)
    assert before[0] == answer_of("next_steps") and number in before[1], before
    await act(bot, number, "accept")
    await act(bot, number, "assign", unit="区住建局", mode="交办")
    after = await bot.say("这个事会交给哪个部门办", sender=sender)
    assert after[0] == answer_of("next_steps")
    assert number in after[1] and "区住建局" in after[1], after


async def test_then_what_read_as_help_gets_the_next_steps_not_the_commands(
        bot: BotHarness) -> None:
    sender = "tel:+8613800130005"
    number = await registered(bot, sender)
    replies = await bot.say("然后呢？接下来我要干啥", sender=sender)
    assert replies[0] == answer_of("next_steps") and number in replies[1], replies
    assert texts.say("zh", "help") not in replies


async def test_what_the_query_code_is_for_read_as_help_is_answered(bot: BotHarness) -> None:
    sender = "tel:+8613800130006"
    await registered(bot, sender)
    assert await bot.say("查询码是干嘛用的", sender=sender) == [answer_of("lost_code")]


async def test_asking_how_to_send_photos_is_answered_not_filed_as_material(
        bot: BotHarness) -> None:
    sender = "tel:+8613800130007"
    number = await registered(bot, sender)
    replies = await bot.say("我拍了几张照片，怎么发给你们", sender=sender)
    assert replies == [answer_of("attachments")]

    def supplements(session):  # type: ignore[no-untyped-def]
        case = session.exec(select(Case).where(Case.number == number)).one()
        return session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                    CaseEvent.action == "supplement")).all()
    assert bot.core.store.read_sync(supplements) == []


async def test_what_accepted_means_is_answered_before_the_status(bot: BotHarness) -> None:
    sender = "tel:+8613800130008"
    number = await registered(bot, sender)
    await act(bot, number, "accept")
    replies = await bot.say("受理了是什么意思，下一步呢", sender=sender)
    assert replies[0] == answer_of("next_steps")
    assert replies[1].startswith(number) and texts.status_name("zh", "accepted") in replies[1]


async def test_a_pure_status_question_keeps_the_status_answer_alone(bot: BotHarness) -> None:
    sender = "tel:+8613800130009"
    number = await registered(bot, sender)
    replies = await bot.say("我的投诉怎么样了", sender=sender)
    assert len(replies) == 1 and replies[0].startswith(number), replies


async def test_a_threat_to_go_higher_is_told_the_rules(bot: BotHarness) -> None:
    sender = "tel:+8613800130010"
    await registered(bot, sender)
    replies = await bot.say("你们不办我就去省信访局", sender=sender)
    # The rules, then the case's status and a person (an ultimatum: nlp.ultimatum).
    assert replies[0] == answer_of("where_to_visit") and "工作人员" in replies[-1], replies


async def test_english_questions_are_answered_in_english(bot: BotHarness) -> None:
    assert await bot.say("How can I check the status of my complaint?",
                         sender="tel:+8613800130011") == [answer_of("query_progress", "en")]
    assert await bot.say("Hello, can I write in English?", sender="tel:+8613800130012") == [
        answer_of("language", "en")]
    sender = "tel:+8613800130013"
    number = await registered(bot, sender, "The bus stop sign on Zhongshan Road has fallen down")
    replies = await bot.say("What happens next?", sender=sender)
    assert replies[0] == answer_of("next_steps", "en") and number in replies[1], replies
