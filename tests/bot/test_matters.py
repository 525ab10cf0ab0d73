"""Matters through the real intake: repeats in other words (Art 19, Art 36), the same broken lift
from two petitioners, a collective warning with its members, and the Art 36 override."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from bot import matters
from bot.workflow import TransitionRefused
from nlp import Analyzer
from nlp.matter import MatterJudge
from nlp.matter_signature import MatterSignature
from storage import Case, CaseMatter, MatterKey
from tests.bot.harness import (
    ANY_YEAR_NUMBER,
    DAY,
    BotHarness,
    act,
    case_events,
    reviewed_to_final,
)

LIFT = ("朝阳区金地花园2号楼的电梯已经坏了半个月，物业一直说在等配件，楼里很多老人上下楼非常困难，"
        "请有关部门督促物业尽快修好电梯。")
#: The same petitioner, other words: after 复核 this is the same facts and reasons (Art 36).
LIFT_AGAIN = "金地花园二号楼电梯到现在还是坏的，物业拖着不修，老人出不了门，要求马上维修电梯。"
#: Another petitioner, the same lift.
LIFT_NEIGHBOUR = ("我家住朝阳区金地花园2号楼12层，电梯停运快两个星期了，物业迟迟不修，"
                  "我父亲腿脚不好没法下楼，希望相关部门催促物业把电梯修好。")
#: The same petitioner, the same 小区, another matter.
PARKING = ("朝阳区金地花园物业这个月把地面停车费从每月150元涨到300元，没有开业主大会也没有公示，"
           "请物价部门核查这次涨价是否合规。")


async def file(bot: BotHarness, text: str, sender: str, name: str = "王五",
               **fields: Any) -> list[str]:
    return await bot.say(text, sender=sender, sender_name=name, **fields)


def number_in(replies: list[str]) -> str:
    found = ANY_YEAR_NUMBER.search(" ".join(replies))
    assert found, replies
    return found.group()


def case_count(bot: BotHarness) -> int:
    return bot.core.store.read_sync(lambda s: len(list(s.exec(select(Case.id)))))


async def conclude_by_rereview(bot: BotHarness, number: str, sender: str) -> None:
    """The whole statutory path to a 复核 opinion and 终结."""
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区住建委")
    act(bot, number, "answer", text="已督促物业更换配件。", decision="支持",
        facts="经核查电梯主板损坏。", basis="《特种设备安全法》第四十二条")
    await reviewed_to_final(bot, number, sender)


async def test_a_paraphrased_repeat_attaches_to_the_open_case(bot: BotHarness) -> None:
    sender = "mailto:wang@example.cn"
    number = number_in(await file(bot, LIFT, sender))
    again = await file(bot, LIFT_AGAIN, sender)
    assert number in again[0] and "并入" in again[0]
    assert case_count(bot) == 1 and case_events(bot, number, "repeat_attached")
    other = await file(bot, PARKING, sender)  # the same 小区, another matter: a new case
    assert number_in(other) != number and case_count(bot) == 2


@pytest.mark.parametrize(("answer", "cases_after"), [("是", 1), ("不是", 2)])
async def test_a_likely_but_unsure_repeat_is_asked_about_and_the_answer_decides(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch, answer: str, cases_after: int) -> None:
    sender = "mailto:wang@example.cn"
    number = number_in(await file(bot, LIFT, sender))
    # The model judges it the same matter, but not sure enough to join it without asking.
    monkeypatch.setattr(matters, "ATTACH_SURE", 1.01)
    asked = await file(bot, LIFT_AGAIN, sender)
    assert asked == [f"这条消息是对 {number} 的补充吗？"], asked
    assert case_count(bot) == 1 and not case_events(bot, number, "repeat_attached")
    replies = await file(bot, answer, sender)
    assert case_count(bot) == cases_after, replies
    if cases_after == 1:
        assert case_events(bot, number, "supplement")
    else:
        # (a letter gets one reply: the two drafts are joined)
        assert "新的事项" in replies[0] and set(ANY_YEAR_NUMBER.findall(" ".join(replies))) - {number}


async def test_after_rereview_a_paraphrase_gets_the_art36_reply(bot: BotHarness) -> None:
    sender = "mailto:wang@example.cn"
    number = number_in(await file(bot, LIFT, sender))
    await conclude_by_rereview(bot, number, sender)
    again = await file(bot, LIFT_AGAIN, sender)
    assert "不再受理" in again[0] and number in again[0] and "第三十六条" in again[0]
    assert case_count(bot) == 1 and case_events(bot, number, "repeat_after_final")


async def test_a_flagged_repeat_after_rereview_needs_an_override_to_be_accepted(
        bot: BotHarness) -> None:
    sender = "mailto:wang@example.cn"
    number = number_in(await file(bot, LIFT, sender))
    await conclude_by_rereview(bot, number, sender)
    # Sent to a person first (needs_human): registered, not answered by the bot, but flagged.
    reply = await file(bot, LIFT_AGAIN, sender, needs_human=True)
    second = number_in(reply)
    assert second != number
    flags = case_events(bot, second, matters.FLAG)
    assert len(flags) == 1 and flags[0].details["of"] == number
    with pytest.raises(TransitionRefused, match="Art 36"):
        act(bot, second, "accept")
    assert not case_events(bot, second, "accept")  # refused: nothing written
    act(bot, second, "accept", override="复核后出现新的事实：电梯再次损坏，属新情况。")
    accepted = case_events(bot, second, "accept")
    assert accepted[0].details["override"].startswith("复核后出现新的事实")
    assert accepted[0].details["repeat_of"] == number
    # A case nobody flagged is accepted as always, without an override.
    other = number_in(await file(bot, PARKING, "mailto:li@example.cn", "李四"))
    act(bot, other, "accept")


async def test_two_petitioners_reporting_one_lift_are_proposed_for_merging(
        bot: BotHarness) -> None:
    first = number_in(await file(bot, LIFT, "mailto:wang@example.cn"))
    second = number_in(await file(bot, LIFT_NEIGHBOUR, "mailto:zhao@example.cn", "赵六"))
    unrelated = number_in(await file(bot, PARKING, "mailto:li@example.cn", "李四"))
    assert len({first, second, unrelated}) == 3

    def proposals(session: Session) -> list[matters.Proposal]:
        case = session.exec(select(Case).where(Case.number == second)).one()
        return bot.core.matters.proposals(session, case)

    found = bot.core.store.read_sync(proposals)
    assert [p.number for p in found] == [first]
    assert not found[0].same_petitioner and found[0].probability >= 0.5
    assert "电梯" in found[0].shared.things and "楼2" in found[0].shared.buildings
    assert any("金地" in name for name in found[0].shared.names)
    act(bot, second, "merge", into=first, reason="同一部电梯")
    assert case_events(bot, first, "merged_in")[0].details["source"] == second


COLLECTIVE = [
    "朝阳区金地花园小区北门的垃圾中转站臭气熏天，夏天苍蝇成群，居民不敢开窗，强烈要求搬迁垃圾站。",
    "金地花园北门垃圾中转站太臭了，蚊蝇乱飞，我们住户窗户都不敢开，请把垃圾站搬走。",
    "反映朝阳区金地花园北门垃圾站臭味扰民的问题，离居民楼太近，苍蝇很多，希望迁走这个垃圾中转站。",
    "我是金地花园的业主，北门那个垃圾中转站每天散发恶臭，孩子老人都受不了，请求政府搬迁垃圾站。",
    "朝阳区金地花园小区北门垃圾中转站臭气熏天，严重影响居民生活，要求尽快搬迁。",
    "金地花园北门的垃圾站又臭又脏，苍蝇成群，请有关部门把它搬迁到远离居民楼的地方。",
]


async def test_a_collective_warning_lists_its_members(bot: BotHarness) -> None:
    numbers = []
    for index, text in enumerate(COLLECTIVE[:4]):
        numbers.append(number_in(await file(bot, text, f"mailto:r{index}@example.cn",
                                            f"居民{index}")))
    # The same 小区, another matter, from a fifth person: not a member.
    await file(bot, PARKING, "mailto:li@example.cn", "李四")
    assert not any(case_events(bot, n, "collective_alert") for n in numbers)
    numbers.append(number_in(await file(bot, COLLECTIVE[4], "mailto:r4@example.cn", "居民4")))
    alert = case_events(bot, numbers[-1], "collective_alert")
    assert len(alert) == 1
    assert alert[0].details["members"] == sorted(numbers)
    assert alert[0].details["petitioners"] == 5 and alert[0].details["place"] == "北京市朝阳区"
    # A sixth joins: its warning lists all six, though the check stopped at the threshold.
    numbers.append(number_in(await file(bot, COLLECTIVE[5], "mailto:r5@example.cn", "居民5")))
    latest = case_events(bot, numbers[-1], "collective_alert")
    assert latest[0].details["members"] == sorted(numbers)
    assert latest[0].details["petitioners"] == 6
    # Staff heard of five; a sixth is on the record but not told until the group doubles.
    assert (alert[0].details["tell"], alert[0].details["told"]) == (True, 5)
    assert (latest[0].details["tell"], latest[0].details["told"]) == (False, 5)


async def test_outside_the_window_no_warning(bot: BotHarness) -> None:
    for index, text in enumerate(COLLECTIVE[:4]):
        await file(bot, text, f"mailto:r{index}@example.cn", f"居民{index}")
    bot.core.clock.advance(4 * DAY)
    last = number_in(await file(bot, COLLECTIVE[4], "mailto:r4@example.cn", "居民4"))
    assert not case_events(bot, last, "collective_alert")


async def test_too_few_other_petitioners_are_not_compared(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three others about the place cannot make five with a fourth: the collective check
    sees that from the candidates it read and compares no signature; a fifth is compared."""
    for index, text in enumerate(COLLECTIVE[:3]):
        await file(bot, text, f"mailto:r{index}@example.cn", f"居民{index}")
    judge = bot.core.matters.judge
    scored: list[float] = []
    score = judge.score

    def counted(a: Any, b: Any) -> float:
        scored.append(score(a, b))
        return scored[-1]

    monkeypatch.setattr(judge, "score", counted)
    fourth = number_in(await file(bot, COLLECTIVE[3], "mailto:r3@example.cn", "居民3"))
    assert scored == [] and not case_events(bot, fourth, "collective_alert")
    fifth = number_in(await file(bot, COLLECTIVE[4], "mailto:r4@example.cn", "居民4"))
    assert len(scored) >= 4 and case_events(bot, fifth, "collective_alert")


async def test_each_case_is_signed_once_and_keyed(bot: BotHarness) -> None:
    number = number_in(await file(bot, LIFT, "mailto:wang@example.cn"))

    def stored(session: Session) -> tuple[int, int]:
        case = session.exec(select(Case).where(Case.number == number)).one()
        signatures = len(list(session.exec(select(CaseMatter).where(
            CaseMatter.case_id == case.id))))
        keys = len(list(session.exec(select(MatterKey).where(MatterKey.case_id == case.id))))
        return signatures, keys

    signatures, keys = bot.core.store.read_sync(stored)
    assert signatures == 1 and keys >= 8  # the LSH bands at least, plus names and things


async def test_a_case_from_before_signatures_is_signed_once_when_needed(
        bot: BotHarness) -> None:
    sender = "mailto:wang@example.cn"
    number = number_in(await file(bot, LIFT, sender))

    def unsign(session: Session) -> None:  # as a case registered before migration 0008
        case = session.exec(select(Case).where(Case.number == number)).one()
        for row in session.exec(select(MatterKey).where(MatterKey.case_id == case.id)):
            session.delete(row)
        stored = session.get(CaseMatter, case.id)
        assert stored is not None
        session.delete(stored)

    bot.core.store.write_sync(unsign)
    again = await file(bot, LIFT_AGAIN, sender)
    assert number in again[0] and case_count(bot) == 1  # still found: signed from its text

    def signatures(session: Session) -> int:
        case = session.exec(select(Case).where(Case.number == number)).one()
        return len(list(session.exec(select(CaseMatter).where(CaseMatter.case_id == case.id))))

    assert bot.core.store.read_sync(signatures) == 1
    await file(bot, LIFT_AGAIN + "谢谢。", sender)
    assert bot.core.store.read_sync(signatures) == 1


def test_a_pair_is_scored_once_while_both_signatures_live(analyzer: Analyzer) -> None:
    """Texts alike word for word are one signature object, compared with the same candidates
    again: the index scores such a pair once (bot.matters._Scores), and scores any other
    pair, or another object of the same signature, by the judge."""
    judge = MatterJudge.load(analyzer.tokenizer)
    calls: list[tuple[int, int]] = []

    class Counting:
        def score(self, a: MatterSignature, b: MatterSignature) -> float:
            calls.append((id(a), id(b)))
            return judge.score(a, b)

    scores = matters._Scores(Counting(), size=2)  # type: ignore[arg-type]
    new, other, third = (judge.sign(text) for text in COLLECTIVE[:3])
    assert scores(new, other) == judge.score(new, other) == scores(new, other)
    assert len(calls) == 1
    assert scores(new, third) == judge.score(new, third) and len(calls) == 2
    again = MatterSignature.from_bytes(other.to_bytes())  # equal, but another object
    assert scores(new, again) == judge.score(new, again) and len(calls) == 3
    scores(new, other)  # the oldest was dropped (size 2): scored again
    assert len(calls) == 4
