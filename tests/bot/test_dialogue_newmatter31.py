"""First messages that are new matters yet were answered as something else (session 26, helper
newmatter31, issue 15), by class, in fresh words (none is a corpus row):

- a matter the model reads surely (≥ ``status._SURE_MATTER``) with a progress word in it ("有没有
  人管", "结果…", "回复说…") but no thing the matter lexicon knows, from a sender with no case
  here, was answered "您目前在这里没有办理中的事项": registered now; a bare progress question,
  and any progress question from a sender with a case, still get the status answer;
- a grade run into a fresh occurrence ("差评 … 昨天楼道灯又坏了") from a sender with no case here
  was answered "该事项目前无需评价": registered now; a grade with its reason ("不满意 还是没人
  来") is still a rating and never a case;
- a place too short for its own clause ("我是住在西关的") ran on into the matter told after it,
  and the message was taken for particulars alone: the place is not read over a clause that
  tells something, and the matter is registered; a spaced address of place parts still reads.
"""

from __future__ import annotations

import pytest

from nlp.normalize import normalize
from nlp.particulars import extract_particulars
from tests.bot.harness import NUMBER, BotHarness, all_cases, file_case

SENDERS = ("tel:+8613931000001", "telegram:3931001")


# -- a matter told with a progress word ---------------------------------------------------------

@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("said", [
    "咱们单元门口的台阶塌了一块 有没有人管",
    "买的电动车三天就坏 结果店家说不保修",
])
async def test_a_matter_told_with_a_progress_word_is_registered(
        bot: BotHarness, sender: str, said: str) -> None:
    replies = await bot.say(said, sender=sender)
    assert NUMBER.search(" ".join(replies)), replies
    assert len(all_cases(bot)) == 1


@pytest.mark.parametrize("said", ["我的事有结果了吗", "怎么还没回复", "有进展了吗"])
async def test_a_progress_question_with_no_case_is_still_no_case(bot: BotHarness, said: str) -> None:
    replies = await bot.say(said, sender="tel:+8613931000011")
    assert not NUMBER.search(" ".join(replies)), replies
    assert all_cases(bot) == []


@pytest.mark.parametrize("said", ["有进展了吗", "怎么还没回复", "台阶那个事有没有人管"])
async def test_a_progress_question_with_a_case_gets_its_status(bot: BotHarness, said: str) -> None:
    sender = "tel:+8613931000021"
    number = await file_case(bot, sender)
    replies = await bot.say(said, sender=sender)
    assert any(number in r for r in replies), replies
    assert len(all_cases(bot)) == 1


# -- a grade run into a fresh occurrence --------------------------------------------------------

@pytest.mark.parametrize("sender", (*SENDERS, "mailto:nm31@example.cn"))
@pytest.mark.parametrize("said", [
    "差评 说是修好了 根本没修 昨天楼道灯又坏了",
    "给差评 物业说管了 昨晚水管又漏了",
])
async def test_a_grade_beside_a_fresh_occurrence_is_registered(
        bot: BotHarness, sender: str, said: str) -> None:
    replies = await bot.say(said, sender=sender)
    assert NUMBER.search(" ".join(replies)), replies
    assert len(all_cases(bot)) == 1


@pytest.mark.parametrize("said", ["不满意 还是没人来", "满意 路灯修好了", "差评 办事太慢了"])
async def test_a_grade_with_its_reason_is_still_no_case(bot: BotHarness, said: str) -> None:
    replies = await bot.say(said, sender="telegram:3931011")
    assert not NUMBER.search(" ".join(replies)), replies
    assert all_cases(bot) == []


# -- a short place ran on into the matter -------------------------------------------------------

@pytest.mark.parametrize(("said", "address"), [
    ("您好 我是住在西关的 最近小区的下水道老是返味", ""),
    ("早上好 俺是住在南街的 这几天楼下一直在烧垃圾", ""),
    ("我住在 朝阳区 呼家楼 3号楼", "朝阳区呼家楼"),  # as before: the building is read apart
    ("地址 东城区 花园路 8号院", "东城区花园路"),
])
def test_a_place_is_not_read_over_a_clause_that_tells(said: str, address: str) -> None:
    assert extract_particulars(normalize(said), source=said).address == address


@pytest.mark.parametrize("sender", SENDERS)
async def test_a_matter_after_a_short_place_is_registered(bot: BotHarness, sender: str) -> None:
    replies = await bot.say("您好 我是住在西关的 最近小区的下水道老是返味", sender=sender)
    assert NUMBER.search(" ".join(replies)), replies
    assert len(all_cases(bot)) == 1
