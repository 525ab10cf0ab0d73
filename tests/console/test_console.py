"""The staff console: sign-in and CSRF, role scoping, the 检举控告 firewall on every page,
triage and answers through the staff transitions, 批示 first in the queue, the 来访 / 来电
desk, search, the overdue board and attachment downloads."""

from __future__ import annotations

import re
from datetime import UTC, date, timedelta

import pytest
from sqlmodel import col, select

from bot.api import issue_token
from bot.cases import find_case
from bot.clock import CHINA
from bot.console import wording
from storage import Case, CaseEvent, Identity, Message, Outbox, Petitioner
from storage.accounts import PersonalDataAccess
from tests.api.conftest import CANARY_EMAIL, CANARY_NAME, CANARY_PHONE, UNIT, set_case
from tests.conftest import FIXED_NOW
from tests.console.conftest import Console

CASE_LINK = re.compile(r'href="/console/cases/(XF2026-\d{6})"')


def case_of(console: Console, number: str) -> Case:
    found = console.core.store.read_sync(lambda s: find_case(s, number))
    assert found is not None
    return found


def events(console: Console, number: str) -> list[CaseEvent]:
    case = case_of(console, number)
    return list(console.core.store.read_sync(lambda s: list(s.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.id))))))


def audit_rows(console: Console) -> list[PersonalDataAccess]:
    return list(console.core.store.read_sync(
        lambda s: list(s.exec(select(PersonalDataAccess).order_by(col(PersonalDataAccess.id))))))


def linked(html: str) -> list[str]:
    """Case numbers in the order the page lists them (first link of each)."""
    return list(dict.fromkeys(CASE_LINK.findall(html)))


# -- signing in ----------------------------------------------------------------------------


async def test_pages_need_a_session_and_a_bad_token_is_refused(console: Console) -> None:
    anonymous = console.client()
    for path in ("/console/queue", f"/console/cases/{console.numbers['complaint']}",
                 "/console/search", "/console/overdue", "/console/desk"):
        response = await anonymous.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/console/login"
    page = await anonymous.get("/console/login")
    nonce = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert nonce is not None
    wrong = await anonymous.post("/console/login", data={"csrf": nonce.group(1),
                                                         "token": "not-a-token"})
    assert wrong.status_code == 401 and "令牌无效" in wrong.text
    assert "xf_console" not in {c.name for c in anonymous.cookies.jar}


async def test_login_sets_a_strict_httponly_session_cookie_without_the_token(
        console: Console) -> None:
    client = console.client()
    page = await client.get("/console/login")
    nonce = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert nonce is not None
    signed = await client.post("/console/login", data={"csrf": nonce.group(1),
                                                       "token": console.tokens["clerk"]})
    assert signed.status_code == 303
    cookies = [h for h in signed.headers.get_list("set-cookie") if h.startswith("xf_console=")]
    assert len(cookies) == 1
    header = cookies[0].lower()
    assert "httponly" in header and "samesite=strict" in header and "path=/console" in header
    value = cookies[0].split(";", 1)[0].split("=", 1)[1]
    assert console.tokens["clerk"] not in value and len(value) >= 40


async def test_login_form_without_its_nonce_is_refused(console: Console) -> None:
    client = console.client()
    await client.get("/console/login")  # sets the nonce cookie
    forged = await client.post("/console/login", data={"csrf": "guess",
                                                       "token": console.tokens["clerk"]})
    assert forged.status_code == 403 and "CSRF" in forged.text
    assert "xf_console" not in {c.name for c in client.cookies.jar}


async def test_logout_and_a_revoked_token_end_the_session(console: Console) -> None:
    clerk = await console.login("clerk")
    assert (await clerk.post("/console/logout", csrf="wrong")).status_code == 403
    assert (await clerk.get("/console/queue")).status_code == 200
    out = await clerk.post("/console/logout")
    assert out.status_code == 303
    assert (await clerk.get("/console/queue")).status_code == 303

    boss = await console.login("boss")
    console.core.store.write_sync(lambda s: issue_token(s, "boss", FIXED_NOW))
    assert (await boss.get("/console/queue")).status_code == 303


async def test_a_post_without_the_sessions_csrf_token_changes_nothing(console: Console) -> None:
    clerk = await console.login("clerk")
    number = console.numbers["road"]
    for token in ("", "x" * 43, clerk.csrf[:-1] + ("A" if clerk.csrf[-1] != "A" else "B")):
        refused = await clerk.post(f"/console/cases/{number}/actions/accept", csrf=token)
        assert refused.status_code == 403 and "CSRF" in refused.text
    assert case_of(console, number).status == "registered"
    # Another session's token is not this session's token either.
    other = await console.login("clerk")
    crossed = await clerk.post(f"/console/cases/{number}/actions/accept", csrf=other.csrf)
    assert crossed.status_code == 403
    accepted = await clerk.post(f"/console/cases/{number}/actions/accept")
    assert accepted.status_code == 303
    assert case_of(console, number).status == "accepted"


# -- roles and the 检举控告 firewall ---------------------------------------------------------


async def test_a_handler_sees_only_its_units_cases(console: Console) -> None:
    handler = await console.login("handler")
    queue = await handler.get("/console/queue")
    assert set(linked(queue.text)) == {console.numbers["accusation"],
                                       console.numbers["complaint"]}
    other = await handler.get(f"/console/cases/{console.numbers['road']}")
    assert other.status_code == 404 and "无权查看" in other.text
    triage = await handler.get(f"/console/cases/{console.numbers['complaint']}/triage")
    assert triage.status_code == 403
    acted = await handler.post(f"/console/cases/{console.numbers['road']}/actions/answer",
                               {"text": "已修复"})
    assert acted.status_code == 404  # a handler may answer, but only its own unit's cases
    assert case_of(console, console.numbers["road"]).status == "registered"
    clerk = await console.login("clerk")
    assert set(linked((await clerk.get("/console/queue")).text)) >= set(console.numbers.values())


async def test_a_handler_never_sees_the_identity_on_an_accusation(console: Console) -> None:
    number = console.numbers["accusation"]
    handler = await console.login("handler")
    page = await handler.get(f"/console/cases/{number}")
    assert page.status_code == 200
    assert "信访人身份信息已隐去" in page.text
    for secret in (CANARY_NAME, CANARY_PHONE, CANARY_EMAIL):
        assert secret not in page.text
    assert "收受学校好处费" in page.text  # the matter itself is shown
    found = await handler.get("/console/search", q=CANARY_PHONE)
    assert number not in found.text and CANARY_PHONE not in found.text.replace(
        f'value="{CANARY_PHONE}"', "")
    clerk = await console.login("clerk")
    seen = await clerk.get(f"/console/cases/{number}")
    assert CANARY_NAME in seen.text and CANARY_PHONE in seen.text
    rows = [r for r in audit_rows(console) if r.case_number == number]
    assert [(r.actor, r.fields) for r in rows] == [
        ("handler", ["messages (identity redacted)"]),
        ("clerk", ["name", "contact", "identities", "messages"])]
    assert all(r.purpose == "GET /console/cases/{number}" for r in rows)


async def test_only_a_supervisor_or_admin_writes_an_instruction(console: Console) -> None:
    number = console.numbers["complaint"]
    for who in ("clerk", "handler"):
        staff = await console.login(who)
        refused = await staff.post(f"/console/cases/{number}/instruction", {"text": "速办"})
        assert refused.status_code == 403
    assert not [e for e in events(console, number) if e.action == "instruct"]


async def test_an_instruction_puts_the_case_first_in_the_units_queue(console: Console) -> None:
    first, second = console.numbers["accusation"], console.numbers["complaint"]
    handler = await console.login("handler")
    assert linked((await handler.get("/console/queue")).text) == [first, second]
    boss = await console.login("boss")
    empty = await boss.post(f"/console/cases/{second}/instruction", {"text": "  "})
    assert empty.status_code == 409 and "批示内容不能为空" in empty.text
    done = await boss.post(f"/console/cases/{second}/instruction",
                           {"text": "请教育委员会本周内查清收费依据，结果报我。"})
    assert done.status_code == 303
    queue = await handler.get("/console/queue")
    assert linked(queue.text) == [second, first]
    assert 'class="instructed"' in queue.text and "批示" in queue.text
    page = await handler.get(f"/console/cases/{second}")
    assert "领导批示" in page.text and "请教育委员会本周内查清收费依据" in page.text
    recorded = [e for e in events(console, second) if e.action == "instruct"]
    assert len(recorded) == 1 and recorded[0].actor == "staff:boss"
    # The bureau's own queue lists the instructed case too, first.
    clerk = await console.login("clerk")
    assert linked((await clerk.get("/console/queue")).text)[0] == second


# -- triage and answering ------------------------------------------------------------------


async def test_triage_shows_the_classifiers_reasons_and_acts_through_transitions(
        console: Console) -> None:
    number = console.numbers["road"]
    clerk = await console.login("clerk")
    page = await clerk.get(f"/console/cases/{number}/triage")
    assert page.status_code == 200
    case = case_of(console, number)
    assert case.route_reasons and all(r in page.text for r in case.route_reasons)
    assert "置信度" in page.text
    categories = sorted(console.core.intake.conversation.routing.units)
    target = next(c for c in categories if c != case.category)
    changed = await clerk.post(f"/console/cases/{number}/category", {"category": target})
    assert changed.status_code == 303 and changed.headers["location"].endswith("/triage")
    unknown = await clerk.post(f"/console/cases/{number}/category", {"category": "不存在的类别"})
    assert unknown.status_code == 409 and "不在分类目录" in unknown.text
    early = await clerk.post(f"/console/cases/{number}/actions/assign",
                             {"unit": "市交通委员会", "next": "triage"})
    assert early.status_code == 409
    assert "不能对" in early.text and "目前已登记" in early.text and "「已受理」" in early.text
    assert (await clerk.post(f"/console/cases/{number}/actions/accept",
                             {"next": "triage"})).status_code == 303
    assigned = await clerk.post(f"/console/cases/{number}/actions/assign",
                                {"unit": "市交通委员会", "mode": "转送", "next": "triage"})
    assert assigned.status_code == 303
    case = case_of(console, number)
    assert (case.status, case.unit, case.category, case.assign_mode) == (
        "assigned", "市交通委员会", target, "转送")
    actions = [e.action for e in events(console, number)]
    assert actions[-3:] == ["category_set", "accept", "assign"]


async def test_the_firewall_refusal_is_shown_in_chinese(console: Console) -> None:
    number = console.numbers["accusation"]
    clerk = await console.login("clerk")
    assert (await clerk.post(f"/console/cases/{number}/actions/accept")).status_code == 303
    unrecorded = await clerk.post(f"/console/cases/{number}/actions/assign", {"unit": UNIT})
    assert unrecorded.status_code == 409 and "请先登记被检举单位" in unrecorded.text
    assert (await clerk.post(f"/console/cases/{number}/actions/accuse",
                             {"accused": UNIT})).status_code == 303
    blocked = await clerk.post(f"/console/cases/{number}/actions/assign", {"unit": UNIT})
    assert blocked.status_code == 409 and "防火墙拒绝" in blocked.text
    assert case_of(console, number).status == "accepted"


async def test_the_composer_previews_the_opinion_and_answers(console: Console) -> None:
    number = console.numbers["complaint"]
    clerk = await console.login("clerk")
    await clerk.post(f"/console/cases/{number}/actions/accept")
    await clerk.post(f"/console/cases/{number}/actions/assign", {"unit": UNIT})
    handler = await console.login("handler")
    page = await handler.get(f"/console/cases/{number}")
    assert "信访处理意见书" in page.text  # no basis prefilled: staff name it (Art 32)
    assert "〔答复正文〕" in page.text
    fields = {"decision": "支持", "facts": "经查，该校确有额外收费。",
              "text": "已责令学校退还资料费。", "basis": "《中华人民共和国教育法》"}
    preview = await handler.post(f"/console/cases/{number}/actions/answer",
                                 {**fields, "preview": "1"})
    assert preview.status_code == 200 and "三、处理意见：支持。已责令学校退还资料费。" in preview.text
    assert ">已责令学校退还资料费。</textarea>" in preview.text  # kept for sending
    assert '<option selected>支持</option>' in preview.text
    assert case_of(console, number).status == "assigned"
    sent = await handler.post(f"/console/cases/{number}/actions/answer", fields)
    assert sent.status_code == 303
    case = case_of(console, number)
    assert (case.status, case.decision, case.answer) == ("answered", "支持", "已责令学校退还资料费。")
    shown = await handler.get(f"/console/cases/{number}")
    assert "信访处理意见书" in shown.text and "待发送" in shown.text  # the queued opinion
    again = await handler.post(f"/console/cases/{number}/actions/answer", fields)
    assert again.status_code == 409 and "目前已答复" in again.text


async def test_a_handler_may_not_take_a_clerks_action(console: Console) -> None:
    handler = await console.login("handler")
    refused = await handler.post(f"/console/cases/{console.numbers['complaint']}/actions/accept")
    assert refused.status_code == 403 and "承办单位不能执行「受理」" in refused.text


# -- 来访 / 来电 --------------------------------------------------------------------------


VISIT = {"channel": "visit", "name": "王建国", "contact": "13700001111",
         "id_number": "110101196501011234", "address": "幸福路12号3单元",
         "request": "要求解决小区供暖不达标问题",
         "facts": "今年入冬以来室内温度只有十二度，多次找物业和热力公司都没有解决，老人孩子受冻。"}


async def test_a_collective_visit_with_six_representatives_is_refused(console: Console) -> None:
    clerk = await console.login("clerk")
    six = "\n".join(f"代表{i} 1380000000{i}" for i in range(1, 7))
    before = console.core.store.read_sync(lambda s: len(list(s.exec(select(Case)))))
    refused = await clerk.post("/console/desk", {**VISIT, "collective": "yes",
                                                 "representatives": six})
    assert refused.status_code == 400
    assert "不超过 5 人" in refused.text and "现登记了 6 人" in refused.text
    assert "幸福路12号3单元" in refused.text  # the form is kept for correcting
    assert console.core.store.read_sync(lambda s: len(list(s.exec(select(Case))))) == before


async def test_a_collective_visit_is_registered_as_a_case_on_the_visit_channel(
        console: Console) -> None:
    clerk = await console.login("clerk")
    five = "\n".join(f"代表{i} 1380000000{i}" for i in range(1, 6))
    done = await clerk.post("/console/desk", {**VISIT, "collective": "yes",
                                              "representatives": five})
    assert done.status_code == 200, done.text
    number = re.search(r"已登记：<a href=\"/console/cases/(XF2026-\d{6})\"", done.text)
    assert number is not None
    assert "查询码" in done.text  # the receipt to hand over
    case = case_of(console, number.group(1))
    assert case.channel == "visit" and case.status == "registered" and case.awaiting == ""

    def stored(session):  # type: ignore[no-untyped-def]
        petitioner = session.get(Petitioner, case.petitioner_id)
        identity = session.get(Identity, case.identity_id)
        message = session.exec(select(Message).where(Message.case_id == case.id)).one()
        return petitioner, identity, message

    petitioner, identity, message = console.core.store.read_sync(stored)
    assert (petitioner.name, petitioner.contact) == ("王建国", "13700001111")
    assert identity.urn == "visit:110101196501011234"
    assert message.meta["address"] == "幸福路12号3单元"
    assert message.meta["collective"] == "yes" and "代表5" in message.meta["representatives"]
    assert "事实和理由：今年入冬以来" in message.text
    desk_event = [e for e in events(console, case.number) if e.action == "desk_registered"]
    assert desk_event and desk_event[0].details["representatives"] == 5
    assert desk_event[0].actor == "staff:clerk"
    page = await clerk.get(f"/console/cases/{case.number}")
    assert "集体访代表" in page.text and "代表5 13800000005" in page.text


async def test_a_phone_call_needs_the_art_19_items(console: Console) -> None:
    clerk = await console.login("clerk")
    missing = await clerk.post("/console/desk", {**VISIT, "channel": "phone", "facts": ""})
    assert missing.status_code == 400 and "事实和理由" in missing.text
    done = await clerk.post("/console/desk", {**VISIT, "channel": "phone"})
    assert done.status_code == 200
    number = re.search(r"/console/cases/(XF2026-\d{6})", done.text)
    assert number is not None
    assert case_of(console, number.group(1)).channel == "phone"
    handler = await console.login("handler")
    assert (await handler.post("/console/desk", {**VISIT, "channel": "phone"})).status_code == 403


# -- search, overdue, attachments ----------------------------------------------------------


async def test_search_by_number_phone_text_and_date(console: Console) -> None:
    clerk = await console.login("clerk")
    road = console.numbers["road"]
    by_number = await clerk.get("/console/search", q=road.lower())
    assert linked(by_number.text) == [road]
    by_phone = await clerk.get("/console/search", q=CANARY_PHONE)
    assert linked(by_phone.text) == [console.numbers["accusation"]]
    by_text = await clerk.get("/console/search", q="路灯")
    assert linked(by_text.text) == [road]
    today = FIXED_NOW.date()
    in_range = await clerk.get("/console/search", **{"from": str(today), "to": str(today)})
    assert set(linked(in_range.text)) == {console.numbers[k] for k in
                                          ("accusation", "complaint", "road")}
    later = await clerk.get("/console/search", **{"from": str(today + timedelta(days=1))})
    assert linked(later.text) == [] and "共 0 件" in later.text
    bad = await clerk.get("/console/search", **{"from": "31/01/2026"})
    assert bad.status_code == 400 and "2026-01-31" in bad.text
    searches = [r for r in audit_rows(console) if r.fields == ["search"]]
    assert [r.details["q"] for r in searches] == [road.lower(), CANARY_PHONE, "路灯"]


async def test_a_search_with_more_matches_than_it_counts_says_so(
        console: Console, monkeypatch: pytest.MonkeyPatch) -> None:
    """At a million cases an exact count reads every match: the console counts up to a limit
    and says "more than" above it (here a limit of 2 against the fixture's three cases)."""
    from bot.console import routes

    clerk = await console.login("clerk")
    today = str(FIXED_NOW.date())
    monkeypatch.setattr(routes, "SEARCH_COUNT_LIMIT", 2)
    over = await clerk.get("/console/search", **{"from": today, "to": today})
    assert "超过 2 件" in over.text and "共 3 件" not in over.text
    monkeypatch.setattr(routes, "SEARCH_COUNT_LIMIT", 3)
    exact = await clerk.get("/console/search", **{"from": today, "to": today})
    assert "共 3 件" in exact.text and "超过" not in exact.text


async def test_the_overdue_board_reuses_the_supervision_scan(console: Console) -> None:
    late = console.numbers["road"]
    set_case(console.core, late, acceptance_due=date(2026, 1, 2))
    clerk = await console.login("clerk")
    board = await clerk.get("/console/overdue")
    assert late in board.text and "超期" in board.text
    handler = await console.login("handler")
    assert late not in (await handler.get("/console/overdue")).text  # another unit's case


async def test_attachments_download_with_auth_as_inert_bytes(console: Console) -> None:
    number = console.numbers["complaint"]
    clerk = await console.login("clerk")
    page = await clerk.get(f"/console/cases/{number}")
    link = re.search(rf'href="(/console/cases/{number}/attachments/\d+)"', page.text)
    assert link is not None, page.text
    got = await clerk.get(link.group(1))
    assert got.status_code == 200 and got.content == b"<script>alert(1)</script>"
    assert got.headers["content-type"] == "application/octet-stream"
    assert got.headers["content-disposition"].startswith("attachment;")
    assert got.headers["x-content-type-options"] == "nosniff"
    assert any(r.fields == ["attachment"] for r in audit_rows(console))
    anonymous = console.client()
    assert (await anonymous.get(link.group(1))).status_code == 303
    roads = await console.login("roads")
    assert (await roads.get(link.group(1))).status_code == 404
    handler = await console.login("handler")
    assert (await handler.get(link.group(1))).status_code == 200  # its unit's case
    set_case(console.core, number, statutory_type="检举控告")
    withheld = await handler.get(link.group(1))
    assert withheld.status_code == 403 and b"<script>" not in withheld.content
    assert link.group(1) not in (await handler.get(f"/console/cases/{number}")).text


def test_refusals_are_said_in_chinese() -> None:
    said = wording.refusal("cannot answer case XF2026-000001: it is registered, and answer "
                           "needs accepted or assigned")
    assert said == ("不能对 XF2026-000001 执行「答复」：该事项目前已登记，"
                    "此操作只适用于「已受理」、「已分办」状态的事项。")
    assert wording.refusal("extend needs reason, approver") == "「延期」还需要填写：理由、批准人。"
    assert wording.refusal("something new").startswith("操作未执行：")


async def test_outbox_rows_show_their_delivery_state(console: Console) -> None:
    number = console.numbers["road"]

    def deliver(session):  # type: ignore[no-untyped-def]
        case = find_case(session, number)
        row = session.exec(select(Outbox).where(Outbox.case_id == case.id)).first()
        row.delivery_status = "delivered"
        session.add(row)

    console.core.store.write_sync(deliver)
    clerk = await console.login("clerk")
    page = await clerk.get(f"/console/cases/{number}")
    assert "告知与送达" in page.text and "已送达" in page.text and "已发送" in page.text


async def test_other_console_pages_find_the_signed_in_staff_member(console: Console) -> None:
    from starlette.requests import Request

    from bot.console import staff_of

    def request(cookie: str) -> Request:
        return Request({"type": "http", "method": "GET", "path": "/console/charts",
                        "headers": [(b"cookie", cookie.encode())]})

    clerk = await console.login("clerk")
    sid = clerk.client.cookies.get("xf_console", path="/console")
    assert sid
    found = await staff_of(request(f"xf_console={sid}"), console.core.store)
    assert found is not None and (found.name, found.role) == ("clerk", "clerk")
    assert await staff_of(request("xf_console=forged"), console.core.store) is None
    assert await staff_of(request(f"xf_console={console.tokens['clerk']}"),
                          console.core.store) is None  # the token itself is no session


async def test_times_are_shown_in_beijing_time(console: Console) -> None:
    clerk = await console.login("clerk")
    queue = await clerk.get("/console/queue")
    assert FIXED_NOW.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") in queue.text  # 10:00
    assert FIXED_NOW.astimezone(UTC).strftime("%Y-%m-%d %H:%M") not in queue.text  # 02:00


async def test_the_bureaus_queue_keeps_flagged_cases_and_drops_dispatched_ones(
        console: Console) -> None:
    road, complaint = console.numbers["road"], console.numbers["complaint"]
    set_case(console.core, road, status="assigned")
    set_case(console.core, complaint, status="assigned", needs_human=True)
    clerk = await console.login("clerk")
    listed = linked((await clerk.get("/console/queue")).text)
    assert road not in listed and complaint in listed


async def test_the_case_page_counts_the_days_left_on_the_running_deadline(
        console: Console) -> None:
    number = console.numbers["road"]
    set_case(console.core, number, acceptance_due=FIXED_NOW.date() + timedelta(days=9))
    clerk = await console.login("clerk")
    page = await clerk.get(f"/console/cases/{number}")
    assert re.search(r"受理告知期限 <span class=\"tag\">进行中</span>.*?<td>9 日</td>",
                     page.text, re.DOTALL)
    set_case(console.core, number, acceptance_due=FIXED_NOW.date() - timedelta(days=2))
    late = await clerk.get(f"/console/cases/{number}")
    assert "超期 2 日" in late.text


async def test_the_new_steps_are_console_actions_with_chinese_labels(console: Console) -> None:
    number = console.numbers["complaint"]
    clerk = await console.login("clerk")
    await clerk.post(f"/console/cases/{number}/actions/accept")
    await clerk.post(f"/console/cases/{number}/actions/assign", {"unit": UNIT})
    handler = await console.login("handler")
    page = await handler.get(f"/console/cases/{number}")
    for label in ("承办单位受理告知", "管辖争议"):
        assert label in page.text
    accepted = await handler.post(f"/console/cases/{number}/actions/unit_accept")
    assert accepted.status_code == 303
    again = await handler.post(f"/console/cases/{number}/actions/unit_accept")
    assert again.status_code == 409 and "无需重复" in again.text
    assert [e.action for e in events(console, number)][-1] == "unit_accept"
    notices = [row.payload.get("notice") for row in console.core.store.read_sync(
        lambda s: list(s.exec(select(Outbox).where(Outbox.case_id == case_of(
            console, number).id))))]
    assert "unit_accepted" in notices
