"""The 并单 page: a case beside the same matter from another petitioner, what they share, the
merge through the ordinary action; collective warnings and the Art 36 override on the case
page."""

from __future__ import annotations

import html
import re

from sqlmodel import Session, col, select

from bot import cases, matters
from bot.cases import find_case
from storage import CaseEvent
from storage.accounts import PersonalDataAccess
from tests.api.conftest import UNIT, file, set_case
from tests.bot.test_matters import COLLECTIVE, LIFT, LIFT_NEIGHBOUR, PARKING
from tests.console.conftest import Console

FORM = re.compile(r'<form method="post" action="(/console/cases/[^"]+/actions/merge)"[^>]*>'
                  r'(.*?)</form>', re.DOTALL)


async def test_the_same_lift_from_two_petitioners_is_proposed_and_merged(
        console: Console) -> None:
    first = await file(console.bot, LIFT, "mailto:wang@example.cn")
    second = await file(console.bot, LIFT_NEIGHBOUR, "mailto:zhao@example.cn")
    other = await file(console.bot, PARKING, "mailto:li@example.cn")
    clerk = await console.login("clerk")
    page = await clerk.get(f"/console/cases/{second}/matters")
    assert page.status_code == 200, page.text
    text = html.unescape(page.text)
    assert first in text and other not in text
    assert "电梯" in text and "楼2" in text and "金地" in text  # what the two share
    assert "我家住朝阳区金地花园2号楼12层" in text and "物业一直说在等配件" in text  # side by side
    forms = FORM.findall(page.text)
    assert len(forms) == 1
    action, body = forms[0]
    # The newer case goes into the older one, through the existing merge action.
    assert action == f"/console/cases/{second}/actions/merge" and f'value="{first}"' in body
    into = re.search(r'name="into" value="([^"]+)"', body)
    reason = re.search(r'name="reason" value="([^"]+)"', body)
    assert into is not None and reason is not None
    done = await clerk.post(action, {"into": into.group(1), "reason": html.unescape(
        reason.group(1))})
    assert done.status_code == 303, done.text
    merged = console.core.store.read_sync(lambda s: find_case(s, second))
    assert merged is not None and merged.status == "merged" and merged.merged_into == first
    audits = console.core.store.read_sync(lambda s: list(s.exec(
        select(PersonalDataAccess).where(PersonalDataAccess.case_number == second))))
    assert any(a.purpose == "GET /console/cases/{number}/matters"
               and a.details.get("compared") == [first] for a in audits)
    # Once merged, nothing is left to propose.
    again = await clerk.get(f"/console/cases/{first}/matters")
    assert "没有发现与本事项相同的办理中事项" in again.text


async def test_a_handler_sees_no_merge_button_and_only_its_unit(console: Console) -> None:
    first = await file(console.bot, LIFT, "mailto:wang@example.cn")
    second = await file(console.bot, LIFT_NEIGHBOUR, "mailto:zhao@example.cn")
    set_case(console.core, first, unit=UNIT)
    set_case(console.core, second, unit=UNIT)
    handler = await console.login("handler")
    page = await handler.get(f"/console/cases/{second}/matters")
    assert page.status_code == 200 and first in page.text and not FORM.findall(page.text)
    roads = await console.login("roads")  # another unit's handler
    assert (await roads.get(f"/console/cases/{second}/matters")).status_code == 404


async def test_the_case_page_lists_the_members_of_a_collective_warning(
        console: Console) -> None:
    numbers = [await file(console.bot, text, f"mailto:r{n}@example.cn")
               for n, text in enumerate(COLLECTIVE[:5])]
    clerk = await console.login("clerk")
    page = await clerk.get(f"/console/cases/{numbers[-1]}")
    assert "集体信访预警" in page.text
    section = page.text[page.text.index('class="collective"'):]
    assert all(number in section[:2000] for number in numbers)
    matters = await clerk.get(f"/console/cases/{numbers[-1]}/matters")
    assert "5 名信访人" in matters.text


async def test_accepting_a_flagged_repeat_needs_the_override_and_records_it(
        console: Console) -> None:
    number = await file(console.bot, PARKING, "mailto:li@example.cn")
    case = console.core.store.read_sync(lambda s: find_case(s, number))
    assert case is not None

    def flag(session: Session) -> None:
        found = find_case(session, number)
        assert found is not None
        cases.record(session, found, "bot", matters.FLAG, found.created_at,
                     of="XF2026-000001", probability=0.7)

    console.core.store.write_sync(flag)
    clerk = await console.login("clerk")
    page = await clerk.get(f"/console/cases/{number}")
    assert "仍予受理的理由" in page.text and "疑似与已复核终结的" in page.text
    refused = await clerk.post(f"/console/cases/{number}/actions/accept", {})
    assert refused.status_code == 409 and "第三十六条" in refused.text
    done = await clerk.post(f"/console/cases/{number}/actions/accept",
                            {"override": "信访人提出了新的事实和理由。"})
    assert done.status_code == 303
    accepted = console.core.store.read_sync(lambda s: list(s.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == "accept")
        .order_by(col(CaseEvent.id)))))
    assert accepted[0].details["override"] == "信访人提出了新的事实和理由。"
    page = await clerk.get(f"/console/cases/{number}")
    assert "仍予受理的理由：信访人提出了新的事实和理由。" in html.unescape(page.text)
