"""Open311 against a real Core; responses checked against the GeoReport v2 schemas.

The schemas are the Open311 community's (``../shared/data/open311-schema/``, never copied
here); the tests that need them skip where that directory is absent. The Swagger file's known
slips are corrected here, in the test setup, not in the data (see that directory's README).
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.core import Core
from bot.open311 import add_key
from bot.web import build_app
from nlp import Analyzer
from tests.bot.harness import open_core
from tests.conftest import FIXED_NOW, SHARED_DATA

SCHEMA_DIR = SHARED_DATA / "open311-schema"
BASE = "/open311/v2"
PETITION = {
    "service_code": "城乡建设",
    "description": "我们小区门口的污水管道破裂两个月了，臭气熏天，多次反映无人处理，请尽快维修。",
    "lat": "39.9042",
    "long": "116.4074",
    "address_string": "幸福路 12 号",
    "first_name": "三",
    "last_name": "张",
    "email": "zhangsan@example.cn",
    "phone": "13700001111",
}


@dataclass
class Open311:
    core: Core
    client: httpx.AsyncClient
    key: str
    other_key: str

    async def file(self, fmt: str = "json", **fields: str) -> httpx.Response:
        form = {**PETITION, "api_key": self.key, **fields}
        form = {k: v for k, v in form.items() if v != ""}
        return await self.client.post(f"{BASE}/requests.{fmt}", data=form)


@pytest.fixture
async def open311(database_url: str, tmp_path: Path, analyzer: Analyzer
                  ) -> AsyncIterator[Open311]:
    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)
    key = core.store.write_sync(lambda s: add_key(s, "12345平台", FIXED_NOW))
    other = core.store.write_sync(lambda s: add_key(s, "另一系统", FIXED_NOW))
    app = build_app(core.store, [], [], core=core)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Open311(core, client, key, other)
    core.close()


# -- schemas -------------------------------------------------------------------------------


def _load(name: str) -> Any:
    if not SCHEMA_DIR.is_dir():
        pytest.skip(f"the Open311 schemas are not here ({SCHEMA_DIR}); CI has ../shared/data")
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def corrected_swagger() -> dict[str, Any]:
    """swagger.json with its three known slips corrected (see the data README)."""
    swagger = copy.deepcopy(_load("swagger.json"))
    paths = swagger["paths"]
    # 1. The single request lives at /requests/{id}, not /request/{id}.
    paths["/requests/{service_request_id}.{response_format}"] = paths.pop(
        "/request/{service_request_id}.{response_format}")
    # 2. jurisdiction_id is optional for a single-jurisdiction endpoint.
    swagger["parameters"]["jurisdiction_id"]["required"] = False
    # 3. POST parameters are form fields, not query parameters.
    for parameter in paths["/requests.{response_format}"]["post"]["parameters"]:
        if parameter.get("in") == "query":
            parameter["in"] = "formData"
    return swagger


def check(document: Any, schema_file: str) -> None:
    """Validate against one of the JSON Schema files (with their relative $refs)."""
    pytest.importorskip("jsonschema", reason="schema checks need jsonschema (test extra)")
    from jsonschema import Draft7Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    names = ("request.json", "requests.json", "service.json", "services.json",
             "service-definition.json")
    registry: Registry[Any] = Registry().with_resources(
        (name, Resource.from_contents(_load(name), default_specification=DRAFT7))
        for name in names
    )
    Draft7Validator(_load(schema_file), registry=registry,
                    format_checker=FormatChecker()).validate(document)
    _check_times(document)


def check_definition(document: Any, definition: str) -> None:
    """Validate against a definition of the corrected Swagger file."""
    pytest.importorskip("jsonschema", reason="schema checks need jsonschema (test extra)")
    from jsonschema import Draft4Validator

    swagger = corrected_swagger()
    schema = {"definitions": swagger["definitions"], "$ref": f"#/definitions/{definition}"}
    Draft4Validator(schema).validate(document)


def _check_times(document: Any) -> None:
    # jsonschema checks "date-time" only with an optional package: check RFC 3339 here.
    items = document if isinstance(document, list) else [document]
    for item in items:
        for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
            value = item.get(key) if isinstance(item, dict) else None
            if value is not None:
                assert value.endswith("Z") or value[-6] in "+-", value
                datetime.fromisoformat(value)
