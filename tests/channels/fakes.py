"""The one typed Intake fake of the channel tests, and a real server for ASGI apps.

``FakeIntake`` implements :class:`channels.base.Intake`: it keeps what was stored (deduped on
channel + external id, like the real store), can be told to fail, to be slow, and answers
every processed message with one canned reply. ``serve()`` runs any ASGI app under uvicorn on
127.0.0.1 with a free port.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Literal

import uvicorn
from starlette.applications import Starlette

from channels.base import (
    SMS,
    InboundMessage,
    IntakeUnavailable,
    OutboundMessage,
    Receipt,
)

IntakeMode = Literal["ok", "fail_store", "crash_store", "slow", "fail_process", "fail_delivery"]


@dataclass
class FakeIntake:
    """Records what the channel hands over; ``mode`` says how to misbehave."""

    mode: IntakeMode = "ok"
    slow_seconds: float = 2.0
    stored: list[InboundMessage] = field(default_factory=list)
    store_calls: int = 0
    processed: list[tuple[Receipt, bool]] = field(default_factory=list)
    cancelled_processes: int = 0
    deliveries: list[tuple[str, str, str]] = field(default_factory=list)

    async def store(self, message: InboundMessage) -> Receipt:
        self.store_calls += 1
        if self.mode == "fail_store":
            raise IntakeUnavailable("database is locked at /var/lib/xinfang/secret.sqlite3")
        if self.mode == "crash_store":
            raise RuntimeError("internal detail that must not leak")
        for index, known in enumerate(self.stored, 1):
            if (known.channel, known.external_id) == (message.channel, message.external_id):
                return Receipt(message_id=index, duplicate=True)
        self.stored.append(message)
        return Receipt(message_id=len(self.stored), duplicate=False)

    async def process(self, receipt: Receipt, *, inline: bool = False) -> Sequence[OutboundMessage]:
        self.processed.append((receipt, inline))
        if self.mode == "fail_process":
            raise RuntimeError("classifier exploded")
        if self.mode == "slow":
            try:
                await asyncio.sleep(self.slow_seconds)
            except asyncio.CancelledError:
                self.cancelled_processes += 1
                raise
        message = self.stored[receipt.message_id - 1]
        return [self.reply_for(receipt.message_id, message.sender)]

    @staticmethod
    def reply_for(message_id: int, recipient: str, channel: str = SMS) -> OutboundMessage:
        return OutboundMessage(
            channel=channel, recipient=recipient,
            text=f"您的信访件已登记，编号 XF{message_id:06d}。",
        )

    async def record_delivery(self, channel: str, provider_id: str, status: str) -> None:
        if self.mode == "fail_delivery":
            raise IntakeUnavailable("store down")
        self.deliveries.append((channel, provider_id, status))


@asynccontextmanager
async def serve(app: Starlette) -> AsyncIterator[str]:
    """Run ``app`` under uvicorn on 127.0.0.1:<free port>; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    )
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(5):
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=5)
        sock.close()


