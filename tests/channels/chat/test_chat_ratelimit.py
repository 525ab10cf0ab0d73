from __future__ import annotations

import asyncio

import pytest

from channels.chat import SendRateLimiter, TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def limiter_with(clock: FakeClock, **kwargs: float) -> SendRateLimiter:
    return SendRateLimiter(clock=clock, sleep=clock.sleep, **kwargs)  # type: ignore[arg-type]


async def send_times(limiter: SendRateLimiter, clock: FakeClock, chats: list[str]) -> list[float]:
    times = []
    for chat in chats:
        await limiter.acquire(chat)
        times.append(clock.now - 1000.0)
    return times


async def test_one_message_per_second_per_chat() -> None:
    clock = FakeClock()
    limiter = limiter_with(clock)
    assert await send_times(limiter, clock, ["a", "a", "a"]) == [0.0, 1.0, 2.0]
    assert limiter.wait_time("b") == 0.0  # other chats are not held up


async def test_thirty_per_second_overall() -> None:
    clock = FakeClock()
    limiter = limiter_with(clock)
    times = await send_times(limiter, clock, [f"chat-{n}" for n in range(90)])
    assert times[:30] == [0.0] * 30
    assert times[30] == pytest.approx(1 / 30)
    assert times[89] == pytest.approx(2.0)
    for start in times:  # no one-second window holds more than the burst + the rate
        assert sum(1 for t in times if start <= t < start + 1 - 1e-9) <= 30 + 30


async def test_a_waiting_chat_does_not_hold_up_others() -> None:
    clock = FakeClock()
    limiter = limiter_with(clock, global_rate=2, global_burst=1)
    await limiter.acquire("a")
    assert limiter.wait_time("a") == pytest.approx(1.0)
    assert limiter.wait_time("b") == pytest.approx(0.5)
    assert limiter.try_take("a") is False
    clock.now += 0.5
    assert limiter.try_take("b") is True


async def test_concurrent_senders_to_one_chat_are_spaced() -> None:
    clock = FakeClock()
    limiter = limiter_with(clock)
    done: list[float] = []

    async def one() -> None:
        await limiter.acquire("a")
        done.append(clock.now - 1000.0)

    await asyncio.gather(*(one() for _ in range(4)))
    assert len(done) == 4
    assert all(
        later - earlier >= 1.0 - 1e-9 for earlier, later in zip(sorted(done), sorted(done)[1:])
    )


def test_time_refills_the_buckets() -> None:
    clock = FakeClock()
    limiter = limiter_with(clock)
    assert limiter.try_take("a")
    clock.now += 5
    assert limiter.try_take("a")


def test_idle_chats_are_forgotten() -> None:
    clock = FakeClock()
    limiter = limiter_with(clock, max_idle_chats=100, global_rate=1e6, global_burst=1000)
    for n in range(100):
        assert limiter.try_take(f"chat-{n}")
    clock.now += 2
    assert limiter.try_take("newcomer")
    assert limiter.tracked_chats == 1


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (-1, 1), (1, 0)])
def test_bad_bucket(rate: float, burst: int) -> None:
    with pytest.raises(ValueError):
        TokenBucket(rate, burst)
