"""``POST /api/cases/{number}/actions/split``: the bureau registers one matter of a letter that
told several as a case of its own; a unit's handler may not; a part goes once."""

from __future__ import annotations

from tests.api.conftest import Api, file
from tests.api.test_api import assert_error
from tests.bot.harness import case_events, case_row

LETTER = ("我反映两件事。第一，幸福路的路灯坏了半个月，晚上很黑，老人孩子出行不安全，请尽快修理；"
          "第二，我实名举报市教育委员会某科长收受学校好处费，违规审批民办学校办学许可。")
SENDER = "mailto:liu.min@example.cn"


async def test_a_clerk_splits_a_part_and_gets_the_new_case(api: Api) -> None:
    number = await file(api.bot, LETTER, SENDER)
    answer = await api.post(f"/api/cases/{number}/actions/split", "clerk", {"part": 1})
    assert answer.status_code == 200, answer.text
    view = answer.json()
    assert view["split_from"] == number and view["part"] == 1 and view["told"] is True
    assert view["number"] != number and view["route"]["unit"] == "市住房和城乡建设委员会"
    new = case_row(api.bot, view["number"])
    assert new.received_at == case_row(api.bot, number).received_at
    [event] = case_events(api.bot, number, "split_to")
    assert event.details["number"] == view["number"] and event.actor.endswith("clerk")

    again = assert_error(await api.post(f"/api/cases/{number}/actions/split", "boss",
                                        {"part": 1}), 409, "refused")
    assert view["number"] in again["message"]


async def test_split_is_the_bureaus_and_its_body_is_checked(api: Api) -> None:
    number = await file(api.bot, LETTER, SENDER)
    me = (await api.get("/api/me", "clerk")).json()
    assert "split" in me["actions"]
    assert "split" not in (await api.get("/api/me", "handler")).json()["actions"]
    assert_error(await api.post(f"/api/cases/{number}/actions/split", "roads", {"part": 1}),
                 403, "forbidden")
    for body in ({}, {"part": 0}, {"part": "二"}, {"part": 1, "unit": "市教育委员会"},
                 {"part": 1, "text": ["x"]}):
        assert_error(await api.post(f"/api/cases/{number}/actions/split", "clerk", body),
                     422, "invalid")
    assert_error(await api.post(f"/api/cases/{number}/actions/split", "clerk", {"part": 5}),
                 409, "refused")
    assert not case_events(api.bot, number, "split_to")
