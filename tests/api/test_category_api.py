"""``POST /api/cases/{number}/category``: triage's verdict through the API, recorded with the
case's text for retraining (issue 18)."""

from __future__ import annotations

from sqlmodel import col, select

from storage import CategoryCorrection
from tests.api.conftest import ROAD_TEXT, Api
from tests.api.test_api import assert_error


def rows(api: Api) -> list[CategoryCorrection]:
    return list(api.core.store.read_sync(lambda s: list(s.exec(
        select(CategoryCorrection).order_by(col(CategoryCorrection.id))))))


async def test_a_clerk_corrects_the_category(api: Api) -> None:
    number = api.numbers["road"]
    before = (await api.get(f"/api/cases/{number}", "clerk")).json()["category"]
    target = next(c for c in sorted(api.core.intake.conversation.routing.units) if c != before)
    answer = await api.post(f"/api/cases/{number}/category", "clerk", {"category": target})
    assert answer.status_code == 200, answer.text
    assert answer.json()["category"] == target
    [row] = rows(api)
    assert (row.predicted, row.category, row.source, row.actor) == (
        before, target, "api", "staff:clerk")
    assert ROAD_TEXT in row.text


async def test_refusals_write_nothing(api: Api) -> None:
    number = api.numbers["road"]
    assert_error(await api.post(f"/api/cases/{number}/category", "clerk",
                                {"category": "不存在的类别"}), 409, "refused")
    assert_error(await api.post(f"/api/cases/{number}/category", "roads",
                                {"category": "城乡建设"}), 403)
    assert_error(await api.post("/api/cases/XF2026-999999/category", "clerk",
                                {"category": "城乡建设"}), 404)
    assert_error(await api.post(f"/api/cases/{number}/category", "clerk", {}), 422)
    assert rows(api) == []
