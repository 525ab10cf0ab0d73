"""Escalation reaches people (issue 16 item 3): a moving clock, the real supervision round, a
captured mailbox (aiosmtpd on 127.0.0.1 with a recording handler) and a recording webhook
server; on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from bot.console import records
from bot.escalation_delivery import (
    SIGNATURE_HEADER,
)
from bot.escalation_rules import EscalationRules, EscalationRulesError
from storage import Case, CaseEvent, StaffNotice
from tests.bot.harness import (
    CONTACTS,
    SUPERVISOR,
    UNIT,
    WEBHOOK_SECRET,
    World,
    act,
    file_case,
)
from tests.bot.test_workflow import CANARY_MAIL, CANARY_NAME


async def test_a_late_case_climbs_the_ladder_once_per_rung_up_to_the_level_above(
        world: World) -> None:
    number = await file_case(world.bot, f"mailto:{CANARY_MAIL}", sender_name=CANARY_NAME)
    act(world.bot, number, "accept")
    act(world.bot, number, "assign", unit=UNIT, mode="交办")
    act(world.bot, number, "unit_accept")  # the unit's own notice in time: only the ladder
    due = world.bot.core.store.read_sync(
        lambda s: s.exec(select(Case.handling_due).where(Case.number == number)).one())
    assert due is not None
    assert await world.round() == {"raised": 0, "overdue": 0, "near_due": 0}
    assert world.mails() == [] and world.hooks() == []

    world.at(due - timedelta(days=3))  # near-due: the handling unit is reminded
    assert (await world.round())["near_due"] == 1
    mails = world.mails()
    assert [(to, subject) for to, subject, _ in mails] == [(CONTACTS[UNIT], "临期提醒")]
    assert number in mails[0][2] and "剩余 3 日" in mails[0][2]
    assert await world.round() == {"raised": 0, "overdue": 0, "near_due": 0}  # deduplicated
    assert world.mails() == []

    world.at(due + timedelta(days=1))  # overdue: unit, supervisor and the bureau's IM
    assert (await world.round())["overdue"] == 1
    assert sorted((to, subject) for to, subject, _ in world.mails()) == [
        (SUPERVISOR, "超期督办"), (CONTACTS[UNIT], "超期督办")]
    hooks = world.hooks()
    assert [(h["case"], h["rule"], h["title"]) for h in hooks] == [
        (number, "overdue", "超期督办")]
    assert "超期 1 日" in hooks[0]["text"]

    world.at(due + timedelta(days=5))  # still on the overdue rung: nothing new
    assert (await world.round())["raised"] == 0
    assert world.mails() == [] and world.hooks() == []

    world.at(due + timedelta(days=7))
    assert (await world.round())["raised"] == 1
    assert sorted(to for to, _, _ in world.mails()) == [SUPERVISOR, CONTACTS[UNIT]]
    assert [h["rule"] for h in world.hooks()] == ["overdue_7"]

    world.at(due + timedelta(days=20))  # to the level above the handling unit
    assert (await world.round())["raised"] == 1
    mails = world.mails()
    assert sorted(to for to, _, _ in mails) == [SUPERVISOR, CONTACTS["市人民政府"]]
    assert all("超期 20 日" in body for _, _, body in mails)
    assert [h["rule"] for h in world.hooks()] == ["overdue_15"]
    assert (await world.round())["raised"] == 0

    # Recorded on the case: each rung, who it went to.
    assert [(e["rule"], e["to"]) for e in world.events(number, "escalate")] == [
        ("near_due", [CONTACTS[UNIT]]),
        ("overdue", [CONTACTS[UNIT], SUPERVISOR, "webhook"]),
        ("overdue_7", [CONTACTS[UNIT], SUPERVISOR, "webhook"]),
        ("overdue_15", [CONTACTS["市人民政府"], SUPERVISOR, "webhook"])]
    assert [e["rule"] for e in world.events(number, "supervise")] == [
        "near_due", "overdue", "overdue_7", "overdue_15"]
    sent = world.bot.core.store.read_sync(
        lambda s: [(n.status, n.attempts) for n in s.exec(select(StaffNotice))])
    assert set(sent) == {("sent", 1)} and len(sent) == 10


async def test_emergencies_collective_warnings_and_instructions_reach_staff_once(
        world: World) -> None:
    replies = await world.bot.say("有人拿刀在楼道里砍人，快来救命！", sender="tel:+8613900001111")
    assert replies
    number = world.bot.core.store.read_sync(
        lambda s: s.exec(select(Case.number).where(col(Case.emergency).is_(True))).one())
    await world.round()
    assert [(to, subject) for to, subject, _ in world.mails()] == [
        (SUPERVISOR, "紧急事项，请立即处置")]
    body, headers = world.webhook.raw[-1]
    expected = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == f"sha256={expected}"  # the IM can verify the sender
    assert [(h["case"], h["rule"]) for h in world.hooks()] == [(number, "emergency")]

    act(world.bot, number, "accept")
    act(world.bot, number, "assign", unit=UNIT, mode="转送")
    now = world.bot.core.clock.now()
    world.bot.core.store.write_sync(lambda s: records.instruct(
        s, s.exec(select(Case).where(Case.number == number)).one(), "请住建委今日内核实处置。",
        actor="leader:李局长", now=now))
    await world.round()
    got = world.mails()
    assert [(to, subject) for to, subject, _ in got] == [(CONTACTS[UNIT], "领导批示")]
    assert "请住建委今日内核实处置" not in got[0][2]  # the console shows it, not the mail
    assert [h["rule"] for h in world.hooks()] == ["instruction"]
    await world.round()  # the trail was read: nothing twice
    assert world.mails() == [] and world.hooks() == []


async def test_a_growing_collective_petition_is_told_when_it_forms_and_when_it_doubles(
        world: World) -> None:
    """Eleven petitioners on one matter: every member's case records the warning, staff get
    two (five, then ten), not seven."""
    from tests.bot.test_matters import COLLECTIVE

    for n in range(11):
        await world.bot.say(COLLECTIVE[n % len(COLLECTIVE)], sender=f"mailto:g{n}@example.cn",
                            sender_name=f"居民{n}")
        await world.round()
    alerts = world.bot.core.store.read_sync(lambda s: [e.details["petitioners"] for e in s.exec(
        select(CaseEvent).where(CaseEvent.action == "collective_alert").order_by(
            col(CaseEvent.id)))])
    assert alerts == [5, 6, 7, 8, 9, 10, 11]
    told = [h for h in world.hooks() if h["rule"] == "collective"]
    assert len(told) == 2
    mails = [body for _, subject, body in world.mails() if "5 名信访人" in body
             or "10 名信访人" in body]
    assert len(mails) == 2


async def test_an_acceptance_278_days_late_warns_the_supervisor(world: World) -> None:
    number = await file_case(world.bot, "telegram:5150")
    due = world.bot.core.store.read_sync(
        lambda s: s.exec(select(Case.acceptance_due).where(Case.number == number)).one())
    assert due is not None
    world.at(due + timedelta(days=278))
    done = act(world.bot, number, "accept")
    assert done["status"] == "accepted" and done["warning"].startswith("已超过期限 278 日")
    assert world.events(number, "accept")[0]["late_days"] == 278
    await world.round()
    warnings = [m for m in world.mails() if m[1] == "超期受理警示"]
    assert [(to, subject) for to, subject, _ in warnings] == [(SUPERVISOR, "超期受理警示")]
    assert "278 日" in warnings[0][2] and number in warnings[0][2]


async def test_a_failing_webhook_is_retried_and_delivered_once(world: World) -> None:
    world.webhook.failures = [503]
    await world.bot.say("有人拿刀在楼道里砍人，快来救命！", sender="tel:+8613900002222")
    await world.round()
    assert world.hooks() == []
    pending = world.bot.core.store.read_sync(lambda s: s.exec(
        select(StaffNotice).where(StaffNotice.recipient == "webhook")).one())
    assert (pending.status, pending.attempts, pending.last_error) == (
        "pending", 1, "webhook answered 503")
    await world.delivery.run_once()  # backing off: not yet
    assert world.hooks() == []
    world.bot.core.clock.advance(timedelta(minutes=1))
    await world.delivery.run_once()
    assert [h["rule"] for h in world.hooks()] == ["emergency"]
    world.bot.core.clock.advance(timedelta(hours=1))
    await world.delivery.run_once()
    assert world.hooks() == []


@pytest.mark.parametrize(("rows", "complaint"), [
    ([{"name": "x", "on": "deadline", "day": 1, "to": ["nobody"], "title": "超期"}], ".to"),
    ([{"name": "x", "on": "sometimes", "to": ["unit"], "title": "超期"}], ".on"),
    ([{"name": "x y", "on": "deadline", "to": ["unit"], "title": "超期"}], ".name"),
    ([{"name": "x", "on": "emergency", "day": 3, "to": ["unit"], "title": "紧急"}], ".day"),
    ([{"name": "x", "on": "deadline", "day": 1, "to": ["unit"], "title": ""}], ".title"),
    ([{"name": "a", "on": "deadline", "day": 1, "to": ["unit"], "title": "甲"},
      {"name": "b", "on": "deadline", "day": 1, "to": ["unit"], "title": "乙"}], "same day"),
])
def test_a_malformed_escalation_table_is_refused_with_the_field(
        rows: list[dict[str, Any]], complaint: str) -> None:
    with pytest.raises(EscalationRulesError, match=complaint.replace(".", r"\.")):
        EscalationRules.from_mapping({"rule": rows})


def test_the_shipped_table_is_a_ladder_with_every_trigger() -> None:
    rules = EscalationRules.load()
    assert [(r.name, r.day) for r in rules.ladder()] == [
        ("near_due", -3), ("overdue", 1), ("overdue_7", 7), ("overdue_15", 15)]
    assert {r.on for r in rules.rules} == {"deadline", "emergency", "collective", "instruction",
                                           "late_acceptance", "unit_notice",
                                           "objection_consent", "jurisdiction_dispute"}
    due = date(2027, 1, 21)
    assert rules.rung(due, date(2027, 1, 17)) == (None, date(2027, 1, 18))
    assert rules.rung(due, date(2027, 1, 21))[0].name == "near_due"  # type: ignore[union-attr]
    assert rules.rung(due, date(2027, 2, 20)) == (rules.ladder()[-1], None)
