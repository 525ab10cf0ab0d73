"""Open311 GeoReport v2: every response checked against the schemas; JSON and XML; errors."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

import httpx
import pytest
from sqlmodel import select

from bot.cases import find_case
from channels.base import IntakeUnavailable
from storage import Case, Message, Petitioner
from storage.accounts import Open311Key, Open311Request
from tests.api.conftest import set_case
from tests.bot.harness import BotHarness
from tests.open311.conftest import (
    BASE,
    PETITION,
    Open311,
    check,
    check_definition,
    corrected_swagger,
)

CATEGORIES = {"交通运输", "劳动和社会保障", "卫生计生", "商贸旅游", "城乡建设", "教育文体", "环境保护"}


def xml(response: httpx.Response) -> ElementTree.Element:
    assert response.headers["content-type"].startswith("text/xml")
    return ElementTree.fromstring(response.content)


def assert_open311_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    if response.request.url.path.endswith(".xml"):
        root = xml(response)
        assert root.tag == "errors"
        assert root.findtext("error/code") == str(status)
        description = root.findtext("error/description")
        assert description
        return description
    body = response.json()
    assert isinstance(body, list) and body[0]["code"] == status, body
    assert body[0]["description"] and set(body[0]) == {"code", "description"}
    return str(body[0]["description"])


async def filed_number(open311: Open311, **fields: str) -> str:
    response = await open311.file(**fields)
    assert response.status_code == 200, response.text
    check_definition(response.json()[0], "RequestResponse")
    return str(response.json()[0]["service_request_id"])


# -- discovery and services ----------------------------------------------------------------


async def test_discovery_names_this_endpoint(open311: Open311) -> None:
    document = (await open311.client.get(f"{BASE}/discovery.json")).json()
    endpoint = document["endpoints"][0]
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(endpoint["formats"]) == {"application/json", "text/xml"}
    root = xml(await open311.client.get(f"{BASE}/discovery.xml"))
    assert root.findtext("endpoints/endpoint/url") == "http://testserver/open311/v2"


async def test_services_are_the_classifiers_categories(open311: Open311) -> None:
    services = (await open311.client.get(f"{BASE}/services.json")).json()
    check(services, "services.json")
    for service in services:
        check_definition(service, "Service")
    assert {s["service_code"] for s in services} == CATEGORIES
    root = xml(await open311.client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    assert {e.findtext("service_code") for e in root.findall("service")} == CATEGORIES
    assert root.find("service/metadata").text == "false"  # type: ignore[union-attr]


async def test_service_definition_and_unknown_service(open311: Open311) -> None:
    definition = (await open311.client.get(f"{BASE}/services/城乡建设.json")).json()
    check(definition, "service-definition.json")
    assert definition == {"service_code": "城乡建设", "attributes": []}
    root = xml(await open311.client.get(f"{BASE}/services/城乡建设.xml"))
    assert root.tag == "service_definition" and root.findtext("service_code") == "城乡建设"
    assert_open311_error(await open311.client.get(f"{BASE}/services/火星.json"), 404)
    assert_open311_error(await open311.client.get(f"{BASE}/services/火星.xml"), 404)
    assert_open311_error(await open311.client.get(f"{BASE}/services.html"), 404)


# -- filing --------------------------------------------------------------------------------


async def test_a_filed_request_is_a_case_on_the_open311_channel(open311: Open311) -> None:
    response = await open311.file()
    assert response.status_code == 200
    answer = response.json()[0]
    check_definition(answer, "RequestResponse")
    number = answer["service_request_id"]
    assert number.startswith("XF2026-") and "查询码" in answer["service_notice"]

    def facts(session: Any) -> tuple[Case, Message, Petitioner, list[Open311Request]]:
        case = find_case(session, number)
        assert case is not None
        message = session.exec(select(Message).where(Message.case_id == case.id)).one()
        petitioner = session.get(Petitioner, case.petitioner_id)
        return case, message, petitioner, list(session.exec(select(Open311Request)))

    case, message, petitioner, requests = open311.core.store.read_sync(facts)
    assert case.channel == "open311" and case.awaiting == ""
    assert message.sender.startswith("open311:") and ":zhangsan@example.cn:" in message.sender
    assert message.text == PETITION["description"]
    assert message.meta["lat"] == "39.9042" and message.meta["service_code"] == "城乡建设"
    assert message.meta["address_string"] == "幸福路 12 号"
    assert open311.key.encode() not in message.raw  # the api_key is never stored
    assert (petitioner.name, petitioner.contact) == ("张三", "13700001111")
    assert [r.case_number for r in requests] == [number]


async def test_filing_answers_in_xml_too(open311: Open311) -> None:
    root = xml(await open311.file("xml"))
    assert root.tag == "service_requests"
    assert (root.findtext("request/service_request_id") or "").startswith("XF2026-")


@pytest.mark.parametrize(("fields", "status"), [
    ({"api_key": ""}, 403),
    ({"api_key": "wrong"}, 403),
    ({"service_code": ""}, 400),
    ({"service_code": "火星"}, 400),
    ({"description": ""}, 400),
    ({"description": "长" * 4001}, 400),
    ({"lat": "", "long": "", "address_string": ""}, 400),
    ({"lat": "north", "long": "116"}, 400),
    ({"lat": "95", "long": "116"}, 400),
    ({"email": "x" * 300}, 400),
])
async def test_bad_filings_get_open311_errors(open311: Open311, fields: dict[str, str],
                                              status: int) -> None:
    for fmt in ("json", "xml"):
        assert_open311_error(await open311.file(fmt, **fields), status)
    assert open311.core.store.read_sync(lambda s: s.exec(select(Message)).first()) is None


async def test_a_revoked_key_is_refused(open311: Open311) -> None:
    from bot.open311 import add_key
    from tests.conftest import FIXED_NOW

    old = open311.key
    open311.key = open311.core.store.write_sync(lambda s: add_key(s, "12345平台", FIXED_NOW))
    assert (await open311.file()).status_code == 200
    open311.key = old
    assert_open311_error(await open311.file(), 403)
    hashes = open311.core.store.read_sync(lambda s: [k.key_hash for k in s.exec(select(Open311Key))])
    assert old not in hashes  # stored hashed


async def test_a_request_not_yet_registered_gets_a_token(open311: Open311,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    async def unavailable(*_args: object, **_kwargs: object) -> object:
        raise IntakeUnavailable("the store is unavailable, try again later")

    monkeypatch.setattr(open311.core.intake, "process", unavailable)
    answer = (await open311.file()).json()[0]
    check_definition(answer, "RequestResponse")
    assert "service_request_id" not in answer
    token = answer["token"]
    pending = (await open311.client.get(f"{BASE}/tokens/{token}.json")).json()
    assert pending == [{"token": token}]
    monkeypatch.undo()
    assert await open311.core.processor.drain() == 1  # the background path registers it
    resolved = (await open311.client.get(f"{BASE}/tokens/{token}.json")).json()
    for item in resolved:
        check_definition(item, "TokenResponse")  # the spec's answer is a list of these
    number = resolved[0]["service_request_id"]
    assert number.startswith("XF2026-")
    root = xml(await open311.client.get(f"{BASE}/tokens/{token}.xml"))
    assert root.findtext("request/service_request_id") == number
    assert_open311_error(await open311.client.get(f"{BASE}/tokens/nope.json"), 404)


# -- reading -------------------------------------------------------------------------------


async def test_one_request_public_and_for_its_filer(open311: Open311) -> None:
    number = await filed_number(open311)
    public = (await open311.client.get(f"{BASE}/requests/{number}.json")).json()
    check(public, "requests.json")
    view = public[0]
    assert view["service_request_id"] == number and view["status"] == "open"
    assert view["status_notes"] == "已登记，待审查受理"
    assert view["description"] is None and view["lat"] is None  # public: no petition text
    assert "张三" not in str(public) and "zhangsan" not in str(public)
    own = (await open311.client.get(f"{BASE}/requests/{number}.json",
                                    params={"api_key": open311.key})).json()
    check(own, "requests.json")
    assert own[0]["description"] == PETITION["description"]
    assert own[0]["lat"] == 39.9042 and own[0]["address"] == "幸福路 12 号"
    other = (await open311.client.get(f"{BASE}/requests/{number}.json",
                                      params={"api_key": open311.other_key})).json()
    assert other[0]["description"] is None  # another client sees the public view only
    assert_open311_error(await open311.client.get(f"{BASE}/requests/{number}.json",
                                                  params={"api_key": "wrong"}), 403)
    root = xml(await open311.client.get(f"{BASE}/requests/{number}.xml"))
    assert root.findtext("request/status") == "open"
    assert root.find("request/description") is not None


async def test_status_maps_to_open_and_closed_with_notes(open311: Open311) -> None:
    number = await filed_number(open311)
    set_case(open311.core, number, status="assigned", unit="市住房和城乡建设委员会")
    view = (await open311.client.get(f"{BASE}/requests/{number}.json")).json()[0]
    assert (view["status"], view["agency_responsible"]) == ("open", "市住房和城乡建设委员会")
    assert view["expected_datetime"] is None or view["expected_datetime"].endswith("Z")
    set_case(open311.core, number, status="answered", decision="支持")
    answered = (await open311.client.get(f"{BASE}/requests/{number}.json")).json()
    check(answered, "requests.json")
    assert answered[0]["status"] == "closed" and "支持" in answered[0]["status_notes"]
    assert answered[0]["expected_datetime"] is None


async def test_listing_requests_with_filters(open311: Open311) -> None:
    first = await filed_number(open311)
    second = await filed_number(open311, email="lisi@example.cn",
                                description="医院挂号排队时间太长，窗口太少，老人排队三个小时也挂不上号，希望改进。",
                                service_code="卫生计生")
    set_case(open311.core, first, status="closed")
    everything = (await open311.client.get(f"{BASE}/requests.json")).json()
    check(everything, "requests.json")
    assert [r["service_request_id"] for r in everything] == [second, first]
    closed = (await open311.client.get(f"{BASE}/requests.json", params={"status": "closed"}))
    assert [r["service_request_id"] for r in closed.json()] == [first]
    both = await open311.client.get(f"{BASE}/requests.json",
                                    params={"service_request_id": f"{first},{second}"})
    assert {r["service_request_id"] for r in both.json()} == {first, second}
    window = await open311.client.get(f"{BASE}/requests.json", params={
        "start_date": "2026-11-01T00:00:00Z", "end_date": "2026-11-30T00:00:00Z"})
    assert len(window.json()) == 2
    before = await open311.client.get(f"{BASE}/requests.json", params={
        "start_date": "2026-01-01T00:00:00Z", "end_date": "2026-02-01T00:00:00Z"})
    assert before.json() == []
    root = xml(await open311.client.get(f"{BASE}/requests.xml"))
    assert len(root.findall("request")) == 2
    for params in ({"status": "pending"}, {"start_date": "soon"},
                   {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-11-30T00:00:00Z"},
                   {"start_date": "2026-11-30T00:00:00Z", "end_date": "2026-11-01T00:00:00Z"}):
        assert_open311_error(await open311.client.get(f"{BASE}/requests.json", params=params),
                             400)


async def test_cases_from_other_channels_are_not_open311_requests(open311: Open311) -> None:
    bot = BotHarness(open311.core)
    replies = await bot.say("幸福路的路灯坏了半个月，晚上很黑，老人孩子出行不安全，请尽快修理。",
                            sender="tel:+8613800000009")
    number = next(word for word in " ".join(replies).replace("，", " ").split()
                  if word.startswith("XF2026-"))
    assert_open311_error(await open311.client.get(f"{BASE}/requests/{number}.json"), 404)
    assert_open311_error(await open311.client.get(f"{BASE}/requests/{number}.xml"), 404)
    assert (await open311.client.get(f"{BASE}/requests.json")).json() == []


async def test_every_corrected_swagger_path_is_served(open311: Open311) -> None:
    number = await filed_number(open311)
    token = open311.core.store.read_sync(
        lambda s: s.exec(select(Open311Request.token)).one())
    values = {"service_request_id": number, "service_code": "城乡建设", "token_id": token}
    for template, operations in corrected_swagger()["paths"].items():
        for fmt in ("json", "xml"):
            path = template.replace("{response_format}", fmt)
            for name, value in values.items():
                path = path.replace("{" + name + "}", value)
            if "get" in operations:
                response = await open311.client.get(BASE + path)
                assert response.status_code == 200, (path, response.text)
    post = corrected_swagger()["paths"]["/requests.{response_format}"]["post"]
    assert all(p.get("in") != "query" for p in post["parameters"] if "in" in p)


async def test_unknown_open311_paths_answer_in_open311_format(open311: Open311) -> None:
    assert_open311_error(await open311.client.get(f"{BASE}/nothing.json"), 404)
    assert_open311_error(await open311.client.get(f"{BASE}/nothing.xml"), 404)
