"""Letters by mail and SMS that a citizen probe (session 18, helper probe18m) found misread, by
class, as tables in other words than the probe's:

- a name and phone written after the last sentence, on its line ("…物业不管。金小东 139…"),
  were not read: a sentence's end did not part a record line, and a word of the matter that
  looks like a name ("周边") was taken before the name beside the number;
- a withdrawal that says the matter is over ("算了不用管了 已经好了", "他们已经关门了"),
  heard faintly as self-harm, got the crisis alarm instead of the withdrawal;
- a refusal of the name asked ("不告诉你") was taken as withdrawing the matter;
- the opt-out and opt-in replies named SMS on every channel (a letter was told "不再发送短信");
- a long letter opened with "Hello" and closed with "Thanks" (pinyin and English) was read as a
  greeting and answered "we noted a phone number";
- a grade in a letter signed under it with the writer's name ("5 / 牛芳") was filed as material;
- another matter told days later, while the first one's details were asked, was filed as the
  first one's details.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from nlp import Intent
from nlp.normalize import normalize
from nlp.particulars import extract_particulars
from tests.bot.harness import (
    NUMBER,
    BotHarness,
    actions,
    all_cases,
    answer_as_staff,
    petitioner,
    pin_analysis,
    register,
    scores,
)

# -- a name after the last sentence ---------------------------------------------------------

@pytest.mark.parametrize(("text", "name"), [
    ("小区的消防栓被人拆走了，物业说不归他们管。蓝海燕 13812345001", "蓝海燕"),
    ("公厕的门一直锁着，附近老人很不方便！ 芦建平 15912345002", "芦建平"),
    ("村里的广播每天五点就响，周边住户意见很大。 何晓燕 13612345003", "何晓燕"),
    ("桥下的涵洞积水半米深，车都过不去？闻立 13712345004", "闻立"),
    # No name after the sentence: none read, the number still is.
    ("电梯坏了谁来管？13612340000", ""),
    ("路灯坏了！赶紧派人修 13612340000", ""),
])
def test_a_name_after_the_last_sentence_is_the_writers(text: str, name: str) -> None:
    found = extract_particulars(normalize(text), source=text)
    assert (found.name, found.phone[-4:]) == (name, text[-4:])


# -- a withdrawal that says the matter is over ----------------------------------------------

@pytest.mark.parametrize("said", [
    "不用麻烦了，问题早就解决了",
    "那家店已经搬走了 不用管了",
    "算了 工地已经停工了",
    "行了行了 已经修好了",
])
async def test_a_withdrawal_saying_the_matter_is_over_is_no_alarm(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, said: str) -> None:
    sender = "tel:+8613800018001"
    number = await register(bot, sender)
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind="self_harm",
                 emergency_confidence=0.06, intent=Intent.WITHDRAW)
    replies = await bot.say(said, sender=sender)
    assert "优先处理" not in replies[0] and number in replies[-1] and "撤回" in replies[-1], replies
    assert "withdraw_requested" in actions(bot)
    assert all_cases(bot)[0].needs_human  # a person still sees it at once


@pytest.mark.parametrize("said", [
    "算了不告了，反正也没人管，我也解脱了",   # despair, no matter said to be over
    "已经修好了又怎样 我不想活了",          # a word of the self-harm family beside it
])
async def test_despair_beside_a_withdrawal_still_gets_the_alarm(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, said: str) -> None:
    sender = "tel:+8613800018002"
    await register(bot, sender)
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind="self_harm",
                 emergency_confidence=0.06, intent=Intent.WITHDRAW)
    replies = await bot.say(said, sender=sender)
    assert "12356" in replies[0] and "优先处理" in replies[0], replies


# -- a name refused is no withdrawal --------------------------------------------------------

@pytest.mark.parametrize("refusal", ["不告诉你们", "就不告诉你"])
async def test_a_refused_name_is_no_withdrawal(bot: BotHarness, refusal: str) -> None:
    sender = "tel:+8613800018003"
    replies = await bot.say("河堤上有人偷偷倒建筑垃圾，倒了好几车了", sender=sender)
    assert "姓名" in replies[-1], replies
    replies = await bot.say(refusal, sender=sender)
    assert "withdraw_requested" not in actions(bot), replies
    assert "name" in petitioner(bot, sender).declined, replies


# -- opting out names no channel ------------------------------------------------------------

@pytest.mark.parametrize(("sender", "said"), [
    ("mailto:quiet18@example.cn", "以后别再给我发邮件了"),
    ("mailto:quiet18@example.cn", "unsubscribe"),
    ("tel:+8613800018004", "TD"),
])
async def test_opting_out_names_no_channel(bot: BotHarness, sender: str, said: str) -> None:
    replies = await bot.say(said, sender=sender)
    assert len(replies) == 1 and ("退订" in replies[0] or "unsubscribed" in replies[0]), replies
    assert "短信" not in replies[0] and "SMS" not in replies[0], replies


# -- a polite letter in English or pinyin ---------------------------------------------------

async def test_a_long_letter_read_as_a_greeting_is_registered(bot: BotHarness) -> None:
    said = ("Hi, wo shi Hexie xiaoqu de yezhu, the gym downstairs plays music super loud every "
            "night till midnight, xiwang you guys can come check. Thanks a lot.")
    replies = await bot.say(said, sender="mailto:gym18@example.cn")
    assert NUMBER.search(" ".join(replies)), replies


@pytest.mark.parametrize(("said", "registered"), [
    (("Hello, wo zhu zai Xingfu Lu, the bakery on the corner dumps oil into the drain every day "
      "and the street smells, xiwang nimen guan yi xia. Thanks.\nQian Yu\n13912345006"), True),
    ("你好", False),                    # a greeting is one
    ("Hello, good morning, thanks", False),
])
async def test_a_greeting_that_may_be_a_matter_goes_on(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, said: str, registered: bool) -> None:
    # Pinned as the probe's letter was read: a greeting, a new matter the second thought.
    pin_analysis(bot, monkeypatch, said, intent=Intent.GREETING, intent_confidence=0.46,
                 intent_alternatives=((Intent.NEW_PETITION, 0.18), (Intent.RATING, 0.1)))
    replies = await bot.say(said, sender="mailto:hello18@example.cn")
    assert bool(NUMBER.search(" ".join(replies))) is registered, replies


# -- a grade signed with the writer's name --------------------------------------------------

@pytest.mark.parametrize("grade", ["4\n\n蓝海燕", "4\n蓝海燕\n\n", "4分\n\n蓝海燕"])
async def test_a_grade_signed_with_the_name_is_a_rating(bot: BotHarness, grade: str) -> None:
    sender = "mailto:grade18@example.cn"
    number = await register(bot, sender, "楼顶的水箱漏水，顺着墙流进我家。蓝海燕 13812345007")
    await answer_as_staff(bot, number)
    replies = await bot.say(grade, sender=sender, references=(number,))
    assert scores(bot) == [4], replies
    assert "补充" not in " ".join(replies), replies


# -- another matter while details are asked ------------------------------------------------

@pytest.mark.parametrize(("later", "new_case"), [
    ("我们单元的化粪池满了 污水冒到路上了", True),
    # Details of the case's own thing, or where and since when: the details asked.
    ("东门那个路灯 晚上电动车撞到护栏上了", False),
    ("在人民路上 已经一个星期了 晚上特别黑", False),
])
async def test_another_matter_told_for_the_details_is_registered(
        bot: BotHarness, later: str, new_case: bool) -> None:
    sender = "tel:+8613800018008"
    replies = await bot.say("小区门口的路灯坏了", sender=sender)
    assert "具体情况" in replies[-1], replies
    bot.core.clock.advance(timedelta(days=3))
    replies = await bot.say(later, sender=sender)
    assert (len(all_cases(bot)) == 2) is new_case, replies
