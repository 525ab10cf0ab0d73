"""The Telegram channel: polling or webhook in, replies out, on the service's one event loop.

Mode: polling when only a token is given (no public URL needed); webhook when a webhook
secret is given too, with the route handed to the service's web app (python-telegram-bot's
own webhook server is never started). Either way an update is stored through the intake
before Telegram is told we have it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from starlette.routing import BaseRoute
from telegram import Bot, BotCommand
from telegram import error as tg_error
from telegram.request import BaseRequest, HTTPXRequest

from channels.base import (
    TELEGRAM,
    Delivery,
    IncomingAttachment,
    Intake,
    MediaRef,
    OutboundMessage,
    SendError,
)

from .files import Downloader, fetch_file
from .kind import CAPABILITIES
from .normalize import PRIVATE, ChatUpdate, parse_update, to_inbound, unreadable_to_inbound
from .outbound import Sender
from .polling import ALLOWED_UPDATES, CapturingRequest, UpdatePoller
from .ratelimit import SendRateLimiter
from .texts import group_notice
from .webhook import WEBHOOK_PATH, webhook_route

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org"

#: Chat member statuses meaning "the bot was just added here".
_JOINED = ("member", "administrator")
#: Chats never told that petitions are private: a citizen's own chat, and channels (no replies).
_NO_NOTICE = (PRIVATE, "channel")


def guard_library_logs() -> None:
    """Keep the bot token and citizens' words out of library logs.

    httpx logs every request URL at INFO, and Bot API URLs carry the bot token; python-telegram-
    bot logs each call's parameters (the text we send) at DEBUG. Both are capped here, unless
    the operator configured those loggers explicitly.
    """
    for name, level in (("httpx", logging.WARNING), ("telegram", logging.INFO)):
        library = logging.getLogger(name)
        if library.level == logging.NOTSET:
            library.setLevel(level)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def build_bot(
    token: str,
    *,
    api_url: str = "",
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    proxy: str = "",
    timeout: float = 10.0,
) -> tuple[Bot, CapturingRequest]:
    """A :class:`telegram.Bot` for ``api_url`` (the Bot API server's root; empty: Telegram's).

    ``request`` is the network seam (tests pass an offline one); ``updates_request`` serves
    ``getUpdates`` alone and defaults to ``request`` when that is given. The second value is
    the getUpdates request, wrapped so the poller can read each update's exact bytes.
    """
    root = (api_url or DEFAULT_API_URL).rstrip("/")
    if request is None:
        request = HTTPXRequest(
            connection_pool_size=8,
            read_timeout=timeout,
            write_timeout=timeout,
            connect_timeout=timeout,
            pool_timeout=timeout,
            proxy=proxy or None,
        )
        if updates_request is None:
            updates_request = HTTPXRequest(
                connection_pool_size=1,
                read_timeout=timeout,
                write_timeout=timeout,
                connect_timeout=timeout,
                pool_timeout=timeout,
                proxy=proxy or None,
            )
    capture = CapturingRequest(updates_request if updates_request is not None else request)
    bot = Bot(
        token,
        base_url=f"{root}/bot",
        base_file_url=f"{root}/file/bot",
        request=request,
        get_updates_request=capture,
    )
    return bot, capture


class TelegramChannel:
    """Citizens chatting with the bot on Telegram. See the package docstring for the meta keys."""

    name = TELEGRAM
    capabilities = CAPABILITIES

    def __init__(
        self,
        token: str,
        intake: Intake,
        *,
        webhook_secret: str = "",
        api_url: str = "",
        webhook_url: str = "",
        proxy: str = "",
        request: BaseRequest | None = None,
        updates_request: BaseRequest | None = None,
        download_transport: httpx.AsyncBaseTransport | None = None,
        poll_interval: float = 0.5,
        poll_timeout: int = 25,
        request_timeout: float = 10.0,
        limiter: SendRateLimiter | None = None,
        group_notice_interval: float = 3600.0,
        max_update_bytes: int = 1 << 20,
        register_commands: bool = True,
        commands: Sequence[tuple[str, str]] = (),
        retry_initial: float = 1.0,
        retry_max: float = 60.0,
        max_background_tasks: int = 1000,
        attachment_max_bytes: int = 20 * 1024 * 1024,
        now: Callable[[], datetime] = _utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if not token:
            raise ValueError("a Telegram bot token is required")
        guard_library_logs()
        self._intake = intake
        self._attachment_max_bytes = attachment_max_bytes
        self._webhook_secret = webhook_secret
        self._webhook_url = webhook_url
        self._api_host = urlsplit(api_url or DEFAULT_API_URL).netloc
        self._bot, capture = build_bot(
            token,
            api_url=api_url,
            request=request,
            updates_request=updates_request,
            proxy=proxy,
            timeout=request_timeout,
        )
        self._sender = Sender(self._bot, limiter or SendRateLimiter(), read_timeout=request_timeout)
        #: Files come over HTTP(S) from the Bot API origin only (``download_transport``: the
        #: network seam for tests), never through python-telegram-bot's local-path shortcut.
        self._downloader = Downloader(proxy=proxy, transport=download_transport)
        self._poller = UpdatePoller(
            self._bot,
            capture,
            self.accept_body,
            poll_interval=poll_interval,
            timeout=poll_timeout,
            read_timeout=request_timeout,
        )
        self._group_notice_interval = group_notice_interval
        self._noticed: OrderedDict[int, float] = OrderedDict()
        self._max_update_bytes = max_update_bytes
        self._register_commands = register_commands
        # The bot's commands and menu texts (the composition root passes nlp's): channels
        # know the syntax of a command, never which commands there are.
        self._commands = tuple(commands)
        self._retry_initial = retry_initial
        self._retry_max = retry_max
        self._max_background = max_background_tasks
        self._now = now
        self._monotonic = monotonic
        self._runner: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[None]] = set()
        self._ready = asyncio.Event()

    # -- the Channel protocol -------------------------------------------------------------

    @property
    def webhook_mode(self) -> bool:
        """Webhook when a secret is configured; polling otherwise."""
        return bool(self._webhook_secret)

    def routes(self) -> Sequence[BaseRoute]:
        if not self.webhook_mode:
            return []
        return [
            webhook_route(
                self._webhook_secret, self.accept_body, max_body_bytes=self._max_update_bytes
            )
        ]

    async def start(self) -> None:
        """Begin in the background: reach the Bot API (retrying), then poll if polling.

        Returns at once, so an unreachable Telegram never holds up the other channels.
        """
        if self._runner is not None:
            return
        self._runner = asyncio.create_task(self._run(), name="telegram-channel")

    async def stop(self, timeout: float = 5.0) -> None:
        """Stop polling and background replies (bounded by ``timeout``), close the Bot."""
        tasks = [task for task in (self._runner, *self._background) if task is not None]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)
        self._runner = None
        self._ready.clear()
        try:
            await asyncio.wait_for(self._bot.shutdown(), timeout)
        except (TimeoutError, tg_error.TelegramError) as exc:
            logger.warning("telegram: shutting the bot down failed (%s)", type(exc).__name__)
        await self._downloader.aclose()

    async def send(self, message: OutboundMessage) -> Delivery:
        """Deliver a reply or notice; see :class:`channels.chat.outbound.Sender`."""
        if message.channel != TELEGRAM:
            raise SendError(f"not a telegram message: {message.channel}", retryable=False)
        return await self._sender.send(message)

    def describe(self) -> str:
        if self.webhook_mode:
            return f"telegram: webhook POST {WEBHOOK_PATH} (secret token checked), API {self._api_host}"
        return f"telegram: polling getUpdates at {self._api_host}"

    # -- for the bot ------------------------------------------------------------------------

    async def fetch_media(self, media: MediaRef) -> IncomingAttachment:
        """Download a photo or document a message named, up to ``attachment_max_bytes``."""
        return await self.fetch_file(media.ref, self._attachment_max_bytes,
                                     filename=media.filename, content_type=media.content_type)

    async def fetch_file(
        self, file_id: str, max_bytes: int, *, filename: str = "", content_type: str = ""
    ) -> IncomingAttachment:
        """Download a photo or document named in a message's meta (``photo_file_id``,
        ``document_file_id``); raises :class:`channels.chat.FileFetchError` or
        :class:`channels.chat.FileTooLarge`."""
        return await fetch_file(
            self._bot, file_id, max_bytes, downloader=self._downloader, filename=filename,
            content_type=content_type,
        )

    @property
    def bot_username(self) -> str:
        """The bot's @username once the Bot API was reached ("" before), for ``parse_command``."""
        try:
            return self._bot.username
        except RuntimeError:
            return ""

    @property
    def poll_offset(self) -> int | None:
        """The next getUpdates offset (polling mode): last stored update_id + 1."""
        return self._poller.offset

    async def wait_ready(self, timeout: float) -> bool:
        """Wait until the Bot API was reached and set up; ``False`` on timeout."""
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def flush(self, timeout: float = 5.0) -> None:
        """Wait for pending callback answers and group notices (bounded)."""
        if self._background:
            await asyncio.wait(set(self._background), timeout=timeout)

    # -- intake -----------------------------------------------------------------------------

    async def accept_body(self, body: bytes) -> None:
        """Store one update given its exact JSON (a webhook body, or one update of a
        getUpdates answer), then do what the channel owes it (answer a keyboard tap, tell a
        group that petitions are private) in the background.

        Raises BadUpdate (not an update at all), IntakeUnavailable or any store error.
        """
        update_id, update = parse_update(body)
        if update is None:
            await self._intake.store(unreadable_to_inbound(update_id, body, self._now()))
            return
        receipt = await self._intake.store(to_inbound(update, body, self._now()))
        if not receipt.duplicate:
            self._after_store(update)

    def _after_store(self, update: ChatUpdate) -> None:
        if update.callback_query_id is not None:
            self._spawn(self._answer_callback(update.callback_query_id))
        chat_id = update.chat_id
        if chat_id is None or update.chat_type in _NO_NOTICE:
            return
        joined = update.member_status in _JOINED
        if (update.kind == "message" or joined) and self._notice_due(chat_id):
            self._spawn(self._send_group_notice(chat_id))

    def _notice_due(self, chat_id: int) -> bool:
        now = self._monotonic()
        last = self._noticed.get(chat_id)
        if last is not None and now - last < self._group_notice_interval:
            return False
        self._noticed[chat_id] = now
        self._noticed.move_to_end(chat_id)
        while len(self._noticed) > 10_000:
            self._noticed.popitem(last=False)
        return True

    async def _answer_callback(self, query_id: str) -> None:
        try:
            await self._bot.answer_callback_query(query_id)
        except tg_error.TelegramError as exc:
            # Too late or already answered: the citizen's client stops its spinner anyway.
            logger.info("telegram: callback query not answered (%s)", type(exc).__name__)

    async def _send_group_notice(self, chat_id: int) -> None:
        try:
            await self._sender.send_text(chat_id, group_notice(self.bot_username))
        except SendError as exc:
            logger.info("telegram: group notice not sent (%s)", exc.reason)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        if len(self._background) >= self._max_background:
            work.close()
            logger.warning("telegram: too many pending background sends; one dropped")
            return
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # -- lifecycle --------------------------------------------------------------------------

    async def _run(self) -> None:
        await self._setup()
        self._ready.set()
        if not self.webhook_mode:
            await self._poller.run()

    async def _setup(self) -> None:
        delay = self._retry_initial
        while True:
            try:
                await self._bot.initialize()
                if self.webhook_mode:
                    if self._webhook_url:
                        await self._bot.set_webhook(
                            url=self._webhook_url,
                            secret_token=self._webhook_secret,
                            allowed_updates=list(ALLOWED_UPDATES),
                        )
                else:
                    # getUpdates is refused while a webhook is set; pending updates are kept.
                    await self._bot.delete_webhook(drop_pending_updates=False)
                break
            except tg_error.TelegramError as exc:
                logger.warning(
                    "telegram: Bot API setup failed (%s); retrying in %.0f s",
                    type(exc).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(self._retry_max, delay * 2)
        if self._register_commands and self._commands:
            try:
                await self._bot.set_my_commands(
                    [BotCommand(name, description) for name, description in self._commands]
                )
            except tg_error.TelegramError as exc:
                logger.info("telegram: command menu not registered (%s)", type(exc).__name__)
        logger.info("telegram: connected as bot id %s", self._bot.id)
