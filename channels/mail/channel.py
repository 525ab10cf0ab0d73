"""The mail channel: an SMTP intake for letters (来信) and replies through a relay."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from starlette.routing import BaseRoute

from channels.base import MAIL, Delivery, InboundMessage, Intake, OutboundMessage, SendError

from .deferred import completer, deferred_message
from .kind import CAPABILITIES
from .outbound import Relay, compose_reply, deliver, mailbox_of
from .references import DEFAULT_CASE_NUMBER_PATTERN
from .server import MailHandler, MailServer, SMTPLimits, start_smtp_server

__all__ = ["MailChannel"]

log = logging.getLogger(__name__)

def _utc_now() -> datetime:
    return datetime.now(UTC)


class MailChannel:
    """SMTP intake on the service loop (``start``/``stop``) and replies via ``outbound_smtp``.

    It has no web routes. Each accepted letter is handed to ``intake.store`` as a minimal
    message (raw bytes, Message-ID, envelope; see :mod:`.deferred`) and only then acknowledged
    with ``250``. Parsing is left to the bot, which calls :meth:`complete` when it processes
    the stored letter: the ``250`` waits for nothing but the fsync.
    """

    name = MAIL
    capabilities = CAPABILITIES

    def __init__(
        self,
        *,
        intake: Intake,
        host: str = "127.0.0.1",
        port: int = 2525,
        domains: Sequence[str] = ("localhost",),
        max_message_bytes: int = 25 * 1024 * 1024,
        attachment_max_bytes: int = 20 * 1024 * 1024,
        outbound_smtp: str = "",
        from_address: str = "",
        from_name: str = "信访局",
        max_line_bytes: int = 1024 * 1024,
        max_recipients: int = 100,
        max_connections: int = 500,
        idle_timeout: float = 300.0,
        send_timeout: float = 30.0,
        case_number_pattern: str = DEFAULT_CASE_NUMBER_PATTERN,
        hostname: str = "",
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        cleaned = tuple(domain.strip().lower() for domain in domains if domain.strip())
        if not cleaned:
            raise ValueError("the mail channel needs at least one bureau domain")
        self._intake = intake
        self._host = host
        self._port = port
        self._domains = cleaned
        self._hostname = hostname or cleaned[0]
        self._from_address = from_address or f"xinfang@{cleaned[0]}"
        self._from_name = from_name
        self._relay = Relay.parse(outbound_smtp, timeout=send_timeout) if outbound_smtp else None
        self._smtp_limits = SMTPLimits(
            max_message_bytes=max_message_bytes,
            max_line_bytes=max_line_bytes,
            max_recipients=max_recipients,
            idle_timeout=idle_timeout,
            max_connections=max_connections,
        )
        self._complete = completer(
            attachment_max_bytes=attachment_max_bytes,
            max_message_bytes=max_message_bytes,
            case_number_pattern=case_number_pattern,
        )
        self._clock = clock
        self._handler = MailHandler(
            intake, self.build_message, domains=cleaned, limits=self._smtp_limits
        )
        self._server: MailServer | None = None

    # -- Channel protocol -------------------------------------------------------------------

    def routes(self) -> Sequence[BaseRoute]:
        return ()

    async def start(self) -> None:
        if self._server is not None:
            return
        self._server = await start_smtp_server(
            self._handler,
            host=self._host,
            port=self._port,
            hostname=self._hostname,
            limits=self._smtp_limits,
        )
        log.info("mail intake listening on %s:%d", self._host, self._server.port)

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            await server.close()

    def describe(self) -> str:
        where = f"{self._host}:{self.port}" if self._server else f"{self._host}:{self._port} (stopped)"
        replies = (f"replies via {self._relay.host}:{self._relay.port}" if self._relay
                   else "replies wait in the outbox: no relay (set XINFANG_OUTBOUND_SMTP)")
        return f"mail: SMTP on {where} for {', '.join(self._domains)}; {replies}"

    async def send(self, message: OutboundMessage) -> Delivery:
        """Compose the reply and hand it to the relay; ``provider_id`` is its Message-ID."""
        if self._relay is None:
            # Retryable: the reply waits in the outbox until an operator configures the relay.
            raise SendError("no outbound mail relay configured", retryable=True, retry_after=600.0)
        recipient = mailbox_of(message.recipient)
        mail = compose_reply(
            message,
            from_address=self._from_address,
            from_name=self._from_name,
            domain=self._domains[0],
            now=self._clock(),
        )
        await deliver(
            self._relay,
            helo_name=self._hostname,
            mail_from=self._from_address,
            recipient=recipient,
            data=mail.as_bytes(),
        )
        return Delivery(provider_id=str(mail["Message-ID"]), status="accepted")

    # -- intake -----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound SMTP port once started (the real one when configured as 0)."""
        return self._server.port if self._server else self._port

    async def build_message(
        self, raw: bytes, mail_from: str, recipients: tuple[str, ...]
    ) -> InboundMessage:
        """The minimal message stored before ``250``; cheap, and never raises for content."""
        return deferred_message(
            raw, mail_from=mail_from, recipients=recipients, received_at=self._clock()
        )

    def complete(self, raw: bytes, meta: Mapping[str, str]) -> InboundMessage:
        """The parsed message for a letter stored deferred, with this channel's limits.

        The bot's completer for ``mail`` (pure, CPU-bound: call it in a worker thread).
        """
        return self._complete(raw, meta)
