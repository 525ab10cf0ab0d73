"""Statistics (Art 41) on a store with known cases, on SQLite and PostgreSQL: exact figures,
charts that parse and name what they show, the console's chart page behind the console login.

The cases are historical, so they are written as rows with their own received times and moved
through the real workflow (``bot.staff.act``) with the times the steps happened.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from bot import cases, charts, staff, supervision
from bot.api import add_user
from bot.clock import CHINA, local_date
from bot.core import Core
from bot.stats import Count, Dispatch, MonthRow, Period, Rate, Statistics, UnitSatisfaction, compute
from bot.web import build_app
from nlp import Analyzer
from storage import Case, Identity, Message, Petitioner
from tests.bot.harness import open_core
from tests.conftest import FIXED_NOW

#: Petitioners: name, phone, identity URN, channel of the identity.
PEOPLE = {
    "p1": ("王小明", "13800138000", "tel:+8613800138000", "sms"),
    "p2": ("李红梅", "13900139000", "telegram:777001", "telegram"),
    "p3": ("赵大强", "13700137000", "mailto:zdq@example.cn", "mail"),
}
#: key, petitioner, channel, received (Beijing time), category, place, route level, type, text
CASES = [
    ("F", "p3", "sms", "2025-12-31T23:00", "交通", "朝阳区", "county", "申诉求决",
     "公交车站牌损坏，交通不便，请尽快修理。"),
    ("G", "p3", "mail", "2026-01-01T00:30", "交通", "", "", "",
     "公交线路调整以后出行不便，早晚道路拥堵。"),
    ("A", "p1", "sms", "2026-01-10T09:00", "城乡建设", "朝阳区", "county", "申诉求决",
     "我叫王小明，小区旁边工地夜间施工，噪音扰民，请处理。电话13800138000"),
    ("B", "p1", "mail", "2026-01-20T09:00", "城乡建设", "朝阳区", "county", "申诉求决",
     "我叫王小明，工地噪音扰民依旧，夜间施工没有停止。"),
    ("C", "p2", "telegram", "2026-03-05T09:00", "教育", "", "triage", "检举控告",
     "举报市教育委员会某科长违规审批民办学校，收受好处费。"),
    ("D", "p3", "sms", "2026-03-20T09:00", "教育", "海淀区", "county", "申诉求决",
     "学校违规收取资料费，家长负担很重。"),
    ("E", "p2", "console", "2026-11-20T09:00", "交通", "朝阳区", "city", "",
     "早晚道路拥堵，公交车太少，出行不便。"),
]
#: (Beijing time, case, action, fields) in the order they happened.
STEPS: list[tuple[str, str, str, dict[str, object]]] = [
    ("2026-01-04T10:00", "F", "accept", {}),
    ("2026-01-04T11:00", "F", "assign", {"unit": "区住建局", "mode": "转送"}),
    ("2026-01-05T10:00", "G", "reject", {"reason": "不属于信访事项", "route": "诉讼"}),
    ("2026-01-12T10:00", "A", "accept", {}),
    ("2026-01-12T11:00", "A", "assign", {"unit": "区人民政府", "mode": "转送"}),
    ("2026-01-13T09:00", "A", "object", {"reason": "应由区住建局办理"}),
    ("2026-01-13T10:00", "A", "assign", {"unit": "区住建局", "mode": "转送"}),
    ("2026-01-20T10:00", "F", "answer", {"text": "已修复站牌。", "decision": "支持", "facts": "站牌损坏属实。",
                                            "basis": "《城市道路管理条例》"}),
    ("2026-01-21T10:00", "F", "rate", {"score": 1}),
    ("2026-02-10T10:00", "B", "accept", {}),  # its acceptance was due on 2026-02-04: late
    ("2026-02-10T11:00", "B", "assign", {"unit": "区住建局", "mode": "交办"}),
    ("2026-02-20T10:00", "A", "answer", {"text": "已责令夜间停工。", "decision": "支持", "facts": "夜间施工属实。",
                                            "basis": "《环境噪声污染防治法》"}),
    ("2026-02-21T10:00", "A", "rate", {"score": 5}),
    ("2026-02-25T10:00", "B", "report", {"text": "已现场检查并处罚。"}),
    ("2026-03-01T10:00", "B", "answer", {"text": "已处罚施工单位。", "decision": "支持", "facts": "违规施工属实。",
                                            "basis": "《建筑法》"}),
    ("2026-03-02T10:00", "B", "rate", {"score": 2}),
    ("2026-03-06T10:00", "C", "accept", {}),
    ("2026-03-06T10:30", "C", "accuse", {"accused": ["市教育委员会"]}),
    ("2026-03-06T11:00", "C", "assign", {"unit": "市纪委监委", "mode": "转送"}),
    # C is never answered (due in May): late. D is never accepted (due in April): late.
]
TODAY = local_date(FIXED_NOW)  # 2026-11-22
PERSONAL = [value for name, phone, urn, _ in PEOPLE.values() for value in (name, phone, urn)]


def beijing(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CHINA).astimezone(UTC)


def seed(core: Core) -> dict[str, str]:
    """The cases above, moved through the workflow; returns key → case number."""
    numbers: dict[str, str] = {}

    def people(session: Session) -> dict[str, Identity]:
        identities = {}
        for key, (name, phone, urn, channel) in PEOPLE.items():
            person = Petitioner(name=name, contact=phone, created_at=beijing("2025-12-01T09:00"))
            session.add(person)
            session.flush()
            assert person.id is not None
            identity = Identity(urn=urn, channel=channel, petitioner_id=person.id,
                                display_name=name, created_at=person.created_at)
            session.add(identity)
            identities[key] = identity
        session.flush()
        return identities

    def file(session: Session) -> None:
        identities = people(session)
        for serial, (key, who, channel, received, category, place, level, kind, text) in \
                enumerate(CASES, start=1):
            at = beijing(received)
            identity = identities[who]
            assert identity.id is not None
            case = Case(number=f"XF{local_date(at).year}-{serial:06d}", code_hash="-",
                        petitioner_id=identity.petitioner_id, identity_id=identity.id,
                        channel=channel, subject="", category=category, place=place,
                        route_level=level, statutory_type=kind, received_at=at,
                        acceptance_due=core.deadlines.due("acceptance_notice",
                                                          local_date(at)).date,
                        created_at=at, updated_at=at)
            session.add(case)
            session.flush()
            session.add(Message(channel=channel, external_id=f"m-{key}", sender=identity.urn,
                                sender_name=PEOPLE[who][0], text=text, received_at=at,
                                processed_at=at, case_id=case.id))
            cases.record(session, case, "bot", "register", at, channel=channel)
            numbers[key] = case.number

    core.store.write_sync(file)
    for when, key, action, fields in STEPS:
        at = beijing(when)
        if action == "rate":
            core.store.write_sync(lambda s, n=numbers[key], f=fields, t=at: staff.rate(
                s, n, int(str(f["score"])), actor="staff:回访员", now=t,
                deadlines=core.deadlines))
        else:
            core.store.write_sync(lambda s, n=numbers[key], a=action, f=fields, t=at: staff.act(
                s, n, a, actor="staff:办理员", now=t, deadlines=core.deadlines,
                units=core.units, **f))

    def repeat(session: Session) -> None:  # what the conversation records for a repeat (Art 19)
        case = cases.find_case(session, numbers["D"])
        assert case is not None
        cases.record(session, case, "tel:+8613700137000", "repeat_attached",
                     beijing("2026-04-01T10:00"), message_id=None)

    core.store.write_sync(repeat)
    core.store.write_sync(lambda s: supervision.supervise(s, core.deadlines, FIXED_NOW))
    return numbers


@pytest.fixture
def core(database_url: str, tmp_path: Path, analyzer: Analyzer) -> Iterator[Core]:
    opened = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)
    seed(opened)
    yield opened
    opened.close()


def figures(core: Core, period: Period, analyzer: Analyzer | None = None) -> Statistics:
    tokenizer = analyzer.tokenizer if analyzer is not None else None
    return core.store.read_sync(lambda s: compute(s, period, TODAY, tokenizer=tokenizer))


def test_the_year_in_figures(core: Core, analyzer: Analyzer) -> None:
    stats = figures(core, Period.year(2026), analyzer)
    # F arrived at 23:00 on 31 December in Beijing: last year. G at 00:30 on 1 January: this year.
    assert stats.total == 6
    assert stats.by_channel == (Count("电子邮件", 2), Count("短信", 2), Count("Telegram", 1),
                                Count("控制台", 1))
    assert stats.by_category == (Count("交通", 2), Count("城乡建设", 2), Count("教育", 2))
    assert stats.by_territory == (Count("朝阳区", 3), Count("未识别地点", 2), Count("海淀区", 1))
    assert stats.by_level == (Count("区县", 3), Count("市级", 1), Count("待人工分办", 1),
                              Count("未分办", 1))
    assert stats.by_unit == (Count("未交办", 3), Count("区住建局", 2), Count("市纪委监委", 1))
    assert stats.by_type == (Count("申诉求决", 3), Count("未判定", 2), Count("检举控告", 1))
    assert stats.accused_units == (Count("市教育委员会", 1),)
    months = {row.month: row for row in stats.monthly}
    assert list(months) == [f"2026-{m:02d}" for m in range(1, 13)]
    assert months["2026-01"] == MonthRow("2026-01", 3, {"电子邮件": 2, "短信": 1}, 1)
    assert months["2026-03"] == MonthRow("2026-03", 2, {"Telegram": 1, "短信": 1}, 2)
    assert months["2026-11"] == MonthRow("2026-11", 1, {"控制台": 1}, 0)
    assert sum(row.total for row in stats.monthly) == 6
    # A was transferred twice (once sent back: 退单) and counts once; F is last year's.
    assert stats.dispatch == Dispatch(transferred=2, assigned=1, objected=1, supervised=2,
                                      supervised_overdue=2)
    # Acceptance: A, C, G on time; B late; D still unaccepted past its date; E not yet due.
    assert stats.timeliness.acceptance == Rate(3, 5)
    # Answer: A and B on time; C past its date unanswered. Overdue: B, C, D of six.
    assert stats.timeliness.answer == Rate(2, 3)
    assert stats.timeliness.overdue == Rate(3, 6)
    assert stats.timeliness.overdue.percent == "50.0%"
    # D got a repeat; B repeats A (one petitioner, 城乡建设); G repeats last year's F (交通).
    assert (stats.repeats.repeat_messages, stats.repeats.repeated_cases,
            stats.repeats.same_matter_cases, stats.repeats.rate) == (1, 1, 2, Rate(3, 6))
    # F's grade 1 belongs to last year's case.
    assert stats.satisfaction == (UnitSatisfaction("区住建局", 2, 3.5, Rate(1, 2),
                                                   (1, 0, 0, 1, 0)),)


def test_hot_topics_are_shared_words_and_never_a_name(core: Core, analyzer: Analyzer) -> None:
    stats = figures(core, Period.year(2026), analyzer)
    topics = {c.label: c.count for c in stats.hot_topics}
    assert topics["噪音"] == 2 and topics["工地"] == 2 and topics["出行"] == 2
    assert "修理" not in topics  # only in last year's F
    assert all(count >= 2 for count in topics.values())
    assert not any(part in term for term in topics for part in ("王", "小明", "红梅", "大强"))
    shown = repr(stats)
    for value in PERSONAL:
        assert value not in shown


def test_a_date_range_counts_only_its_cases(core: Core) -> None:
    march = figures(core, Period(date(2026, 3, 1), date(2026, 3, 31)))
    assert march.total == 2 and march.hot_topics == ()
    assert [row.month for row in march.monthly] == ["2026-03"]
    assert march.by_unit == (Count("市纪委监委", 1), Count("未交办", 1))
    assert march.satisfaction == () and march.dispatch.transferred == 1
    assert march.timeliness.acceptance == Rate(1, 2)
    old = figures(core, Period.year(2025))
    assert old.total == 1 and old.satisfaction[0].distribution == (0, 0, 0, 0, 1)
    empty = figures(core, Period.year(2024))
    assert empty.total == 0 and empty.timeliness.overdue.percent == "—"


def test_periods() -> None:
    assert Period.year(2026).label == "2026年"
    assert Period.parse("2026-03-01", "", date(2026, 11, 22)) == Period(date(2026, 3, 1),
                                                                         date(2026, 12, 31))
    first, after = Period.year(2026).bounds()
    assert first == datetime(2025, 12, 31, 16, tzinfo=UTC)
    assert after == datetime(2026, 12, 31, 16, tzinfo=UTC)
    assert Period(date(2025, 11, 5), date(2026, 2, 1)).months() == [
        "2025-11", "2025-12", "2026-01", "2026-02"]
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2026, 2, 1), date(2026, 1, 1))


def test_charts_are_deterministic_svg_with_text_labels(core: Core, analyzer: Analyzer) -> None:
    stats = figures(core, Period.year(2026), analyzer)
    drawn = charts.all_charts(stats)
    assert set(drawn) == {"monthly", "channel", "category", "territory", "unit", "overdue",
                          "satisfaction", "accused", "topics"}
    expected = {"monthly": ["26-01", "电子邮件", "短信"], "channel": ["电子邮件", "6"],
                "category": ["城乡建设", "教育"], "territory": ["朝阳区", "海淀区"],
                "unit": ["区住建局", "未交办"], "overdue": ["各月超期率", "26-11"],
                "satisfaction": ["区住建局", "3.50（2条）"], "accused": ["市教育委员会"],
                "topics": ["噪音"]}
    for name, (title, svg) in drawn.items():
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        texts = {"".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")}
        assert title in texts, name
        for label in expected[name]:
            assert any(label in text for text in texts), (name, label)
        assert "<dc:date>" not in svg
    assert charts.all_charts(stats) == drawn  # the same figures give the same bytes


async def test_console_chart_page_is_behind_the_console_login(core: Core) -> None:
    from tests.console.conftest import CSRF

    app = build_app(core.store, [], [], core=core)
    token = core.store.write_sync(lambda s: add_user(s, "统计员", "handler", FIXED_NOW,
                                                     unit="区住建局"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        anonymous = await client.get("/console/charts")
        assert anonymous.status_code == 303
        assert anonymous.headers["location"] == "/console/login"
        login = await client.get("/console/login")
        nonce = CSRF.search(login.text)
        assert nonce is not None
        signed = await client.post("/console/login",
                                   data={"csrf": nonce.group(1), "token": token})
        assert signed.status_code == 303
        page = await client.get("/console/charts")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert 'value="2026-01-01"' in page.text and "<dd>6 件</dd>" in page.text
        # A unit account never gets the accusation chart (bot.access, bot.stats.for_viewer).
        assert page.text.count("<svg") == 8 and "区住建局" in page.text
        assert "被检举控告" not in page.text
        assert "'unsafe-inline'" in page.headers["content-security-policy"]  # SVG styles
        march = await client.get("/console/charts",
                                 params={"from": "2026-03-01", "to": "2026-03-31"})
        assert march.status_code == 200 and "<dd>2 件</dd>" in march.text
        backwards = await client.get("/console/charts",
                                     params={"from": "2026-03-01", "to": "2026-01-31"})
        assert backwards.status_code == 400 and "起始日期不得晚于截止日期" in backwards.text
        for value in PERSONAL:
            assert value not in page.text
