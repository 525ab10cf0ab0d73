"""The staff console against a real Core: cases filed through the bot, accounts made with the
functions ``run.py users`` uses, each staff member a browser-like httpx client with its own
cookie jar, through the in-process ASGI transport."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from bot.api import add_user
from bot.core import Core
from bot.web import build_app
from channels.base import IncomingAttachment
from nlp import Analyzer
from tests.api.conftest import (
    ACCUSATION_TEXT,
    CANARY_NAME,
    CANARY_PHONE,
    OTHER_TEXT,
    ROAD_TEXT,
    UNIT,
    file,
    set_case,
)
from tests.bot.harness import BotHarness, open_core
from tests.conftest import FIXED_NOW

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ACCOUNTS = (("clerk", "clerk", ""), ("handler", "handler", UNIT),
            ("roads", "handler", "市交通委员会"), ("boss", "supervisor", ""),
            ("root", "admin", ""))


@dataclass
class Staff:
    """One signed-in staff member: a client holding the session cookie, and the CSRF token."""

    client: httpx.AsyncClient
    csrf: str = ""

    async def get(self, path: str, **params: str) -> httpx.Response:
        return await self.client.get(path, params=params)

    async def post(self, path: str, data: dict[str, str] | None = None, *,
                   csrf: str | None = None) -> httpx.Response:
        form = dict(data or {})
        form["csrf"] = self.csrf if csrf is None else csrf
        return await self.client.post(path, data=form)


@dataclass
class Console:
    core: Core
    bot: BotHarness
    app: FastAPI
    transport: httpx.ASGITransport
    tokens: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    clients: list[httpx.AsyncClient] = field(default_factory=list)

    def client(self) -> httpx.AsyncClient:
        made = httpx.AsyncClient(transport=self.transport, base_url="http://testserver")
        self.clients.append(made)
        return made

    async def login(self, who: str) -> Staff:
        client = self.client()
        page = await client.get("/console/login")
        nonce = CSRF.search(page.text)
        assert nonce, page.text
        signed = await client.post("/console/login",
                                   data={"csrf": nonce.group(1), "token": self.tokens[who]})
        assert signed.status_code == 303 and signed.headers["location"] == "/console/queue"
        queue = await client.get("/console/queue")
        assert queue.status_code == 200, queue.text
        token = CSRF.search(queue.text)
        assert token, queue.text
        return Staff(client, token.group(1))


@pytest.fixture
async def console(database_url: str, tmp_path: Path,
                  analyzer: Analyzer) -> AsyncIterator[Console]:
    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)
    bot = BotHarness(core)
    app = build_app(core.store, [], [], core=core)
    state = Console(core, bot, app, httpx.ASGITransport(app=app, raise_app_exceptions=False))
    for name, role, unit in ACCOUNTS:
        state.tokens[name] = core.store.write_sync(
            lambda s, n=name, r=role, u=unit: add_user(s, n, r, FIXED_NOW, unit=u))
    sender = f"tel:+86{CANARY_PHONE}"
    state.numbers["accusation"] = await file(bot, ACCUSATION_TEXT, sender)
    await bot.say(f"我叫{CANARY_NAME}", sender=sender)
    state.numbers["complaint"] = await file(bot, OTHER_TEXT, "mailto:parent@example.cn")
    state.numbers["road"] = await file(bot, ROAD_TEXT, "telegram:4242")
    photo = IncomingAttachment("<script>.html", "text/html", b"<script>alert(1)</script>")
    await bot.push("附件补充：垃圾堆的照片", sender="mailto:parent@example.cn",
                   attachments=(photo,))
    set_case(core, state.numbers["accusation"], statutory_type="检举控告", unit=UNIT)
    set_case(core, state.numbers["complaint"], statutory_type="申诉求决", unit=UNIT)
    set_case(core, state.numbers["road"], unit="市交通委员会")
    try:
        yield state
    finally:
        for client in state.clients:
            await client.aclose()
        core.close()
