"""The citizen page against a real Core: a browser-like httpx client with its own cookie jar
through the in-process ASGI transport; staff move cases with the same ``bot.staff.act`` the
console and the CLI use."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session

from bot import staff
from bot.cases import find_case
from bot.core import Core
from bot.web import build_app
from nlp import Analyzer
from storage import Case
from tests import canaries
from tests.bot.harness import BotHarness, open_core
from tests.conftest import FIXED_NOW

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
NUMBER = re.compile(r"XF2026-\d{6}")
CODE = re.compile(r'class="big code">([A-Z2-9]{8})<')
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

#: A complete petition from the canary petitioner: every field a leak test looks for.
PETITION = {"name": canaries.NAME, "id_number": canaries.ID_NUMBER,
            "phone": canaries.PHONE_LOCAL, "address": "北京市朝阳区幸福路1号院3号楼",
            "kind": "申诉求决", "request": "请尽快修复幸福路的路灯。",
            "facts": f"幸福路的路灯坏了半个月，晚上很黑，老人孩子出行不安全。{canaries.BODY}",
            "consent": "yes"}


@dataclass
class Browser:
    """One citizen's browser: a cookie jar, and the CSRF token its pages carry."""

    client: httpx.AsyncClient
    csrf: str = ""

    async def get(self, path: str, **params: str) -> httpx.Response:
        response = await self.client.get(path, params=params)
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    async def post(self, path: str, data: dict[str, str], *,
                   files: Sequence[tuple[str, tuple[str, bytes, str]]] = (),
                   csrf: str | None = None) -> httpx.Response:
        form = {**data, "csrf": self.csrf if csrf is None else csrf}
        return await self.client.post(path, data=form, files=list(files) or None)

    async def file(self, fields: dict[str, str] | None = None, *,
                   files: Sequence[tuple[str, tuple[str, bytes, str]]] = (),
                   token: str = "") -> httpx.Response:
        page = await self.get("/file")
        found = TOKEN.search(page.text)
        assert found, page.text
        data = {**PETITION, **(fields or {}), "form_token": token or found.group(1)}
        return await self.post("/file", data, files=files)

    async def sign_in(self, number: str, code: str) -> httpx.Response:
        await self.get("/lookup")
        return await self.post("/lookup", {"number": number, "code": code})


@dataclass
class Site:
    core: Core
    bot: BotHarness
    app: FastAPI
    transport: httpx.ASGITransport
    clients: list[httpx.AsyncClient] = field(default_factory=list)

    def browser(self, address: str = "203.0.113.7") -> Browser:
        transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False,
                                        client=(address, 50000))
        client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        self.clients.append(client)
        return Browser(client)

    def case(self, number: str) -> Case:
        found = self.core.store.read_sync(lambda s: find_case(s, number))
        assert found is not None
        return found

    def act(self, number: str, action: str, **fields: Any) -> None:
        core = self.core

        def work(session: Session) -> None:
            staff.act(session, number, action, actor="staff:clerk", now=core.clock.now(),
                      deadlines=core.deadlines, units=core.units, **fields)

        core.store.write_sync(work)

    def answer(self, number: str, **fields: Any) -> None:
        """Accept, assign and answer the case as staff would."""
        self.act(number, "accept")
        self.act(number, "assign", unit="市城市管理委员会")
        self.act(number, "answer", decision=fields.pop("decision", "支持"),
                 text=fields.pop("text", "已更换线路，路灯恢复照明。"),
                 facts=fields.pop("facts", "经现场核查，路灯线路老化。"),
                 basis=fields.pop("basis", "《城市照明管理规定》第二十条"), **fields)


@pytest.fixture
async def site(database_url: str, tmp_path: Path, analyzer: Analyzer) -> AsyncIterator[Site]:
    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)
    app = build_app(core.store, [], [], core=core)
    state = Site(core, BotHarness(core), app, httpx.ASGITransport(app=app))
    try:
        yield state
    finally:
        for client in state.clients:
            await client.aclose()
        core.close()


async def filed(browser: Browser, fields: dict[str, str] | None = None) -> tuple[str, str]:
    """File a petition; the case number and query code the confirmation shows."""
    response = await browser.file(fields)
    assert response.status_code == 200, response.text
    number, code = NUMBER.search(response.text), CODE.search(response.text)
    assert number and code, response.text
    return number.group(), code.group(1)
