"""Issue 14 item 4: an ``email`` (or ``account_id``) in an Open311 request is what the client
says, not who the person is. It is scoped to the client's key and never opens a case: not its
status, its list, nor a supplement. Only the case number with its query code does. And an
accusation filed through Open311 is not shown to the public read of another client."""

from __future__ import annotations

import re

from sqlmodel import select

from bot.cases import find_case
from storage import Message
from tests.open311.conftest import BASE, PETITION, Open311

CODE = re.compile(r"查询码[：:]?\s*([A-HJ-NP-Z2-9]{8})")


def messages_of(open311: Open311, number: str) -> list[str]:
    def work(session: object) -> list[str]:
        case = find_case(session, number)  # type: ignore[arg-type]
        assert case is not None
        return list(session.exec(  # type: ignore[attr-defined]
            select(Message.text).where(Message.case_id == case.id)))

    return open311.core.store.read_sync(work)


async def file_as(open311: Open311, key: str, **fields: str) -> dict[str, str]:
    form = {**PETITION, "api_key": key, **fields}
    response = await open311.client.post(f"{BASE}/requests.json", data=form)
    assert response.status_code == 200, response.text
    answer: dict[str, str] = response.json()[0]
    return answer


async def test_an_email_from_another_key_reaches_nothing(open311: Open311) -> None:
    first = await file_as(open311, open311.key)
    number = first["service_request_id"]
    for key in (open311.other_key, open311.key):  # another client, and the same one again
        for text in ("我反映的事情现在办得怎么样了？", "我的事项列表", "补充：管道今天又漏了，味道更大。"):
            answer = await file_as(open311, key, description=text)
            assert number not in answer.get("service_notice", ""), (key, text)
            assert answer.get("service_request_id") != number, (key, text)
    assert messages_of(open311, number) == [PETITION["description"]]


async def test_the_query_code_opens_the_case_from_any_client(open311: Open311) -> None:
    first = await file_as(open311, open311.key)
    number = first["service_request_id"]
    code = CODE.search(first["service_notice"])
    assert code is not None
    answer = await file_as(open311, open311.other_key,
                           description=f"查询 {number} 查询码 {code.group(1)}")
    assert number in answer.get("service_notice", "")
    wrong = await file_as(open311, open311.other_key, description=f"查询 {number} 查询码 ABCDEFGH")
    assert number not in wrong.get("service_notice", "") + wrong.get("service_request_id", "")


async def test_an_accusation_is_not_in_another_clients_public_view(open311: Open311) -> None:
    answer = await file_as(open311, open311.key,
                           description="举报区城管局执法人员收受贿赂，在幸福路执法时索要好处费。")
    number = answer["service_request_id"]
    filer = await open311.client.get(f"{BASE}/requests/{number}.json",
                                     params={"api_key": open311.key})
    assert filer.status_code == 200 and filer.json()[0]["description"]
    for params in ({"api_key": open311.other_key}, {}):
        one = await open311.client.get(f"{BASE}/requests/{number}.json", params=params)
        assert one.status_code == 404, params
        listing = await open311.client.get(f"{BASE}/requests.json", params=params)
        assert number not in listing.text, params
