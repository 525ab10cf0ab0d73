"""What the whole bot did wrong with four classes of message (session 27, helper newmatter32,
issue 15), in fresh words (none is a corpus row), through the bot on SMS and Telegram:

- thanks for the trouble said alone ("麻烦你们了", "给您添麻烦了") was heard faintly as
  self-harm (the head learnt the farewell "给大家添麻烦了"): the crisis alarm and a case. Now a
  courtesy by a closed grammar (nlp.courtesy): thanked, no alarm, no case; "给大家添麻烦了"
  beside despair still leads with the crisis line;
- a reply that only points at a picture or a file that is not there ("如图", "照片发你们了")
  was a bad phone number, a name, an empty case or material never received: now told the file
  did not arrive, and the question that stands is asked again (bot.dialogue.missing_files);
- one's own request lodged elsewhere, waited on long, told by a sender with no case here
  ("危房改造申请递上去半年了一直没批") was answered "you have no case": registered now
  (nlp.waited); asked as a progress question, or from a sender with a case, it is still status;
- a complaint asked as a question ("为什么…都没人修？") is registered.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from channels.base import IncomingAttachment
from nlp.attached import only_points_at_files
from nlp.courtesy import thanks_for_the_trouble
from nlp.normalize import normalize
from nlp.waited import waited_on_own_request
from tests.bot.harness import COMPLAINT, NUMBER, BotHarness, all_cases, file_case

SMS, TELEGRAM = "tel:+8613932000001", "telegram:3932001"
SENDERS = (SMS, TELEGRAM)
#: The crisis line every self-harm alarm (loud or quiet) gives.
CRISIS = "12356"


# -- thanks for the trouble ---------------------------------------------------------------------

@pytest.mark.parametrize(("said", "courtesy"), [
    ("麻烦你们了", True), ("给您添麻烦了！", True), ("辛苦各位了", True), ("打扰你们了 谢谢", True),
    ("真是麻烦您了哈", True), ("给大家添麻烦了", False), ("麻烦你们管一管", False),
    ("给你们添麻烦了 我不想活了", False),
])
def test_thanks_for_the_trouble_is_a_closed_grammar(said: str, courtesy: bool) -> None:
    assert thanks_for_the_trouble(said) is courtesy


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("said", ["麻烦你们了", "给您们添麻烦了", "真是辛苦你们了 谢谢", "麻烦您了哈"])
async def test_thanks_for_the_trouble_is_thanked_without_alarm_or_case(
        bot: BotHarness, sender: str, said: str) -> None:
    replies = await bot.say(said, sender=sender)
    joined = " ".join(replies)
    assert CRISIS not in joined and "110" not in joined, replies
    assert not NUMBER.search(joined), replies
    assert "不客气" in joined, replies
    assert all_cases(bot) == []


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("said", ["给大家添麻烦了 这日子我是熬不下去了", "麻烦你们了 我已经不想活了"])
async def test_a_farewell_beside_despair_still_leads_with_the_crisis_line(
        bot: BotHarness, sender: str, said: str) -> None:
    replies = await bot.say(said, sender=sender)
    assert CRISIS in replies[0], replies


# -- a picture pointed at that is not there ------------------------------------------------------

@pytest.mark.parametrize(("said", "points"), [
    ("如图", True), ("详见附图", True), ("照片已经发给你们了", True), ("截图发过去了 请查收", True),
    ("我刚上传了两张照片", True), ("我拍了照片 怎么发给你们", False), ("照片明天补发", False),
    ("见附件 楼下的烧烤摊又开始了", False),
])
def test_pointing_at_files_is_a_closed_grammar(said: str, points: bool) -> None:
    assert only_points_at_files(said) is points


NOT_ARRIVED = "没有收到图片或附件"


async def test_a_picture_pointed_at_while_the_contact_is_asked(bot: BotHarness) -> None:
    await bot.say(COMPLAINT, sender=TELEGRAM)
    await bot.say("周海燕", sender=TELEGRAM)  # the contact is still asked
    replies = await bot.say("见附图", sender=TELEGRAM)
    joined = " ".join(replies)
    assert NOT_ARRIVED in joined and "联系电话" in joined, replies
    assert "有效的电话号码" not in joined, replies
    assert len(all_cases(bot)) == 1


async def test_a_picture_pointed_at_while_the_name_is_asked(bot: BotHarness) -> None:
    await bot.say(COMPLAINT, sender=SMS)
    replies = await bot.say("照片发你们了", sender=SMS)
    joined = " ".join(replies)
    assert NOT_ARRIVED in joined and "姓名" in joined, replies
    replies = await bot.say("周海燕", sender=SMS)  # the name still answers the question
    assert "姓名" not in " ".join(replies), replies
    assert len(all_cases(bot)) == 1


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("said", ["如图所示", "图片发给你们了"])
async def test_a_picture_pointed_at_with_an_open_case_adds_nothing(
        bot: BotHarness, sender: str, said: str) -> None:
    number = await file_case(bot, sender)
    replies = await bot.say(said, sender=sender)
    joined = " ".join(replies)
    assert NOT_ARRIVED in joined and number in joined, replies
    assert "已将补充材料加入" not in joined, replies
    assert len(all_cases(bot)) == 1


@pytest.mark.parametrize("sender", SENDERS)
async def test_a_picture_pointed_at_as_a_first_message_opens_no_case(
        bot: BotHarness, sender: str) -> None:
    replies = await bot.say("见附件", sender=sender)
    assert NOT_ARRIVED in " ".join(replies), replies
    assert all_cases(bot) == []


# -- one's own request waited on long ------------------------------------------------------------

@pytest.mark.parametrize(("said", "waited"), [
    ("我家的危房改造申请递上去半年了一直没批", True),
    ("孩子落户的材料交上去两个月了还没办下来", True),
    ("楼道灯报修快二十天了还是没人来修", True),
    ("我申请的补贴多久能批下来", False),            # asked: a question
    ("我的户口申请交了两个月了 到底批没批", False),  # progress asked: status
    ("我反映的事两个月了还没消息", False),           # our own case waited on: status
    ("我想申请低保 需要什么材料", False),
])
def test_waited_on_own_request_is_a_closed_grammar(said: str, waited: bool) -> None:
    assert waited_on_own_request(normalize(said)) is waited


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("said", ["我家的危房改造申请递上去半年了一直没批",
                                  "楼道灯报修快二十天了还是没人来修"])
async def test_own_request_waited_on_is_registered_with_no_case_here(
        bot: BotHarness, sender: str, said: str) -> None:
    replies = await bot.say(said, sender=sender)
    joined = " ".join(replies)
    assert NUMBER.search(joined), replies
    assert "没有办理中的事项" not in joined, replies
    assert len(all_cases(bot)) == 1


@pytest.mark.parametrize("sender", SENDERS)
async def test_own_request_waited_on_from_a_case_holder_gets_its_status(
        bot: BotHarness, sender: str) -> None:
    number = await file_case(bot, sender)
    replies = await bot.say("报修等了一个月了还没人来", sender=sender)
    assert any(number in r for r in replies), replies
    assert len(all_cases(bot)) == 1


@pytest.mark.parametrize("said", ["我反映的事两个月了还没消息", "我的户口申请交了两个月了 到底批没批"])
async def test_a_progress_question_with_no_case_is_still_no_case(bot: BotHarness, said: str) -> None:
    replies = await bot.say(said, sender=SMS)
    assert not NUMBER.search(" ".join(replies)), replies
    assert all_cases(bot) == []


# -- a complaint asked as a question -------------------------------------------------------------

@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("said", ["为什么我们小区的路灯坏了半年都没人修？",
                                  "凭什么我们这栋楼的电梯停了一个月还不修"])
async def test_a_complaint_asked_as_a_question_is_registered(
        bot: BotHarness, sender: str, said: str) -> None:
    replies = await bot.say(said, sender=sender)
    assert NUMBER.search(" ".join(replies)), replies
    assert len(all_cases(bot)) == 1


# -- a caption sent as the next message, after its picture ---------------------------------------

PICTURE = IncomingAttachment("pothole.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 a picture")


@pytest.mark.parametrize("sender", SENDERS)
async def test_a_caption_right_after_its_picture_is_not_told_the_picture_is_missing(
        bot: BotHarness, sender: str) -> None:
    # WeChat carries no caption on a picture, and a Telegram album's words may come apart:
    # "如图" right after the picture points at it.
    number = await file_case(bot, sender)
    await bot.say("", sender=sender, attachments=(PICTURE,))
    replies = await bot.say("如图", sender=sender)
    joined = " ".join(replies)
    assert NOT_ARRIVED not in joined and "已收到" in joined, replies
    assert [case.number for case in all_cases(bot)] == [number]  # no second, empty case


@pytest.mark.parametrize("sender", SENDERS)
async def test_a_caption_long_after_a_picture_is_told_the_picture_is_missing(
        bot: BotHarness, sender: str) -> None:
    await file_case(bot, sender)
    await bot.say("", sender=sender, attachments=(PICTURE,))
    bot.core.clock.advance(timedelta(hours=1))
    replies = await bot.say("如图", sender=sender)
    assert NOT_ARRIVED in " ".join(replies), replies
