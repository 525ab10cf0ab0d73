"""A console channel: one line in is one message; replies are printed.

The ``chat`` command processes each message inline and prints the replies at once; notices
queued for this console identity later (by staff through ``cases``) are printed by
:meth:`ConsoleChannel.send` when the outbox worker of a ``chat`` session delivers them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import TextIO

from starlette.routing import BaseRoute

from channels.base import CONSOLE, Delivery, InboundMessage, OutboundMessage

from .kind import CAPABILITIES


def console_message(name: str, text: str, received_at: datetime, line_id: str) -> InboundMessage:
    """A typed line as an inbound message; ``line_id`` is unique per session and line."""
    raw = text.encode("utf-8")
    stamp = received_at.isoformat()
    external_id = hashlib.sha256(f"{name}\n{stamp}\n{line_id}\n".encode() + raw).hexdigest()[:32]
    return InboundMessage(
        channel=CONSOLE,
        sender=f"console:{name}",
        sender_name=name,
        text=text,
        external_id=external_id,
        received_at=received_at,
        raw=raw,
    )


class ConsoleChannel:
    name = CONSOLE
    capabilities = CAPABILITIES

    def __init__(self, output: TextIO, identity: str) -> None:
        self.output = output
        self.identity = identity

    def routes(self) -> Sequence[BaseRoute]:
        return ()

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, message: OutboundMessage) -> Delivery:
        self.print_reply(message)
        return Delivery(provider_id=f"console-{message.outbox_id}", status="delivered")

    def print_reply(self, message: OutboundMessage) -> None:
        self.output.write(f"bot> {message.text}\n")
        self.output.flush()

    def describe(self) -> str:
        return f"console as {self.identity}"
