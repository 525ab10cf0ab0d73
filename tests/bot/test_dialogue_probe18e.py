"""Misreadings found by helper probe18e (session 18) driving the dialogue with fresh multi-turn
conversations about danger, late accusations and legal routes.

- A bare name given to "your name?" ("赵刚", "刘刚", "孙刚。") was an alarm: the model hears
  "刚" faintly as self-harm (0.02), and a bare name is read only by the slot row after the
  emergency row, so nothing marked it as the citizen's own words. The name was lost and the
  case flagged for a person. Now a faint signal on a reply that is only a bare name to the
  name question is no danger (a closed grammar: a surname and a name that is no common word).
- A short accusation told as a statement ("举报乡里的会计做假账", question 0.54) was answered
  with the service's procedure and never registered. An accusation with no question form and
  no question word goes on to be registered; one asked is still answered.
- A question about a legal route ("我想申请劳动仲裁 去哪里申请", "想问一下劳动仲裁要交钱吗",
  "对区政府的拆迁决定不服 可以申请行政复议吗", "不服处罚决定怎么申请复议") drew the generic
  procedure of this service, "another office's service" or the 复查 answer. When the route
  judgement is as sure as it must be to move a case, the route's own procedure is the answer
  (and that a petition does not replace it, Art 31), unless the FAQ's legal-route entries match.
- A stove or heater that will not light ("燃气灶打不着火", "热水器点不着火") raised the fire
  alarm (0.31, 0.91 on 着火). A fire signal whose lead word lies only in words saying nothing
  burns is quiet: the short safety line and a person at once, not "撤离并拨打 119".
- A function word told before an official late in a conversation was read as part of the
  accused ("给了村长的亲戚" → "了村长", "另外镇长也…" → "另外镇长"): such connectives and
  particles are never a name's first characters (nlp.accused).
- The same official accused again by a two-character title ("另外村长还把扶贫的羊卖了" after
  "低保都给了村长的亲戚") opened a second 检举控告: joining asked for a shared run of three
  characters; a naming equal to the open accusation's now joins too.
"""

from __future__ import annotations

import pytest

from tests.bot.harness import BotHarness, all_cases, petitioner

SENDER = "telegram:5551818"


@pytest.mark.parametrize(("matter", "name"), [
    ("厂里欠薪三个月了", "赵刚"),
    ("厂里欠薪三个月了", "刘刚"),
    ("小区门口的垃圾堆了一个星期没人清", "孙刚。"),
])
async def test_a_bare_name_given_when_asked_is_no_danger(bot: BotHarness, matter: str,
                                                         name: str) -> None:
    await bot.say(matter, sender=SENDER)
    replies = await bot.say(name, sender=SENDER)
    (case,) = all_cases(bot)
    assert not case.emergency and not case.needs_human, replies
    assert not any("110" in reply or "12356" in reply for reply in replies), replies
    assert petitioner(bot, SENDER).name == name.rstrip("。"), replies


async def test_danger_beside_a_name_is_still_an_alarm(bot: BotHarness) -> None:
    await bot.say("欠薪的事", sender=SENDER)
    replies = await bot.say("王刚 我现在站在楼顶上了", sender=SENDER)
    assert "12356" in replies[0], replies
    assert all_cases(bot)[0].needs_human


@pytest.mark.parametrize("told", ["举报乡里的会计做假账", "村主任把修路的钱吞了",
                                  "举报城管队员收黑钱"])
async def test_a_short_accusation_told_as_a_statement_is_registered(bot: BotHarness,
                                                                   told: str) -> None:
    replies = await bot.say(told, sender=SENDER)
    (case,) = all_cases(bot)
    assert case.statutory_type == "检举控告", replies


async def test_an_accusation_asked_about_opens_no_case(bot: BotHarness) -> None:
    replies = await bot.say("举报村干部要实名吗", sender=SENDER)
    assert all_cases(bot) == [], replies


@pytest.mark.parametrize(("asked", "answer"), [
    ("我想申请劳动仲裁 去哪里申请", "劳动人事争议仲裁委员会"),
    ("想问一下劳动仲裁要交钱吗", "不收费"),
    ("劳动仲裁怎么申请", "劳动人事争议仲裁委员会"),
    ("不服处罚决定怎么申请复议", "行政复议机关"),
    ("仲裁委说不受理 怎么办", "提起诉讼"),
])
async def test_a_question_about_a_legal_route_gets_the_routes_procedure(
        bot: BotHarness, asked: str, answer: str) -> None:
    replies = await bot.say(asked, sender=SENDER)
    assert all_cases(bot) == [], replies
    assert answer in replies[0] and "第三十一条" in replies[0], replies
    assert "其他部门" not in replies[0] and "复查" not in replies[0], replies


async def test_a_grievance_asked_as_a_route_question_is_registered_with_the_routes_notice(
        bot: BotHarness) -> None:
    # The model retrained in session 18 reads a grievance told before the route question as a
    # matter (by the guide: a grievance told as a question is one): registered, and the
    # registration's notice gives the route's time limit.
    replies = await bot.say("对区政府的拆迁决定不服 可以申请行政复议吗", sender=SENDER)
    assert len(all_cases(bot)) == 1, replies
    assert any("六十日内" in reply for reply in replies), replies


async def test_a_question_the_legal_routes_entry_answers_keeps_its_answer(
        bot: BotHarness) -> None:
    replies = await bot.say("法院判了还能上访吗", sender=SENDER)
    assert all_cases(bot) == [] and "信访不能代替这些程序" in replies[0], replies


@pytest.mark.parametrize("told", ["家里燃气灶打不着火 燃气公司说要排队一个星期",
                                  "热水器点不着火 物业也不来修"])
async def test_a_stove_that_will_not_light_is_no_fire_alarm(bot: BotHarness, told: str) -> None:
    replies = await bot.say(told, sender=SENDER)
    assert not any("撤离" in reply for reply in replies), replies
    (case,) = all_cases(bot)
    assert case.needs_human, replies  # quiet: a person still sees it at once
    assert "已登记" in " ".join(replies), replies


@pytest.mark.parametrize("told", ["燃气灶着火了 火很大 灭不掉", "楼下电动车起火了 烟往上冒",
                                  "打不着火 结果一点又窜出火苗 烧到窗帘了"])
async def test_a_fire_is_still_a_fire_alarm(bot: BotHarness, told: str) -> None:
    replies = await bot.say(told, sender=SENDER)
    assert "119" in replies[0] and "如遇人身安全危险" not in replies[0], replies


@pytest.mark.parametrize(("text", "accused"), [
    ("我们村的低保都给了村长的亲戚 我家困难反而没有", "村长"),
    ("另外镇长也知道这事 他也分了钱", "镇长"),
])
def test_a_connective_before_an_official_is_no_part_of_the_accused(text: str,
                                                                  accused: str) -> None:
    from nlp.accused import find_accused
    assert find_accused(text) == (accused,)


async def test_the_same_official_named_again_in_two_characters_joins_the_accusation(
        bot: BotHarness) -> None:
    await bot.say("我们村的低保都给了村长的亲戚 我家困难反而没有", sender=SENDER)
    await bot.say("张三", sender=SENDER)
    replies = await bot.say("另外村长还把扶贫的羊卖了", sender=SENDER)
    (case,) = all_cases(bot)
    assert case.statutory_type == "检举控告" and case.number in replies[0], replies
    await bot.say("还有镇长也分了钱", sender=SENDER)
    assert len(all_cases(bot)) == 2  # another official: an accusation of its own


async def test_a_threat_from_the_accused_official_joins_the_accusation_flagged(
        bot: BotHarness) -> None:
    await bot.say("我们村的低保都给了村长的亲戚 我家困难反而没有", sender=SENDER)
    await bot.say("张三", sender=SENDER)
    replies = await bot.say("村长还威胁我 说再告就让我好看", sender=SENDER)
    (case,) = all_cases(bot)
    assert case.needs_human and any(case.number in reply for reply in replies), replies
