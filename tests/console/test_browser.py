"""The console in a real browser: Debian's chromium, driven by Playwright, against the app under
uvicorn on 127.0.0.1. A clerk signs in and triages a case; the unit's handler answers it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.cases import find_case
from storage import CaseEvent
from tests.channels.sms.fakes import serve
from tests.console.conftest import Console

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)")


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """One database is enough for the browser; the HTTP tests run both."""
    return sqlite_url


async def test_a_clerk_triages_and_a_handler_answers_in_chromium(
        console: Console, tmp_path: Path) -> None:
    from playwright.async_api import Locator, async_playwright, expect

    number = console.numbers["road"]
    async with serve(console.app) as base, async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            page = await browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
            page.set_default_timeout(15_000)

            async def submit(button: Locator) -> None:
                """Click and wait for the page the form leads to (a redirect included)."""
                async with page.expect_navigation():
                    await button.click()

            async def sign_in(who: str) -> None:
                await page.goto(f"{base}/console/login")
                await page.fill("input[name=token]", console.tokens[who])
                await submit(page.get_by_role("button", name="登录"))
                assert page.url == f"{base}/console/queue"

            # The clerk: queue → triage → confirm the category, accept, assign.
            await sign_in("clerk")
            await expect(page.get_by_role("heading", name="工作队列")).to_be_visible()
            await page.get_by_role("link", name=number).first.click()
            await page.get_by_role("link", name="分办（确认类别和单位）").click()
            await expect(page.get_by_role("heading", name="分类与分办依据")).to_be_visible()
            await page.screenshot(path=str(tmp_path / "console-triage.png"), full_page=True)
            await submit(page.get_by_role("button", name="确认类别"))
            await submit(page.get_by_role("button", name="受理", exact=True))
            assert page.url == f"{base}/console/cases/{number}/triage"
            assign = page.locator(f"form[action='/console/cases/{number}/actions/assign']")
            await assign.locator("input[name=unit]").fill("市交通委员会")
            await submit(assign.get_by_role("button", name="分办"))
            assert page.url == f"{base}/console/cases/{number}/triage"
            await submit(page.get_by_role("button", name="退出"))
            assert page.url == f"{base}/console/login"

            # The unit's handler: its queue → the case → compose, preview, send the answer.
            await sign_in("roads")
            await page.get_by_role("link", name=number).first.click()
            await page.select_option("select[name=decision]", "支持")
            await page.fill("textarea[name=facts]", "经现场核查，幸福路路灯线路老化。")
            # An answer needs its basis (Art 32): nothing is filled in for the handler.
            await page.fill("input[name=basis]", "《城市道路照明设施管理规定》第十一条")
            await page.fill("textarea[name=text]", "已于本周更换线路，路灯恢复照明。")
            await submit(page.get_by_role("button", name="预览"))
            letter = page.locator("pre.letter")
            await expect(letter).to_contain_text("三、处理意见：支持。已于本周更换线路，路灯恢复照明。")
            await submit(page.get_by_role("button", name="发出答复"))
            assert page.url == f"{base}/console/cases/{number}"
            await expect(page.locator("dl.facts dd").first).to_have_text("已答复")
            await expect(page.get_by_role("cell", name="信访处理意见书")).to_be_visible()
            shot = tmp_path / "console-case.png"
            await page.screenshot(path=str(shot), full_page=True)
        finally:
            await browser.close()

    assert shot.stat().st_size > 10_000
    case = console.core.store.read_sync(lambda s: find_case(s, number))
    assert case is not None
    assert (case.status, case.unit, case.assign_mode, case.decision) == (
        "answered", "市交通委员会", "转送", "支持")
    assert case.answer == "已于本周更换线路，路灯恢复照明。"
    trail = console.core.store.read_sync(lambda s: [
        (e.actor, e.action) for e in s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                            .order_by(col(CaseEvent.id)))])
    assert trail[-4:] == [("staff:clerk", "category_confirmed"), ("staff:clerk", "accept"),
                          ("staff:clerk", "assign"), ("staff:roads", "answer")]
