"""The one typed Intake fake of the channel tests, and a real server for ASGI apps.

``FakeIntake`` implements :class:`channels.base.Intake`: it keeps what was stored (deduped on
channel + external id, like the real store), can be told to fail, to be slow, and answers
every processed message with one canned reply. ``serve()`` runs any ASGI app under uvicorn on
127.0.0.1 with a free port.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Literal

import uvicorn
from starlette.applications import Starlette

from channels.base import (
    SMS,
    Completer,
    InboundMessage,
    IntakeUnavailable,
    OutboundMessage,
    Receipt,
)

IntakeMode = Literal["ok", "fail_store", "crash_store", "slow", "slow_store", "fail_process",
                     "fail_delivery"]
#: Builds the replies ``process`` returns for a stored message.
Reply = Callable[[InboundMessage], Sequence[OutboundMessage]]


@dataclass
class FakeIntake:
    """Records what a channel hands over; ``mode`` says how to misbehave.

    Dedupes like the real store: on channel + external id (+ content hash, which mail sets).
    ``process`` answers with what ``reply`` makes of the message, or by default one canned
    registration reply on the message's channel. ``gate`` holds ``store`` open until set;
    ``fail_next`` / ``fail_on`` make the next stores (or one message's) unavailable.
    """

    reply: Reply | None = None
    mode: IntakeMode = "ok"
    #: ``slow``: how long ``process`` takes; ``slow_store``: how long ``store`` takes.
    slow_seconds: float = 2.0
    gate: asyncio.Event | None = None
    #: The channel's completer, for messages stored before parsing (mail).
    completer: Completer | None = None
    stored: list[InboundMessage] = field(default_factory=list)
    store_calls: int = 0
    store_attempts: list[str] = field(default_factory=list)
    processed: list[tuple[Receipt, bool]] = field(default_factory=list)
    cancelled_processes: int = 0
    deliveries: list[tuple[str, str, str]] = field(default_factory=list)
    stored_event: asyncio.Event = field(default_factory=asyncio.Event)
    _failures_left: int = 0
    _fail_ids: dict[str, int] = field(default_factory=dict)

    def fail_next(self, times: int = 1) -> None:
        """The next ``times`` stores raise IntakeUnavailable."""
        self._failures_left = times

    def fail_on(self, external_id: str, times: int = 1) -> None:
        """Storing this message raises IntakeUnavailable ``times`` times."""
        self._fail_ids[external_id] = times

    async def store(self, message: InboundMessage) -> Receipt:
        self.store_calls += 1
        self.store_attempts.append(message.external_id)
        if self.mode == "fail_store":
            raise IntakeUnavailable("database is locked at /var/lib/xinfang/secret.sqlite3")
        if self.mode == "crash_store":
            raise RuntimeError("internal detail that must not leak")
        if self._failures_left > 0:
            self._failures_left -= 1
            raise IntakeUnavailable("store is down (fake)")
        if self._fail_ids.get(message.external_id, 0) > 0:
            self._fail_ids[message.external_id] -= 1
            raise IntakeUnavailable("store is down (fake)")
        if self.mode == "slow_store":
            await asyncio.sleep(self.slow_seconds)
        if self.gate is not None:
            await self.gate.wait()
        key = (message.channel, message.external_id, message.content_hash)
        for index, known in enumerate(self.stored, 1):
            if (known.channel, known.external_id, known.content_hash) == key:
                return Receipt(message_id=index, duplicate=True)
        self.stored.append(message)
        self.stored_event.set()
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
        if self.reply is not None:
            return list(self.reply(message))
        return [self.reply_for(receipt.message_id, message.sender, message.channel)]

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

    # -- reading what happened ------------------------------------------------------------

    @property
    def processed_ids(self) -> list[int]:
        return [receipt.message_id for receipt, _ in self.processed]

    @property
    def external_ids(self) -> list[str]:
        return [message.external_id for message in self.stored]

    def completed(self) -> list[InboundMessage]:
        """The stored messages as the bot completes them before deciding (mail)."""
        assert self.completer is not None, "no completer: use running_channel"
        return [self.completer(message.raw, message.meta) for message in self.stored]

    async def wait_for(self, count: int, timeout: float = 5.0) -> None:
        """Wait until ``count`` distinct messages are stored."""
        async with asyncio.timeout(timeout):
            while len(self.stored) < count:
                self.stored_event.clear()
                await self.stored_event.wait()


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


