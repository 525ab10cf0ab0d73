"""The staff REST API: tokens and roles, unit scope, redaction, the access audit, errors."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.api import routes
from storage.accounts import ApiToken, PersonalDataAccess
from tests.api.conftest import (
    CANARY_EMAIL,
    CANARY_NAME,
    CANARY_PHONE,
    UNIT,
    Api,
    set_case,
)


def assert_error(response: object, status: int, code: str | None = None) -> dict[str, str]:
    import httpx

    assert isinstance(response, httpx.Response)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"]
    assert "Traceback" not in response.text
    if code is not None:
        assert body["error"]["code"] == code
    return dict(body["error"])


def audit_rows(api: Api) -> list[PersonalDataAccess]:
    return list(api.core.store.read_sync(lambda s: list(s.exec(select(PersonalDataAccess)))))


# -- authentication ------------------------------------------------------------------------


async def test_no_token_or_a_wrong_one_is_401(api: Api) -> None:
    missing = await api.client.get("/api/cases")
    assert_error(missing, 401, "unauthorized")
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = await api.client.get("/api/me", headers={"Authorization": "Bearer not-a-token"})
    assert_error(wrong, 401, "unauthorized")


async def test_tokens_are_stored_hashed_and_me_names_the_account(api: Api) -> None:
    stored = api.core.store.read_sync(lambda s: [t.token_hash for t in s.exec(select(ApiToken))])
    assert api.tokens["handler"] not in stored and len(stored) == len(api.tokens)
    me = await api.get("/api/me", "handler")
    assert me.status_code == 200
    assert me.json() == {"name": "handler", "role": "handler", "unit": UNIT,
                         "actions": ["answer", "delivered", "dispute", "extend", "report",
                                     "unit_accept"]}


async def test_a_new_token_revokes_the_old_one(api: Api) -> None:
    from bot.api import issue_token
    from tests.conftest import FIXED_NOW

    old = api.tokens["clerk"]
    api.tokens["clerk"] = api.core.store.write_sync(lambda s: issue_token(s, "clerk", FIXED_NOW))
    assert (await api.get("/api/me", "clerk")).status_code == 200
    stale = await api.client.get("/api/me", headers={"Authorization": f"Bearer {old}"})
    assert_error(stale, 401)


# -- scope and redaction -------------------------------------------------------------------


async def test_a_handler_lists_only_its_units_cases(api: Api) -> None:
    listing = await api.get("/api/cases", "handler")
    assert listing.status_code == 200
    numbers = {item["number"] for item in listing.json()["items"]}
    assert numbers == {api.numbers["accusation"], api.numbers["complaint"]}
    assert listing.json()["total"] == 2
    everything = await api.get("/api/cases", "boss")
    assert everything.json()["total"] == 3
    assert_error(await api.get("/api/cases", "handler", unit="市交通委员会"), 403, "forbidden")
    assert_error(await api.get(f"/api/cases/{api.numbers['road']}", "handler"), 404, "not_found")


async def test_a_handler_never_sees_the_accusers_identity(api: Api) -> None:
    number = api.numbers["accusation"]
    response = await api.get(f"/api/cases/{number}", "handler")
    assert response.status_code == 200
    body = response.text
    for canary in (CANARY_NAME, CANARY_PHONE, CANARY_EMAIL, "欧阳"):
        assert canary not in body, canary
    view = response.json()
    assert view["identity_redacted"] is True and view["petitioner"] is None
    assert any("收受" in m["text"] for m in view["messages"])  # the material itself is there
    assert all(e["actor"] in ("petitioner", "bot") or e["actor"].startswith("staff:")
               for e in view["events"])
    # Nor in the list, nor through a search by the accuser's phone or name.
    listing = await api.get("/api/cases", "handler")
    assert CANARY_NAME not in listing.text and CANARY_PHONE not in listing.text
    by_phone = await api.get("/api/cases", "handler", q=CANARY_PHONE)
    assert by_phone.json()["total"] == 0
    by_name = await api.get("/api/cases", "handler", q=CANARY_NAME)
    assert by_name.json()["total"] == 0


async def test_a_handler_sees_the_identity_on_other_cases_of_its_unit(api: Api) -> None:
    response = await api.get(f"/api/cases/{api.numbers['complaint']}", "handler")
    assert response.status_code == 200
    view = response.json()
    assert view["identity_redacted"] is False
    assert view["petitioner"]["identities"][0]["urn"] == "mailto:parent@example.cn"


async def test_supervisor_sees_the_identity_and_every_read_is_audited(api: Api) -> None:
    number = api.numbers["accusation"]
    assert audit_rows(api) == []
    response = await api.get(f"/api/cases/{number}", "boss")
    view = response.json()
    assert view["petitioner"]["name"] == CANARY_NAME
    assert view["petitioner"]["identities"][0]["urn"] == f"tel:+86{CANARY_PHONE}"
    await api.get(f"/api/cases/{number}", "handler")
    rows = audit_rows(api)
    assert [(r.actor, r.case_number) for r in rows] == [("boss", number), ("handler", number)]
    assert {"name", "contact", "identities"} <= set(rows[0].fields)
    assert not {"name", "contact"} & set(rows[1].fields)
    assert rows[0].at is not None and rows[0].purpose.startswith("GET /api/cases/")
    # The audit holds who and what, not a copy of the data.
    assert CANARY_NAME not in repr(rows[0].details) + repr(rows[0].fields)


async def test_a_search_by_phone_is_audited(api: Api) -> None:
    found = await api.get("/api/cases", "clerk", q=CANARY_PHONE)
    assert [i["number"] for i in found.json()["items"]] == [api.numbers["accusation"]]
    rows = audit_rows(api)
    assert len(rows) == 1 and rows[0].fields == ["search"] and rows[0].actor == "clerk"
    assert rows[0].details["matches"] == [api.numbers["accusation"]]
    plain = await api.get("/api/cases", "clerk", status="registered")
    assert plain.status_code == 200 and len(audit_rows(api)) == 1  # no personal data read


async def test_query_codes_never_leave_through_the_api(api: Api) -> None:
    view = (await api.get(f"/api/cases/{api.numbers['road']}", "root")).json()
    acks = [m["text"] for m in view["messages"] if m["direction"] == "out"]
    assert acks and all("查询码 ＊＊＊" in text for text in acks if "查询码" in text)


# -- search and pagination -----------------------------------------------------------------


async def test_keyset_pages_follow_next_to_the_end(api: Api) -> None:
    first = (await api.get("/api/cases", "boss", per_page=2)).json()
    second = (await api.get("/api/cases", "boss", per_page=2, after=first["next"])).json()
    seen = [i["number"] for i in first["items"] + second["items"]]
    assert first["next"] == first["items"][-1]["number"] and second["next"] == ""
    assert sorted(seen, reverse=True) == seen and len(set(seen)) == 3 == first["total"]
    unknown = (await api.get("/api/cases", "boss", after="XF1999-000001")).json()
    assert unknown["items"] == []


async def test_pagination_and_filters(api: Api) -> None:
    first = (await api.get("/api/cases", "boss", per_page=2, page=1)).json()
    second = (await api.get("/api/cases", "boss", per_page=2, page=2)).json()
    assert first["total"] == second["total"] == 3
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    seen = [i["number"] for i in first["items"] + second["items"]]
    assert sorted(seen, reverse=True) == seen and len(set(seen)) == 3
    beyond = (await api.get("/api/cases", "boss", per_page=2, page=9)).json()
    assert beyond["items"] == [] and beyond["total"] == 3
    assert (await api.get("/api/cases", "boss", unit="市交通委员会")).json()["total"] == 1
    assert (await api.get("/api/cases", "boss", q="路灯")).json()["total"] == 1
    assert (await api.get("/api/cases", "boss", q=api.numbers["road"][-6:])).json()["total"] == 1
    today = "2026-11-22"  # FIXED_NOW is 10:00 in Beijing on this day
    assert (await api.get("/api/cases", "boss", received_from=today,
                          received_to=today)).json()["total"] == 3
    assert (await api.get("/api/cases", "boss", received_from="2026-11-23")).json()["total"] == 0
    assert (await api.get("/api/cases", "boss", received_to="2026-11-21")).json()["total"] == 0


async def test_a_units_cases_under_its_several_names_page_as_one_list(api: Api) -> None:
    # Each name of a unit is walked on its own and the ids merged (bot.api.queries): the
    # pages must still be one list, newest first, each case once, by keyset and by offset.
    set_case(api.core, api.numbers["complaint"], unit="市交通局")
    set_case(api.core, api.numbers["accusation"], unit="北京市交通委员会")
    wanted = sorted(api.numbers.values(), reverse=True)
    walked, after = [], ""
    for _ in range(4):
        page = (await api.get("/api/cases", "boss", unit="市交通委员会", per_page=1,
                              after=after)).json()
        walked += [item["number"] for item in page["items"]]
        assert page["total"] == 3
        after = page["next"]
        if not after:
            break
    assert walked == wanted
    by_offset = [(await api.get("/api/cases", "boss", unit="市交通委员会", per_page=2,
                                page=n)).json()["items"] for n in (1, 2)]
    assert [item["number"] for items in by_offset for item in items] == wanted


async def test_the_total_is_counted_up_to_a_limit_unless_asked_exactly(
        api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    # A bounded count reads at most TOTAL_LIMIT + 1 index entries on any page (issue 21);
    # three cases against a limit of two stand for a million against ten thousand.
    monkeypatch.setattr(routes, "TOTAL_LIMIT", 2)
    bounded = (await api.get("/api/cases", "boss", per_page=1)).json()
    assert (bounded["total"], bounded["total_exact"]) == (2, False)
    deeper = (await api.get("/api/cases", "boss", per_page=1, after=bounded["next"])).json()
    assert (deeper["total"], deeper["total_exact"]) == (2, False) and deeper["next"]
    exact = (await api.get("/api/cases", "boss", per_page=1, count="exact")).json()
    assert (exact["total"], exact["total_exact"]) == (3, True)
    assert exact["items"] == bounded["items"]
    few = (await api.get("/api/cases", "boss", unit="市交通委员会")).json()
    assert (few["total"], few["total_exact"]) == (1, True)
    monkeypatch.setattr(routes, "TOTAL_LIMIT", 3)
    at_the_limit = (await api.get("/api/cases", "boss")).json()
    assert (at_the_limit["total"], at_the_limit["total_exact"]) == (3, True)


@pytest.mark.parametrize("params", [{"per_page": 0}, {"per_page": 101}, {"page": "abc"},
                                    {"count": "roughly"},
                                    {"received_from": "yesterday"}])
async def test_bad_query_parameters_are_422(api: Api, params: dict[str, object]) -> None:
    assert_error(await api.get("/api/cases", "boss", **params), 422, "invalid")


async def test_a_reversed_date_range_is_400(api: Api) -> None:
    response = await api.get("/api/cases", "boss", received_from="2026-11-22",
                             received_to="2026-11-01")
    assert_error(response, 400, "bad_request")


async def test_unknown_paths_and_methods_share_the_shape(api: Api) -> None:
    assert_error(await api.get("/api/nothing", "boss"), 404)
    assert_error(await api.client.delete("/api/me", headers=api.auth("boss")), 405)


# -- actions -------------------------------------------------------------------------------


async def test_clerk_accepts_and_a_refusal_is_409_with_the_reason(api: Api) -> None:
    number = api.numbers["road"]
    set_case(api.core, number, unit="")
    accepted = await api.post(f"/api/cases/{number}/actions/accept", "clerk", {})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    again = await api.post(f"/api/cases/{number}/actions/accept", "clerk", {})
    error = assert_error(again, 409, "refused")
    assert "accepted" in error["message"]
    refused = await api.post(f"/api/cases/{number}/actions/reject", "clerk", {})
    assert_error(refused, 409)


async def test_roles_limit_the_actions(api: Api) -> None:
    number = api.numbers["complaint"]
    assert_error(await api.post(f"/api/cases/{number}/actions/accept", "handler", {}), 403)
    assert_error(await api.post(f"/api/cases/{number}/actions/answer", "clerk",
                                {"text": "已核实"}), 403)
    road = api.numbers["road"]
    assert_error(await api.post(f"/api/cases/{road}/actions/answer", "handler",
                                {"text": "已核实"}), 404)  # not its unit: not even there


async def test_bad_action_requests(api: Api) -> None:
    number = api.numbers["road"]
    assert_error(await api.post(f"/api/cases/{number}/actions/explode", "boss", {}), 404,
                 "unknown_action")
    assert_error(await api.post("/api/cases/XF2026-999999/actions/accept", "boss", {}), 404)
    assert_error(await api.post(f"/api/cases/{number}/actions/accept", "boss",
                                {"actor": "someone else"}), 422)
    assert_error(await api.post(f"/api/cases/{number}/actions/assign", "boss",
                                {"unit": {"nested": "object"}}), 422)
    broken = await api.client.post(f"/api/cases/{number}/actions/accept", headers={
        **api.auth("boss"), "Content-Type": "application/json"}, content=b"{not json")
    assert_error(broken, 422, "invalid")


async def test_an_unexpected_failure_is_a_bare_500(api: Api, monkeypatch: pytest.MonkeyPatch
                                                   ) -> None:
    def explode(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError(f"leaked {CANARY_PHONE}")

    monkeypatch.setattr(routes, "search", explode)
    response = await api.get("/api/cases", "boss")
    error = assert_error(response, 500, "internal")
    assert CANARY_PHONE not in response.text and error["message"] == "internal error"


async def test_the_openapi_document_describes_the_api(api: Api) -> None:
    document = (await api.client.get("/openapi.json")).json()
    paths = document["paths"]
    assert {"/api/me", "/api/cases", "/api/cases/{number}",
            "/api/cases/{number}/actions/{action}"} <= set(paths)
    assert "HTTPBearer" in document["components"]["securitySchemes"]
    assert "ErrorReply" in document["components"]["schemas"]
