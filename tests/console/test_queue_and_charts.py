"""The queue says what each matter is about (its first line, masked where the identity is
withheld); the charts page takes dates as people in China write them; an empty chart says so."""

from __future__ import annotations

import re
import urllib.parse
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from bot import charts, stats
from tests.api.conftest import CANARY_NAME, CANARY_PHONE, ROAD_TEXT
from tests.bot.harness import open_core
from tests.conftest import FIXED_NOW
from tests.console.conftest import Console

SVG = "{http://www.w3.org/2000/svg}"


async def test_the_queue_shows_the_first_line_of_each_matter(console: Console) -> None:
    clerk = await console.login("clerk")
    queue = (await clerk.get("/console/queue")).text
    assert len(ROAD_TEXT) <= 60
    assert f'class="first-line">{ROAD_TEXT}</small>' in queue
    handler = await console.login("handler")  # the accused unit's own handler
    theirs = (await handler.get("/console/queue")).text
    assert "first-line" in theirs and "我实名举报" in theirs
    assert CANARY_PHONE not in theirs and CANARY_NAME not in theirs


@pytest.mark.parametrize(("start", "end", "shown"), [
    ("2026年1月1日", "2026年3月31日", ("2026-01-01", "2026-03-31")),
    ("2026/1/1", "2026.3.31", ("2026-01-01", "2026-03-31")),
    ("2026-01-01", "2026-12-31", ("2026-01-01", "2026-12-31")),
])
async def test_chart_dates_in_chinese_formats(console: Console, start: str, end: str,
                                              shown: tuple[str, str]) -> None:
    clerk = await console.login("clerk")
    page = await clerk.get("/console/charts", **{"from": start, "to": end})
    assert page.status_code == 200
    assert 'type="date"' not in page.text and "2026年1月31日" in page.text
    for value in shown:
        assert f'value="{value}"' in page.text


async def test_a_date_in_another_format_is_refused_in_chinese(console: Console) -> None:
    clerk = await console.login("clerk")
    page = await clerk.get("/console/charts", **{"from": "01/31/2026", "to": ""})
    assert page.status_code == 400 and "日期请写成" in page.text


def test_empty_charts_say_so_instead_of_drawing_an_empty_axis(tmp_path: Path) -> None:
    core = open_core(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path / "data", FIXED_NOW)
    try:
        figures = core.store.read_sync(lambda s: stats.compute(
            s, stats.Period(date(2026, 1, 1), date(2026, 12, 31)), date(2026, 11, 22)))
    finally:
        core.close()
    drawn = charts.all_charts(figures)
    assert {"monthly", "channel", "category", "unit", "overdue", "satisfaction"} <= set(drawn)
    for name, (title, svg) in drawn.items():
        texts = {"".join(node.itertext()) for node in ET.fromstring(svg).iter(f"{SVG}text")}
        assert title in texts, name
        assert any("本期间" in text for text in texts), (name, texts)
        assert not any("0.05" in text or "−0.0" in text for text in texts), (name, texts)


async def test_the_queue_pages_by_its_cursor(console: Console,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.console import routes

    clerk = await console.login("clerk")
    whole = (await clerk.get("/console/queue")).text
    shown = re.findall(r'href="/console/cases/(XF\d{4}-\d+)"', whole)
    assert len(shown) >= 2
    monkeypatch.setattr(routes, "QUEUE_PAGE", 1)
    seen, after = [], ""
    while True:
        page = (await clerk.get("/console/queue", **({"after": after} if after else {}))).text
        seen += re.findall(r'href="/console/cases/(XF\d{4}-\d+)"', page)
        following = re.search(r'href="/console/queue\?after=([^"]+)"', page)
        if following is None:
            break
        after = urllib.parse.unquote(following.group(1))
    assert seen == shown  # one at a time, the same cases in the same order
    # A cursor the page did not write is the first page, not an error.
    first = (await clerk.get("/console/queue", after="x.1")).text
    assert re.findall(r'href="/console/cases/(XF\d{4}-\d+)"', first) == shown[:1]
