"""The API's list of messages flagged for a person that no case holds and its "handled":
the same read as ``cases flagged`` (``bot.staff.flagged_messages``), masked as the console
masks it; the bureau's roles only; the API's auth and error shapes."""

from __future__ import annotations

from sqlmodel import select

from bot import staff
from storage import Message
from storage.accounts import PersonalDataAccess
from tests.api.conftest import Api
from tests.api.test_api import assert_error

SENDER_PHONE = "13800138555"


async def ask_for_person(api: Api, sender: str = f"tel:+86{SENDER_PHONE}",
                         text: str = "转人工") -> int:
    await api.bot.say(text, sender=sender)
    listed = api.core.store.read_sync(lambda s: staff.flagged_messages(s))
    assert listed and listed[0]["text"] == text, listed
    return int(listed[0]["id"])


async def test_the_list_shows_a_flagged_message_masked_with_why(api: Api) -> None:
    message_id = await ask_for_person(api)
    listed = await api.get("/api/flagged", "clerk")
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["next"] == "" and body["per_page"] == 20
    [item] = body["items"]
    assert (item["id"], item["channel"], item["reason"], item["text"]) == (
        message_id, "sms", "person", "转人工")
    assert item["sender"].startswith("tel:") and SENDER_PHONE not in listed.text
    assert "sender_name" not in item
    audited = api.core.store.read_sync(lambda s: list(s.exec(
        select(PersonalDataAccess).where(PersonalDataAccess.purpose == "GET /api/flagged"))))
    assert [row.details["messages"] for row in audited] == [[message_id]]


async def test_pages_newest_first_by_keyset(api: Api) -> None:
    first = await ask_for_person(api, "telegram:9001")
    second = await ask_for_person(api, "telegram:9002", "我要人工客服")
    page = (await api.get("/api/flagged", "boss", per_page=1)).json()
    assert [item["id"] for item in page["items"]] == [second] and page["next"] == str(second)
    rest = (await api.get("/api/flagged", "boss", per_page=1, after=page["next"])).json()
    assert [item["id"] for item in rest["items"]] == [first] and rest["next"] == ""


async def test_handled_takes_it_off_the_list_with_who_and_when(api: Api) -> None:
    message_id = await ask_for_person(api)
    done = await api.post(f"/api/flagged/{message_id}/handled", "clerk")
    assert done.status_code == 200, done.text
    assert done.json()["id"] == message_id and done.json()["handled_by"] == "staff:clerk"
    assert (await api.get("/api/flagged", "clerk")).json()["items"] == []
    kept = api.core.store.read_sync(lambda s: s.get(Message, message_id))
    assert kept is not None and not kept.needs_human
    assert kept.meta["handled_by"] == "staff:clerk" and kept.meta["handled_at"]
    # Handled already: no flagged message has that id any more.
    assert_error(await api.post(f"/api/flagged/{message_id}/handled", "clerk"), 404, "not_found")


async def test_an_unknown_id_is_404_and_a_case_message_is_not_flagged(api: Api) -> None:
    assert_error(await api.post("/api/flagged/999999/handled", "root"), 404, "not_found")
    assert_error(await api.post("/api/flagged/0/handled", "root"), 422, "invalid")
    # A message a case holds is the case's, not this list's (the first one filed has id 1).
    assert_error(await api.post("/api/flagged/1/handled", "root"), 404, "not_found")


async def test_a_token_is_required_and_a_unit_handler_is_refused(api: Api) -> None:
    message_id = await ask_for_person(api)
    assert_error(await api.client.get("/api/flagged"), 401, "unauthorized")
    assert_error(await api.client.post(f"/api/flagged/{message_id}/handled"), 401,
                 "unauthorized")
    wrong = {"Authorization": "Bearer nope"}
    assert_error(await api.client.get("/api/flagged", headers=wrong), 401, "unauthorized")
    assert_error(await api.get("/api/flagged", "handler"), 403, "forbidden")
    assert_error(await api.post(f"/api/flagged/{message_id}/handled", "handler"), 403,
                 "forbidden")
    kept = api.core.store.read_sync(lambda s: s.get(Message, message_id))
    assert kept is not None and kept.needs_human


async def test_the_openapi_document_describes_both(api: Api) -> None:
    document = (await api.client.get("/openapi.json")).json()
    assert {"/api/flagged", "/api/flagged/{message_id}/handled"} <= set(document["paths"])
    assert "FlaggedList" in document["components"]["schemas"]
