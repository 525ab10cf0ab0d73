"""The statutory workflow through the real intake, processor, outbox and recording channels,
with an injected clock, on SQLite and PostgreSQL (the ``database_url`` fixture)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot import notices, staff, supervision
from bot.workflow import TRANSITIONS
from nlp import Analyzer
from storage import Appointment, Case, Outbox, StaffNotice
from tests.bot.harness import (
    ANY_YEAR_NUMBER,
    COMPLAINT,
    DAY,
    OVERRIDE_2027,
    BotHarness,
    act,
    all_cases,
    case_row,
    file_case,
    handled,
    open_core,
    refused,
    sent,
)
from tests.conftest import FIXED_NOW

OTHER = "反映幸福路菜市场门口占道经营严重，早晚高峰车辆无法通行，请有关部门整治。"


# -- the whole path ------------------------------------------------------------------------


async def test_the_whole_statutory_path_on_telegram(bot: BotHarness) -> None:
    user = "telegram:4242"
    number = await file_case(bot, user)
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区城管局", mode="交办")
    why = refused(bot, number, "answer", text="已处理。")
    assert "report" in why and "交办" in why  # 交办: the unit reports before the answer
    act(bot, number, "report", text="已现场检查，责令整改。")
    act(bot, number, "answer", text="已责令施工单位夜间停工。", decision="支持",
        facts="经现场核查属实。", basis="《环境噪声污染防治法》第三十条")
    got = await sent(bot, user)
    opinion = next(m for m in got if "信访处理意见书" in m.text)
    for part in ("已责令施工单位夜间停工", "经现场核查属实", "环境噪声污染防治法", "支持", "复查",
                 "2026-12-22"):  # the right to 复查 and its deadline (30 days from today)
        assert part in opinion.text
    rating = next(m for m in got if m.buttons)
    assert [b.data for b in rating.buttons[0]] == [f"rate:{number}:{n}" for n in (5, 4, 3, 2, 1)]

    # A button tap (its data is the text) records a low grade: 复查 offered with its date.
    bot.core.clock.advance(3 * DAY)
    reply = await bot.say(f"rate:{number}:2", sender=user, meta={"callback_data":
                                                                  f"rate:{number}:2"})
    assert "复查" in reply[0] and "2026-12-22" in reply[0]  # delivered 11-22 (message id)
    assert case_row(bot, number).status == "rated" and case_row(bot, number).rating == 2

    reply = await bot.say("申请复查", sender=user)
    assert "复查请求已收到" in reply[0]
    act(bot, number, "review_answer", text="维持原处理意见。", decision="支持",
        facts="经复查，原处理意见认定事实清楚。", basis="《信访工作条例》第三十五条")
    await sent(bot, user)
    bot.core.clock.advance(2 * DAY)
    act(bot, number, "rereview")
    started = case_row(bot, number).review_due
    act(bot, number, "hearing_start")
    bot.core.clock.advance(4 * DAY)
    act(bot, number, "hearing_end")
    # 30 days from 11-27 end Sunday 12-27, rolled to 12-28. The hearing ran 11-27..12-01 and
    # 11-27, the request day, never counts: 4 paused days end it Thursday 12-31.
    assert started == date(2026, 12, 28) and case_row(bot, number).review_due == date(2026, 12, 31)
    act(bot, number, "rereview_answer", text="维持复查意见。", decision="支持",
        facts="经复核，复查意见认定事实清楚。", basis="《信访工作条例》第三十六条")
    act(bot, number, "final")
    assert case_row(bot, number).status == "final"
    await sent(bot, user)

    # Art 36: the same facts and reasons again are not accepted, and the reply says why.
    again = await bot.say(COMPLAINT, sender=user)
    assert "不再受理" in again[0] and number in again[0] and "第三十六条" in again[0]
    count = bot.core.store.read_sync(lambda s: len(list(s.exec(select(Case)))))
    assert count == 1
    actions = [e["action"] for e in bot.core.store.read_sync(lambda s: staff.timeline(s, number))]
    for step in ("accept", "assign", "report", "answer", "rate", "review", "review_answer",
                 "rereview", "hearing_start", "hearing_end", "rereview_answer", "final",
                 "repeat_after_final"):
        assert step in actions, step
    events = bot.core.store.read_sync(lambda s: staff.timeline(s, number))
    assert all(e["actor"] and e["at"] for e in events)


def test_every_action_in_the_table_names_real_states() -> None:
    states = {"registered", "accepted", "not_accepted", "assigned", "answered", "rated",
              "closed", "review_requested", "review_answered", "rereview_requested",
              "rereview_answered", "final", "merged", "withdrawn"}
    for action, rule in TRANSITIONS.items():
        assert set(rule.sources) <= states, action
        assert rule.target is None or rule.target in states, action


# -- guards ----------------------------------------------------------------------------


@pytest.mark.parametrize(("steps", "action", "fields", "words"), [
    ([], "answer", {"text": "x"}, "it is registered"),
    ([], "close", {}, "it is registered"),
    (["accept"], "accept", {}, "it is accepted"),
    ([], "reject", {}, "needs reason"),
    (["accept"], "extend", {"days": 31, "approver": "局长", "reason": "复杂"}, "at most 30"),
    (["accept"], "extend", {"days": 10, "reason": "复杂"}, "needs approver"),
    (["accept"], "assign", {"unit": "区城管局", "mode": "代办"}, "mode must be"),
    (["accept"], "report", {"text": "x"}, "it is accepted"),
    (["accept"], "review", {}, "it is accepted"),
    ([], "merge", {"into": "SELF"}, "into itself"),
    ([], "merge", {"into": "XF2026-999999"}, "no case"),
    ([], "withdraw", {}, "needs reason"),
    (["accept"], "answer", {"text": "x", "decision": "同意"}, "decision must be"),
])
async def test_illegal_transitions_are_refused_with_the_reason(
    bot: BotHarness, steps: list[str], action: str, fields: dict[str, Any], words: str
) -> None:
    number = await file_case(bot, "tel:+8613800000001")
    for step in steps:
        act(bot, number, step)
    before = bot.core.store.read_sync(lambda s: len(staff.timeline(s, number)))
    if fields.get("into") == "SELF":
        fields = {"into": number}
    assert words in refused(bot, number, action, **fields)
    assert bot.core.store.read_sync(lambda s: len(staff.timeline(s, number))) == before


async def test_an_extension_is_approved_bounded_and_told(bot: BotHarness) -> None:
    number = await file_case(bot, "mailto:a@example.cn", sender_name="王五")
    act(bot, number, "accept")
    assert case_row(bot, number).handling_due == date(2027, 1, 21)
    act(bot, number, "extend", days=20, approver="李局长", reason="涉及多个部门，需联合调查")
    assert case_row(bot, number).handling_due == date(2027, 2, 10)
    assert "at most 30" in refused(bot, number, "extend", days=11, approver="李局长", reason="再延")
    act(bot, number, "extend", days=10, approver="李局长", reason="等待检测报告")
    assert case_row(bot, number).handling_due == date(2027, 2, 22)  # 2-20 is a Saturday
    letters = [m.text for m in await sent(bot, "mailto:a@example.cn")]
    assert any("延长 20 日" in t and "联合调查" in t and "2027-02-10" in t for t in letters)
    bot.core.clock.advance(100 * DAY)
    assert "before it ends" in refused(bot, number, "extend", days=1, approver="x", reason="y")


async def test_merge_and_withdraw(bot: BotHarness) -> None:
    first = await file_case(bot, "tel:+8613800000001")
    second = await file_case(bot, "tel:+8613800000002", OTHER)
    act(bot, second, "merge", into=first, reason="同一事项")
    assert case_row(bot, second).status == "merged"
    assert case_row(bot, second).merged_into == first
    assert "merged_in" in [e["action"] for e in
                           bot.core.store.read_sync(lambda s: staff.timeline(s, first))]
    assert "it is merged" in refused(bot, second, "accept")
    texts = [m.text for m in await sent(bot, "tel:+8613800000002")]
    assert any(first in t for t in texts)
    act(bot, first, "withdraw", reason="信访人来电撤回")
    assert case_row(bot, first).status == "withdrawn"


# -- review windows from proven delivery --------------------------------------------------


async def test_review_window_runs_from_proven_sms_delivery(bot: BotHarness) -> None:
    user = "tel:+8613800000009"
    number = await file_case(bot, user)
    handled(bot, number)
    bot.core.clock.advance(2 * DAY)  # the outbox only sends two days later
    got = await sent(bot, user)
    opinion = next(m for m in got if "支持" in m.text and "复查" in m.text)
    assert len(opinion.text) < 140  # SMS: the short form
    bot.core.clock.advance(DAY)  # Twilio reports the delivery a day after that
    row = bot.core.store.read_sync(lambda s: s.get(Outbox, opinion.outbox_id))
    await bot.core.intake.record_delivery("sms", row.provider_id, "delivered")
    proven = bot.core.store.read_sync(
        lambda s: notices.delivered_on(s, case_row(bot, number), ("opinion",)))
    assert proven == date(2026, 11, 25)  # not the answer day, not the send day
    bot.core.clock.advance(31 * DAY)  # 2026-12-26: 31 days after delivery
    why = refused(bot, number, "review")
    assert "2026-12-25" in why and "第35条" in why
    bot.core.clock.advance(-DAY)
    act(bot, number, "review")  # the 30th day is still in time
    assert case_row(bot, number).status == "review_requested"


async def test_review_clock_falls_back_to_the_send_time(bot: BotHarness) -> None:
    user = "mailto:b@example.cn"
    number = await file_case(bot, user, sender_name="赵六")
    handled(bot, number)
    bot.core.clock.advance(5 * DAY)
    await sent(bot, user)
    proven = bot.core.store.read_sync(
        lambda s: notices.delivered_on(s, case_row(bot, number), ("opinion",)))
    assert proven == date(2026, 11, 27)


async def test_final_waits_for_the_review_period(bot: BotHarness) -> None:
    number = await file_case(bot, "telegram:77")
    handled(bot, number)
    assert "not proven" in refused(bot, number, "final")
    await sent(bot, "telegram:77")
    assert "until 2026-12-22" in refused(bot, number, "final")
    bot.core.clock.advance(31 * DAY)
    act(bot, number, "final")


# -- deadlines on China's calendar through the workflow ------------------------------------


@pytest.mark.parametrize(("delivered", "due"), [
    (datetime(2026, 1, 15, 2, tzinfo=UTC), "2026-02-14"),  # a make-up Saturday
    (datetime(2026, 1, 20, 2, tzinfo=UTC), "2026-02-24"),  # 春节 2026
    (datetime(2026, 9, 3, 2, tzinfo=UTC), "2026-10-08"),  # 国庆 2026
    (datetime(2026, 3, 13, 2, tzinfo=UTC), "2026-04-13"),  # a Sunday → Monday
])
async def test_review_deadline_in_the_opinion_follows_the_calendar(
    database_url: str, tmp_path: Path, analyzer: Analyzer, delivered: datetime, due: str
) -> None:
    core = open_core(database_url, tmp_path / "data", delivered - 20 * DAY, analyzer)
    try:
        bot = BotHarness(core)
        number = await file_case(bot, "mailto:c@example.cn", sender_name="钱七")
        act(bot, number, "accept")
        act(bot, number, "assign", unit="区城管局")
        core.clock.advance(20 * DAY)
        act(bot, number, "answer", text="已处理。", decision="解释说明",
            facts="经核查，施工已停止。", basis="《环境噪声污染防治法》第三十条")
        letters = [m.text for m in await sent(bot, "mailto:c@example.cn")]
        assert any("信访处理意见书" in t and f"期限至 {due}" in t for t in letters)
        core.clock.advance(timedelta(days=(date.fromisoformat(due) - delivered.date()).days + 1))
        assert due in refused(bot, number, "review")
    finally:
        core.close()


@pytest.mark.parametrize(("override", "due", "warned"), [
    (None, date(2027, 2, 8), True),  # no 2027 data: weekends only, staff warned
    (OVERRIDE_2027, date(2027, 2, 16), False),  # the override's 春节 2027 moves it
])
async def test_handling_deadline_in_2027_with_and_without_an_override(
    database_url: str, tmp_path: Path, analyzer: Analyzer, override: Path | None, due: date,
    warned: bool,
) -> None:
    now = datetime(2026, 12, 10, 2, tzinfo=UTC)
    files = {"holidays_file": override} if override else {}
    core = open_core(database_url, tmp_path / "data", now, analyzer, **files)
    try:
        bot = BotHarness(core)
        number = await file_case(bot, "tel:+8613800000005")
        view = act(bot, number, "accept")
        assert view["deadlines"]["handling_due"] == due.isoformat()
        details = bot.core.store.read_sync(lambda s: staff.timeline(s, number))[-1]["details"]
        assert ("calendar_warnings" in details["deadline"]) is warned
    finally:
        core.close()


# -- the whistleblower firewall ------------------------------------------------------------

CANARY_NAME = "甄金丝雀"
CANARY_PHONE = "13912345678"
CANARY_MAIL = "canary.bird@example.cn"
ACCUSATION = (f"我要举报区住建局质量安全科的科长收受开发商贿赂，违规审批验收。我是{CANARY_NAME}，"
              f"电话{CANARY_PHONE}，邮箱{CANARY_MAIL}，请为我保密。")


@pytest.fixture
async def firewalled(database_url: str, tmp_path: Path,
                     analyzer: Analyzer) -> AsyncIterator[BotHarness]:
    units = tmp_path / "units.toml"
    shipped = (Path(__file__).resolve().parents[2] / "bot" / "data" / "units.toml").read_text(
        encoding="utf-8")
    units.write_text(shipped + '"区纪委监委" = "mailto:jw@district.example.gov.cn"\n'
                     '"区城管局" = "mailto:cg@district.example.gov.cn"\n', encoding="utf-8")
    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer, units_file=units)
    yield BotHarness(core)
    core.close()


async def test_an_accusation_never_reaches_the_accused_or_a_unit_under_it(
    firewalled: BotHarness,
) -> None:
    bot = firewalled
    user = f"mailto:{CANARY_MAIL}"
    replies = await bot.say(ACCUSATION, sender=user, sender_name=CANARY_NAME)
    number = ANY_YEAR_NUMBER.search(replies[0]).group()  # type: ignore[union-attr]
    assert case_row(bot, number).statutory_type == "检举控告"
    act(bot, number, "accept")
    assert "accused unit" in refused(bot, number, "assign", unit="区纪委监委")
    act(bot, number, "accuse", accused=["区住建局"])
    assert "the accused unit" in refused(bot, number, "assign", unit="区住建局")
    assert "under 区住建局" in refused(bot, number, "assign", unit="区住建局质量安全科")
    act(bot, number, "assign", unit="区纪委监委", mode="转送")
    assert case_row(bot, number).unit == "区纪委监委"

    sheet = bot.core.store.read_sync(lambda s: staff.dispatch_sheet(s, number))
    to_unit = [m for m in await sent(bot, "mailto:jw@district.example.gov.cn")]
    assert len(to_unit) == 1 and "收受开发商贿赂" in to_unit[0].text
    for produced in (repr(sheet), to_unit[0].text, to_unit[0].subject):
        for canary in (CANARY_NAME, CANARY_PHONE, CANARY_MAIL, "canary.bird"):
            assert canary not in produced


async def test_naming_an_accused_unit_that_already_holds_the_case_flags_it(
    firewalled: BotHarness,
) -> None:
    bot = firewalled
    number = await file_case(bot, "tel:+8613800000011")
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区城管局")
    act(bot, number, "accuse", accused="区人民政府")
    case = case_row(bot, number)
    assert case.needs_human and case.accused_units == ["区人民政府"]
    assert "区人民政府" in refused(bot, number, "assign", unit="区城管局")


# -- notices on each channel ---------------------------------------------------------------


@pytest.mark.parametrize(("sender", "form"), [
    ("tel:+8613800000021", "short"), ("mailto:d@example.cn", "full"),
    ("telegram:21", "full"), ("console:李四", "full"),
])
async def test_notices_take_the_form_of_the_channel(bot: BotHarness, sender: str,
                                                    form: str) -> None:
    number = await file_case(bot, sender, sender_name="孙八")
    handled(bot, number, mode="交办")
    got = await sent(bot, sender)
    rows = bot.core.store.read_sync(lambda s: list(s.exec(
        select(Outbox).where(Outbox.recipient == sender, Outbox.case_id != None)
        .order_by(Outbox.id))))  # type: ignore[arg-type]
    kinds = [r.payload.get("notice") for r in rows if r.payload.get("notice")]
    assert kinds == ["accepted", "assigned", "opinion", "rating_request"]
    assert {r.payload["form"] for r in rows if r.payload.get("notice")} == {form}
    assigned = next(m.text for m in got if "交办" in m.text)
    opinion = next(m.text for m in got if "复查" in m.text and "支持" in m.text)
    assert number in assigned and number in opinion
    if form == "short":
        # An SMS never names a unit and carries no personal data.
        assert "区城管局" not in assigned and "孙八" not in opinion and "张三" not in opinion
        assert all(len(m.text) <= 140 for m in got)
    else:
        assert "区城管局" in assigned and "报告办理结果" in assigned
        for part in ("信访处理意见书", "信访请求", "事实和理由", "处理意见", "依据", "复查",
                     "2026-12-22"):
            assert part in opinion
    if sender.startswith("telegram"):
        assert any(m.buttons for m in got)


async def test_not_accepted_notice_gives_reason_and_legal_route(bot: BotHarness) -> None:
    number = await file_case(bot, "telegram:31")
    act(bot, number, "reject", reason="属于劳动争议仲裁受理范围", route="劳动仲裁")
    text = (await sent(bot, "telegram:31"))[0].text
    assert "不予受理" in text and "劳动争议仲裁受理范围" in text and "劳动仲裁途径" in text


# -- satisfaction ------------------------------------------------------------------------


async def test_sms_rating_is_kept_per_unit_and_low_grades_offer_review(bot: BotHarness) -> None:
    happy, unhappy = "tel:+8613800000041", "tel:+8613800000042"
    for user, text in ((happy, COMPLAINT), (unhappy, OTHER)):
        number = await file_case(bot, user, text)
        handled(bot, number)
        await sent(bot, user)
    assert "感谢" in (await bot.say("5", sender=happy))[0]
    low = await bot.say("不满意", sender=unhappy)
    assert "复查" in low[0] and "2026-12-22" in low[0]
    table = bot.core.store.read_sync(staff.rating_table)
    # "不满意" is 2 on the request's scale (5 非常满意 … 2 不满意, 1 非常不满意).
    assert table == [{"unit": "区城管局", "ratings": 2, "mean": 3.5,
                      "distribution": {"5": 1, "4": 0, "3": 0, "2": 1, "1": 0},
                      "dissatisfied": 1, "satisfied_share": 0.5}]


# -- reception days, appointments, return visits -----------------------------------------


@pytest.mark.parametrize(("sender", "question"), [
    ("tel:+8613800000051", "领导接访日是哪天"), ("telegram:51", "when can I see the leader?"),
    ("mailto:e@example.cn", "请问什么时候可以见领导"), ("console:周九", "领导接访日"),
])
async def test_the_bot_tells_the_reception_days_on_every_channel(
    bot: BotHarness, sender: str, question: str
) -> None:
    reply = await bot.say(question, sender=sender)
    assert "2026-12-15" in reply[0] and "2027-01-15" in reply[0]  # Tuesday; Friday
    assert all_cases(bot) == []


async def test_booking_an_appointment_queues_a_reminder_for_the_day_before(
    bot: BotHarness,
) -> None:
    user = "tel:+8613800000061"
    number = await file_case(bot, user)
    confirmation = await bot.say("预约接访", sender=user)  # queued as a notice, sent at once
    assert any("2026-12-15" in t and number in t for t in confirmation)
    listing = bot.core.store.read_sync(lambda s: staff.appointment_list(s, date(2026, 12, 15)))
    assert [(a["case"], a["kind"], a["petitioner"]) for a in listing] == [
        (number, "reception", "张三")]
    bot.core.clock.advance(timedelta(days=21, hours=22))  # 2026-12-14 08:00 in Beijing
    assert await sent(bot, user) == []
    bot.core.clock.advance(timedelta(hours=1))  # 09:00 the day before
    reminder = [m.text for m in await sent(bot, user)]
    assert len(reminder) == 1 and "明天" in reminder[0] and "2026-12-15" in reminder[0]
    again = await bot.say("预约接访", sender=user)
    assert any("已有预约" in t for t in again)


async def test_return_visit_after_an_answer(bot: BotHarness) -> None:
    number = await file_case(bot, "tel:+8613800000071")
    now = bot.core.clock.now()
    with pytest.raises(Exception, match="no answer yet"):
        bot.core.store.write_sync(lambda s: staff.revisit(s, number, date(2026, 12, 1),
                                                          actor="t", now=now))
    handled(bot, number)
    bot.core.store.write_sync(lambda s: staff.revisit(s, number, date(2026, 12, 1),
                                                      actor="t", now=now))
    done = bot.core.store.write_sync(lambda s: staff.revisit_done(
        s, number, "信访人表示工地已停工", actor="t", now=now, deadlines=bot.core.deadlines,
        score=4))
    assert done["status"] == "done" and done["rating"] == {"offered": "", "due": ""}
    visits = bot.core.store.read_sync(lambda s: list(s.exec(select(Appointment))))
    assert [(v.kind, v.status) for v in visits] == [("return_visit", "done")]


# -- supervision -------------------------------------------------------------------------


async def test_supervision_raises_near_due_then_overdue_once_each(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    user = f"mailto:{CANARY_MAIL}"
    number = await file_case(bot, user, sender_name=CANARY_NAME)

    def run() -> dict[str, int]:
        now = bot.core.clock.now()
        return bot.core.store.write_sync(lambda s: supervision.supervise(
            s, bot.core.deadlines, now, supervisor_mail="duban@example.gov.cn"))

    assert run()["raised"] == 0
    bot.core.clock.advance(13 * DAY)  # acceptance due 2026-12-07: two days left
    assert run() == {"raised": 1, "overdue": 0, "near_due": 1}
    assert run()["raised"] == 0  # raised once per level
    bot.core.clock.advance(3 * DAY)
    with caplog.at_level("INFO"):
        assert run() == {"raised": 1, "overdue": 1, "near_due": 0}
    listed = bot.core.store.read_sync(
        lambda s: staff.overdue(s, bot.core.deadlines, bot.core.clock.today()))
    assert [(r["number"], r["stage"], r["days_left"], r["level"]) for r in listed] == [
        (number, "acceptance", -1, "overdue")]
    # Staff notices (bot/escalation.py): the shipped table tells the supervisor once overdue.
    digests = bot.core.store.read_sync(lambda s: [n.text for n in s.exec(
        select(StaffNotice).where(StaffNotice.recipient == "mailto:duban@example.gov.cn"))])
    assert len(digests) == 1 and number in digests[0] and "超期 1 日" in digests[0]
    for produced in [*digests, caplog.text]:
        for canary in (CANARY_NAME, CANARY_MAIL, "噪音"):
            assert canary not in produced
    act(bot, number, "accept")  # a new stage: nothing overdue any more
    assert bot.core.store.read_sync(
        lambda s: staff.overdue(s, bot.core.deadlines, bot.core.clock.today())) == []


async def test_an_open_hearing_stops_the_rereview_clock(bot: BotHarness) -> None:
    number = await file_case(bot, "telegram:81")
    handled(bot, number)
    await sent(bot, "telegram:81")
    act(bot, number, "review")
    act(bot, number, "review_answer", text="维持。", decision="支持", facts="经复查，原处理意见认定事实清楚。", basis="《信访工作条例》第三十五条")
    await sent(bot, "telegram:81")
    act(bot, number, "rereview")
    act(bot, number, "hearing_start")
    assert "already open" in refused(bot, number, "hearing_start")
    assert "still open" in refused(bot, number, "rereview_answer", text="x")
    bot.core.clock.advance(40 * DAY)
    items = bot.core.store.read_sync(
        lambda s: supervision.scan(s, bot.core.deadlines, bot.core.clock.today()))
    assert items == []  # paused: not overdue while the hearing runs
    act(bot, number, "hearing_end")
    # 12-22 plus 40 paused days (11-23..01-01) is Sunday 2027-01-31: Monday 02-01.
    assert case_row(bot, number).review_due == date(2027, 2, 1)
