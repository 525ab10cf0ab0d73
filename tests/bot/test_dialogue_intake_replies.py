"""What a citizen sends while the bot asks for their name or contact (probe13), as tables
through the test channel.

A case is registered and the bot asks for the particulars it lacks. The reply may be no
particular at all: a few more words of the matter, a longer detail or correction, a phone
with a detail, a decline with its reason, a question. Nothing is lost and nothing opens a
second case by mistake: more of the matter joins the case being taken down (and the
particulars are asked again in the same reply), another matter said to be one is registered
on its own, and when it is unclear the bot asks "是对 XF… 的补充吗？" while its own question
stands.
"""

from __future__ import annotations

from itertools import count

import pytest
from sqlmodel import col, select

from storage import Case, Message
from tests.bot.harness import NUMBER, BotHarness, cases_of, petitioner

#: The first message of every conversation here: a matter of 城乡建设, told whole.
OPENING = "我家楼下的下水道堵了一个星期，污水漫到楼道里，臭得没法进门，希望尽快派人疏通。"

ADDED = "已将补充材料"
#: Joined as material, or as the same matter told again (the matter index sure of it).
JOINED = (ADDED, "已并入该事项")
NOT_A_VALUE = ("没有识别出", "看起来不像姓名")
ASKS_CONTACT = ("联系电话或通讯地址",)
CONFIRM = "的补充吗"
_senders = count(5000)


def _filed(bot: BotHarness, sender: str, text: str) -> int | None:
    """The id of the case the last message ``text`` from ``sender`` was filed under."""
    return bot.core.store.read_sync(lambda s: s.exec(
        select(Message.case_id).where(Message.sender == sender, Message.text == text)
        .order_by(col(Message.id).desc())).first())


async def _opened(bot: BotHarness, *, name_given: bool) -> tuple[str, Case]:
    """A new citizen's case, the bot asking for the contact (and the name unless given)."""
    sender = f"telegram:{next(_senders)}"
    replies = await bot.say(OPENING, sender=sender)
    assert any(NUMBER.search(r) for r in replies), replies
    if name_given:
        await bot.say("我叫陈立新", sender=sender)
    case = cases_of(bot, sender)[0]
    assert "contact" in case.awaiting, case.awaiting
    return sender, case


# -- 1. a few more words of the matter: material of the case, the question stands ---------

#: Short add-ons (under twelve characters), each read as a matter, none a name or a contact.
SHORT_ADD_ONS = [
    "居委会也不管",
    "我儿子说是三万二",
    "开发商也不露面",
    "我女儿说是上周二开始的",
    "他们半夜还在干",
]


@pytest.mark.parametrize("name_given", [True, False], ids=["contact asked", "name asked"])
async def test_a_short_add_on_is_material_of_the_case_and_the_question_stands(
        bot: BotHarness, name_given: bool) -> None:
    wrong = []
    for text in SHORT_ADD_ONS:
        sender, case = await _opened(bot, name_given=name_given)
        replies = await bot.say(text, sender=sender)
        said = " ".join(replies)
        if len(cases_of(bot, sender)) != 1:
            wrong.append(f"{text}: a second case")
        if _filed(bot, sender, text) != case.id:
            wrong.append(f"{text}: not filed under the case")
        if ADDED not in said or not all(a in said for a in ASKS_CONTACT) \
                or any(n in said for n in NOT_A_VALUE):
            wrong.append(f"{text}: replies {replies}")
    assert not wrong, wrong


# -- 2. a longer detail or correction joins the case; the phone sent next is its contact ---

#: More of the same matter at some length: referring back, correcting, or of the case's kind.
DETAILS = [
    "居委会的人来看过一眼，说没钱修就走了",
    "不是楼下，我说错了，是隔壁单元的下水道堵了",
    "我刚才打错了，是污水漫到地下室，不是楼道",
    "他们说要等开发商来处理，可开发商早就跑了",
    "物业那边我去找过好几次，每次都推给自来水公司",
    "你们能不能快点，我只想有人来把它通了",
]


async def test_a_detail_while_the_contact_is_asked_joins_the_case_and_the_phone_follows(
        bot: BotHarness) -> None:
    wrong = []
    for index, text in enumerate(DETAILS):
        sender, case = await _opened(bot, name_given=True)
        replies = await bot.say(text, sender=sender)
        said = " ".join(replies)
        if not any(j in said for j in JOINED) or ASKS_CONTACT[0] not in said:
            wrong.append(f"{text}: replies {replies}")
        phone = f"1390000{index:04d}"
        await bot.say(phone, sender=sender)
        cases = cases_of(bot, sender)
        if len(cases) != 1:
            wrong.append(f"{text}: {len(cases)} cases")
        if _filed(bot, sender, text) != case.id or _filed(bot, sender, phone) != case.id:
            wrong.append(f"{text}: the detail or the phone filed elsewhere")
        if "contact" in cases[0].awaiting or phone not in petitioner(bot, sender).contact:
            wrong.append(f"{text}: contact {cases[0].awaiting!r}")
    assert not wrong, wrong


#: Says it is another matter: registered on its own, as before.
ANOTHER_MATTER = [
    "另外还有一件事，我们村的路灯全坏了，晚上出门一片漆黑",
    "还有个问题要反映，学校门口总有人卖三无食品",
    "另外，镇上的公交车一天只有两班，等车要一个多小时",
]
#: Neither says so nor refers back, and of another kind (or opening on a bare "还有"): the
#: bot asks which.
UNCLEAR = [
    "还有，我们单位食堂的饭菜价格涨了一倍",
    "单位食堂的饭菜价格一下子涨了一倍",
    "还有，镇上的公交车一天只有两班，等车要一个多小时",
]


async def test_while_the_contact_is_asked_another_matter_is_registered_and_an_unclear_one_asked(
        bot: BotHarness) -> None:
    wrong = []
    for text in ANOTHER_MATTER:
        sender, _case = await _opened(bot, name_given=True)
        await bot.say(text, sender=sender)
        if len(cases_of(bot, sender)) != 2:
            wrong.append(f"{text}: not registered on its own")
    for answer, cases_after in (("是", 1), ("不是，是另一件事", 2)):
        for text in UNCLEAR:
            sender, case = await _opened(bot, name_given=True)
            asked = await bot.say(text, sender=sender)
            if not any(CONFIRM in r for r in asked) or len(cases_of(bot, sender)) != 1:
                wrong.append(f"{text}: not asked ({asked})")
                continue
            # The phone given meanwhile is taken, and the question about the message stands.
            meanwhile = await bot.say("13911112222", sender=sender)
            if not any(CONFIRM in r for r in meanwhile) \
                    or "13911112222" not in petitioner(bot, sender).contact:
                wrong.append(f"{text}: the phone meanwhile ({meanwhile})")
            await bot.say(answer, sender=sender)
            cases = cases_of(bot, sender)
            if len(cases) != cases_after:
                wrong.append(f"{text} / {answer}: {len(cases)} cases")
            if cases_after == 1 and _filed(bot, sender, text) != case.id:
                wrong.append(f"{text} / {answer}: not filed under the case")
            if any(c.awaiting for c in cases):
                wrong.append(f"{text} / {answer}: still asking {[c.awaiting for c in cases]}")
    assert not wrong, wrong


async def test_after_an_unclear_message_a_yes_asks_the_particulars_still_missing(
        bot: BotHarness) -> None:
    sender, case = await _opened(bot, name_given=True)
    await bot.say(UNCLEAR[0], sender=sender)
    replies = await bot.say("是的", sender=sender)
    assert ADDED in " ".join(replies) and ASKS_CONTACT[0] in " ".join(replies), replies
    assert _filed(bot, sender, UNCLEAR[0]) == case.id
    assert cases_of(bot, sender)[0].awaiting == "contact"


# -- 3. a phone with a detail: both taken --------------------------------------------------

PHONE_AND_DETAIL = [
    ("13700001111，补充一下，这个情况已经半年了", "13700001111"),
    ("电话13700002222，对了他们晚上十点以后还在往外冒水", "13700002222"),
    ("15900003333，物业那边我也去找过好几次了", "15900003333"),
]


async def test_a_phone_with_a_detail_is_taken_and_the_detail_filed(bot: BotHarness) -> None:
    wrong = []
    for text, phone in PHONE_AND_DETAIL:
        sender, case = await _opened(bot, name_given=True)
        replies = await bot.say(text, sender=sender)
        cases = cases_of(bot, sender)
        if len(cases) != 1 or _filed(bot, sender, text) != case.id:
            wrong.append(f"{text}: {len(cases)} cases, filed {_filed(bot, sender, text)}")
        if phone not in petitioner(bot, sender).contact or cases[0].awaiting:
            wrong.append(f"{text}: contact not taken ({cases[0].awaiting!r})")
        if any(ASKS_CONTACT[0] in r and "请" in r for r in replies):
            wrong.append(f"{text}: asked again ({replies})")
    assert not wrong, wrong


# -- 4. a decline with its reason is a decline ---------------------------------------------

#: Each long enough to read as a matter (twelve characters or more, one over twenty).
DECLINES_WITH_A_REASON = [
    ("号码就不留了，担心被对方知道后上门闹事", "contact"),
    ("电话先不给了，我怕你们一个劲儿打过来", "contact"),
    ("不想留手机号，因为之前留过一次天天接到推销电话", "contact"),
]


async def test_a_decline_with_its_reason_is_respected_not_registered(bot: BotHarness) -> None:
    wrong = []
    for text, item in DECLINES_WITH_A_REASON:
        sender, _case = await _opened(bot, name_given=False)
        replies = await bot.say(text, sender=sender)
        cases = cases_of(bot, sender)
        if len(cases) != 1:
            wrong.append(f"{text}: {len(cases)} cases")
        if item in cases[0].awaiting.split(",") or not any("可以不留" in r for r in replies):
            wrong.append(f"{text}: {cases[0].awaiting!r} {replies}")
    # A matter in a decline's words declines nothing: the contact is still asked.
    sender, _case = await _opened(bot, name_given=True)
    replies = await bot.say("老板不想给工资，已经拖了三个月了，一分钱没见着", sender=sender)
    if any("可以不留" in r for r in replies) \
            or "contact" not in cases_of(bot, sender)[-1].awaiting.split(","):
        wrong.append(f"a matter taken for a decline: {replies}")
    assert not wrong, wrong


# -- 5. a question about progress is answered, and the question for the contact stands ------

PROGRESS_QUESTIONS = ["处理好了会告诉我一声吗", "现在到哪一步了", "能查一下进度吗"]


async def test_a_progress_question_is_answered_and_the_contact_still_asked(
        bot: BotHarness) -> None:
    wrong = []
    for text in PROGRESS_QUESTIONS:
        sender, case = await _opened(bot, name_given=True)
        replies = await bot.say(text, sender=sender)
        said = " ".join(replies)
        if case.number not in said or ASKS_CONTACT[0] not in said:
            wrong.append(f"{text}: {replies}")
        if len(cases_of(bot, sender)) != 1 or "contact" not in cases_of(bot, sender)[0].awaiting:
            wrong.append(f"{text}: the question dropped")
    assert not wrong, wrong
