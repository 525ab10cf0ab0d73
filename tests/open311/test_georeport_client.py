"""A real Open311 client written by others — PyPI's ``georeport`` — reads from the real
server on loopback (``serve``'s own Service under uvicorn). georeport has no call for filing,
so the request is filed with httpx, as a client system would."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.open311 import add_key
from bot.service import Service
from nlp import Analyzer
from tests.bot.harness import open_core
from tests.conftest import FIXED_NOW
from tests.open311.conftest import PETITION, check

georeport = pytest.importorskip("georeport", reason="needs the georeport client (test extra)")


@pytest.fixture
async def served(tmp_path: Path, analyzer: Analyzer,
                 monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[str, str]]:
    # requests honours proxy variables; loopback must not go through one.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    core = open_core(f"sqlite:///{tmp_path / 'cases.sqlite3'}", tmp_path, FIXED_NOW, analyzer)
    key = core.store.write_sync(lambda s: add_key(s, "12345平台", FIXED_NOW))
    service = Service(core, [], "127.0.0.1", 0)
    ready = asyncio.Event()
    running = asyncio.create_task(service.run(on_ready=lambda _: ready.set()))
    await asyncio.wait_for(ready.wait(), 30)
    try:
        yield f"http://127.0.0.1:{service.http_port}/open311/v2", key
    finally:
        service.stopping.set()
        await asyncio.wait_for(running, 30)
        core.close()


@pytest.mark.parametrize("fmt", ["json", "xml"])
async def test_georeport_reads_services_and_requests(served: tuple[str, str], fmt: str) -> None:
    root, key = served
    async with httpx.AsyncClient(timeout=30) as client:
        filed = await client.post(f"{root}/requests.json", data={**PETITION, "api_key": key})
    number = filed.json()[0]["service_request_id"]
    reader = georeport.GeoReport(root, output_format=fmt)

    services: list[dict[str, Any]] = await asyncio.to_thread(reader.get_service_list)
    assert "城乡建设" in {s["service_code"] for s in services}
    definition = await asyncio.to_thread(reader.get_service_definition, "城乡建设")
    assert definition["service_code"] == "城乡建设"
    one = await asyncio.to_thread(reader.get_service_request, number)
    assert one["service_request_id"] == number and one["status"] == "open"
    many = await asyncio.to_thread(reader.get_service_requests, status="open")
    # xmltodict gives one <request> as a dict, several as a list.
    listed = many if isinstance(many, list) else [many]
    assert [r["service_request_id"] for r in listed] == [number]
    by_id = await asyncio.to_thread(reader.get_service_requests, service_request_id=number)
    assert (by_id if isinstance(by_id, list) else [by_id])[0]["service_request_id"] == number
    if fmt == "json":
        check(services, "services.json")
        check([one], "requests.json")
        check(many, "requests.json")
