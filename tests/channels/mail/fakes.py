"""Typed fakes for the mail channel tests.

``FakeIntake`` implements :class:`channels.base.Intake`: it records every stored message,
dedupes on (channel, external id, content hash) like the real store, and can be told to fail.
The channel stores letters unparsed; ``completed()`` runs the channel's completer on them as
the bot does at processing time, for tests about what a letter says.
``MailSink`` is a real aiosmtpd server on 127.0.0.1 that records the replies we send and can
answer with scripted codes. ``SmtpTalk`` speaks raw SMTP over asyncio streams for the cases
smtplib hides (exact reply codes, long lines, pipelining, idle sessions).
"""

from __future__ import annotations

import asyncio
import smtplib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from channels.mail import MailChannel
from tests.channels.fakes import FakeIntake, IntakeMode

__all__ = ["FakeIntake", "IntakeMode", "SinkHandler"]

@dataclass
class SinkHandler:
    """Records what the relay received; ``rcpt_answer``/``data_answer`` script refusals."""

    received: list[Envelope] = field(default_factory=list)
    rcpt_answer: str = ""
    data_answer: str = ""

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.rcpt_answer:
            return self.rcpt_answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.data_answer:
            return self.data_answer
        self.received.append(envelope)
        return "250 OK queued"


@asynccontextmanager
async def mail_sink(handler: SinkHandler) -> AsyncIterator[int]:
    """A relay on 127.0.0.1:<free port> built on the running loop; yields the port."""
    loop = asyncio.get_running_loop()
    sessions: list[SMTP] = []

    def factory() -> SMTP:
        protocol = SMTP(handler, hostname="sink.test", loop=loop, enable_SMTPUTF8=True)
        sessions.append(protocol)
        return protocol

    server = await loop.create_server(factory, "127.0.0.1", 0)
    try:
        yield int(server.sockets[0].getsockname()[1])
    finally:
        server.close()
        for protocol in sessions:
            if protocol.transport is not None:
                protocol.transport.close()
        await server.wait_closed()
        await asyncio.sleep(0)


@asynccontextmanager
async def running_channel(intake: FakeIntake, **options: Any) -> AsyncIterator[MailChannel]:
    """A started MailChannel on 127.0.0.1, port 0 unless given, stopped afterwards."""
    options.setdefault("port", 0)
    options.setdefault("domains", ("xinfang.example.cn", "localhost"))
    channel = MailChannel(intake=intake, host="127.0.0.1", **options)
    intake.completer = channel.complete
    await channel.start()
    try:
        yield channel
    finally:
        await channel.stop()


def _sendmail_blocking(port: int, mail_from: str, recipients: list[str], data: bytes) -> dict[str, Any]:
    with smtplib.SMTP("127.0.0.1", port, local_hostname="client.test", timeout=10) as client:
        return client.sendmail(mail_from, recipients, data)


async def smtplib_send(port: int, data: bytes, *, mail_from: str = "citizen@example.com",
                       recipients: Sequence[str] = ("xinfang@xinfang.example.cn",)) -> dict[str, Any]:
    """Send with the stdlib client (in a thread: the server runs on this loop)."""
    return await asyncio.to_thread(_sendmail_blocking, port, mail_from, list(recipients), data)


class SmtpTalk:
    """A minimal raw SMTP client: send lines, read complete (multi-line) replies."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> SmtpTalk:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", port, limit=1 << 20), 5
        )
        talk = cls(reader, writer)
        return talk

    async def reply(self, timeout: float = 10) -> str:
        lines: list[str] = []
        while True:
            line = await asyncio.wait_for(self.reader.readline(), timeout)
            if not line:
                raise ConnectionError("server closed the connection")
            lines.append(line.decode("utf-8", "replace").rstrip("\r\n"))
            if len(line) < 4 or line[3:4] != b"-":
                return "\n".join(lines)

    async def command(self, line: bytes | str) -> str:
        data = line.encode() if isinstance(line, str) else line
        self.writer.write(data + b"\r\n")
        await self.writer.drain()
        return await self.reply()

    async def send_raw(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def close(self) -> None:
        self.writer.close()
        try:
            await asyncio.wait_for(self.writer.wait_closed(), 5)
        except (ConnectionError, TimeoutError):
            pass


def dot_stuff(data: bytes) -> bytes:
    """``data`` as the DATA phase carries it: CRLF lines, leading dots doubled, terminator."""
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    stuffed = b"".join((b"." + line if line.startswith(b".") else line) + b"\r\n" for line in lines)
    return stuffed + b".\r\n"
