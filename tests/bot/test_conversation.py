"""Conversation tests through the real intake, processor and outbox (see ``harness``)."""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path

import pytest
from sqlmodel import select

from bot import staff
from bot.codes import UNISSUED, new_query_code
from channels.base import InboundMessage
from nlp import Analyzer
from storage import Case, CaseEvent, Identity, Message, Outbox, Petitioner
from tests.bot.harness import (
    COMPLAINT,
    NUMBER,
    POISON,
    BotHarness,
    all_cases,
    open_core,
    poison_classifier,
)
from tests.conftest import FIXED_NOW

CODE = re.compile(r"查询码 ([A-Z2-9]{8})")


async def file_complaint(bot: BotHarness, sender: str = "tel:+8613800000001") -> tuple[str, str]:
    replies = await bot.say(COMPLAINT, sender=sender)
    number = NUMBER.search(replies[0])
    code = CODE.search(replies[0])
    assert number and code, replies
    return number.group(), code.group(1)


async def test_new_complaint_is_registered_with_number_code_and_date(bot: BotHarness) -> None:
    replies = await bot.say(COMPLAINT, sender="tel:+8613800000001")
    assert NUMBER.search(replies[0]) and CODE.search(replies[0])
    assert "2026-12-07" in replies[0]  # 15 days from 2026-11-22, the start day not counted
    assert "姓名" in replies[1]  # Art 19: the bot asks for the name it lacks
    [case] = all_cases(bot)
    assert case.status == "registered" and case.awaiting == "name"
    assert case.code_hash and CODE.search(replies[0]).group(1) not in case.code_hash  # type: ignore[union-attr]


async def test_before_its_acknowledgement_is_sent_no_code_opens_a_case(bot: BotHarness) -> None:
    """Registered, reply not yet sent: the case holds no code's HMAC at all (nothing drawn
    and thrown away), so no code checks out; the code sent then does."""
    sender = "tel:+8613800000009"
    await bot.core.intake.store(InboundMessage(
        channel="sms", sender=sender, text=COMPLAINT, external_id="unsent-1",
        received_at=bot.core.clock.now(), raw=b"x"))
    await bot.core.processor.drain()
    [case] = all_cases(bot)
    assert case.code_hash == UNISSUED
    assert len(case.code_hash) == len(bot.core.hasher.hash(case.number, "ABCDEFGH"))
    assert not any(bot.core.hasher.verify(case.number, code, case.code_hash)
                   for code in (new_query_code(), "", "-" * 8, "ABCDEFGH"))
    await bot.worker.send_due()
    code = CODE.search(bot.pop(sender)[0])
    assert code is not None
    [sent] = all_cases(bot)
    assert bot.core.hasher.verify(sent.number, code.group(1), sent.code_hash)


async def test_intake_dialogue_collects_name_then_contact_on_chat(bot: BotHarness) -> None:
    replies = await bot.say(COMPLAINT, sender="telegram:42")
    assert "姓名" in replies[1]
    assert "联系电话" in (await bot.say("我叫李四", sender="telegram:42"))[0]
    done = await bot.say("13900001111，幸福路8号", sender="telegram:42")
    assert "已补充" in done[0]

    def read(session):  # type: ignore[no-untyped-def]
        identity = session.exec(select(Identity).where(Identity.urn == "telegram:42")).one()
        case = session.exec(select(Case)).one()
        events = [e.action for e in session.exec(select(CaseEvent))]
        return identity, case, events

    identity, case, events = bot.core.store.read_sync(read)
    assert case.awaiting == ""
    assert events.count("intake_answer") == 2
    petitioner = bot.core.store.read_sync(
        lambda s: s.get(Petitioner, identity.petitioner_id))
    assert petitioner.name == "李四" and "13900001111" in petitioner.contact


async def test_short_message_asks_for_facts_and_reasons(bot: BotHarness) -> None:
    await bot.say(COMPLAINT, sender="mailto:a@example.cn", sender_name="王五")
    replies = await bot.say("路灯坏了", sender="mailto:b@example.cn", sender_name="赵六")
    assert NUMBER.search(replies[0])
    assert any("具体情况" in reply for reply in replies)


async def test_status_from_the_filing_identity_needs_no_code(bot: BotHarness) -> None:
    number, _ = await file_complaint(bot)
    await bot.say("张三", sender="tel:+8613800000001")  # answers the name question
    replies = await bot.say("我的案件怎么样了", sender="tel:+8613800000001")
    assert number in replies[0] and "待审查受理" in replies[0]


async def test_status_from_another_identity_needs_the_code(bot: BotHarness) -> None:
    number, code = await file_complaint(bot)
    with_code = await bot.say(f"查询 {number} {code}", sender="telegram:777")
    assert number in with_code[0] and "待审查受理" in with_code[0]
    without = await bot.say(f"查询 {number}", sender="telegram:778")
    wrong = await bot.say(f"查询 {number} ABCDEFGH", sender="telegram:779")
    missing = await bot.say(f"查询 XF2026-999999 {code}", sender="telegram:780")
    assert without == wrong == missing  # byte-identical: a wrong code reveals nothing
    assert number not in wrong[0]


async def test_guessing_codes_is_throttled(bot: BotHarness) -> None:
    number, code = await file_complaint(bot)
    for attempt in range(10):
        await bot.say(f"查询 {number} WRONG{attempt:03d}".replace("0", "2"), sender="telegram:9")
    replies = await bot.say(f"查询 {number} {code}", sender="telegram:9")
    assert number not in replies[0] and "频繁" in replies[0]


async def test_many_senders_guessing_one_case_are_throttled_together(bot: BotHarness) -> None:
    number, code = await file_complaint(bot)
    missing = number[:-6] + "999999"  # no such case: limited exactly alike
    for sender in range(20):
        for asked in (number, missing):
            guess = f"WRONG{sender:03d}".replace("0", "2")
            wrong = await bot.say(f"查询 {asked} {guess}", sender=f"telegram:{100 + sender}")
            assert asked not in wrong[0] and "频繁" not in wrong[0]
    right = await bot.say(f"查询 {number} {code}", sender="telegram:999")
    absent = await bot.say(f"查询 {missing} {code}", sender="telegram:998")
    assert number not in right[0] and "频繁" in right[0]
    assert absent == [right[0].replace(number, missing)] or absent == right
    # the petitioner's own identity needs no code and is never locked out of its case
    own = await bot.say(f"查询 {number}", sender="tel:+8613800000001")
    assert number in own[0]


async def test_english_gets_english(bot: BotHarness) -> None:
    number, code = await file_complaint(bot)
    replies = await bot.say(f"where's my case {number} {code}", sender="telegram:5")
    assert number in replies[0] and "registered" in replies[0]


async def test_staff_steps_reach_the_petitioner_and_status(bot: BotHarness) -> None:
    number, _ = await file_complaint(bot)
    now = bot.core.clock.now()
    for action, fields in (("accept", {}), ("assign", {"unit": "区住建局", "mode": "交办"}),
                           ("report", {"text": "已现场检查并责令停工。"}),
                           ("answer", {"text": "已责令工地夜间停工。", "decision": "支持",
                                       "facts": "经核查夜间施工属实。",
                                       "basis": "《环境噪声污染防治法》第三十条"}),
                           ("close", {})):
        bot.core.store.write_sync(
            lambda s, a=action, f=fields: staff.act(s, number, a, actor="staff:t", now=now,
                                                    deadlines=bot.core.deadlines,
                                                    units=bot.core.units, **f))
    await bot.worker.send_due()
    notices = bot.pop("tel:+8613800000001")
    # accept, assign, the 意见书 (SMS: its short form), the rating request, close
    assert len(notices) == 5 and "已受理" in notices[0] and "支持" in notices[2]
    assert "复查" in notices[2] and "1-5" in notices[3] and "已办结" in notices[4]
    view = bot.core.store.read_sync(lambda s: staff.show_case(s, number))
    assert view["status"] == "closed" and view["unit"] == "区住建局"
    staff_actions = [e["action"] for e in view["events"] if e["actor"] == "staff:t"]
    assert staff_actions == ["accept", "assign", "report", "answer", "close"]
    assert view["events"][0]["action"] == "register"


async def test_list_and_supplement(bot: BotHarness) -> None:
    number, _ = await file_complaint(bot)
    await bot.say("张三", sender="tel:+8613800000001")
    listing = await bot.say("我的案件", sender="tel:+8613800000001")
    assert number in listing[0]
    added = await bot.say("追加材料：施工许可证上写的是白天施工。", sender="tel:+8613800000001")
    assert number in added[0]
    linked = bot.core.store.read_sync(
        lambda s: len(list(s.exec(select(Message).where(Message.case_id != None)))))
    assert linked == 3


async def test_duplicate_delivery_is_one_message_and_one_reply(bot: BotHarness) -> None:
    await bot.push(COMPLAINT, sender="tel:+8613800000002", external_id="SMdup")
    await bot.push(COMPLAINT, sender="tel:+8613800000002", external_id="SMdup")
    rows = bot.core.store.read_sync(lambda s: list(s.exec(select(Outbox))))
    cases = all_cases(bot)
    assert len(cases) == 1 and len(rows) == 2  # the acknowledgement and one question


async def test_opt_out_stops_sms_but_not_the_case(bot: BotHarness) -> None:
    number, _ = await file_complaint(bot)
    assert "退订" in (await bot.say("ＳＴＯＰ", sender="tel:+8613800000001"))[0]
    now = bot.core.clock.now()
    bot.core.store.write_sync(lambda s: staff.act(s, number, "accept", actor="t", now=now,
                                                  deadlines=bot.core.deadlines,
                                                  units=bot.core.units))
    await bot.worker.send_due()
    assert bot.pop("tel:+8613800000001") == []
    view = bot.core.store.read_sync(lambda s: staff.show_case(s, number))
    assert view["status"] == "accepted" and view["opted_out"]
    assert "opted_out" in [event["action"] for event in view["events"]]


async def test_auto_replies_are_stored_never_answered(bot: BotHarness) -> None:
    replies = await bot.say("I am out of the office", sender="mailto:ooo@example.cn",
                            auto_generated=True)
    assert replies == []
    assert all_cases(bot) == []


async def test_a_crash_before_processing_is_caught_up(bot: BotHarness, tmp_path: Path) -> None:
    from channels.base import InboundMessage

    message = InboundMessage(channel="sms", sender="tel:+8613800000003", text=COMPLAINT,
                             external_id="SMcrash", received_at=FIXED_NOW, raw=b"x")
    await bot.core.intake.store(message)  # stored, then the process "died"
    assert await bot.core.processor.drain() == 1
    assert await bot.core.processor.drain() == 0
    await bot.worker.send_due()
    assert NUMBER.search(bot.pop("tel:+8613800000003")[0])


async def test_a_poison_message_goes_to_a_human_and_the_rest_are_processed(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    from channels.base import InboundMessage

    poison_classifier(bot, monkeypatch)
    for n, text in enumerate([COMPLAINT, POISON + " " + COMPLAINT, COMPLAINT]):
        await bot.core.intake.store(InboundMessage(
            channel="sms", sender=f"tel:+86138000001{n:02d}", text=text,
            external_id=f"SMp{n}", received_at=FIXED_NOW, raw=text.encode()))
    assert await bot.core.processor.drain() == 2
    rows = bot.core.store.read_sync(lambda s: list(s.exec(select(Message).order_by(Message.id))))
    assert [m.needs_human for m in rows] == [False, True, False]
    assert all(m.processed_at is not None for m in rows)
    assert len(all_cases(bot)) == 2


async def test_acceptance_date_rolls_past_national_day(
    database_url: str, tmp_path: Path, analyzer: Analyzer
) -> None:
    from datetime import datetime

    received = datetime(2026, 9, 16, 2, 0, tzinfo=UTC)  # +15 days is 1 October
    core = open_core(database_url, tmp_path / "data", received, analyzer)
    try:
        harness = BotHarness(core)
        replies = await harness.say(COMPLAINT, sender="tel:+8613800000001")
        assert "2026-10-08" in replies[0]  # the holiday ends 7 October (民法典 Art 203)
    finally:
        core.close()


async def test_deadlines_counted_without_holiday_data_warn_staff(bot: BotHarness) -> None:
    number, _ = await file_complaint(bot)
    now = bot.core.clock.now()
    view = bot.core.store.write_sync(lambda s: staff.act(
        s, number, "accept", actor="t", now=now, deadlines=bot.core.deadlines,
        units=bot.core.units))
    assert view["deadlines"]["handling_due"] == "2027-01-21"
    events = bot.core.store.read_sync(lambda s: staff.show_case(s, number))["events"]
    warnings = events[-1]["details"]["deadline"]["calendar_warnings"]
    assert any("2027" in warning for warning in warnings)


async def test_an_inline_answer_takes_over_replies_the_processor_already_queued(
    bot: BotHarness,
) -> None:
    """The background processor won the race: the channel's inline call still gets the
    replies that no worker has sent yet, and they are then never sent a second time."""
    from channels.base import InboundMessage

    receipt = await bot.core.intake.store(InboundMessage(
        channel="sms", sender="tel:+8613800000077", text=COMPLAINT, external_id="SMrace",
        received_at=FIXED_NOW, raw=b"x"))
    assert await bot.core.processor.drain() == 1  # processed first, replies pending
    inline = await bot.core.intake.process(receipt, inline=True)
    assert inline and "XF2026-" in inline[0].text
    await bot.worker.send_due()
    assert bot.pop("tel:+8613800000077") == []  # not sent again through the outbox
    again = await bot.core.intake.process(receipt, inline=True)  # a Twilio retry
    # The same replies; the query code is drawn afresh as they are handed out again (the
    # first answer may never have arrived), and the later code is the one that works.
    codes = {found.group(1) for m in [*inline, *again] if (found := CODE.search(m.text))}
    assert len(codes) == 2

    def masked(text: str) -> str:
        for code in codes:
            text = text.replace(code, "…")
        return text

    assert [masked(m.text) for m in again] == [masked(m.text) for m in inline]
    number, code = NUMBER.search(again[0].text), CODE.search(again[0].text)
    assert number and code
    other = await bot.say(f"查询 {number.group()} {code.group(1)}", sender="tel:+8613800000078")
    assert number.group() in other[0]
