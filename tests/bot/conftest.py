"""The fixtures bot tests share: ``bot``, the test channel (see ``harness``) on a fresh core,
and ``world``, that channel with a supervision round and the mailbox and webhook it reaches.

A module that needs the core opened otherwise overrides ``bot``; one that runs on SQLite only
overrides ``database_url``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.escalation import Recipients
from bot.escalation_delivery import EscalationDelivery, JsonWebhook, Relay, RelayMail
from bot.supervision import Supervisor
from nlp import Analyzer
from tests.bot.harness import (
    SUPERVISOR,
    WEBHOOK_SECRET,
    BotHarness,
    World,
    open_core,
    units_with_contacts,
)
from tests.bot.recorders import WebhookLog, webhook_server
from tests.channels.mail.fakes import SinkHandler, mail_sink
from tests.conftest import FIXED_NOW


@pytest.fixture
async def bot(database_url: str, tmp_path: Path, analyzer: Analyzer) -> AsyncIterator[BotHarness]:
    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)
    try:
        yield BotHarness(core)
    finally:
        core.close()


@pytest.fixture
async def world(database_url: str, tmp_path: Path, analyzer: Analyzer) -> AsyncIterator[World]:
    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)
    mailbox, hooks = SinkHandler(), WebhookLog()
    recipients = Recipients(supervisor_mail=SUPERVISOR, webhook=True,
                            units=units_with_contacts())
    async with mail_sink(mailbox) as port, httpx.AsyncClient() as client:
        with webhook_server(hooks) as url:
            delivery = EscalationDelivery(
                core.store, core.clock,
                mail=RelayMail(Relay("127.0.0.1", port, timeout=10), "xinfang@example.cn",
                               core.clock),
                webhook=JsonWebhook(url, client, WEBHOOK_SECRET))
            supervisor = Supervisor(core.store, core.clock, core.deadlines,
                                    recipients=recipients, chunk=2)
            yield World(BotHarness(core), supervisor, delivery, mailbox, hooks)
    core.close()
