"""The jurisdiction-dispute (Art 24) and 退单 consent deadlines escalate like the others: a
moving clock, the real supervision round, a captured mailbox and webhook (the ``world`` of
tests/bot/conftest.py). Decided in time, nothing is sent; undecided past the day,
the bureau (consent) or the common superior (dispute) is told once, recorded on the case."""

from __future__ import annotations

from datetime import timedelta

from bot.escalation_rules import EscalationRules
from tests.bot.harness import CONTACTS, SUPERVISOR, UNIT, World, act, case_row, file_case

OTHER = "市城市管理委员会"


async def assigned(running: World, sender: str) -> str:
    number = await file_case(running.bot, sender)
    act(running.bot, number, "accept")
    act(running.bot, number, "assign", unit=UNIT, mode="转送")
    act(running.bot, number, "unit_accept")  # the unit's own notice in time: not escalated
    return number


async def test_a_refusal_waiting_for_consent_past_its_days_reaches_the_bureau_once(
        world: World) -> None:
    late = await assigned(world, "telegram:6201")
    decided = await assigned(world, "telegram:6202")
    for number in (late, decided):
        act(world.bot, number, "object", reason="不属于本单位职责")
    due = case_row(world.bot, late).consent_due
    assert due is not None and due == case_row(world.bot, decided).consent_due
    world.at(due)
    act(world.bot, decided, "consent", agree="同意")  # on the last day: in time
    assert case_row(world.bot, decided).consent_due is None
    assert (await world.round())["raised"] == 0
    assert world.mails() == [] and world.hooks() == []

    world.at(due + timedelta(days=1))
    await world.round()
    mails = world.mails()
    assert [(to, subject) for to, subject, _ in mails] == [(SUPERVISOR, "退单逾期未审核")]
    assert late in mails[0][2] and "已逾期 1 日" in mails[0][2]
    assert decided not in mails[0][2]
    assert [(h["case"], h["rule"]) for h in world.hooks()] == [(late, "objection_consent")]
    world.at(due + timedelta(days=3))
    await world.round()
    assert world.mails() == [] and world.hooks() == []  # once
    assert [(e["rule"], e["occasion"]) for e in world.events(late, "escalate")] == [
        ("objection_consent", f"objection_consent:{due.isoformat()}")]
    assert world.events(decided, "escalate") == []
    assert case_row(world.bot, late).consent_due is None


async def test_an_undecided_jurisdiction_dispute_reaches_the_common_superior(
        world: World) -> None:
    late = await assigned(world, "telegram:6301")
    settled = await assigned(world, "telegram:6302")
    for number in (late, settled):
        act(world.bot, number, "dispute", other=OTHER, reason="占道经营属城管职责")
    due = case_row(world.bot, late).dispute_due
    assert due is not None and due == case_row(world.bot, settled).dispute_due
    world.at(due - timedelta(days=2))
    act(world.bot, settled, "settle", unit=OTHER, decided_by="市人民政府")
    assert case_row(world.bot, settled).dispute_due is None
    world.at(due)
    assert (await world.round())["raised"] == 0
    assert world.mails() == []

    world.at(due + timedelta(days=2))
    await world.round()
    mails = world.mails()
    assert sorted((to, subject) for to, subject, _ in mails) == [
        (SUPERVISOR, "管辖争议逾期未决定"), (CONTACTS["市人民政府"], "管辖争议逾期未决定")]
    assert all(late in body and "已逾期 2 日" in body and "第二十四条" in body
               for _, _, body in mails)
    assert world.hooks() == []  # the shipped rule does not name the IM
    await world.round()
    assert world.mails() == []
    assert [e["rule"] for e in world.events(late, "escalate")] == ["jurisdiction_dispute"]
    assert world.events(settled, "escalate") == []


def test_the_shipped_table_escalates_both_side_deadlines() -> None:
    rules = EscalationRules.load()
    assert [(r.name, r.to) for r in rules.on("objection_consent")] == [
        ("objection_consent", ("supervisor", "webhook"))]
    assert [(r.name, r.to) for r in rules.on("jurisdiction_dispute")] == [
        ("jurisdiction_dispute", ("above", "supervisor"))]
