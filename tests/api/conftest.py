"""The staff API against a real Core: cases filed through the bot, accounts made with the same
functions ``run.py users`` uses, requests through httpx's in-process ASGI transport."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from bot.api import add_user
from bot.cases import find_case
from bot.core import Core
from bot.web import build_app
from nlp import Analyzer
from tests.bot.harness import BotHarness, open_core
from tests.conftest import FIXED_NOW

NUMBER = re.compile(r"XF2026-\d{6}")

#: Canary personal data: none of it may reach a handler on a 检举控告 case.
CANARY_NAME = "欧阳金丝雀"
CANARY_PHONE = "13912345678"
CANARY_EMAIL = "canary.bird@example.cn"
ACCUSATION_TEXT = (f"我实名举报市教育委员会某科长收受学校好处费，违规审批民办学校办学许可。"
                   f"我的电话 {CANARY_PHONE}，邮箱 {CANARY_EMAIL}。")
OTHER_TEXT = "我要投诉：实验小学每学期额外收取资料费五百元，家长负担很重，请教育部门调查处理。"
ROAD_TEXT = "幸福路的路灯坏了半个月，晚上很黑，老人孩子出行不安全，请尽快修理。"
UNIT = "市教育委员会"


@dataclass
class Api:
    core: Core
    bot: BotHarness
    client: httpx.AsyncClient
    tokens: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    async def get(self, path: str, who: str, **params: object) -> httpx.Response:
        return await self.client.get(path, headers=self.auth(who), params=params)

    async def post(self, path: str, who: str, body: object = None) -> httpx.Response:
        return await self.client.post(path, headers=self.auth(who), json=body)


async def file(bot: BotHarness, text: str, sender: str) -> str:
    replies = await bot.say(text, sender=sender)
    found = NUMBER.search(" ".join(replies))
    assert found, replies
    return found.group()


def set_case(core: Core, number: str, **values: object) -> None:
    def work(session: Session) -> None:
        case = find_case(session, number)
        assert case is not None
        for key, value in values.items():
            setattr(case, key, value)
        session.add(case)

    core.store.write_sync(work)


@pytest.fixture
async def api(database_url: str, tmp_path: Path, analyzer: Analyzer) -> AsyncIterator[Api]:
    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)
    bot = BotHarness(core)
    app = build_app(core.store, [], [], core=core)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        state = Api(core, bot, client)
        for name, role, unit in (("clerk", "clerk", ""), ("handler", "handler", UNIT),
                                 ("roads", "handler", "市交通委员会"),
                                 ("boss", "supervisor", ""), ("root", "admin", "")):
            state.tokens[name] = core.store.write_sync(
                lambda s, n=name, r=role, u=unit: add_user(s, n, r, FIXED_NOW, unit=u))
        # An accusation from the canary petitioner, who gives a name when asked.
        sender = f"tel:+86{CANARY_PHONE}"
        state.numbers["accusation"] = await file(bot, ACCUSATION_TEXT, sender)
        await bot.say(f"我叫{CANARY_NAME}", sender=sender)
        state.numbers["complaint"] = await file(bot, OTHER_TEXT, "mailto:parent@example.cn")
        state.numbers["road"] = await file(bot, ROAD_TEXT, "telegram:4242")
        set_case(core, state.numbers["accusation"], statutory_type="检举控告", unit=UNIT)
        set_case(core, state.numbers["complaint"], statutory_type="申诉求决", unit=UNIT)
        set_case(core, state.numbers["road"], unit="市交通委员会")
        yield state
    core.close()
