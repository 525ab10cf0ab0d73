"""The citizen page in a real browser on a phone-sized screen (360 × 740): Debian's chromium,
driven by Playwright, against the app under uvicorn on 127.0.0.1. A citizen files a petition
with a photo, staff answer it, the citizen looks it up, reads the 意见书, rates it and asks for
复查. axe-core checks every page for serious and critical accessibility violations.

Screenshots go to ``tmp_path``, or to ``XINFANG_SCREENSHOT_DIR`` when set (that is how
``docs/screenshots/`` is made).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.channels.sms.fakes import serve
from tests.citizen.axe import axe_source, serious_violations
from tests.citizen.conftest import PETITION, PNG, Site

CHROMIUM = Path("/usr/bin/chromium")
AXE = axe_source()

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=(
        "needs Debian's chromium at /usr/bin/chromium (apt-get install chromium "
        "fonts-wqy-microhei)")),
    pytest.mark.skipif(AXE is None, reason=(
        "needs axe-core from npm: npm install --no-save --prefix tests/.node axe-core@4.14.1 "
        "(.ci/run does it)")),
]


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """One database is enough for the browser; the HTTP tests run both."""
    return sqlite_url


async def test_file_look_up_rate_and_request_review_on_a_phone(site: Site, tmp_path: Path) -> None:
    from playwright.async_api import Page, async_playwright, expect

    assert AXE is not None
    shots = Path(os.environ.get("XINFANG_SCREENSHOT_DIR", "") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    photo = tmp_path / "路灯.png"
    photo.write_bytes(PNG)
    checked: list[str] = []

    async def look(page: Page, name: str) -> None:
        """Screenshot the page and check it with axe."""
        await page.screenshot(path=str(shots / f"citizen-{name}.png"), full_page=True)
        problems = await serious_violations(page, AXE)
        assert not problems, f"{name}: {problems}"
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{name} scrolls sideways on a 360-px phone ({width} px)"
        checked.append(name)

    async with serve(site.app) as base, async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                     args=["--lang=zh-CN"])
        try:
            # CSP forbids inline scripts (the pages have none); axe is injected as one.
            context = await browser.new_context(locale="zh-CN", bypass_csp=True,
                                                viewport={"width": 360, "height": 740},
                                                device_scale_factor=1, is_mobile=True,
                                                has_touch=True)
            page = await context.new_page()
            page.set_default_timeout(15_000)

            await page.goto(f"{base}/")
            await expect(page.get_by_role("heading", name="网上信访", exact=True)).to_be_visible()
            await look(page, "home")

            # File: a wrong ID number first, then the whole form with a photo.
            await page.get_by_role("link", name="填写信访事项").click()
            await page.get_by_label("姓名").fill(PETITION["name"])
            await page.get_by_label("身份证号码").fill("110105198807214019")
            await page.get_by_label("联系电话").fill(PETITION["phone"])
            await page.get_by_label("住址").fill(PETITION["address"])
            await page.get_by_label("申诉求决").check()
            await page.get_by_label("信访请求").fill(PETITION["request"])
            await page.get_by_label("事实和理由").fill(PETITION["facts"])
            await page.get_by_label("我已阅读并同意").check()
            await look(page, "file")
            async with page.expect_navigation():
                await page.get_by_role("button", name="提交信访").click()
            await expect(page.get_by_role("alert")).to_contain_text("最后一位是校验码")
            await look(page, "file-error")
            await page.get_by_label("身份证号码").fill(PETITION["id_number"])
            await page.get_by_label("附件（可选）").set_input_files(str(photo))
            async with page.expect_navigation():
                await page.get_by_role("button", name="提交信访").click()
            await expect(page.get_by_role("heading", name="您的信访事项已登记")).to_be_visible()
            number = (await page.locator(".receipt .big").first.inner_text()).strip()
            code = (await page.locator(".receipt .code").inner_text()).strip()
            await look(page, "filed")

            site.answer(number)

            # Look up, read the 意见书.
            await page.goto(f"{base}/c/{number}")
            await expect(page.get_by_role("heading", name=f"查看事项 {number}")).to_be_visible()
            await look(page, "lookup")
            await page.get_by_label("查询码（8 位）").fill(code)
            async with page.expect_navigation():
                await page.get_by_role("button", name="查询").click()
            await expect(page.locator("dd.status")).to_have_text("已答复")
            await expect(page.get_by_role("heading", name="信访处理意见书", level=2)).to_be_visible()
            await look(page, "case")
            await page.get_by_role("link", name="打印或保存意见书").click()
            await page.emulate_media(media="print")
            await expect(page.locator("article.document")).to_contain_text("三、处理意见：支持。")
            await expect(page.locator("header.top")).to_be_hidden()
            await page.screenshot(path=str(shots / "citizen-opinion-print.png"), full_page=True)
            await page.emulate_media(media="screen")
            await look(page, "opinion")
            await page.get_by_role("link", name="返回事项").click()

            # Rate (not satisfied), then ask for 复查.
            await page.get_by_label("不满意", exact=True).check()
            async with page.expect_navigation():
                await page.get_by_role("button", name="提交评价").click()
            await expect(page.get_by_role("status")).to_contain_text("前请求复查")
            await look(page, "rated")
            async with page.expect_navigation():
                await page.get_by_role("button", name="申请复查").click()
            await expect(page.get_by_role("status")).to_contain_text("复查请求已收到")
            await expect(page.locator("dd.status")).to_have_text("复查中")
            await look(page, "review")
        finally:
            await browser.close()

    case = site.case(number)
    assert (case.status, case.rating) == ("review_requested", 2)
    assert checked == ["home", "file", "file-error", "filed", "lookup", "case", "opinion",
                       "rated", "review"]
    assert (shots / "citizen-case.png").stat().st_size > 10_000
