"""schemathesis against the app's own OpenAPI document (``/openapi.json`` of ``build_app``).

A real Core on a tmp SQLite store holds cases filed through the bot and through Open311 with
canary personal data; every operation is then called with an admin token, in-process (ASGI).
Checks: no 5xx, every documented response matches its schema, and no body carries a stack trace
or a canary, except the two views meant to show it, each an audited read of personal data: the
admin's case view of the canary's own case, and the single view of a message flagged for a
person that a canary sent (``GET /api/flagged/{message_id}``: the sender whole, to call back).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from bot import staff
from bot.api import add_user
from bot.open311 import add_key
from bot.web import build_app
from bot.workflow import TRANSITIONS
from nlp import Analyzer
from tests import canaries
from tests.api.conftest import ACCUSATION_TEXT, CANARY_EMAIL, CANARY_NAME, CANARY_PHONE, file
from tests.bot.harness import BotHarness, open_core
from tests.conftest import FIXED_NOW

#: Personal data of a second petitioner, filed through Open311: public reads never show it.
OPEN311_NAME = ("鸟", "金丝")
OPEN311_PHONE = "13698765432"
OPEN311_EMAIL = "jinsi.niao@example.cn"
CANARIES = (CANARY_NAME, CANARY_PHONE, CANARY_EMAIL, "".join(reversed(OPEN311_NAME)),
            OPEN311_PHONE, OPEN311_EMAIL, *canaries.PERSONAL.values())
TRACES = ("Traceback", 'File "', "sqlalchemy", "sqlite3.")
#: The numbers the seeded cases get (the store counts from 1), offered to schemathesis as
#: examples so that real cases are read and acted on, not only random numbers.
SEEDED_NUMBERS = ("XF2026-000001", "XF2026-000002", "XF2026-000003")
#: The id of the seeded message flagged for a person (the canary phone's "转人工"), offered as
#: an example to its single view only: ``handled`` would take it off before the view is read.
SEEDED_FLAGGED = 4


@dataclass(frozen=True)
class Seeded:
    app: Any
    admin_token: str
    #: Case numbers whose admin case view may show their own petitioner's identity.
    canary_cases: frozenset[str]
    #: Ids of the flagged messages whose single view may show their canary sender.
    canary_flagged: frozenset[int]


async def _seed(core: Any, app: Any) -> frozenset[str]:
    bot = BotHarness(core)
    sender = f"tel:+86{CANARY_PHONE}"
    accusation = await file(bot, ACCUSATION_TEXT, sender)
    await bot.say(f"我叫{CANARY_NAME}", sender=sender)
    # The suite's shared canaries (name, ID number, phone, email, body) in one petition.
    shared = await file(bot, canaries.petition(), f"mailto:{canaries.EMAIL}")
    # A request for a person from a canary phone with no case: /api/flagged lists it, masked.
    await bot.say("转人工", sender=f"tel:{canaries.PHONE}")
    key = core.store.write_sync(lambda s: add_key(s, "12345平台", FIXED_NOW))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.post("/open311/v2/requests.json", data={
            "api_key": key, "service_code": "城乡建设", "address_string": "幸福路 12 号",
            "description": "小区门口污水管道破裂两个月，臭气熏天，请尽快维修。",
            "last_name": OPEN311_NAME[0], "first_name": OPEN311_NAME[1],
            "phone": OPEN311_PHONE, "email": OPEN311_EMAIL})
    assert response.status_code == 200, response.text
    [filed] = response.json()
    return frozenset({accusation, shared, filed.get("service_request_id", accusation)})


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer) -> Iterator[Seeded]:
    directory: Path = tmp_path_factory.mktemp("schemathesis")
    core = open_core(f"sqlite:///{directory / 'cases.sqlite3'}", directory / "data", FIXED_NOW,
                     analyzer)
    app = build_app(core.store, [], [], core=core)
    token = core.store.write_sync(lambda s: add_user(s, "root", "admin", FIXED_NOW))
    canary_cases = asyncio.run(_seed(core, app))
    assert canary_cases == frozenset(SEEDED_NUMBERS)
    flagged = core.store.read_sync(lambda s: staff.flagged_messages(s))
    assert [row["id"] for row in flagged] == [SEEDED_FLAGGED]
    try:
        yield Seeded(app, token, canary_cases, frozenset({SEEDED_FLAGGED}))
    finally:
        core.close()


def _openapi_document() -> dict[str, Any]:
    """The app's document, built once at collection from a throwaway Core (it holds no data).

    schemathesis' fixture-based lazy loader does not run under pytest 9 (it reads a removed
    ``Node._nodeid``), so the schema is loaded from this dict and every call goes to the
    seeded app of the ``seeded`` fixture through schemathesis' ASGI transport.
    """
    with tempfile.TemporaryDirectory() as directory:
        core = open_core(f"sqlite:///{directory}/doc.sqlite3", Path(directory) / "data", FIXED_NOW,
                         Analyzer.with_keywords())
        try:
            document = dict(build_app(core.store, [], [], core=core).openapi())
        finally:
            core.close()
    # Open311's ``{fmt}`` is documented as any string, but only json and xml exist (anything
    # else is a 404 before any work): narrowed here so the examples reach the handlers.
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "fmt":
                    parameter["schema"] = {"type": "string", "enum": ["json", "xml"]}
                if parameter["name"] == "number":
                    parameter["schema"] = {**parameter["schema"], "examples": list(SEEDED_NUMBERS)}
                if parameter["name"] == "action":
                    parameter["schema"] = {**parameter["schema"], "examples": sorted(TRANSITIONS)}
    for parameter in document["paths"]["/api/flagged/{message_id}"]["get"]["parameters"]:
        if parameter["name"] == "message_id":
            parameter["schema"] = {**parameter["schema"], "examples": [SEEDED_FLAGGED]}
    return document


schema = schemathesis.openapi.from_dict(_openapi_document())


def _body(response: Any) -> str:
    content = response.content
    return content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content)


def _shown_field(response: Any, name: str) -> Any:
    try:
        return json.loads(_body(response)).get(name)
    except (ValueError, AttributeError):
        return None


def _own_view(case: Any, response: Any, canary_cases: frozenset[str],
              canary_flagged: frozenset[int]) -> bool:
    """An audited single view meant to show a canary: the admin's view of one case (GET or an
    action) of a canary petitioner, or the view of a message a canary flagged for a person."""
    if response.status_code != 200:
        return False
    if case.path.startswith("/api/cases/{number}"):
        return _shown_field(response, "number") in canary_cases
    if case.path == "/api/flagged/{message_id}" and case.method.upper() == "GET":
        return _shown_field(response, "id") in canary_flagged
    return False


def no_trace_or_personal_data(canary_cases: frozenset[str],
                              canary_flagged: frozenset[int] = frozenset()) -> Any:
    def check(ctx: Any, response: Any, case: Any) -> bool:
        body = _body(response)
        for marker in TRACES:
            assert marker not in body, f"{case.method} {case.formatted_path}: {marker!r} in body"
        if not _own_view(case, response, canary_cases, canary_flagged):
            for canary in CANARIES:
                assert canary not in body, f"{case.method} {case.formatted_path}: personal data"
        return True

    return check


@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case: Any, seeded: Seeded) -> None:
    case.call_and_validate(
        app=seeded.app,
        headers={"Authorization": f"Bearer {seeded.admin_token}"},
        checks=[not_a_server_error, response_schema_conformance,
                no_trace_or_personal_data(seeded.canary_cases, seeded.canary_flagged)],
    )


def test_the_canary_check_can_fail(seeded: Seeded) -> None:
    """Not vacuous: the admin's own-case view carries a canary, and a stack trace is caught."""

    async def fetch(number: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=seeded.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get(f"/api/cases/{number}",
                                    headers={"Authorization": f"Bearer {seeded.admin_token}"})

    number = min(seeded.canary_cases)
    response = asyncio.run(fetch(number))
    assert response.status_code == 200 and any(canary in response.text for canary in CANARIES)
    case = schema["/api/cases/{number}"]["GET"].Case(path_parameters={"number": number})
    check = no_trace_or_personal_data(frozenset())
    with pytest.raises(AssertionError, match="personal data"):
        check(None, response, case)
    allowed = no_trace_or_personal_data(seeded.canary_cases)
    assert allowed(None, response, case)
    traced = httpx.Response(500, text='Traceback (most recent call last):\n  File "x.py"')
    with pytest.raises(AssertionError, match="Traceback"):
        allowed(None, traced, case)


def test_the_flagged_view_alone_may_show_its_sender(seeded: Seeded) -> None:
    """The single view of the canary's flagged message shows the canary and passes; the same
    body on the list's path, or for another message id, fails."""

    async def fetch(path: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=seeded.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get(path, headers={"Authorization": f"Bearer {seeded.admin_token}"})

    response = asyncio.run(fetch(f"/api/flagged/{SEEDED_FLAGGED}"))
    assert response.status_code == 200 and canaries.PHONE_LOCAL in response.text
    single = schema["/api/flagged/{message_id}"]["GET"].Case(
        path_parameters={"message_id": SEEDED_FLAGGED})
    assert no_trace_or_personal_data(frozenset(), seeded.canary_flagged)(None, response, single)
    with pytest.raises(AssertionError, match="personal data"):
        no_trace_or_personal_data(frozenset(), frozenset({SEEDED_FLAGGED + 1}))(
            None, response, single)
    listed = schema["/api/flagged"]["GET"].Case()
    with pytest.raises(AssertionError, match="personal data"):
        no_trace_or_personal_data(frozenset(), seeded.canary_flagged)(None, response, listed)
