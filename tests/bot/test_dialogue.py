"""The dialogue decides what each message is before it fills a slot (issue 15), as tables
through the test channel: push a citizen's message, pop the bot's replies.

Every example of the issue is here: a status question never opens a case (chat, SMS,
Telegram); a question while a slot is pending is answered and not stored; ratings in words;
an emergency mid-dialogue; a follow-up joining the open case; a letter with the name and
phone in it gets one reply that asks for nothing it already has.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from nlp import Analyzer
from storage import Case, Message
from tests.bot.harness import (
    COMPLAINT,
    NUMBER,
    BotHarness,
    actions,
    all_cases,
    answered_case,
    case_events,
    last_message,
    petitioner,
    pin_analysis,
    register,
    scores,
)

OTHER = "学校门口的马路没有红绿灯，孩子们每天上学过马路非常危险，希望交警部门尽快安装信号灯。"
#: The three channels a petitioner types on: the console chat, SMS and Telegram.
SENDERS = ["console:访客甲", "tel:+8613800000001", "telegram:4242"]
STATUS_QUESTIONS = ["我的投诉怎么样了", "我的投诉进展如何", "我反映的问题处理了吗？"]


# -- a status question never opens a case -------------------------------------------------

@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("question", STATUS_QUESTIONS)
async def test_a_status_question_with_no_case_opens_none(bot: BotHarness, sender: str,
                                                         question: str) -> None:
    replies = await bot.say(question, sender=sender)
    assert replies == ["您目前在这里没有办理中的事项。如在其他渠道反映过，请发送“查询 编号 查询码”；如需反映问题，请直接描述情况。"]
    assert all_cases(bot) == []


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("question", STATUS_QUESTIONS)
async def test_a_status_question_gets_the_open_case(bot: BotHarness, sender: str,
                                                   question: str) -> None:
    number = await register(bot, sender)
    replies = await bot.say(question, sender=sender)
    assert len(replies) == 1 and replies[0].startswith(f"{number}：已登记")
    [case] = all_cases(bot)
    assert case.awaiting  # the pending question stays pending: the status was no answer to it
    assert petitioner(bot, sender).name == ""
    assert last_message(bot, sender).case_id is None


@pytest.mark.parametrize("sender", SENDERS)
async def test_with_several_open_cases_a_status_question_lists_them(bot: BotHarness,
                                                                  sender: str) -> None:
    first = await register(bot, sender)
    await bot.say("/new", sender=sender)
    second = await register(bot, sender, OTHER)
    replies = await bot.say("我的投诉进展如何", sender=sender)
    assert len(replies) == 1 and "2 件" in replies[0]
    assert first in replies[0] and second in replies[0]
    assert len(all_cases(bot)) == 2


# -- slot answers: a question is answered, a value that does not fit is not stored -------

@pytest.mark.parametrize(("answer", "expected"), [
    ("为什么要留姓名？", "第十九条"),          # a question back: answered, asked again
    ("你们什么时候处理", "已登记"),          # asks about progress: the status
    ("我的投诉怎么样了", "已登记"),           # a status question: the status
    ("今天天气不错啊", "不像姓名"),            # not a name: said so, not stored
    ("谢谢", "不客气"),                    # thanks: never a value, answered as thanks
    ("好的", "姓名"),                      # an acknowledgement: the question again
    ("查询", "已登记"),                    # the word the acknowledgement gives: the status
    ("同意", "不像姓名"),                  # an everyday word that starts like a surname
    ("请问一下这个要等多久", "下一期限"),       # how long: the case's status and deadline
    ("你们是哪个部门的？", "自动登记助手"),     # a common question: its answer (bot.faq), asked again
    ("可以找律师吗？", "12348"),              # legal aid: its answer (bot.faq), asked again
    ("信访大厅有没有饮水机？", "办理程序"),     # another question: the procedure, asked again
    ("凭什么不予支持", "办理程序"),            # "why" of something else: not Art 19's reason
])
async def test_a_reply_that_is_no_name_is_answered_and_not_stored(
        bot: BotHarness, answer: str, expected: str) -> None:
    sender = "telegram:77"
    await register(bot, sender)
    replies = await bot.say(answer, sender=sender)
    assert len(replies) == 1 and expected in replies[0], replies
    assert petitioner(bot, sender).name == ""
    assert last_message(bot, sender).case_id is None
    [case] = all_cases(bot)
    assert case.awaiting == "name,contact"


@pytest.mark.parametrize(("answer", "thanks", "full_name"), [
    ("我姓罗", "罗先生/女士", "罗小梅"), ("免贵姓欧阳", "欧阳先生/女士", "欧阳小梅"),
    ("姓张。", "张先生/女士", "张大山")])
async def test_a_surname_alone_is_thanked_and_the_full_name_asked(
        bot: BotHarness, answer: str, thanks: str, full_name: str) -> None:
    sender = "telegram:78"
    await register(bot, sender)
    replies = await bot.say(answer, sender=sender)
    assert len(replies) == 1 and replies[0].startswith(f"好的，{thanks}。") and "全名" in replies[0]
    assert petitioner(bot, sender).name == ""
    # The full name then fills the slot as any name does.
    await bot.say(full_name, sender=sender)
    assert petitioner(bot, sender).name == full_name
    [case] = all_cases(bot)
    assert case.awaiting == "contact"


@pytest.mark.parametrize(("answer", "name"), [("周建国", "周建国"), ("我叫周建国", "周建国"),
                                            ("我姓周", "")])
async def test_a_name_is_not_taken_for_the_details_asked_with_it(
        bot: BotHarness, answer: str, name: str) -> None:
    sender = "telegram:81"
    await register(bot, sender, "楼上漏水到我家 物业不管")
    [case] = all_cases(bot)
    assert "details" in case.awaiting.split(",")
    await bot.say(answer, sender=sender)
    assert petitioner(bot, sender).name == name
    [case] = all_cases(bot)
    # The details are still asked for: a name tells nothing of what happened.
    assert "details" in case.awaiting.split(",")


@pytest.mark.parametrize(("answer", "contact"), [
    ("就是卫生间天花板一直滴水 两周了 物业说找不到楼上的人", ""),  # a story with "楼" in it
    ("阳光小区302", "阳光小区302"), ("住在城关镇幸福里", "城关镇幸福里")])
async def test_a_story_told_for_the_details_is_not_taken_for_the_address(
        bot: BotHarness, answer: str, contact: str) -> None:
    sender = "telegram:82"
    await register(bot, sender, "楼上漏水到我家 物业不管")
    await bot.say("周建国", sender=sender)
    replies = await bot.say(answer, sender=sender)
    assert petitioner(bot, sender).contact == contact
    [case] = all_cases(bot)
    # What is still missing is asked for again, not thanked as complete.
    assert ("contact" in case.awaiting.split(",")) == (not contact), replies
    assert ("联系电话" in replies[-1]) == (not contact), replies


@pytest.mark.parametrize("words", ["算了不投诉了", "我想把这个投诉撤回"])
async def test_taking_the_matter_back_is_recorded_for_a_person_not_stored_as_a_name(
        bot: BotHarness, words: str) -> None:
    sender = "telegram:79"
    number = await register(bot, sender)
    replies = await bot.say(words, sender=sender)
    assert len(replies) == 1 and "撤回" in replies[0] and number in replies[0], replies
    assert petitioner(bot, sender).name == ""
    [case] = all_cases(bot)
    assert case.awaiting == "" and case.needs_human and case.status == "registered"
    assert "withdraw_requested" in actions(bot)


async def test_taking_back_with_several_open_cases_asks_which(bot: BotHarness) -> None:
    sender = "telegram:80"
    first = await register(bot, sender)
    await bot.say("/new", sender=sender)
    second = await register(bot, sender, OTHER)
    replies = await bot.say("算了不投诉了", sender=sender)
    assert len(replies) == 1 and first in replies[0] and second in replies[0]
    assert "withdraw_requested" not in actions(bot)
    replies = await bot.say(f"撤回 {second}", sender=sender)
    assert second in replies[0] and "撤回" in replies[0]
    assert [c.number for c in all_cases(bot) if c.needs_human] == [second]


@pytest.mark.parametrize(("answer", "name", "contact"), [
    ("李四", "李四", ""),
    ("我叫李四", "李四", ""),
    ("我姓李，叫李秀兰，电话 139 1234 5678", "李秀兰", "+8613912345678"),
    ("免贵姓王，名叫小红", "王小红", ""),
    ("张大山 13812345678", "张大山", "+8613812345678"),
    ("我叫高峰", "高峰", ""),             # a name that is also a word, when introduced
    ("姓名：欧阳娜娜，电话 139-1234-5678", "欧阳娜娜", "+8613912345678"),
])
async def test_a_fitting_answer_is_kept_and_only_the_rest_is_asked(
        bot: BotHarness, answer: str, name: str, contact: str) -> None:
    sender = "telegram:78"
    await register(bot, sender)
    replies = await bot.say(answer, sender=sender)
    person = petitioner(bot, sender)
    assert (person.name, person.contact) == (name, contact)
    if contact:
        assert "已补充" in replies[0]
    else:
        assert "联系电话" in replies[0] and "姓名" not in replies[0]


async def test_a_phone_that_does_not_parse_is_not_stored(bot: BotHarness) -> None:
    sender = "telegram:79"
    await register(bot, sender)
    await bot.say("王小明", sender=sender)
    replies = await bot.say("12345", sender=sender)
    assert "没有识别出有效的电话号码" in replies[0]
    assert petitioner(bot, sender).contact == ""


# -- particulars the citizen already gave -------------------------------------------------

async def test_a_letter_with_name_and_phone_gets_one_reply_asking_nothing_it_has(
        bot: BotHarness) -> None:
    letter = ("尊敬的领导：\n我叫王芳，联系电话：13912345678。我家楼下的饭店油烟直排，"
              "排烟管道正对居民窗户，夏天根本不能开窗，多次找物业没有结果，请求环保部门处理。\n"
              "王芳\n2026年11月20日")
    replies = await bot.say(letter, sender="mailto:wf@example.cn", subject="油烟扰民")
    assert len(replies) == 1 and NUMBER.search(replies[0])
    assert "姓名" not in replies[0] and "联系电话或通讯地址" not in replies[0]
    person = petitioner(bot, "mailto:wf@example.cn")
    assert (person.name, person.contact) == ("王芳", "+8613912345678")
    assert all_cases(bot)[0].awaiting == ""


@pytest.mark.parametrize("sender", SENDERS)
async def test_a_first_message_with_particulars_is_not_asked_for_them(
        bot: BotHarness, sender: str) -> None:
    text = "我叫孙八，电话13912345678，身份证11010519491231002X，小区门口的垃圾堆了一个星期没人清理，臭气熏天。"
    replies = await bot.say(text, sender=sender)
    assert NUMBER.search(replies[0])
    assert not any("姓名" in r or "联系电话" in r for r in replies), replies
    person = petitioner(bot, sender)
    assert (person.name, person.contact, person.id_number) == (
        "孙八", "+8613912345678", "11010519491231002X")


async def test_an_id_number_with_a_wrong_checksum_is_not_kept(bot: BotHarness) -> None:
    await bot.say("我叫孙八，身份证110105194912310021，小区门口的垃圾堆了一个星期没人清理。",
                  sender="telegram:80")
    assert petitioner(bot, "telegram:80").id_number == ""


@pytest.mark.parametrize("sender", SENDERS)
async def test_an_unprompted_phone_number_opens_no_case(bot: BotHarness, sender: str) -> None:
    replies = await bot.say("13912345678", sender=sender)
    assert len(replies) == 1 and "已记录" in replies[0]
    assert all_cases(bot) == []
    assert petitioner(bot, sender).contact == "+8613912345678"


@pytest.mark.parametrize(("text", "name"), [("名字叫周小紅", "周小红"), ("我家地址：解放西路88號", "")])
async def test_particulars_alone_in_traditional_characters_open_no_case(
        bot: BotHarness, text: str, name: str) -> None:
    replies = await bot.say(text, sender="telegram:85")
    assert len(replies) == 1 and "已记录" in replies[0], replies
    assert all_cases(bot) == [] and petitioner(bot, "telegram:85").name == name


# (Since the forty-sixth author the model reads "5分，谢谢。另外还有个事，…" as the new matter it
# is; the grade run into the matter is still heard as a rating, so the row's guard is tested on it.
# Since the forty-seventh, "5分谢谢 楼下的化粪池又满了" reads a new matter only 0.14 second: a
# grade read beside other words is a matter with nothing to rate, however sure the model is.
# Since session 16's intent scaling, "5分谢谢 门口的井盖又丢了" reads the new matter it is first:
# the street lamp of a stairwell keeps the row's premise.)
@pytest.mark.parametrize("text", ["星空网吧让未成年人进", "不满意 垃圾站还臭 而且又多了个废品站",
                                  "5分谢谢 楼道的灯又不亮了", "5分谢谢 楼下的化粪池又满了"])
async def test_a_matter_the_model_hears_as_a_rating_is_registered_with_nothing_to_rate(
        bot: BotHarness, analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text).intent.value == "rating"  # what the row must not trust alone
    await bot.say(text, sender="tel:+8613800000009")
    assert len(all_cases(bot)) == 1


@pytest.mark.parametrize("text", ["谢谢", "好的，谢谢", "你好", "满意，谢谢", "很满意，工作人员很负责",
                                  "给你们打个3分吧，一般般"])
async def test_thanks_and_grades_with_nothing_to_rate_open_no_case(bot: BotHarness,
                                                                  text: str) -> None:
    await bot.say(text, sender="tel:+8613800000005")
    assert all_cases(bot) == []


# -- ratings in words after the rating prompt ----------------------------------------------

@pytest.mark.parametrize(("reply", "score"), [
    ("满意，谢谢", 4), ("还行吧3分", 3), ("5", 5), ("不满意", 2), ("基本满意吧", 3),
    ("给你们打4分，谢谢", 4), ("非常满意！辛苦了", 5),
])
async def test_a_rating_in_words_is_a_rating_and_no_case(bot: BotHarness, reply: str,
                                                        score: int) -> None:
    sender = "tel:+8613800000006"
    number = await answered_case(bot, sender)
    replies = await bot.say(reply, sender=sender)
    assert "感谢您的评价" in replies[0]
    ratings = scores(bot)
    assert ratings == [score]
    assert [c.number for c in all_cases(bot)] == [number]


async def test_thanks_then_a_digit_after_the_prompt_is_one_rating(bot: BotHarness) -> None:
    sender = "telegram:81"
    number = await answered_case(bot, sender)
    await bot.say("谢谢", sender=sender)
    await bot.say("5", sender=sender)
    ratings = scores(bot)
    assert ratings == [5] and [c.number for c in all_cases(bot)] == [number]


# -- emergency, whatever the state of the dialogue -----------------------------------------

@pytest.mark.parametrize(("text", "number_to_call"), [
    ("楼下着火了，好大的烟", "119"),
    ("我不想活了，活不下去了", "12356"),
    ("有人持刀在小区门口砍人", "110"),
])
async def test_an_emergency_mid_dialogue_comes_first_and_goes_to_a_person(
        bot: BotHarness, text: str, number_to_call: str) -> None:
    sender = "telegram:82"
    await register(bot, sender)  # the bot now waits for the name
    replies = await bot.say(text, sender=sender)
    assert number_to_call in replies[0], replies
    if number_to_call == "12356":
        assert "400-161-9995" in replies[0]
    assert petitioner(bot, sender).name == ""  # never a slot value
    flagged = [c for c in all_cases(bot) if c.emergency]
    assert len(flagged) == 1 and flagged[0].needs_human
    assert "emergency" in actions(bot) and "emergency_in_dialogue" in actions(bot)
    assert all(c.needs_human for c in all_cases(bot))  # the case being talked about too


async def test_danger_in_a_matter_already_open_goes_to_a_person_on_that_case(
        bot: BotHarness) -> None:
    sender = "tel:+8613800000009"
    number = await register(bot, sender)
    await bot.say("我叫张三", sender=sender)
    replies = await bot.say("小区旁边的工地还是每天夜里施工到凌晨两点，噪音太大，我父亲被吵得心脏病发作，"
                            "现在喘不上气", sender=sender)
    assert "120" in replies[0] and number in replies[-1], replies
    [case] = all_cases(bot)  # no second case about the same thing
    # Heard faintly (0.12, session 12): the same-matter row asks its question, led by the safety
    # line, and the case goes to a person flagged, the message named in the emergency event.
    assert case.needs_human and case.emergency and "emergency" in actions(bot)


@pytest.mark.parametrize("intent", ["withdraw", "status_query", "greeting", "question"])
async def test_danger_heard_in_a_message_that_is_no_matter_goes_to_the_open_case(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, intent: str) -> None:
    """A recall-first emergency flag on "不用你们管了" (taking a matter back) or on thanks: the
    citizen gets the number to call and the open case goes to a person; no empty second case."""
    from nlp import Intent

    said = "那个事我们私下说开了，不用你们管了"
    pin_analysis(bot, monkeypatch, said, intent=Intent(intent), emergency=True,
                 emergency_kind="self_harm", emergency_confidence=0.2)
    sender = "tel:+8613800000019"
    number = await register(bot, sender)
    await bot.say("我叫张三", sender=sender)
    replies = await bot.say(said, sender=sender)
    assert "12356" in replies[0] and number in replies[-1], replies
    [case] = all_cases(bot)
    assert case.needs_human and case.emergency
    assert last_message(bot, sender).case_id == case.id
    assert actions(bot).count("emergency_follow_up") == 1 and "emergency" in actions(bot)


async def test_a_new_emergency_matter_mid_dialogue_is_a_case_of_its_own(bot: BotHarness) -> None:
    sender = "telegram:921"
    await register(bot, sender)  # the bot now waits for the name
    replies = await bot.say("隔壁化工厂的仓库着火了，黑烟很大，火苗已经窜到我们厂房边上了",
                            sender=sender)
    assert "119" in replies[0], replies
    first, second = all_cases(bot)
    assert second.emergency and second.needs_human and first.needs_human


async def test_fear_told_in_reply_to_the_name_question_stays_on_that_case(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    """"不敢留名字，怕被报复" answers the bot's question: flagged on the case being talked
    about, never a second case (a new matter mid-dialogue still is one: test above)."""
    said = "我不敢留名字，怕被报复"
    pin_analysis(bot, monkeypatch, said, emergency=True, emergency_kind="violence",
                 emergency_confidence=0.4)
    sender = "telegram:920"
    number = await register(bot, sender)  # the bot now waits for the name
    replies = await bot.say(said, sender=sender)
    assert "110" in replies[0] and number in replies[1], replies
    [case] = all_cases(bot)
    assert case.needs_human and case.emergency and petitioner(bot, sender).name == ""
    assert "照常办理" in replies[-1] and "name" not in case.awaiting  # not asked again


FOLLOW_UP = "而且他们半夜还在后厨剁骨头，咣咣响，整栋楼都睡不着"
ANOTHER_MATTER = "另外还有个事，我家孩子上学的校车超载，一辆面包车塞了十几个孩子，每天早上在路口拐弯都很吓人"


@pytest.mark.parametrize(("said", "confidence", "cases"), [
    (FOLLOW_UP, 0.09, 1), (FOLLOW_UP, 0.9, 2),
    # A matter of its own told at length is not swallowed into the open one by a faint alarm.
    (ANOTHER_MATTER, 0.09, 2)])
async def test_an_unsure_alarm_from_a_sender_with_an_open_case_joins_it(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, said: str, confidence: float,
        cases: int) -> None:
    from nlp import Intent

    pin_analysis(bot, monkeypatch, said, intent=Intent.NEW_PETITION, emergency=True,
                 emergency_kind="self_harm", emergency_confidence=confidence)
    sender = "tel:+8613800000021"
    number = await register(bot, sender)
    await bot.say("我叫张三", sender=sender)
    replies = await bot.say(said, sender=sender)
    assert "12356" in replies[0], replies  # advised whatever the confidence
    # The words for self-harm when sure; a faint signal gets every number, plainly.
    assert ("珍惜生命" in replies[0]) == (confidence >= 0.5), replies
    found = all_cases(bot)
    assert len(found) == cases and found[-1].emergency and found[-1].needs_human
    if cases == 1:
        assert number in replies[-1]


async def test_danger_in_thanks_from_a_sender_with_no_case_is_still_registered(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp import Intent

    said = "谢谢你们，以后不麻烦你们了"
    pin_analysis(bot, monkeypatch, said, intent=Intent.GREETING, emergency=True,
                 emergency_kind="self_harm", emergency_confidence=0.2)
    replies = await bot.say(said, sender="telegram:919")
    assert "12356" in replies[0], replies
    [case] = all_cases(bot)  # recall first: nothing to join, so a case a person reads
    assert case.needs_human and case.emergency


async def test_danger_told_as_a_supplement_joins_the_open_case(bot: BotHarness) -> None:
    sender = "tel:+8613800000010"
    number = await register(bot, sender)
    await bot.say("我叫张三", sender=sender)
    replies = await bot.say("补充一下：今天他们又来了十几个人堵我家门，拿着棍子说要打人", sender=sender)
    assert "110" in replies[0] and number in replies[-1], replies
    [case] = all_cases(bot)
    assert case.needs_human


@pytest.mark.parametrize("text", ["還算manyi吧", "處理得不錯，五星"])
async def test_a_rating_the_bot_cannot_grade_is_still_no_matter(bot: BotHarness,
                                                                text: str) -> None:
    replies = await bot.say(text, sender="telegram:83")
    assert replies and not all_cases(bot), replies


@pytest.mark.parametrize("text", ["领导好，查询办理状态", "你好，is anyone handling my report"])
async def test_progress_asked_around_a_greeting_is_a_status_question(bot: BotHarness,
                                                                    text: str) -> None:
    sender = "telegram:84"
    assert not [r for r in await bot.say(text, sender=sender) if NUMBER.search(r)]
    assert not all_cases(bot)  # with no case: nothing to report, and no case opened
    number = await register(bot, sender)
    await bot.say("我叫张三，电话13900001111", sender=sender)
    replies = await bot.say(text, sender=sender)
    assert len(all_cases(bot)) == 1 and any(number in r for r in replies), replies


# -- follow-ups tied to the open case ------------------------------------------------------

@pytest.mark.parametrize("sender", SENDERS)
async def test_a_follow_up_without_a_cue_joins_the_open_case(bot: BotHarness,
                                                            sender: str) -> None:
    number = await register(bot, sender)
    await bot.say("我叫张三，电话13900001111", sender=sender)
    replies = await bot.say("他们的排烟管道直接对着我家窗户", sender=sender)
    joined = any(f"已将补充材料加入 {number}" in r or "已在办理中" in r for r in replies)
    if not joined:
        assert replies == [f"这条消息是对 {number} 的补充吗？"]
        tap = sender.startswith("telegram:")
        held = last_message(bot, sender)
        answer = f"supp:yes:{held.id}" if tap else "是"
        fields = {"meta": {"callback_data": answer}} if tap else {}
        replies = await bot.say(answer, sender=sender, **fields)
        assert replies == [f"已将补充材料加入 {number}。"]
        assert bot.core.store.read_sync(lambda s: s.get(Message, held.id).case_id) == \
            all_cases(bot)[0].id
    assert len(all_cases(bot)) == 1


#: A matter, then the same matter told again before the name was given (probe 2026-12-05).
RETOLD = [
    ("楼上漏水漏到我家卫生间天花板，找了物业也不管，碧水湾3栋502",
     "我都说了几遍了楼上漏水！！！你们到底管不管！！天花板都泡烂了"),
    ("楼下烧烤店油烟太大，熏得没法开窗", "那个烧烤店今天又开始了，油烟呛死人"),
    ("工地每天半夜打桩，吵得全楼的人都睡不着，已经一个星期了", "又打桩了！！现在凌晨一点！！吵死了"),
]


@pytest.mark.parametrize(("first", "again"), RETOLD)
async def test_a_matter_told_again_while_the_name_is_asked_joins_its_case(
        bot: BotHarness, first: str, again: str) -> None:
    sender = "console:李"
    number = await register(bot, sender, first)
    replies = await bot.say(again, sender=sender)
    assert [c.number for c in all_cases(bot)] == [number], replies
    assert number in replies[0] and "姓名" in replies[0], replies  # joined; the name still asked
    assert last_message(bot, sender).case_id == all_cases(bot)[0].id
    replies = await bot.say("我叫李明", sender=sender)
    assert petitioner(bot, sender).name == "李明"


async def test_another_matter_while_the_name_is_asked_is_a_case_of_its_own(
        bot: BotHarness) -> None:
    sender = "console:李"
    await register(bot, sender, RETOLD[0][0])
    await bot.say("另外我们楼的电梯也坏了三天了，老人上不去", sender=sender)
    assert len(all_cases(bot)) == 2


@pytest.mark.parametrize("answer", ["不是", "不是，是另一件事", "不是的，这是新问题，跟路灯没关系",
                                    "没有，两回事", "这是另外一个问题"])
async def test_no_to_the_supplement_question_registers_a_new_case(bot: BotHarness,
                                                                  answer: str) -> None:
    sender = "tel:+8613800000007"
    number = await register(bot, sender)
    await bot.say("张三", sender=sender)
    replies = await bot.say("楼下的路灯坏了", sender=sender)
    assert replies == [f"这条消息是对 {number} 的补充吗？"]
    replies = await bot.say(answer, sender=sender)
    assert "新的事项" in replies[0] and NUMBER.search(replies[1])
    [first, second] = all_cases(bot)
    # The question is closed (a short matter may still be asked for its details).
    assert first.awaiting == "" and not second.awaiting.startswith("confirm:")
    # The matter asked about is the new case; the answer is no matter of its own.
    texts_of = bot.core.store.read_sync(lambda s: list(s.exec(
        select(Message.text).where(Message.case_id == second.id, Message.direction == "in"))))
    assert texts_of == ["楼下的路灯坏了"]


@pytest.mark.parametrize(("answer", "yes"), [
    ("是", True), ("是的，就是补充那个事", True), ("对，是补充", True), ("是同一件事", True),
    ("不是", False), ("不是，是另一件事", False), ("不是补充", False), ("没有，两回事", False),
    ("是个新问题", False), ("No, a different problem", False),
    ("那个早点摊的事也要管", None), ("我是说早点摊", None), ("不清楚", None)])
def test_yes_and_no_to_the_supplement_question_may_be_said_at_length(
        answer: str, yes: bool | None) -> None:
    from bot.dialogue.followup import yes_no

    assert yes_no(answer, at_length=True) is yes
    # Elsewhere only a bare yes or no is one: "有没有新的进展" asks about progress.
    assert yes_no(answer) is (yes if answer in ("是", "不是") else None)
    assert yes_no("有没有新的进展") is None and yes_no("有没有新的进展", at_length=True) is False


@pytest.mark.parametrize("question", ["有没有新的进展", "没有人管吗 进展如何"])
async def test_a_status_question_with_words_of_a_no_is_still_one(bot: BotHarness,
                                                                 question: str) -> None:
    sender = "tel:+8613800000009"
    number = await register(bot, sender)
    await bot.say("我叫张三，电话13900001111", sender=sender)
    replies = await bot.say(question, sender=sender)
    assert len(all_cases(bot)) == 1 and any(number in r for r in replies), replies


async def test_a_new_matter_instead_of_an_answer_leaves_nothing_unregistered(
        bot: BotHarness) -> None:
    sender = "tel:+8613800000008"
    number = await register(bot, sender)
    await bot.say("张三", sender=sender)
    assert await bot.say("楼下的路灯坏了", sender=sender) == [f"这条消息是对 {number} 的补充吗？"]
    replies = await bot.say("还有，我们楼下的垃圾站每天早上五点就开始作业，噪音特别大，吵得老人孩子都"
                            "睡不好觉，希望调整作业时间", sender=sender)
    cases = all_cases(bot)
    assert len(cases) == 3 and not any(c.awaiting.startswith("confirm:") for c in cases)
    assert len(NUMBER.findall(" ".join(replies))) >= 2, replies


@pytest.mark.parametrize("sender", SENDERS)
async def test_the_supplement_command_is_a_command_not_material(bot: BotHarness,
                                                               sender: str) -> None:
    number = await register(bot, sender)
    await bot.say("张三", sender=sender)
    replies = await bot.say("追加材料", sender=sender)
    assert replies == [f"请发送要补充的内容（文字、图片或文件），我们会加入 {number}。"]
    assert last_message(bot, sender).case_id is None
    replies = await bot.say("施工单位的许可证上写明只能白天施工，晚上十点后禁止作业。", sender=sender)
    assert replies == [f"已将补充材料加入 {number}。"]
    assert last_message(bot, sender).case_id == all_cases(bot)[0].id
    assert len(all_cases(bot)) == 1 and "supplement" in actions(bot)


async def test_a_question_after_the_supplement_command_is_not_material(bot: BotHarness) -> None:
    sender = "telegram:83"
    await register(bot, sender)
    await bot.say("张三", sender=sender)
    await bot.say("追加材料", sender=sender)
    replies = await bot.say("可以发图片吗？", sender=sender)
    assert "补充" in replies[0]
    assert last_message(bot, sender).case_id is None


async def test_an_accusation_is_always_a_new_matter(bot: BotHarness) -> None:
    sender = "telegram:84"
    await register(bot, sender)
    await bot.say("张三", sender=sender)
    await bot.say("举报副镇长王某收受贿赂", sender=sender)
    assert len(all_cases(bot)) == 2


# (Filed under it when no slot question is open; while one is, the question is answered and
# the slot asked again, as any question then.)
@pytest.mark.parametrize(("matter", "question", "answered", "filed"), [
    ("举报我们镇上的卫生院院长收红包，每个病人都要给",
     "能不能不让院长知道是谁举报的？我在卫生院上班", "不会透露", True),
    ("小区门口的路灯坏了一个多月了，晚上黑漆漆的，老人摔了好几次，请尽快修",
     "路灯这种事一般是归哪个部门修的，你们会转给他们吗？", "办理", False),
])
async def test_a_question_about_the_open_matter_is_answered_as_about_it(
        bot: BotHarness, matter: str, question: str, answered: str, filed: bool) -> None:
    sender = "console:赵"
    number = await register(bot, sender, matter)
    replies = await bot.say(question, sender=sender)
    assert [c.number for c in all_cases(bot)] == [number], replies
    assert answered in replies[0] and "其他部门" not in replies[0], replies
    assert (last_message(bot, sender).case_id == all_cases(bot)[0].id) is filed


async def test_how_long_asked_with_no_case_gets_the_time_limits(bot: BotHarness) -> None:
    replies = await bot.say("噪音投诉一般要多久才有结果啊", sender="console:钱")
    assert "60 日" in replies[0] and not all_cases(bot), replies


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("question", ["你们几点上班？", "怎么查询进度", "可以匿名吗？"])
async def test_a_short_question_is_answered_and_opens_no_case(bot: BotHarness, sender: str,
                                                             question: str) -> None:
    replies = await bot.say(question, sender=sender)
    assert len(replies) == 1 and not NUMBER.search(replies[0])
    assert all_cases(bot) == []


@pytest.mark.parametrize("sender", SENDERS)
async def test_the_supplement_command_with_no_open_case_opens_none(bot: BotHarness,
                                                                  sender: str) -> None:
    replies = await bot.say("追加材料", sender=sender)
    assert replies == ["您目前在这里没有办理中的事项。如在其他渠道反映过，请发送“查询 编号 查询码”；如需反映问题，请直接描述情况。"]
    assert all_cases(bot) == []


async def test_a_matter_told_as_a_progress_question_by_someone_with_no_case_is_registered(
        bot: BotHarness) -> None:
    """"投诉没有回音" asks about a complaint made elsewhere and tells the matter while asking:
    with no case on file, it is registered, not answered "please describe the problem"."""
    sender = "tel:+8613800000071"
    replies = await bot.say("网约车司机接单后拒载，投诉没有回音，昨天晚上", sender=sender)
    assert NUMBER.search(replies[0])
    assert len(all_cases(bot)) == 1
    # The same question from someone whose case is on file is a status question.
    replies = await bot.say("网约车司机接单后拒载，投诉没有回音，上周五", sender=sender)
    assert len(all_cases(bot)) == 1


async def test_a_long_complaint_in_question_form_is_registered_not_answered(
        bot: BotHarness) -> None:
    # Whatever the judgement's first reading, a long question that may be a matter is filed:
    # a complaint answered as a question would be lost to the bureau.
    text = "我们楼下的烧烤摊每天晚上占道经营到凌晨三点，油烟和噪音大得没法睡觉，这种情况难道没有人管吗？"
    replies = await bot.say(text, sender="telegram:86")
    assert NUMBER.search(" ".join(replies)), replies
    assert len(all_cases(bot)) == 1


# -- declining the particulars asked for ---------------------------------------------------

@pytest.mark.parametrize(("reply", "still_asked"), [
    ("不方便说", ""),
    ("名字就别问了，不想留名", "contact"),
    ("不想留电话", "name"),
    ("匿名可以吗", ""),
])
async def test_a_petitioner_may_decline_the_particulars_and_is_not_asked_again(
        bot: BotHarness, reply: str, still_asked: str) -> None:
    sender = "telegram:930"
    await bot.say("小区电梯三天两头坏，物业就是不修，我妈腿脚不好下不了楼", sender=sender)
    [case] = all_cases(bot)
    assert case.awaiting == "name,contact"
    replies = await bot.say(reply, sender=sender)  # (an alarm may come first: recall first)
    assert "照常办理" in replies[-1] and "看起来不像" not in " ".join(replies), replies
    [case] = all_cases(bot)  # nothing new opened, nothing stored as a name
    assert case.awaiting == still_asked and petitioner(bot, sender).name == ""
    assert "particulars_declined" in actions(bot)


@pytest.mark.parametrize("reply", ["那算了，电话13700002222", "好吧给你们留个号码 13811112222"])
async def test_a_phone_with_filler_words_is_particulars_not_a_matter_or_an_alarm(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, reply: str) -> None:
    # As if the recall-first model had flagged the reply.
    pin_analysis(bot, monkeypatch, reply, emergency=True, emergency_kind="self_harm",
                 emergency_confidence=0.2)
    sender = "telegram:931"
    await bot.say("我家门口的路灯坏了一个多月了，晚上黑乎乎的，老人出门都摔过两回了", sender=sender)
    await bot.say("不方便说", sender=sender)
    replies = await bot.say(reply, sender=sender)
    assert "12356" not in " ".join(replies), replies
    [case] = all_cases(bot)
    assert not case.emergency and "particulars_given" in actions(bot)


@pytest.mark.parametrize(("reply", "terms", "confidence", "alarm"), [
    ("幸福路12号3栋201室", ("0室", "幸福路", "0栋0", "0号"), 0.05, False),
    ("光明里3号楼2门", ("门", "里", "号楼", "0号"), 0.08, False),
    # Any word besides the address's parts among the reasons, or a strong signal: an alarm.
    ("打人幸福路12号", ("打人", "幸福路", "0号"), 0.3, True),
    ("幸福路12号3栋201室", ("0室", "幸福路"), 0.6, True),
])
async def test_a_bare_address_given_for_the_contact_is_no_alarm_on_its_parts_alone(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, reply: str, terms: tuple[str, ...],
        confidence: float, alarm: bool) -> None:
    # As the recall-first model flags a bare address, faintly.
    pin_analysis(bot, monkeypatch, reply, emergency=True, emergency_kind="violence",
                 emergency_terms=terms, emergency_confidence=confidence)
    sender = "telegram:932"
    await register(bot, sender, "小区门口的垃圾三天没人清运了，臭气熏天")
    await bot.say("周建国", sender=sender)
    [case] = all_cases(bot)
    assert case.awaiting == "contact"
    replies = await bot.say(reply, sender=sender)
    assert ("110" in " ".join(replies)) == alarm, replies
    [case] = all_cases(bot)
    assert case.needs_human == alarm
    if not alarm:  # the address is kept and the intake is complete
        assert petitioner(bot, sender).contact == reply and case.awaiting == ""


async def test_a_name_typed_when_the_contact_is_asked_is_kept_and_the_contact_asked_again(
        bot: BotHarness) -> None:
    sender = "telegram:933"
    # The channel's display name ("zhang") is all the bot knows of the name, so it asks only
    # for the contact; the name the citizen types is better, and kept.
    await bot.say("小区门口的垃圾三天没人清运了，臭气熏天", sender=sender, sender_name="zhang")
    [case] = all_cases(bot)
    assert case.awaiting == "contact" and petitioner(bot, sender).name == "zhang"
    replies = await bot.say("张建华", sender=sender, sender_name="zhang")
    assert petitioner(bot, sender).name == "张建华"
    [case] = all_cases(bot)
    assert case.awaiting == "contact" and "联系电话" in replies[-1], replies
    assert "没有识别" not in " ".join(replies), replies


@pytest.mark.parametrize(("text", "address"), [
    ("幸福路12号3栋201室", True), ("城关镇东街村3组", True), ("红旗街道和平里社区8号楼", True),
    ("北京市朝阳区建国路88号院5号楼2单元301", True), ("幸福路十二号三栋", True),
    ("楼上着火了", False), ("幸福路12号3栋201室着火了", False), ("有人打架幸福路12号", False),
    ("菜单在哪里", False), ("装修公司跑路", False), ("这个咋弄", False), ("13912345678", False),
    ("幸福里", False),  # one name alone may as well be a sentence's end
    ("四川省成都市武侯区红牌楼街道23号", True), ("首都机场路8号", True),  # 都 in a name
    ("大家都知道幸福路", False),
])
def test_only_an_address_reads_a_whole_reply(text: str, address: bool) -> None:
    from bot.dialogue.particulars import only_an_address

    assert only_an_address(text) == address


# -- a few words the bot cannot place --------------------------------------------------------

@pytest.mark.parametrize("text", ["算了不弄了", "我要投诉"])
async def test_a_few_words_nlp_cannot_place_are_asked_about_not_filed(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    from nlp import Intent

    # Pinned: unsure between a new matter and taking one back.
    pin_analysis(bot, monkeypatch, text, intent=Intent.NEW_PETITION, intent_confidence=0.26,
                 intent_alternatives=((Intent.WITHDRAW, 0.24), (Intent.HELP, 0.19)),
                 emergency=False, accusation=False, legal_route=None)
    replies = await bot.say(text, sender="telegram:940")
    assert "请问您要反映什么问题" in replies[0] and not NUMBER.search(" ".join(replies)), replies
    assert all_cases(bot) == []
    assert last_message(bot, "telegram:940").text == text  # kept, for a person to read


async def test_a_short_complaint_is_still_registered(bot: BotHarness) -> None:
    replies = await bot.say("路灯坏了", sender="telegram:941")
    assert NUMBER.search(replies[0]), replies


@pytest.mark.parametrize("sender", SENDERS)
async def test_despair_that_tells_no_new_matter_goes_to_the_open_case(bot: BotHarness,
                                                                      sender: str) -> None:
    """"算了我不想活了，告了也白告" is about the matter already open: the citizen is told where to
    call, and that case goes to a person; no second, empty case answered by a case number."""
    number = await register(bot, sender)
    await bot.say("我叫张三", sender=sender)
    replies = await bot.say("算了我不想活了，告了也白告", sender=sender)
    assert "12356" in replies[0] and number in replies[-1], replies
    [case] = all_cases(bot)
    assert case.needs_human and case.emergency
    assert last_message(bot, sender).case_id == case.id


async def test_despair_with_a_matter_of_its_own_is_a_case_of_its_own(bot: BotHarness) -> None:
    sender = "tel:+8613800000031"
    await register(bot, sender)
    await bot.say("我叫张三", sender=sender)
    replies = await bot.say("我被公司拖欠了三年工资，一直要不回来，真的不想活了", sender=sender)
    assert "12356" in replies[0], replies
    first, second = all_cases(bot)
    assert second.emergency and second.needs_human and not first.emergency


@pytest.mark.parametrize("sender", SENDERS)
async def test_an_urging_question_from_a_sender_with_an_open_case_gets_its_status(
        bot: BotHarness, sender: str) -> None:
    """Alone, "你们能不能快点" reads as a question about the service; from someone with a
    matter open it asks about that matter."""
    replies = await bot.say("你们能不能快点", sender=sender)
    assert not any(NUMBER.search(reply) for reply in replies) and all_cases(bot) == []
    number = await register(bot, sender)
    await bot.say("我叫张三", sender=sender)
    replies = await bot.say("你们能不能快点", sender=sender)
    assert len(replies) == 1 and replies[0].startswith(f"{number}：已登记"), replies
    assert len(all_cases(bot)) == 1


async def test_objecting_to_a_result_is_not_a_progress_question(bot: BotHarness) -> None:
    """"结果" asks about progress, but "对处理结果不满意怎么办" asks what to do about an answer."""
    replies = await bot.say("对处理结果不满意怎么办", sender="tel:+8613800000032")
    assert len(replies) == 1 and "复查" in replies[0] and "没有办理中的事项" not in replies[0]
    assert all_cases(bot) == []


@pytest.mark.parametrize("closing", ["此致", "敬礼！", "此致 敬礼！", "盼复，谢谢", "祝工作顺利"])
async def test_a_letter_closing_typed_alone_is_no_particular_and_the_question_stands(
        bot: BotHarness, closing: str) -> None:
    sender = "telegram:91"
    await register(bot, sender)
    await bot.say("王建国", sender=sender)
    [reply] = await bot.say(closing, sender=sender)
    # The pending question again, not "no valid phone number" for a letter's last line.
    assert "联系电话" in reply and "没有识别" not in reply
    assert petitioner(bot, sender).name == "王建国"
    [case] = all_cases(bot)
    assert case.awaiting == "contact"
    await bot.say("13912345678", sender=sender)
    assert all_cases(bot)[0].awaiting == ""


@pytest.mark.parametrize("emoji", ["🆘", "🔥🔥🏠", "🚑🚑", "🔪🩸"])
@pytest.mark.parametrize("waiting", [False, True])
async def test_danger_told_in_emoji_alone_gets_the_numbers_to_call(
        bot: BotHarness, emoji: str, waiting: bool) -> None:
    sender = "telegram:93"
    if waiting:
        await register(bot, sender)  # the bot waits for the name
    replies = await bot.say(emoji, sender=sender)
    assert all(number in replies[0] for number in ("110", "119", "120")), replies
    assert petitioner(bot, sender).name == ""
    assert any(c.emergency and c.needs_human for c in all_cases(bot))


async def test_a_status_question_past_the_deadline_says_it_is_late_and_goes_to_a_person(
        bot: BotHarness) -> None:
    sender = "tel:+8613800000021"
    number = await register(bot, sender)
    [before] = await bot.say("我的事办得怎么样了", sender=sender)
    assert "下一期限" in before and "已过" not in before
    assert not all_cases(bot)[0].needs_human
    bot.core.clock.advance(timedelta(days=25))  # past the 15-day notice of acceptance
    [late] = await bot.say("你们到底管不管？说好的十五天呢？", sender=sender)
    [case] = all_cases(bot)
    assert late.startswith(number) and "已过" in late and "下一期限" not in late, late
    assert case.acceptance_due is not None and case.acceptance_due.isoformat() in late
    # The asking is a 催办 on the case, for a person.
    assert case.needs_human and actions(bot).count("overdue_queried") == 1


@pytest.mark.parametrize("ultimatum", ["你们再不管，我就去北京上访", "再拖下去我就找记者曝光"])
async def test_an_ultimatum_gets_no_crisis_line_and_a_person_reads_it(
        bot: BotHarness, ultimatum: str) -> None:
    sender = "tel:+8613800000031"
    number = await register(bot, sender)
    await bot.say("张三 13811110000", sender=sender)
    # The open matter's status and a person, not the crisis line nor a second case.
    replies = await bot.say(ultimatum, sender=sender)
    told = " ".join(replies)
    assert number in told and "工作人员" in told and "12356" not in told, replies
    [case] = all_cases(bot)
    assert case.needs_human
    assert actions(bot).count("escalation_threatened") == 1
    # With no matter open, the ultimatum is registered for a person, still without the crisis
    # line (a signal the model heard in it leads with the short safety line only).
    other = "tel:+8613800000032"
    replies = await bot.say(ultimatum, sender=other)
    assert not any("12356" in r for r in replies), replies
    new = [c for c in all_cases(bot) if c.number != number]
    assert len(new) == 1 and new[0].needs_human


@pytest.mark.parametrize("lookup", ["帮我查一下手机号13811110000反映的事",
                                    "我想查我妈反映的事情，她手机号是13811110000",
                                    "查询身份证11010519491231002X投诉的进度"])
async def test_a_look_up_by_someone_elses_phone_or_id_tells_nothing_and_opens_no_case(
        bot: BotHarness, lookup: str) -> None:
    owner = "tel:+8613811110000"
    number = await register(bot, owner)
    [reply] = await bot.say(lookup, sender="telegram:9090")
    assert number not in reply and "查询码" in reply and "隐私" in reply
    assert len(all_cases(bot)) == 1
    # From the phone itself, it is the owner's own status question.
    if "138" in lookup:
        [own] = await bot.say(lookup, sender=owner)
        assert own.startswith(number)
    # A matter told with a phone and "请查一下" is still a matter.
    await bot.say("我家楼下餐馆油烟很大这事，电话13900001111，麻烦查一下", sender="telegram:9091")
    assert len(all_cases(bot)) == 2


async def test_a_query_code_sent_alone_finds_the_senders_own_case_or_asks_for_the_number(
        bot: BotHarness) -> None:
    sender = "tel:+8613811112222"
    replies = await bot.say(COMPLAINT, sender=sender)
    code = re.search(r"查询码 ([A-Z0-9]{8})", " ".join(replies))
    assert code is not None
    [number] = [c.number for c in all_cases(bot)]
    [own] = await bot.say(code.group(1), sender=sender)
    assert own.startswith(number)
    # Someone else's code, or one from another phone: the number is asked for, nothing told.
    [other] = await bot.say(f"查询码：{code.group(1)}", sender="telegram:777")
    assert number not in other and "编号" in other
    assert len(all_cases(bot)) == 1


async def test_a_code_of_letters_alone_is_taken_only_as_the_senders_own(bot: BotHarness) -> None:
    # One code in ten is drawn without a digit; such a code sent alone is the sender's query
    # when it is their case's, and a word in capitals from anyone else is not read as a code.
    sender = "tel:+8613811113333"
    await bot.say(COMPLAINT, sender=sender)
    [case] = all_cases(bot)
    lettered = "MNCJDYDM"

    def give_code(session: Session) -> None:
        found = session.get(Case, case.id)
        assert found is not None
        found.code_hash = bot.core.hasher.hash(found.number, lettered)
        session.add(found)

    bot.core.store.write_sync(give_code)
    [own] = await bot.say(lettered, sender=sender)
    assert own.startswith(case.number)
    [word] = await bot.say("THANKYOU", sender=sender)
    assert not word.startswith(case.number) and "THANKYOU" not in word


async def test_several_matters_in_one_letter_go_to_a_person_to_split_with_their_units(
        bot: BotHarness) -> None:
    letter = ("尊敬的领导：我反映两件事。第一，我村的低保名额被村干部亲属占了；第二，村里的自来水管"
              "去年冬天冻裂了到现在还没修好。恳请领导重视。此致 敬礼 张国庆 13512345678")
    replies = await bot.say(letter, sender="mailto:zhang@example.cn")
    [case] = all_cases(bot)
    assert case.needs_human and "2 件事" in " ".join(replies)
    [event] = case_events(bot, case.number, "several_matters")
    parts = event.details["parts"]
    assert [p["accusation"] for p in parts] == [True, False]
    # The pipe is not the discipline organ's: each part names its own unit.
    assert parts[0]["unit"] != parts[1]["unit"]
    # One matter told in points is one matter.
    await bot.say("我有三点要求：1、尽快修好小区电梯，2、赔偿我们的损失，3、追究物业的责任",
                  sender="tel:+8613800000041")
    second = [c for c in all_cases(bot) if c.number != case.number]
    assert len(second) == 1 and not case_events(bot, second[0].number, "several_matters")


@pytest.mark.parametrize("reply", ["😡", "🙏🙏", "😭😭😭"])
async def test_emoji_alone_while_a_particular_is_asked_holds_no_value(
        bot: BotHarness, reply: str) -> None:
    sender = "telegram:95"
    await register(bot, sender)
    [answer] = await bot.say(reply, sender=sender)
    assert "姓名" in answer and "不像" not in answer and "没有识别" not in answer
    assert petitioner(bot, sender).name == ""


@pytest.mark.parametrize("offer", ["加我微信吧 chen_jh1980", "联系我QQ就行 12345678", "vx同号"])
async def test_a_messenger_account_offered_as_contact_is_answered_and_the_question_stands(
        bot: BotHarness, offer: str) -> None:
    sender = "telegram:96"
    await register(bot, sender)
    await bot.say("我叫王芳", sender=sender)
    [answer] = await bot.say(offer, sender=sender)
    assert "微信" in answer and "联系电话" in answer
    assert all_cases(bot)[0].awaiting == "contact"
