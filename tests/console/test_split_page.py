"""The case page of a letter that told several matters: a button per matter for the bureau's
accounts, posted with the session's CSRF token, and the link to the case it became."""

from __future__ import annotations

import re

from tests.api.conftest import file, set_case
from tests.bot.harness import case_events
from tests.console.conftest import Console

LETTER = ("我反映两件事。第一，幸福路的路灯坏了半个月，晚上很黑，老人孩子出行不安全，请尽快修理；"
          "第二，我实名举报市教育委员会某科长收受学校好处费，违规审批民办学校办学许可。")
SPLIT_FORM = re.compile(r'action="/console/cases/(XF2026-\d{6})/split".*?name="part" value="(\d)"',
                        re.DOTALL)


async def test_a_clerk_splits_a_matter_from_the_case_page(console: Console) -> None:
    number = await file(console.bot, LETTER, "mailto:liu.min@example.cn")
    clerk = await console.login("clerk")
    page = await clerk.get(f"/console/cases/{number}")
    assert [m[1] for m in SPLIT_FORM.findall(page.text)] == ["1", "2"]
    assert "幸福路的路灯坏了半个月" in page.text and "检举控告" in page.text

    # A forged post (no session token) registers nothing.
    forged = await clerk.post(f"/console/cases/{number}/split", {"part": "1"}, csrf="guess")
    assert forged.status_code == 403 and not case_events(console.bot, number, "split_to")

    done = await clerk.post(f"/console/cases/{number}/split", {"part": "1", "text": ""})
    assert done.status_code == 303 and done.headers["location"] == f"/console/cases/{number}"
    [event] = case_events(console.bot, number, "split_to")
    new = event.details["number"]
    assert event.actor.endswith("clerk")
    after = await clerk.get(f"/console/cases/{number}")
    # The first matter now links to its case; only the second still has a button.
    assert [m[1] for m in SPLIT_FORM.findall(after.text)] == ["2"]
    assert f'href="/console/cases/{new}"' in after.text

    again = await clerk.post(f"/console/cases/{number}/split", {"part": "1"})
    assert again.status_code == 409 and "不能重复分出" in again.text
    assert len(case_events(console.bot, number, "split_to")) == 1


async def test_no_split_button_or_post_for_a_units_handler(console: Console) -> None:
    number = await file(console.bot, LETTER, "mailto:liu.min@example.cn")
    set_case(console.core, number, unit="市交通委员会", statutory_type="申诉求决")
    roads = await console.login("roads")
    page = await roads.get(f"/console/cases/{number}")
    assert page.status_code == 200 and not SPLIT_FORM.search(page.text)
    refused = await roads.post(f"/console/cases/{number}/split", {"part": "1"})
    assert refused.status_code == 403 and not case_events(console.bot, number, "split_to")
