"""The SMTP intake: aiosmtpd's protocol on the running loop, answering only what the store proved.

aiosmtpd's ``Controller`` runs its own loop in a thread; here the protocol is served by
``loop.create_server`` on the service's own loop, so ``port=0`` works and the handler awaits the
intake directly. Reply codes this module decides:

==========================  ==============================================================
``250 2.0.0``               only after ``Intake.store`` returned (the letter is fsync'd)
``451 4.3.0``               any failure while storing, or an unexpected error; no internals
``550 5.7.1``               RCPT to a domain that is not the bureau's: never an open relay
``452 4.5.3``               more than ``max_recipients`` RCPTs in one transaction
``552 5.3.4``               SIZE announced too large, or more data than the limit (aiosmtpd)
``500 5.5.2``               a command line over 512 octets, or a DATA line over the line limit
``421 4.7.0``               too many simultaneous connections
==========================  ==============================================================
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from channels.base import InboundMessage, Intake, IntakeUnavailable

__all__ = ["TRY_AGAIN", "MailHandler", "MailServer", "SMTPLimits", "start_smtp_server"]

log = logging.getLogger(__name__)

TRY_AGAIN = "451 4.3.0 Temporary failure, please try again later"
ACCEPTED = "250 2.0.0 OK: letter received"


@dataclass(frozen=True, slots=True)
class SMTPLimits:
    """Protocol limits. ``max_line_bytes`` is deliberately far above RFC 5321's 1,000 octets."""

    max_message_bytes: int = 25 * 1024 * 1024
    #: Longest DATA line accepted (Postfix accepts long lines too; real clients send them).
    max_line_bytes: int = 1024 * 1024
    #: Longest command line (RFC 5321: 512; aiosmtpd adds room for SIZE/SMTPUTF8 on MAIL).
    max_command_bytes: int = 512
    max_recipients: int = 100
    #: Seconds a session may sit idle between commands.
    idle_timeout: float = 300.0
    max_connections: int = 500


class _PrivacyFilter(logging.Filter):
    """aiosmtpd logs commands, addresses and DATA lines below WARNING: petitioner data."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


_PRIVACY_FILTER = _PrivacyFilter()


def _silence_library_logging() -> None:
    library = logging.getLogger("mail.log")
    if _PRIVACY_FILTER not in library.filters:
        library.addFilter(_PRIVACY_FILTER)


class _Registry:
    """Live sessions of one server, to cap them and to close them on stop."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.sessions: set[_IntakeSMTP] = set()

    def full(self) -> bool:
        return len(self.sessions) >= self.limit


#: aiosmtpd's limit replies, given the RFC 3463 enhanced codes every other reply here carries.
_ENHANCED = {
    "500 Command line too long": "500 5.5.2 Command line too long",
    "500 Line too long (see RFC5321 4.5.3.1.6)": "500 5.5.2 Line too long (RFC 5321 4.5.3.1.6)",
    "552 Error: Too much mail data": "552 5.3.4 Message too big",
    "552 Error: message size exceeds fixed maximum message size":
        "552 5.3.4 Message size exceeds fixed maximum message size",
}


class _IntakeSMTP(SMTP):
    """aiosmtpd's SMTP with per-instance limits and a connection registry."""

    def __init__(self, handler: Any, limits: SMTPLimits, registry: _Registry, **kwargs: Any) -> None:
        # Both are class attributes in aiosmtpd (the size dict is even shared and mutated by
        # every EHLO); instance values must exist before SMTP.__init__ builds the StreamReader.
        self.line_length_limit = limits.max_line_bytes
        self.command_size_limit = limits.max_command_bytes
        size = limits.max_command_bytes
        self.command_size_limits = collections.defaultdict(lambda: size)
        self._registry = registry
        self._rejected = False
        self._idle_deadline = 0.0  # loop time after which the session is idle (see below)
        super().__init__(handler, **kwargs)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if self._registry.full() and self.transport is None:
            self._rejected = True
            assert isinstance(transport, asyncio.WriteTransport)
            transport.write(b"421 4.7.0 Too many connections, try again later\r\n")
            transport.close()
            return
        self._registry.sessions.add(self)
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        if self._rejected:
            return
        self._registry.sessions.discard(self)
        super().connection_lost(error)

    def eof_received(self) -> bool | None:
        if self._rejected:
            return False
        result: bool | None = super().eof_received()
        return result

    def data_received(self, data: bytes) -> None:
        if self._rejected:
            return
        # Idle means no bytes at all: a slow client uploading a big letter is not idle
        # (aiosmtpd only re-arms the timer per command, cutting long DATA transfers).
        self._idle_deadline = self.loop.time() + self._timeout_duration
        super().data_received(data)

    def _reset_timeout(self, duration: float | None = None) -> None:
        # Lazy: moving a deadline is one assignment; the timer is re-armed only when it fires
        # early (cancelling and re-creating a timer per command and per chunk cost more).
        self._idle_deadline = self.loop.time() + (duration or self._timeout_duration)
        handle = self._timeout_handle
        if handle is None or handle.cancelled() or handle.when() > self._idle_deadline:
            if handle is not None:
                handle.cancel()
            self._timeout_handle = self.loop.call_at(self._idle_deadline, self._timeout_cb)

    async def push(self, status: Any) -> None:
        await super().push(_ENHANCED.get(status, status) if isinstance(status, str) else status)

    def _timeout_cb(self) -> None:
        if self.loop.time() < self._idle_deadline:  # there was activity since it was armed
            self._timeout_handle = self.loop.call_at(self._idle_deadline, self._timeout_cb)
            return
        transport = self.transport
        if isinstance(transport, asyncio.WriteTransport) and not transport.is_closing():
            transport.write(b"421 4.4.2 Idle timeout, closing connection\r\n")
        super()._timeout_cb()  # type: ignore[no-untyped-call]


BuildMessage = Callable[[bytes, str, tuple[str, ...]], Awaitable[InboundMessage]]


class MailHandler:
    """aiosmtpd hooks: recipient policy, store-before-250, and the 451 for every failure."""

    def __init__(
        self,
        intake: Intake,
        build: BuildMessage,
        *,
        domains: tuple[str, ...],
        limits: SMTPLimits,
    ) -> None:
        self._intake = intake
        self._build = build
        self._domains = frozenset(domain.lower().rstrip(".") for domain in domains)
        self._postmaster = f"postmaster@{domains[0]}" if domains else "postmaster"
        self._limits = limits
        self._storing = 0  # letters between end-of-data and their reply
        self._drained = asyncio.Event()
        self._drained.set()

    async def handle_EHLO(
        self, server: SMTP, session: Session, envelope: Envelope, hostname: str, responses: list[str]
    ) -> list[str]:
        # aiosmtpd reads commands strictly in order from a buffered stream, which is all RFC 2920
        # asks of a server; advertising it lets clients (swaks --pipeline, Postfix) batch commands.
        session.host_name = hostname
        return responses[:-1] + ["250-PIPELINING"] + responses[-1:]

    def accepts(self, address: str) -> bool:
        """Whether ``address`` is one of the bureau's own mailboxes (domain match)."""
        local_part, at, domain = address.rpartition("@")
        return bool(at and local_part) and domain.lower().rstrip(".") in self._domains

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if address.lower() == "postmaster":  # RFC 5321 4.5.1: must be accepted without a domain
            address = self._postmaster
        elif not self.accepts(address):
            return "550 5.7.1 Relaying denied: not a mailbox of this bureau"
        if len(envelope.rcpt_tos) >= self._limits.max_recipients:
            return "452 4.5.3 Too many recipients"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = bytes(envelope.original_content or b"")
        mail_from = str(envelope.mail_from or "").strip()
        if mail_from == "<>":  # the null reverse-path of bounces and auto-replies
            mail_from = ""
        recipients = tuple(str(address).lower() for address in envelope.rcpt_tos)
        self._storing += 1
        self._drained.clear()
        try:
            message = await self._build(raw, mail_from, recipients)
            # Awaited directly: if the client hangs up, only this wait is cancelled. The
            # store's group commit runs on its own, so the letter may still be stored; the
            # client got no 250, retries, and the store's dedupe absorbs the copy.
            await self._intake.store(message)
        except IntakeUnavailable:
            log.warning("mail intake unavailable; answered 451 (%d bytes)", len(raw))
            return TRY_AGAIN
        except Exception as exc:  # noqa: BLE001 - every failure is "try again", never a bounce
            log.error("mail intake failed (%s); answered 451 (%d bytes)", type(exc).__name__, len(raw))
            return TRY_AGAIN
        finally:
            self._storing -= 1
            if not self._storing:
                self._drained.set()
        return ACCEPTED

    async def drain(self, timeout: float) -> None:
        """Wait for letters being stored (at shutdown), at most ``timeout`` seconds, so their
        clients still get their ``250``."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._drained.wait(), timeout)

    async def handle_exception(self, error: Exception) -> str:
        # aiosmtpd's default is "500 Error: (ExceptionName) text": a bounce that leaks internals.
        log.error("SMTP session error (%s); answered 451", type(error).__name__)
        return TRY_AGAIN


@dataclass(slots=True)
class MailServer:
    """A listening SMTP intake; ``port`` is the real bound port (also for ``port=0``)."""

    server: asyncio.Server
    handler: MailHandler
    registry: _Registry
    host: str
    port: int

    async def close(self, grace: float = 5.0) -> None:
        """Stop accepting, let stores under way finish (bounded), then drop the sessions."""
        self.server.close()
        await self.handler.drain(grace)
        for session in list(self.registry.sessions):
            if session.transport is not None:
                session.transport.close()
        await self.server.wait_closed()
        # Let the closed sessions run their connection_lost before the loop moves on.
        for _ in range(3):
            await asyncio.sleep(0)


async def start_smtp_server(
    handler: MailHandler,
    *,
    host: str,
    port: int,
    hostname: str,
    limits: SMTPLimits,
) -> MailServer:
    """Listen on ``host:port`` on the running loop; returns once the socket is bound."""
    _silence_library_logging()
    loop = asyncio.get_running_loop()
    registry = _Registry(limits.max_connections)

    def factory() -> _IntakeSMTP:
        return _IntakeSMTP(
            handler,
            limits,
            registry,
            data_size_limit=limits.max_message_bytes,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=hostname,
            ident="xinfang intake",
            timeout=limits.idle_timeout,
            loop=loop,
        )

    server = await loop.create_server(factory, host, port)
    bound = server.sockets[0].getsockname()[1] if server.sockets else port
    return MailServer(server=server, handler=handler, registry=registry, host=host, port=int(bound))
