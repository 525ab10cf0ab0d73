"""Issue 14 items 3 and 6: accusation statistics reach only the roles entitled to them, never
over a period or a count small enough to point at a person; and no label a unit or a
petitioner wrote breaks the charts or the report (matplotlib's mathtext is never used)."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from bot import charts, report
from bot.api import add_user
from bot.core import Core
from bot.stats import FEW_ACCUSED, Count, Period, Statistics, compute, for_viewer
from bot.web import build_app
from nlp import Analyzer
from storage import Case, Identity, Petitioner
from tests.bot.harness import open_core
from tests.conftest import FIXED_NOW
from tests.console.conftest import CSRF

#: A unit name a clerk could type: mathtext would fail on it.
HOSTILE = r"区$\frac{城管$局\\"
ACCUSED = {"区城管局": 4, "区住建局": 2, "市商务局": 1, HOSTILE: 3}


def stats_for(period: Period, accused: dict[str, int]) -> Statistics:
    empty = compute_empty(period)
    ranked = tuple(Count(unit, n) for unit, n in sorted(accused.items(), key=lambda i: -i[1]))
    return dataclasses.replace(empty, accused_units=ranked)


def compute_empty(period: Period) -> Statistics:
    from storage import Store

    store = Store.open("sqlite://", Path("/nonexistent"))  # in memory; no files are written
    try:
        return store.read_sync(lambda s: compute(s, period, period.end))
    finally:
        store.close()


YEAR = Period.year(2026)


@pytest.mark.parametrize(("entitled", "period", "shown"), [
    (False, YEAR, ()),
    (True, YEAR, (("区城管局", 4), (FEW_ACCUSED, 3), (HOSTILE, 3))),
    (True, Period(date(2026, 3, 1), date(2026, 3, 1)), ()),  # one day: toward a person
    (True, Period(date(2026, 1, 1), date(2026, 3, 30)), ()),  # 89 days
    (True, Period(date(2026, 1, 1), date(2026, 3, 31)),
     (("区城管局", 4), (FEW_ACCUSED, 3), (HOSTILE, 3))),  # 90 days
])
def test_accusation_figures_for_each_viewer(entitled: bool, period: Period,
                                            shown: tuple[tuple[str, int], ...]) -> None:
    figures = for_viewer(stats_for(period, ACCUSED), accusations=entitled)
    assert tuple((c.label, c.count) for c in figures.accused_units) == shown


def test_a_lone_small_count_is_not_summed_into_a_line_of_its_own() -> None:
    figures = for_viewer(stats_for(YEAR, {"区城管局": 3, "区住建局": 1}), accusations=True)
    assert [(c.label, c.count) for c in figures.accused_units] == [("区城管局", 3)]


def test_every_label_is_drawn_as_plain_text() -> None:
    figures = dataclasses.replace(stats_for(YEAR, ACCUSED), by_unit=(Count(HOSTILE, 2),),
                                  by_category=(Count("$x^2$", 1),))
    drawn = charts.all_charts(for_viewer(figures, accusations=True))
    for name in ("unit", "accused", "category"):
        svg = drawn[name][1]
        texts = {"".join(node.itertext())
                 for node in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}
        assert any(HOSTILE in text or "$x^2$" in text for text in texts), name


def test_the_report_is_written_whatever_the_unit_is_called(tmp_path: Path) -> None:
    figures = dataclasses.replace(stats_for(YEAR, ACCUSED), by_unit=(Count(HOSTILE, 2),))
    paths = report.write(for_viewer(figures, accusations=True), tmp_path, "report-2026")
    page = paths[0].read_text(encoding="utf-8")
    assert page.count("<svg") >= 8 and "区$\\frac{城管$局" in page


@pytest.fixture
def core(database_url: str, tmp_path: Path, analyzer: Analyzer) -> Iterator[Core]:
    opened = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)

    def seed(session: Session) -> None:
        person = Petitioner(name="不可见", created_at=FIXED_NOW)
        session.add(person)
        session.flush()
        assert person.id is not None
        identity = Identity(urn="tel:+8613800009999", channel="sms", petitioner_id=person.id,
                            created_at=FIXED_NOW)
        session.add(identity)
        session.flush()
        assert identity.id is not None
        for serial in range(1, 5):
            at = datetime(2026, 3, serial, 2, tzinfo=UTC)
            session.add(Case(number=f"XF2026-{serial:06d}", code_hash="-",
                             petitioner_id=person.id, identity_id=identity.id, channel="sms",
                             statutory_type="检举控告", accused_units=["区城管局"],
                             unit=HOSTILE if serial == 1 else "区纪委监委", received_at=at,
                             created_at=at, updated_at=at, route_reasons=[], hearing_pauses=[]))

    opened.store.write_sync(seed)
    yield opened
    opened.close()


async def chart_page(core: Core, who: str, role: str, unit: str = "",
                     **period: str) -> httpx.Response:
    app = build_app(core.store, [], [], core=core)
    token = core.store.write_sync(lambda s: add_user(s, who, role, FIXED_NOW, unit=unit))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        login = await client.get("/console/login")
        nonce = CSRF.search(login.text)
        assert nonce is not None
        await client.post("/console/login", data={"csrf": nonce.group(1), "token": token})
        return await client.get("/console/charts", params=period)


@pytest.mark.parametrize(("role", "unit", "period", "chart"), [
    ("handler", "区城管局", {}, False),  # the accused unit itself
    ("handler", "区纪委监委", {}, False),
    ("clerk", "", {}, False),
    ("supervisor", "", {}, True),
    ("admin", "", {}, True),
    ("supervisor", "", {"from": "2026-03-02", "to": "2026-03-02"}, False),
])
async def test_the_console_shows_the_accused_units_only_to_the_entitled(
        core: Core, role: str, unit: str, period: dict[str, str], chart: bool) -> None:
    page = await chart_page(core, f"{role}{len(period)}", role, unit, **period)
    assert page.status_code == 200, page.text  # also: the hostile unit name draws fine
    assert ('id="chart-accused"' in page.text) is chart
    assert ("被检举控告" in page.text) is chart
    if not chart:
        assert page.text.count("区城管局") == (1 if unit == "区城管局" else 0)  # the header
