"""One clock for arrivals (issue 16 item 6): the intake every channel is given stamps each
message with the bot's own clock (``XINFANG_CLOCK`` when set), so arrivals, deadlines and
notices read one time. Channels keep their own clocks for what is theirs (timeouts, rate
limits); only the stored ``received_at`` changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.clock import Clock
from channels.base import InboundMessage, Intake, OutboundMessage, Receipt


class StampedIntake:
    """An :class:`~channels.base.Intake` that restamps ``received_at``, then hands over."""

    def __init__(self, intake: Intake, clock: Clock) -> None:
        self.intake = intake
        self.clock = clock

    async def store(self, message: InboundMessage) -> Receipt:
        return await self.intake.store(replace(message, received_at=self.clock.now()))

    async def process(self, receipt: Receipt, *, inline: bool = False) -> Sequence[OutboundMessage]:
        return await self.intake.process(receipt, inline=inline)

    async def record_delivery(self, channel: str, provider_id: str, status: str) -> None:
        await self.intake.record_delivery(channel, provider_id, status)
