"""The SMS channel: Twilio webhooks in, Twilio's REST API out."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import httpx
from starlette.routing import BaseRoute, Route

from channels.base import (
    RESEND,
    RESEND_SINCE,
    SMS,
    Delivery,
    IncomingAttachment,
    Intake,
    MediaRef,
    OutboundMessage,
    SendError,
)

from .convert import is_suppressed, sms_text
from .kind import CAPABILITIES
from .numbers import DEFAULT_REGION, recipient_number
from .rest import TwilioRest
from .segments import segment_count
from .signature import SignatureChecker
from .webhook import INBOUND_PATH, QUIET_SECONDS, STATUS_PATH, SmsWebhook, WebhookEndpoint

logger = logging.getLogger("channels.sms")

DEFAULT_API_URL = "https://api.twilio.com"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SmsChannel:
    """Twilio SMS/MMS for one account and one sending number (or Messaging Service).

    Inbound: ``POST /sms/twilio`` (signed; stored, then answered with TwiML holding the replies
    the bot produced within ``reply_timeout`` seconds) and ``POST /sms/twilio/status``
    (signed delivery reports). Outbound: :meth:`send` from the bot's outbox, cut to
    ``max_segments``; :meth:`fetch_media` downloads MMS attachments named in a stored
    message's ``meta`` (``MediaUrl0``…).

    With no ``auth_token`` or no ``public_url`` every webhook is refused with 403.
    """

    name = SMS
    capabilities = CAPABILITIES

    def __init__(
        self,
        *,
        intake: Intake,
        account_sid: str,
        auth_token: str,
        from_number: str,
        public_url: str,
        api_url: str = DEFAULT_API_URL,
        max_segments: int = 3,
        attachment_max_bytes: int = 20 * 1024 * 1024,
        reply_timeout: float = 5.0,
        quiet_seconds: float = QUIET_SECONDS,
        request_timeout: float = 10.0,
        region: str = DEFAULT_REGION,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        if max_segments < 1:
            raise ValueError("max_segments must be at least 1")
        if not 0 < reply_timeout < 15:
            # Twilio gives up on a webhook after 15 s; the reply must come well before.
            raise ValueError("reply_timeout must be between 0 and 15 seconds")
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._from_number = from_number
        self._public_url = public_url.rstrip("/")
        self._api_url = api_url.rstrip("/")
        self._max_segments = max_segments
        self._region = region
        self._rest = TwilioRest(
            account_sid=account_sid,
            auth_token=auth_token,
            api_url=api_url,
            timeout=request_timeout,
            media_max_bytes=attachment_max_bytes,
            transport=transport,
        )
        self._webhook = SmsWebhook(
            intake=intake,
            checker=SignatureChecker(auth_token, public_url),
            max_segments=max_segments,
            reply_timeout=reply_timeout,
            clock=clock,
            region=region,
            quiet_seconds=quiet_seconds,
        )

    @property
    def status_callback_url(self) -> str:
        """Where Twilio reports on what we sent; empty without a public URL."""
        return self._public_url + STATUS_PATH if self._public_url else ""

    def routes(self) -> Sequence[BaseRoute]:
        return [
            Route(INBOUND_PATH, WebhookEndpoint(self._webhook.inbound), methods=["POST"],
                  name="sms_inbound"),
            Route(STATUS_PATH, WebhookEndpoint(self._webhook.status), methods=["POST"],
                  name="sms_status"),
        ]

    async def start(self) -> None:
        if not (self._auth_token and self._public_url):
            logger.warning("sms: no Twilio auth token or public URL; every webhook is refused")

    async def stop(self) -> None:
        await self._rest.aclose()

    async def send(self, message: OutboundMessage) -> Delivery:
        """Send one SMS through Twilio, cut to ``max_segments``; raise :class:`SendError`.

        Refused without a network call (not retryable): another channel's message, a message
        the bot marked as going to an opted-out number, a recipient that is no phone number,
        an empty text, or an account that is not configured.
        """
        if message.channel != SMS:
            raise SendError(f"not an sms message ({message.channel})", retryable=False)
        if is_suppressed(message):
            raise SendError("recipient opted out of sms", retryable=False)
        if not (self._account_sid and self._auth_token and self._from_number):
            raise SendError("twilio account not configured", retryable=False)
        try:
            to = recipient_number(message.recipient, self._region)
        except ValueError:
            raise SendError("recipient is not a phone number", retryable=False) from None
        body = sms_text(message, self._max_segments)
        if not body.strip():
            raise SendError("empty message", retryable=False)
        if message.meta.get(RESEND) == "1":
            # A crash cut the first attempt off: ask Twilio before sending a second copy.
            already = await self._rest.find_sent(
                to=to, body=body, since=str(message.meta.get(RESEND_SINCE, "")))
            if already is not None:
                logger.info("sms outbox %s was sent before the crash, as %s: not sent again",
                            message.outbox_id, already.provider_id)
                return already
        delivery = await self._rest.create_message(
            to=to, sender=self._from_number, body=body, status_callback=self.status_callback_url
        )
        logger.info(
            "sms sent: outbox %s as %s (%s, %d segments)",
            message.outbox_id,
            delivery.provider_id,
            delivery.status,
            segment_count(body),
        )
        return delivery

    async def fetch_media(self, media: MediaRef) -> IncomingAttachment:
        """Download one MMS attachment (its ``MediaUrlN``, the ref of a :class:`MediaRef`).

        Raises :class:`channels.sms.MediaFetchError` (``retryable`` set) on failure, or when
        the file is larger than ``attachment_max_bytes``.
        """
        return await self._rest.fetch_media(media.ref)

    def describe(self) -> str:
        if not (self._auth_token and self._public_url):
            return f"sms: Twilio webhooks at {INBOUND_PATH} REFUSE all requests (no auth token or public URL)"
        sender = self._from_number or "(no sending number)"
        return (
            f"sms: Twilio webhooks at {self._public_url}{INBOUND_PATH} and {STATUS_PATH}, "
            f"sending from {sender} via {self._api_url}"
        )
