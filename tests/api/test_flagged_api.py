"""The API's list of messages flagged for a person that no case holds, its single view and its
"handled": the same read as ``cases flagged`` (``bot.staff.flagged_messages``), masked as the
console masks it; one message whole (the sender to call back) only in the audited single view;
the bureau's roles only; the API's auth and error shapes."""

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


async def test_the_openapi_document_describes_them(api: Api) -> None:
    document = (await api.client.get("/openapi.json")).json()
    assert {"/api/flagged", "/api/flagged/{message_id}",
            "/api/flagged/{message_id}/handled"} <= set(document["paths"])
    assert {"FlaggedList", "FlaggedDetail"} <= set(document["components"]["schemas"])


def audited_views(api: Api) -> list[PersonalDataAccess]:
    return api.core.store.read_sync(lambda s: list(s.exec(select(PersonalDataAccess).where(
        PersonalDataAccess.purpose == "GET /api/flagged/{message_id}"))))


async def test_the_single_view_shows_the_sender_whole_and_is_audited(api: Api) -> None:
    await api.bot.say("请给我回个电话", sender=f"tel:+86{SENDER_PHONE}", sender_name="王小明")
    [flagged] = api.core.store.read_sync(lambda s: staff.flagged_messages(s))
    message_id = int(flagged["id"])
    listed = await api.get("/api/flagged", "clerk")
    assert SENDER_PHONE not in listed.text and "王小明" not in listed.text
    shown = await api.get(f"/api/flagged/{message_id}", "clerk")
    assert shown.status_code == 200, shown.text
    assert shown.json() == {
        "id": message_id, "channel": "sms", "sender": f"tel:+86{SENDER_PHONE}",
        "sender_name": "王小明", "contact": f"+86{SENDER_PHONE}",
        "received_at": flagged["received_at"], "reason": "person", "subject": "",
        "text": "请给我回个电话"}
    [row] = audited_views(api)
    assert (row.actor, row.case_number, row.details) == ("clerk", "", {"messages": [message_id]})
    assert row.fields == ["sender", "sender_name", "contact", "text"]
    # A chat id is the address: nothing to dial, the answer goes on its channel.
    chat = await ask_for_person(api, "telegram:9001")
    assert (await api.get(f"/api/flagged/{chat}", "boss")).json()["contact"] == ""
    assert len(audited_views(api)) == 2


async def test_the_single_view_is_the_bureau_s_and_only_of_a_flagged_message(api: Api) -> None:
    message_id = await ask_for_person(api)
    assert_error(await api.client.get(f"/api/flagged/{message_id}"), 401, "unauthorized")
    refused = await api.get(f"/api/flagged/{message_id}", "handler")
    assert_error(refused, 403, "forbidden")
    assert SENDER_PHONE not in refused.text
    # Message 1 is the first case's: its case view shows it, not this one.
    for unknown in (1, 999999):
        assert_error(await api.get(f"/api/flagged/{unknown}", "root"), 404, "not_found")
    for invalid in (0, 2**31):
        assert_error(await api.get(f"/api/flagged/{invalid}", "root"), 422, "invalid")
    await api.post(f"/api/flagged/{message_id}/handled", "clerk")
    gone = await api.get(f"/api/flagged/{message_id}", "clerk")
    assert_error(gone, 404, "not_found")
    assert SENDER_PHONE not in gone.text
    assert audited_views(api) == []
