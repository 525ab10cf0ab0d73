"""Token buckets for Telegram's flood limits: about 1 message/s per chat, 30/s overall.

Each bucket is kept as a "theoretical arrival time" (the GCRA form of a token bucket): a
send may go at ``max(now, tat - tolerance)``, after which ``tat`` moves one interval on.
So "how long until a token?" is a pure computation: a caller sleeps exactly that long and
tries again (another sender may have taken the token meanwhile); a test drives it with a
fake clock.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class TokenBucket:
    """``rate`` tokens per second, up to ``burst`` at once."""

    __slots__ = ("interval", "tat", "tolerance")

    def __init__(self, rate: float, burst: int = 1) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.interval = 1.0 / rate
        self.tolerance = (burst - 1) * self.interval
        self.tat = float("-inf")

    def earliest(self, now: float) -> float:
        """The earliest moment a token is available."""
        return max(now, self.tat - self.tolerance)

    def take(self, at: float) -> None:
        """Spend the token for a send happening at ``at``."""
        self.tat = max(self.tat, at) + self.interval

    def idle(self, now: float) -> bool:
        """Full again: forgetting this bucket changes nothing."""
        return self.tat <= now


class SendRateLimiter:
    """Per-chat and global buckets; :meth:`acquire` waits until both allow a send."""

    def __init__(
        self,
        *,
        per_chat_rate: float = 1.0,
        per_chat_burst: int = 1,
        global_rate: float = 30.0,
        global_burst: int = 30,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_idle_chats: int = 10_000,
    ) -> None:
        self._per_chat_rate = per_chat_rate
        self._per_chat_burst = per_chat_burst
        self._global = TokenBucket(global_rate, global_burst)
        self._chats: dict[str, TokenBucket] = {}
        self._clock = clock
        self._sleep = sleep
        self._max_idle_chats = max_idle_chats
        TokenBucket(per_chat_rate, per_chat_burst)  # validate now, not at the first send

    def wait_time(self, chat: str) -> float:
        """Seconds until both ``chat``'s bucket and the global one have a token (0: now)."""
        now = self._clock()
        bucket = self._chats.get(chat)
        chat_at = bucket.earliest(now) if bucket is not None else now
        return max(chat_at, self._global.earliest(now)) - now

    def try_take(self, chat: str) -> bool:
        """Spend a token from both buckets if both have one now."""
        if self.wait_time(chat) > 0:
            return False
        now = self._clock()
        bucket = self._chats.get(chat)
        if bucket is None:
            if len(self._chats) >= self._max_idle_chats:
                self._forget_idle(now)
            bucket = self._chats[chat] = TokenBucket(self._per_chat_rate, self._per_chat_burst)
        bucket.take(now)
        self._global.take(now)
        return True

    async def acquire(self, chat: str) -> None:
        """Wait until a send to ``chat`` is allowed, and spend its tokens.

        Tokens are only spent at the moment of sending (never booked ahead), so a chat
        waiting for its own bucket does not hold global capacity away from other chats.
        """
        while not self.try_take(chat):
            await self._sleep(self.wait_time(chat))

    def _forget_idle(self, now: float) -> None:
        for key in [key for key, bucket in self._chats.items() if bucket.idle(now)]:
            del self._chats[key]

    @property
    def tracked_chats(self) -> int:
        """How many per-chat buckets are held (bounded by pruning idle ones)."""
        return len(self._chats)
