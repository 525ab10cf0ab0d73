"""The whistleblower firewall as a property (issue 14): Hypothesis draws sequences of actions
— file (SMS or Open311, a complaint or an accusation), accept, assign, accuse, reassign after a
退单, supplement, merge either way, escalate (time passes, a 督办 round) — over a small unit
hierarchy whose units are written by aliases and abbreviations. After every step every read
path is asked for every unit account: the API (case, search by number and by the petitioner's
phone, dispatch sheet), the console (case page, queue, search, attachment, dispatch page,
overdue board) and Open311's public read; the charts once per run.

The property: a unit that is accused, or under an accused unit, never sees the case, its
number in a list, or the petitioner; no unit account ever sees the petitioner of an
accusation; nothing goes to an accused unit's mailbox once it is accused. Positive controls
(the handling unit does see the case, the clerk sees the petitioner) keep the checks honest.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from bot import access, staff, supervision
from bot.api import add_user
from bot.cases import find_case
from bot.core import Core
from bot.open311 import add_key
from bot.web import build_app
from bot.workflow import TransitionRefused
from channels.base import IncomingAttachment
from nlp import Analyzer
from storage import Case, Outbox
from tests.bot.harness import BotHarness
from tests.conftest import FIXED_NOW
from tests.console.conftest import Console, Staff
from tests.fuzz.strategies import FUZZ

UNITS = """
[parents]
"甲区人民政府" = "市人民政府"
"甲区住房和城乡建设委员会" = "甲区人民政府"
"甲区住建委质量科" = "甲区住房和城乡建设委员会"
"甲区城市管理委员会" = "甲区人民政府"
"甲区纪委监委" = "市纪委监委"
"市纪委监委" = "市委"
[aliases]
"甲区住房和城乡建设委员会" = ["甲区住建局"]
"甲区城市管理委员会" = ["甲区城管局"]
[discipline]
"甲区人民政府" = "甲区纪委监委"
"市人民政府" = "市纪委监委"
[contacts]
"甲区人民政府" = "mailto:gov@jia.example.cn"
"甲区住房和城乡建设委员会" = "mailto:zjw@jia.example.cn"
"甲区住建委质量科" = "mailto:zlk@jia.example.cn"
"甲区城市管理委员会" = "mailto:cgw@jia.example.cn"
"甲区纪委监委" = "mailto:jw@jia.example.cn"
"市纪委监委" = "mailto:sjw@example.cn"
"""
#: Unit accounts, each made with another way of writing its unit.
HANDLERS = {"h_gov": "甲区政府", "h_zj": "甲区住建局", "h_zlk": "甲区住建委质量科",
            "h_cg": "甲区城管局", "h_jw": "甲区纪委", "h_sjw": "市纪委"}
#: How staff write units when they act.
WRITTEN = ["甲区住建局", "甲区住建委", "甲区住房和城乡建设委员会", "甲区政府", "甲区人民政府",
           "甲区住建委质量科", "甲区城管局", "甲区城管委", "甲区纪委", "市纪委监委"]
COMPLAINT = "幸福路小区的电梯坏了一个月，物业一直不修，老人上下楼很困难，请督促维修。"
ACCUSATION = "举报甲区城管局执法人员收受贿赂，在幸福路执法时索要好处费。"
NUMBER = re.compile(r"XF\d{4}-\d{6}")
_runs = itertools.count(1)

assign = st.tuples(st.just("assign"), st.sampled_from(WRITTEN), st.sampled_from(["转送", "交办"]))
accuse = st.tuples(st.just("accuse"), st.sampled_from(WRITTEN))
#: Assign and accuse drawn more often than the rest: their interleavings are what matter.
action = st.one_of(
    st.tuples(st.just("accept")), assign, accuse, assign, accuse,
    st.tuples(st.just("object")),
    st.tuples(st.just("supplement")),
    st.tuples(st.just("merge"), st.sampled_from(["into_other", "from_other"])),
    st.tuples(st.just("escalate")),
)


@dataclass
class World:
    core: Core
    bot: BotHarness
    console: Console
    open311_key: str
    staff: dict[str, Staff] = field(default_factory=dict)
    #: Accused unit -> the last outbox id when it was first accused: nothing after it may go
    #: to that unit or one under it.
    marks: dict[str, int] = field(default_factory=dict)


@pytest.fixture(scope="module")
def world_parts(tmp_path_factory: pytest.TempPathFactory,
                analyzer: Analyzer) -> Iterator[tuple[Core, dict[str, str], str]]:
    root: Path = tmp_path_factory.mktemp("firewall")
    units = root / "units.toml"
    units.write_text(UNITS, encoding="utf-8")
    core = Core.open(database_url=f"sqlite:///{root / 'cases.sqlite3'}", data_dir=root / "data",
                     secret_key="test-key", fixed_now=FIXED_NOW, analyzer=analyzer,
                     units_file=units)
    tokens = {}
    for name, unit in HANDLERS.items():
        tokens[name] = core.store.write_sync(
            lambda s, n=name, u=unit: add_user(s, n, "handler", FIXED_NOW, unit=u,
                                               units=core.units))
    tokens["clerk"] = core.store.write_sync(lambda s: add_user(s, "clerk", "clerk", FIXED_NOW))
    key = core.store.write_sync(lambda s: add_key(s, "平台", FIXED_NOW))
    yield core, tokens, key
    core.close()


@settings(FUZZ, max_examples=10)
@given(st.sampled_from(["sms", "open311"]), st.sampled_from([COMPLAINT, ACCUSATION]),
       st.lists(action, min_size=1, max_size=6).map(lambda steps: [("accept",), *steps]))
# The issue's own sequence, and its variants through the hierarchy, always run first.
@example("sms", COMPLAINT, [("accept",), ("assign", "甲区住建局", "交办"), ("accuse", "甲区住建委"),
                            ("supplement",), ("escalate",)])
@example("open311", COMPLAINT, [("accept",), ("assign", "甲区住建委质量科", "转送"),
                                ("accuse", "甲区政府"), ("object",), ("assign", "甲区纪委", "转送")])
@example("sms", ACCUSATION, [("accept",), ("accuse", "甲区城管委"), ("assign", "甲区政府", "交办"),
                             ("merge", "from_other"), ("accuse", "甲区人民政府")])
def test_no_accused_unit_ever_sees_the_case_or_the_petitioner(
        world_parts: tuple[Core, dict[str, str], str], channel: str, text: str,
        actions: list[tuple[str, ...]]) -> None:
    asyncio.run(run_scenario(world_parts, channel, text, actions))


async def run_scenario(parts: tuple[Core, dict[str, str], str], channel: str, text: str,
                       actions: list[tuple[str, ...]]) -> None:
    core, tokens, key = parts
    bot = BotHarness(core)
    app = build_app(core.store, [], [], core=core)
    console = Console(core, bot, app, httpx.ASGITransport(app=app, raise_app_exceptions=False),
                      tokens=dict(tokens))
    world = World(core, bot, console, key)
    try:
        for name in tokens:
            world.staff[name] = await console.login(name)
        run = next(_runs)
        canary = Canary(name="欧阳" + "甲乙丙丁戊己庚辛壬癸"[run % 10] + "子丑寅卯辰巳午未申酉"[run // 10 % 10],
                        phone=f"1391234{run:04d}")
        number = await file(world, channel, text, canary)
        await check(world, number, canary, channel)
        for step in actions:
            await perform(world, number, canary, step)
            await bot.worker.send_due()
            await check(world, number, canary, channel)
        await check_charts(world, number, canary)
    finally:
        for client in console.clients:
            await client.aclose()


@dataclass(frozen=True)
class Canary:
    name: str
    phone: str

    def strings(self) -> tuple[str, ...]:
        return (self.name, self.phone)


async def file(world: World, channel: str, text: str, canary: Canary) -> str:
    if channel == "open311":
        response = await world.console.client().post("/open311/v2/requests.json", data={
            "api_key": world.open311_key, "service_code": "城乡建设",
            "description": f"{text}我叫{canary.name}，电话{canary.phone}。",
            "address_string": "幸福路 12 号", "first_name": canary.name[2:],
            "last_name": canary.name[:2], "phone": canary.phone})
        assert response.status_code == 200, response.text
        found = response.json()[0].get("service_request_id", "")
        assert found, response.text
        return str(found)
    sender = f"tel:+86{canary.phone}"
    photo = IncomingAttachment("现场.jpg", "image/jpeg", b"\xff\xd8\xff" + canary.name.encode())
    await world.bot.push(f"{text}我叫{canary.name}，电话{canary.phone}。", sender=sender,
                         attachments=(photo,))
    replies = world.bot.pop(sender)
    found_number = NUMBER.search(" ".join(replies))
    assert found_number, replies
    await world.bot.say(f"我叫{canary.name}", sender=sender)  # the Art 19 name, if asked
    return found_number.group()


def act(world: World, number: str, action_name: str, **fields: object) -> None:
    core = world.core
    try:
        core.store.write_sync(lambda s: staff.act(
            s, number, action_name, actor="staff:boss", now=core.clock.now(),
            deadlines=core.deadlines, units=core.units, **fields))
    except TransitionRefused:
        pass  # the workflow or the firewall said no: nothing was written


async def perform(world: World, number: str, canary: Canary, step: tuple[str, ...]) -> None:
    kind = step[0]
    if kind == "accept":
        act(world, number, "accept")
    elif kind == "assign":
        act(world, number, "assign", unit=step[1], mode=step[2])
    elif kind == "accuse":
        act(world, number, "accuse", accused=[step[1]])
        last = world.core.store.read_sync(lambda s: s.exec(
            select(Outbox.id).order_by(col(Outbox.id).desc())).first()) or 0
        for unit in case_of(world, number).accused_units:
            world.marks.setdefault(unit, last)
    elif kind == "object":
        act(world, number, "object", reason="不属于本单位职责")
    elif kind == "supplement":
        await world.bot.say(f"补充：今天又去看了，还是没人管。我的电话{canary.phone}。",
                            sender=f"tel:+86{canary.phone}")
    elif kind == "merge":
        other_sender = f"tel:+8613700{next(_runs):06d}"
        await world.bot.push("幸福路小区电梯坏了很久没人修，希望尽快处理好。", sender=other_sender)
        other = NUMBER.search(" ".join(world.bot.pop(other_sender)))
        assert other is not None
        if step[1] == "into_other":
            act(world, number, "merge", into=other.group())
        else:
            act(world, other.group(), "merge", into=number)
    elif kind == "escalate":
        world.core.clock.advance(timedelta(days=20))
        world.core.store.write_sync(lambda s: supervision.supervise(
            s, world.core.deadlines, world.core.clock.now(),
            supervisor_mail="leaders@example.cn"))


def case_of(world: World, number: str) -> Case:
    found = world.core.store.read_sync(lambda s: find_case(s, number))
    assert found is not None
    return found


async def check(world: World, number: str, canary: Canary, channel: str) -> None:
    case = case_of(world, number)
    tree = world.core.units
    accusation = access.is_accusation(case)
    for name, unit in HANDLERS.items():
        barred = tree.conflict(unit, case.accused_units) is not None
        sees = bool(case.unit) and tree.same(case.unit, unit) and not barred
        seen = await reads(world, name, number, canary)
        where = (name, case.unit, case.accused_units, case.status)
        assert seen["api case"] is sees, where
        assert seen["console case"] is sees, where
        assert seen["api search number"] is sees, where
        assert seen["console search"] is sees, where
        assert seen["dispatch"] is sees, where
        assert seen["attachment"] is (sees and not accusation and channel == "sms"), where
        if not sees:
            assert not seen["queue"] and not seen["overdue"], where
        if barred or accusation:
            assert not seen["api search phone"], where
            assert not seen["petitioner shown"], where  # the canary appears nowhere
    # Positive controls: the bureau sees the case and the petitioner.
    clerk = await reads(world, "clerk", number, canary)
    assert clerk["api case"] and clerk["console case"] and clerk["petitioner shown"]
    # Open311's public read never shows an accusation.
    if channel == "open311":
        public = await world.console.client().get(f"/open311/v2/requests/{number}.json")
        assert (public.status_code == 200) is (not accusation), public.text
        assert canary.name not in public.text and canary.phone not in public.text
    # Nothing to an accused unit's mailbox once it is accused.
    check_mailboxes(world, case)


async def reads(world: World, who: str, number: str, canary: Canary) -> dict[str, bool]:
    member = world.staff[who]
    api = world.console.client()
    auth = {"Authorization": f"Bearer {world.console.tokens[who]}"}
    texts: list[str] = []

    async def api_get(path: str, **params: str) -> httpx.Response:
        response = await api.get(path, headers=auth, params=params)
        texts.append(response.text)
        return response

    async def page(path: str, **params: str) -> httpx.Response:
        response = await member.get(path, **params)
        texts.append(response.text)
        return response

    case_api = await api_get(f"/api/cases/{number}")
    by_number = await api_get("/api/cases", q=number)
    by_phone = await api_get("/api/cases", q=canary.phone)
    sheet = await api_get(f"/api/cases/{number}/dispatch")
    case_page = await page(f"/console/cases/{number}")
    queue = await page("/console/queue")
    search = await page("/console/search", q=number)  # the page echoes q: look at the links
    overdue = await page("/console/overdue")
    link = f'href="/console/cases/{number}"'
    dispatch_page = await page(f"/console/cases/{number}/dispatch")
    attachment = await first_attachment(world, member, number)
    await api.aclose()
    world.console.clients.remove(api)
    return {
        "api case": case_api.status_code == 200,
        "api search number": number in by_number.text,
        "api search phone": number in by_phone.text,
        "dispatch": sheet.status_code == 200 and dispatch_page.status_code == 200,
        "console case": case_page.status_code == 200,
        "queue": link in queue.text,
        "console search": link in search.text,
        "overdue": link in overdue.text,
        "attachment": attachment,
        "petitioner shown": any(value in text for text in texts for value in canary.strings()),
    }


async def first_attachment(world: World, member: Staff, number: str) -> bool:
    def ids(session: Session) -> list[int]:
        from bot.console.pages import attachments_of
        from storage import Attachment

        case = find_case(session, number)
        assert case is not None
        return [a for a in session.exec(select(Attachment.id).where(attachments_of(case))
                                        .order_by(col(Attachment.id))) if a is not None]

    found = world.core.store.read_sync(ids)
    if not found:
        return False
    response = await member.get(f"/console/cases/{number}/attachments/{found[0]}")
    return response.status_code == 200


def check_mailboxes(world: World, case: Case) -> None:
    tree = world.core.units
    for accused, mark in world.marks.items():
        if accused not in case.accused_units:
            continue
        barred = sorted({tree.contact(unit) for unit in tree.units
                         if tree.contact(unit) and tree.is_within(unit, accused)})
        rows = world.core.store.read_sync(lambda s, b=barred: list(s.exec(select(Outbox).where(
            Outbox.case_id == case.id, col(Outbox.recipient).in_(b)))))
        for row in rows:
            assert row.id is not None and row.id <= mark, (row.recipient, row.payload)
            # A sheet that went before anyone knew is history; none may still be waiting.
            assert row.status not in ("pending", "sending"), (row.recipient, row.status)


async def check_charts(world: World, number: str, canary: Canary) -> None:
    case = case_of(world, number)
    for name, unit in HANDLERS.items():
        if world.core.units.conflict(unit, case.accused_units) is None:
            continue
        page = await world.staff[name].get("/console/charts")
        assert page.status_code == 200
        assert "被检举控告" not in page.text and number not in page.text
        assert not any(value in page.text for value in canary.strings())
        return  # one barred unit is enough: every unit account gets the same charts
