"""The adapter contract every channel keeps, and the one message model they share.

A channel turns its protocol into :class:`InboundMessage`, hands it to an :class:`Intake`
(implemented by ``bot/``), and answers its protocol only after ``Intake.store`` returned:
the message is then durably in the store. Replies come back as :class:`OutboundMessage`
and a channel delivers them with :meth:`Channel.send`.

Exception tree (channels never see storage or bot exceptions, only these)::

    ChannelError
     ├── IntakeUnavailable   the store could not take the message: answer "try again"
     │                       (SMTP 451 4.3.0, HTTP 503), never a permanent failure
     └── SendError           delivery failed; ``retryable`` and ``retry_after`` say what to do
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, TypeVar, runtime_checkable

from starlette.routing import BaseRoute

#: Channel names, also the scheme-independent key of every stored message. Only channels/ and
#: run.py use them: bot/ learns about channels from their :class:`Capabilities`.
SMS = "sms"
MAIL = "mail"
TELEGRAM = "telegram"
CONSOLE = "console"
WECHAT = "wechat"


@dataclass(frozen=True, slots=True)
class IncomingAttachment:
    """A file that came with a message. ``filename`` is the sender's name for it: metadata only."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class MediaRef:
    """A file a message names but does not carry (an MMS URL, a Telegram file id, a WeChat
    MediaId). ``ref`` is opaque outside the channel that made it: only that channel's
    :meth:`MediaSource.fetch_media` can turn it into bytes, with the channel's credentials.
    """

    ref: str
    #: ``image``, ``voice``, ``video``, ``document``: what the provider said it is.
    kind: str = "document"
    filename: str = ""
    content_type: str = ""


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One message from a citizen, normalized; ``raw`` keeps exactly what the protocol carried.

    ``sender`` is a URN: ``tel:+8613800000000``, ``mailto:a@b.cn``, ``telegram:123456``,
    ``console:张三``. ``external_id`` is the provider's id (MessageSid, Message-ID, update_id);
    ``content_hash`` is set by channels whose ids get reused (mail), and joins the dedupe key.
    """

    channel: str
    sender: str
    text: str
    external_id: str
    received_at: datetime
    raw: bytes
    subject: str = ""
    sender_name: str = ""
    content_hash: str = ""
    attachments: tuple[IncomingAttachment, ...] = ()
    #: Files named, not carried: the bot queues each for :meth:`MediaSource.fetch_media`.
    media: tuple[MediaRef, ...] = ()
    #: Identifiers this message answers (mail In-Reply-To/References, plus-address case numbers).
    references: tuple[str, ...] = ()
    #: Auto-replies, bounces, DSNs: stored, never answered, never open a case.
    auto_generated: bool = False
    #: The channel could not fully understand it; stored raw and queued for a human.
    needs_human: bool = False
    #: Channel facts the reply path needs (mail Message-ID, Telegram chat id, callback data).
    meta: Mapping[str, str] = field(default_factory=dict)


#: ``meta[PARSE] == PARSE_DEFERRED``: the channel stored the message (raw, dedupe key, envelope)
#: before parsing it, so the ``250`` waits only for the fsync. The bot completes it with the
#: channel's :data:`Completer` before deciding, and records ``"done"`` or ``"failed"``.
PARSE = "parse"
PARSE_DEFERRED = "deferred"

#: ``OutboundMessage.meta[RESEND] == "1"``: an earlier attempt of this very message was cut off
#: (a crash between the provider taking it and the outbox recording it), so it may already
#: have arrived. ``meta[RESEND_SINCE]`` is when the message was first queued (ISO, UTC). Each
#: channel does what its provider allows: mail sends the same Message-ID (receivers drop the
#: copy), SMS asks Twilio whether it already took the message, Telegram (no such facility)
#: marks the copy so the citizen can tell.
RESEND = "resend"
RESEND_SINCE = "resend_since"

def storable(text: str) -> str:
    """``text`` as every store can keep it: valid Unicode without NUL.

    Protocol text reaches us with bytes the decoders could not place: mail headers with raw
    UTF-8 come through ``surrogateescape`` (lone surrogates U+DC80–U+DCFF), JSON may carry a
    lone ``\\ud800``, and PostgreSQL refuses NUL in text. None of that may make a store fail
    (the sender would be told "try again" forever): escaped bytes are decoded as the UTF-8
    they usually are (U+FFFD where they are not), other lone surrogates become U+FFFD, NUL is
    dropped. The raw bytes of the message are kept unchanged beside it.
    """
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return "".join(char if not 0xD800 <= ord(char) <= 0xDFFF else "\ufffd" for char in text)


#: ``(raw, meta) -> InboundMessage``: a channel's pure, CPU-bound parse of a message it stored
#: deferred. The bot keeps the stored row's identity (channel, external id, hash, raw,
#: received_at) and takes the parsed fields and attachments from the result.
Completer = Callable[[bytes, Mapping[str, str]], InboundMessage]


@dataclass(frozen=True, slots=True)
class Button:
    """A tap-able choice (Telegram inline keyboard); other channels show ``label`` as text."""

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """A reply or notice to one recipient on one channel."""

    channel: str
    recipient: str
    text: str
    subject: str = ""
    case_number: str = ""
    #: The channel's id of the message this answers (mail Message-ID), for threading.
    in_reply_to: str = ""
    buttons: tuple[tuple[Button, ...], ...] = ()
    #: Outbox row id, set when the message comes from the persisted outbox.
    outbox_id: int | None = None
    meta: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Delivery:
    """What the provider said when it took a message: its id and the state it reported."""

    provider_id: str
    status: str = "sent"


@dataclass(frozen=True, slots=True)
class Receipt:
    """Proof that a message is durably stored. ``duplicate``: it was stored before."""

    message_id: int
    duplicate: bool


class ChannelError(Exception):
    """Base of every error a channel raises or is given."""


class IntakeUnavailable(ChannelError):
    """The store could not take the message now; the sender should try again later."""


class SendError(ChannelError):
    """A message could not be delivered."""

    def __init__(self, reason: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after


class Intake(Protocol):
    """What a channel hands messages to. Implemented by ``bot.intake``."""

    async def store(self, message: InboundMessage) -> Receipt:
        """Store durably (fsync'd) or raise :class:`IntakeUnavailable`. Idempotent."""
        ...

    async def process(self, receipt: Receipt, *, inline: bool = False) -> Sequence[OutboundMessage]:
        """Run the bot on a stored message; idempotent, returns the replies it produced.

        ``inline=True``: the caller delivers the replies on its own response (TwiML, the
        console), so they are recorded as sent rather than left for the outbox worker.
        """
        ...

    async def record_delivery(self, channel: str, provider_id: str, status: str) -> None:
        """A provider reported on a message we sent (Twilio status callback and the like).

        ``status`` is the provider's word: queued / sent / delivered / undelivered / failed.
        Proven delivery starts the statutory clocks. A report for an id not recorded yet (it
        can beat the sender's own record) is kept until the id is, never dropped.
        """
        ...


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a channel can carry, declared once by the channel; the bot adapts to it.

    The bot never asks "is this SMS?": it asks for the short form, for buttons, for the
    display name. Adding a channel adds one of these, nothing in ``bot/``.
    """

    #: The key of its messages (``InboundMessage.channel``, ``Outbox.channel``).
    name: str
    #: How staff and statistics call it (Chinese, as every staff-facing label).
    display_name: str
    #: Longest text one message may carry; longer replies are split or shortened by the channel.
    max_text: int = 4096
    #: Notices go out in the short form (no unit names, no personal data): SMS and the like,
    #: read on a lock screen or by whoever holds the phone.
    short_form: bool = False
    #: Tap-able buttons (:class:`Button`) are shown as buttons, not as their labels.
    buttons: bool = False
    #: Links are clickable (otherwise the bot writes them out, or leaves them off).
    links: bool = True
    #: It fetches the files its messages name (:class:`MediaRef`) through :class:`MediaSource`.
    fetches_media: bool = False
    #: It can write first (a notice months later). ``False``: only within ``reply_window`` of
    #: the citizen's last message (WeChat's customer-service messages: 48 hours).
    initiates: bool = True
    reply_window: timedelta | None = None
    #: How a citizen rates an answer on it (the words of the rating request), per language.
    rating_hint: Mapping[str, str] = field(default_factory=dict)
    #: The operator's hint when it is off (``serve``'s banner): which settings turn it on.
    off_hint: str = ""


@runtime_checkable
class MediaSource(Protocol):
    """A channel that can download the files its messages name."""

    async def fetch_media(self, media: MediaRef) -> IncomingAttachment:
        """The file ``media`` names, or raise: an error with ``retryable = False`` (too large,
        gone) ends the attempt; any other is retried with backoff."""
        ...


@runtime_checkable
class Channel(Protocol):
    """A protocol adapter. ``run.py`` builds it from settings; the service starts it."""

    name: str
    capabilities: Capabilities

    def routes(self) -> Sequence[BaseRoute]:
        """Routes this channel adds to the one web app (empty when it has none)."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, message: OutboundMessage) -> Delivery:
        """Deliver one message or raise :class:`SendError`."""
        ...

    def describe(self) -> str:
        """One line for the operator: where this channel listens."""
        ...


#: The settings a channel kind reads: each kind declares the attributes it needs as a
#: Protocol, and the project's one ``Settings`` object satisfies them all.
SettingsT_contra = TypeVar("SettingsT_contra", contravariant=True)


class ChannelKind(Protocol[SettingsT_contra]):
    """One entry of the composition root's channel list: what the channel can do, how to
    build it from the settings, and how to finish messages it stored unparsed.

    A new channel is a package under ``channels/`` exporting one of these, and one line in
    ``run.py``'s ``CHANNELS``. See ``docs/CHANNELS.md``.
    """

    @property
    def capabilities(self) -> Capabilities: ...

    def build(self, settings: SettingsT_contra, intake: Intake) -> Channel | None:
        """The channel, or ``None`` when its settings leave it off."""
        ...

    def completer(self, settings: SettingsT_contra) -> Completer | None:
        """The parser of messages it stores before parsing (mail); ``None`` for most.
        Wired whether the channel is on or not: messages stored earlier must complete."""
        ...
