"""Long polling with ``getUpdates``: the offset only moves past updates that are stored.

Telegram forgets an update once ``getUpdates`` is called with an offset above its id. So the
offset here is "last durably stored update_id + 1": an update whose store failed is fetched
again after a back-off, and nothing stored is ever acknowledged before it is safe.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot, Update
from telegram import error as tg_error
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from .errors import retry_after_seconds
from .rawjson import result_elements

logger = logging.getLogger(__name__)

#: Called with each update's exact JSON, in update_id order; must store it durably or raise.
UpdateHandler = Callable[[bytes], Awaitable[None]]

#: The updates a petition conversation needs; ``my_chat_member`` tells us of blocks.
ALLOWED_UPDATES: tuple[str, ...] = ("message", "edited_message", "callback_query", "my_chat_member")


class CapturingRequest(BaseRequest):
    """A request that delegates to ``inner`` and keeps the last ``getUpdates`` answer's bytes.

    python-telegram-bot hands back parsed objects only; the raw answer lets us store each
    update exactly as Telegram sent it. Only the poller uses the getUpdates request, one
    call at a time, so "the last answer" is unambiguous.
    """

    def __init__(self, inner: BaseRequest) -> None:
        self._inner = inner
        self._last: bytes | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    def take(self) -> bytes | None:
        """The last successful getUpdates answer, once."""
        payload, self._last = self._last, None
        return payload

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        self._last = None
        code, payload = await self._inner.do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if 200 <= code < 300 and url.endswith("/getUpdates"):
            self._last = payload
        return code, payload


def _exact_raws(updates: Sequence[Update], payload: bytes | None) -> list[bytes]:
    """Each update's bytes as sent; falls back to re-serialising if the answer is odd."""
    if payload is not None:
        try:
            elements = result_elements(payload)
            ids = [json.loads(element)["update_id"] for element in elements]
        except (ValueError, KeyError, TypeError):
            elements, ids = [], []
        if ids == [update.update_id for update in updates]:
            return elements
    return [update.to_json().encode("utf-8") for update in updates]


class UpdatePoller:
    """Polls ``getUpdates`` and hands every update to ``handle`` before moving the offset."""

    def __init__(
        self,
        bot: Bot,
        capture: CapturingRequest,
        handle: UpdateHandler,
        *,
        poll_interval: float = 0.5,
        timeout: int = 25,
        read_timeout: float = 10.0,
        limit: int = 100,
        allowed_updates: Sequence[str] = ALLOWED_UPDATES,
        backoff_initial: float = 0.5,
        backoff_max: float = 30.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if poll_interval <= 0:
            raise ValueError("poll_interval must be positive (emulators ignore long-poll timeouts)")
        self._bot = bot
        self._capture = capture
        self._handle = handle
        self._poll_interval = poll_interval
        self._timeout = timeout
        self._read_timeout = read_timeout
        self._limit = limit
        self._allowed_updates = list(allowed_updates)
        self._backoff_initial = backoff_initial
        self._backoff_max = backoff_max
        self._sleep = sleep
        self._offset: int | None = None
        self._failures = 0
        self._wait_hint: float | None = None

    @property
    def offset(self) -> int | None:
        """The next ``offset`` sent: the last stored update_id + 1 (``None`` before any)."""
        return self._offset

    async def run(self) -> None:
        """Poll until cancelled."""
        while True:
            try:
                ok = await self.poll_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - e.g. an update the library cannot parse
                logger.error("telegram polling step failed (%s)", type(exc).__name__)
                ok = False
            if ok:
                self._failures = 0
                await self._sleep(self._poll_interval)
            else:
                self._failures += 1
                await self._sleep(self._next_backoff())

    def _next_backoff(self) -> float:
        hint, self._wait_hint = self._wait_hint, None
        if hint is not None:
            return hint
        exponent = min(self._failures - 1, 30)
        return min(self._backoff_max, self._backoff_initial * 2.0**exponent)

    async def poll_once(self) -> bool:
        """One ``getUpdates`` and the storing of its batch; ``False`` if something failed."""
        try:
            updates = await self._bot.get_updates(
                offset=self._offset,
                limit=self._limit,
                timeout=self._timeout,
                allowed_updates=self._allowed_updates,
                read_timeout=self._read_timeout,
                connect_timeout=self._read_timeout,
            )
        except tg_error.RetryAfter as exc:
            self._wait_hint = retry_after_seconds(exc)
            logger.warning("telegram getUpdates flood-limited; waiting %.0f s", self._wait_hint)
            return False
        except tg_error.InvalidToken:
            logger.error("telegram rejected the bot token; polling keeps retrying")
            return False
        except tg_error.Conflict:
            logger.warning("telegram getUpdates conflict: a webhook is set or another poller runs")
            return False
        except tg_error.TelegramError as exc:
            logger.warning("telegram getUpdates failed (%s)", type(exc).__name__)
            return False
        raws = _exact_raws(updates, self._capture.take())
        for update, raw in sorted(zip(updates, raws), key=lambda pair: pair[0].update_id):
            try:
                await self._handle(raw)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure: keep the offset, retry
                logger.warning(
                    "telegram update %d not stored (%s); fetching it again after a back-off",
                    update.update_id,
                    type(exc).__name__,
                )
                return False
            self._offset = max(self._offset or 0, update.update_id + 1)
        if updates:
            logger.debug("telegram stored %d update(s); offset now %s", len(updates), self._offset)
        return True
