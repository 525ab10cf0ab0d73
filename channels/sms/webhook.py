"""The two Twilio webhooks: inbound messages (answered with TwiML) and status callbacks.

Every answer is a protocol answer::

    403  no token / public URL configured (fail closed), or signature missing or wrong
    413  body over the limit;  415  not a form;  400  signed but without a MessageSid
    503  the store (or the delivery record) failed: Twilio tries again; nothing internal said
    200  stored (inbound: TwiML with the replies that were ready in time, else <Response/>)

Nothing of a refused request's body is logged; accepted ones are logged by MessageSid and size.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from starlette.requests import ClientDisconnect
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from twilio.twiml.messaging_response import MessagingResponse

from channels.base import SMS, InboundMessage, Intake, OutboundMessage
from channels.body import read_body

from .convert import is_suppressed, message_sid, sms_text, to_inbound_message
from .form import TwilioForm, parse_form
from .numbers import DEFAULT_REGION, recipient_number
from .signature import SIGNATURE_HEADER, SignatureChecker

logger = logging.getLogger("channels.sms")

INBOUND_PATH = "/sms/twilio"
STATUS_PATH = "/sms/twilio/status"
#: Twilio's form bodies are a few kB (1,600 characters of text, ten media URLs at most).
MAX_BODY_BYTES = 64 * 1024
#: Statuses Twilio reports on messages we sent; anything else is acknowledged and dropped.
DELIVERY_STATUSES = frozenset(
    {
        "accepted",
        "scheduled",
        "queued",
        "sending",
        "sent",
        "delivered",
        "undelivered",
        "failed",
        "canceled",
        "read",
    }
)
TWIML_MEDIA_TYPE = "application/xml"
#: An SMS is answered inline (TwiML) only after this long without another one (see SmsWebhook).
QUIET_SECONDS = 1.0


def _plain(status: int, text: str) -> Response:
    return PlainTextResponse(text, status_code=status)


#: The answer that says nothing (built once: it is the reply to most webhooks under load).
_EMPTY_TWIML = str(MessagingResponse()).encode()


def empty_twiml() -> Response:
    return Response(_EMPTY_TWIML, media_type=TWIML_MEDIA_TYPE)


def _unreadable(form: TwilioForm, body: bytes, received_at: datetime) -> InboundMessage:
    """A signed message the adapter failed to read: the raw body, marked for a human, never
    answered automatically (its sender could not be read either)."""
    return InboundMessage(
        channel=SMS, sender=f"sms:unknown-{message_sid(form)}", text="",
        external_id=message_sid(form),
        received_at=received_at, raw=body, auto_generated=True, needs_human=True,
        meta={"problems": "unreadable"},
    )


_SIGNATURE_KEY = SIGNATURE_HEADER.lower().encode("latin-1")
_WANTED_HEADERS = frozenset({b"content-type", b"content-length", _SIGNATURE_KEY})


def _headers(scope: Scope) -> dict[bytes, str]:
    """The headers the webhooks read, first value of each (ASGI names are lower case)."""
    found: dict[bytes, str] = {}
    for name, value in scope["headers"]:
        if name in _WANTED_HEADERS and name not in found:
            found[name] = value.decode("latin-1")
    return found


class WebhookEndpoint:
    """A handler ``(scope, receive) -> Response`` as a route's ASGI endpoint.

    Given a plain function, Starlette wraps each call in a ``Request``, an exception-handling
    layer and a ``send`` wrapper; on a webhook answered thousands of times a second under a
    burst that wrapping cost about a tenth of the throughput (bench/sms_bench.py). These
    handlers read the few headers they need from the scope and the body from ``receive``
    themselves, and return a ``Response`` that answers. Exceptions still reach the app's
    error middleware (a 500 without internals).
    """

    def __init__(self, handle: Callable[[Scope, Receive], Awaitable[Response]]) -> None:
        self._handle = handle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self._handle(scope, receive)
        await response(scope, receive, send)


@dataclass(frozen=True, slots=True)
class _SignedForm:
    body: bytes
    form: TwilioForm


class SmsWebhook:
    """Handles ``POST /sms/twilio`` and ``POST /sms/twilio/status`` for one account."""

    def __init__(
        self,
        *,
        intake: Intake,
        checker: SignatureChecker,
        max_segments: int,
        reply_timeout: float,
        clock: Callable[[], datetime],
        region: str = DEFAULT_REGION,
        quiet_seconds: float = QUIET_SECONDS,
    ) -> None:
        self._intake = intake
        self._checker = checker
        self._max_segments = max_segments
        self._reply_timeout = reply_timeout
        self._clock = clock
        self._region = region
        #: Replies go inline (TwiML) only when a message comes alone: none other in flight
        #: and none in the ``quiet_seconds`` before it. In a burst the webhook answers at
        #: once and the bot replies through the outbox in batches, so acknowledging never
        #: waits on the conversation. (In-flight alone is not enough: when a group commit
        #: answers every waiting request at once, the next arrival finds none in flight.)
        self._quiet_seconds = quiet_seconds
        self._in_flight = 0
        self._last_arrival = -math.inf

    async def _signed_form(self, scope: Scope, receive: Receive, path: str
                           ) -> _SignedForm | Response:
        """The request's body and form when Twilio signed them, else the refusal to send."""
        if not self._checker.configured:
            logger.warning("sms webhook refused: no Twilio auth token or public URL configured")
            return _plain(403, "forbidden")
        headers = _headers(scope)
        content_type = headers.get(b"content-type", "")
        if not content_type.lower().startswith("application/x-www-form-urlencoded"):
            return _plain(415, "expected a form")
        declared = headers.get(b"content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return _plain(413, "too large")
        try:
            body = await read_body(receive, MAX_BODY_BYTES)
        except ClientDisconnect:
            return _plain(400, "incomplete request")
        if body is None:
            return _plain(413, "too large")
        form = parse_form(body)
        signature = headers.get(_SIGNATURE_KEY)
        query = scope.get("query_string", b"").decode("utf-8", "replace")
        if not self._checker.is_valid(path, query, form, signature):
            logger.warning(
                "sms webhook %s refused: %s signature (%d bytes)",
                path,
                "bad" if signature else "no",
                len(body),
            )
            return _plain(403, "forbidden")
        return _SignedForm(body, form)

    async def inbound(self, scope: Scope, receive: Receive) -> Response:
        # Decided on arrival: counted after the store, the last of a group commit's batch to
        # resume would look alone and hold its answer for the whole conversation.
        now = time.monotonic()
        alone = not self._in_flight and now - self._last_arrival >= self._quiet_seconds
        self._last_arrival = now
        self._in_flight += 1
        try:
            return await self._inbound(scope, receive, alone=alone)
        finally:
            self._in_flight -= 1

    async def _inbound(self, scope: Scope, receive: Receive, *, alone: bool) -> Response:
        signed = await self._signed_form(scope, receive, INBOUND_PATH)
        if isinstance(signed, Response):
            return signed
        try:
            message = to_inbound_message(
                signed.form, signed.body, self._clock(), region=self._region
            )
        except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the message
            # Signed by Twilio, so stored as it came, for a human; retrying would not help.
            logger.error("sms %s unreadable (%s): kept raw for a human",
                         message_sid(signed.form), type(exc).__name__)
            message = _unreadable(signed.form, signed.body, self._clock())
        if not message.external_id:
            return _plain(400, "missing MessageSid")
        try:
            receipt = await self._intake.store(message)
        except Exception as exc:  # noqa: BLE001 - any failure to store means "try again"
            logger.error(
                "sms %s not stored (%s): answering 503", message.external_id, type(exc).__name__
            )
            return _plain(503, "try again later")
        logger.info(
            "sms %s stored as %d%s (%d bytes, %d media)",
            message.external_id,
            receipt.message_id,
            " (duplicate)" if receipt.duplicate else "",
            len(signed.body),
            int(message.meta.get("NumMedia", "0")),
        )
        if not alone and not receipt.duplicate:
            # A retry (duplicate) always gets its inline answer again: replies recorded as sent
            # inline must reach the citizen on some response.
            return empty_twiml()
        try:
            replies = await asyncio.wait_for(
                self._intake.process(receipt, inline=True), timeout=self._reply_timeout
            )
        except TimeoutError:
            # process() was cancelled: the bot answers later through the outbox.
            logger.warning(
                "sms %s: replies not ready within %.1fs, left to the outbox",
                message.external_id,
                self._reply_timeout,
            )
            return empty_twiml()
        except Exception as exc:  # noqa: BLE001 - the message is safe; the bot retries it
            logger.error(
                "sms %s: processing failed (%s), left to the bot",
                message.external_id,
                type(exc).__name__,
            )
            return empty_twiml()
        return Response(self._twiml(replies, message.sender), media_type=TWIML_MEDIA_TYPE)

    def _twiml(self, replies: Sequence[OutboundMessage], sender: str) -> str:
        response = MessagingResponse()
        for reply in replies:
            if reply.channel != SMS or is_suppressed(reply):
                continue
            body = sms_text(reply, self._max_segments)
            if not body:
                continue
            if reply.recipient and reply.recipient != sender:
                try:
                    response.message(body, to=recipient_number(reply.recipient, self._region))
                except ValueError:
                    logger.error("sms reply with an unusable recipient dropped")
                continue
            response.message(body)
        return str(response)

    async def status(self, scope: Scope, receive: Receive) -> Response:
        signed = await self._signed_form(scope, receive, STATUS_PATH)
        if isinstance(signed, Response):
            return signed
        sid = message_sid(signed.form)
        raw_status = signed.form.get("MessageStatus") or signed.form.get("SmsStatus") or ""
        status = raw_status.strip().lower() if isinstance(raw_status, str) else ""
        if not sid or not status:
            return _plain(400, "missing MessageSid or MessageStatus")
        if status not in DELIVERY_STATUSES:
            return Response(status_code=200)
        try:
            await self._intake.record_delivery(SMS, sid, status)
        except Exception as exc:  # noqa: BLE001 - Twilio may call again; say "later"
            logger.error("sms status %s for %s not recorded (%s)", status, sid, type(exc).__name__)
            return _plain(503, "try again later")
        logger.info("sms status %s for %s", status, sid)
        return Response(status_code=200)

