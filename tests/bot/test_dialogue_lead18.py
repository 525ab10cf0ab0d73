"""Misreadings found trying the bot by hand in session 18.

- "不用回复了" to the bot's request for particulars was answered with the case's status (回复
  reads as a progress word) and the request repeated: it declines the contact the answer would
  go to, and is respected as a decline.
- A name written in pinyin or English ("wo jiao Wang Fang", "my name is Li Ming") to the bot's
  question raised an emergency alarm and was attached to the case as news: the recall-first
  model hears Latin letter n-grams faintly, and the words that introduce a name were only known
  in characters (and the terms compared in a case the model never writes).
- More against the same official after an accusation ("我怀疑街道办主任收了好处" after "那个饭店
  老板是街道办主任的小舅子") opened a second 检举控告 each time: it joins the open one about the
  same accused (which goes to 纪检监察 alone); one about another official is its own case.
- Looking up an account of one's own ("帮我查一下公积金余额", "社保交了几年") got the help text
  or the procedure's time limits: it is another office's service, known by the question's form
  (a balance, what was paid, how long), whatever the account is called.
- Asked "是对 XF… 的补充吗？", a citizen who goes on with another fragment of the same matter
  ("学校的电话一直打不通") got a second, empty case asking for details: both fragments now join
  the case asked about.
- "另外我们小区的垃圾没人清运…" in reply to that question was read as a "no" alone: the message
  asked about was registered and the other matter told in the reply was never a case. Both are
  cases now ("besides" leaves the one asked about with the case; "不是，…" registers it).
- "我姓林 电话在下面" to "your name?" was told it is no name: a surname said in a clause of its
  own is thanked by and the full name asked, as "我姓林" alone is; "住在城南花园的业主" gave the
  address "城南花园的业主" (who lives there is no part of where).
- "我们一共三十多户" (list-cases 0.99 to the model) answered with the list of one's cases: a count
  told that names no case and asks nothing is material for the case being taken down.
- "请一定帮我保密 不然我工作就没了" was asked "是对 XF… 的补充吗？", and "千万别让领导知道是我反映
  的" opened an accusation: a request for secrecy gets the privacy answer (Art 30, 46), recorded
  on the open case; an accusation told beside it ("举报村长贪污 请保密") is still registered.
- "我刚才发的那个投诉写错了 地址不是幸福路是幸福南路" was stored as the petitioner's address: an
  address cue after words about the complaint is where the matter is, not where one lives.
"""

from __future__ import annotations

import pytest

from nlp.particulars import extract_particulars
from tests.bot.harness import BotHarness, all_cases, petitioner

SENDER = "telegram:5551800"
COMPLAINT = "投诉一下公交车司机态度恶劣，今天早上8路车上骂乘客"


@pytest.mark.parametrize("declined", ["不用回复了", "不需要联系我", "不用给我回电话了，谢谢"])
async def test_no_answer_wanted_declines_the_contact_and_is_not_a_status_question(
        bot: BotHarness, declined: str) -> None:
    await bot.say(COMPLAINT, sender=SENDER)
    replies = await bot.say(declined, sender=SENDER)
    assert "待审查受理" not in replies[0], replies  # not the status line
    assert "可以不留联系电话" in replies[0] and "姓名" in replies[0], replies
    (case,) = all_cases(bot)
    assert case.awaiting == "name", case.awaiting
    assert petitioner(bot, SENDER).declined == "contact"


async def test_progress_asked_with_a_reply_word_is_still_a_status_question(
        bot: BotHarness) -> None:
    await bot.say(COMPLAINT, sender=SENDER)
    replies = await bot.say("有回复了吗", sender=SENDER)
    assert "待审查受理" in replies[0], replies


@pytest.mark.parametrize("name", ["wo jiao Wang Fang", "my name is Li Ming", "wo jiao li ming"])
async def test_a_name_in_latin_letters_raises_no_alarm(bot: BotHarness, name: str) -> None:
    await bot.say("小区电梯坏了三天了老人下不来楼", sender=SENDER)
    replies = await bot.say(name, sender=SENDER)
    assert not any("110" in reply for reply in replies), replies
    (case,) = all_cases(bot)
    assert petitioner(bot, SENDER).name.lower().replace(" ", "") in ("wangfang", "liming")
    assert case.awaiting == "contact", case.awaiting


@pytest.mark.parametrize(("text", "address"), [
    ("我刚才发的那个投诉写错了 地址不是幸福路是幸福南路", ""),
    ("我投诉的那家餐馆地址在人民路88号", ""),
    ("我家地址写错了 不是幸福路是幸福南路", "幸福南路"),
    ("投诉人：张三 地址：幸福路5号", "幸福路5号"),
    ("我反映的事情 我的地址是东湖小区4栋", "东湖小区4栋"),
    ("您好，我是住在城南花园的业主，想反映一下", "城南花园"),
    ("家住东湖小区3栋的居民", "东湖小区3栋"),
])
def test_an_address_about_the_matter_is_not_the_petitioners(text: str, address: str) -> None:
    assert extract_particulars(text).address == address


async def test_a_corrected_place_of_the_matter_leaves_the_petitioners_address_alone(
        bot: BotHarness) -> None:
    await bot.say("幸福路菜市场门口天天堵车 摊贩占道经营", sender=SENDER)
    await bot.say("周强 13600003333", sender=SENDER)
    replies = await bot.say("我刚才发的那个投诉写错了 地址不是幸福路是幸福南路", sender=SENDER)
    assert "通讯地址" not in replies[0], replies
    assert "幸福南路" not in petitioner(bot, SENDER).contact
    assert len(all_cases(bot)) == 1


async def test_more_against_the_same_official_joins_the_open_accusation(bot: BotHarness) -> None:
    await bot.say("楼下饭店的油烟直接往我家窗户里灌", sender=SENDER)
    await bot.say("郑华 13900008888", sender=SENDER)
    await bot.say("那个饭店老板是街道办主任的小舅子 所以一直没人管", sender=SENDER)
    replies = await bot.say("我怀疑街道办主任收了好处", sender=SENDER)
    complaint, accusation = all_cases(bot)
    assert accusation.statutory_type == "检举控告" and complaint.statutory_type != "检举控告"
    assert accusation.number in replies[0] and "并入" in replies[0], replies
    await bot.say("另外我们村的村主任也贪污了扶贫款", sender=SENDER)
    assert len(all_cases(bot)) == 3  # another official: an accusation of its own


@pytest.mark.parametrize("asked", ["帮我查一下公积金余额", "能不能帮我查下我的社保交了几年",
                                   "查下我的医保还剩多少钱", "养老金余额怎么查"])
async def test_looking_up_an_account_is_another_offices_service(bot: BotHarness,
                                                                asked: str) -> None:
    replies = await bot.say(asked, sender=SENDER)
    assert all_cases(bot) == [], replies
    assert "其他部门" in replies[0] and "12345" in replies[0], replies


@pytest.mark.parametrize("asked", ["查一下我的投诉进度", "帮我查一下我的事情办理情况"])
async def test_looking_up_ones_case_is_still_a_status_question(bot: BotHarness,
                                                              asked: str) -> None:
    replies = await bot.say(asked, sender=SENDER)
    assert "其他部门" not in replies[0] and "没有办理中的事项" in replies[0], replies


async def _asked_about_a_fragment(bot: BotHarness) -> None:
    await bot.say("我家孩子今年上小学 户口在这边但是学校说学区满了不收", sender=SENDER)
    await bot.say("汪洋 13800223344", sender=SENDER)
    replies = await bot.say("孩子下周就开学了 急死了", sender=SENDER)
    assert "补充吗" in replies[-1], replies


async def test_another_fragment_instead_of_an_answer_joins_the_case_asked_about(
        bot: BotHarness) -> None:
    await _asked_about_a_fragment(bot)
    replies = await bot.say("学校的电话一直打不通", sender=SENDER)
    (case,) = all_cases(bot)
    assert case.number in replies[0] and "补充" in replies[0], replies
    assert not case.awaiting.startswith("confirm"), case.awaiting


@pytest.mark.parametrize(("reply", "cases"), [
    ("另外我们小区的垃圾没人清运 臭了一个星期了", 2),  # the fragment was the case's
    ("不是 是另一件事 我们楼下的超市卖过期食品", 3),  # the fragment is a matter of its own
])
async def test_a_no_that_tells_another_matter_registers_it(bot: BotHarness, reply: str,
                                                          cases: int) -> None:
    await _asked_about_a_fragment(bot)
    await bot.say(reply, sender=SENDER)
    registered = all_cases(bot)
    assert len(registered) == cases, [c.number for c in registered]


async def test_a_surname_in_a_clause_of_its_own_is_taken_as_one(bot: BotHarness) -> None:
    await bot.say("楼下饭店的油烟直接往我家窗户里灌", sender=SENDER)
    # ("我姓林 电话在下面" is heard as self-harm at 0.13 by the retrained model, on 下面 / 在:
    # an alarm, never quiet for self-harm; left, docs/NLP.md session 18.)
    replies = await bot.say("我姓林 电话等会发", sender=SENDER)
    assert "林先生/女士" in replies[-1] and "不像姓名" not in replies[-1], replies


async def test_a_count_told_is_material_not_a_list_request(bot: BotHarness) -> None:
    await bot.say("我们村的土地被征收了 补偿款到现在都没发 村干部说钱被镇里拿走了", sender=SENDER)
    replies = await bot.say("我们一共三十多户", sender=SENDER)
    assert "您的事项" not in replies[0] and "补充材料" in replies[0], replies
    replies = await bot.say("我有几个案子", sender=SENDER)
    assert "您的事项" in replies[0], replies


@pytest.mark.parametrize("asked", ["请一定帮我保密 不然我工作就没了", "千万别让领导知道是我反映的"])
async def test_a_request_for_secrecy_gets_the_privacy_answer(bot: BotHarness, asked: str) -> None:
    await bot.say("小区门口的垃圾站太臭了 夏天根本没法开窗", sender=SENDER)
    await bot.say("郑华 13900008888", sender=SENDER)
    replies = await bot.say(asked, sender=SENDER)
    assert "第三十条" in replies[0] and "补充吗" not in replies[0], replies
    assert len(all_cases(bot)) == 1


async def test_an_accusation_beside_a_request_for_secrecy_is_registered(bot: BotHarness) -> None:
    replies = await bot.say("举报村长贪污 请保密", sender=SENDER)
    (case,) = all_cases(bot)
    assert case.number in replies[0], replies
