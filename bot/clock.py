"""The one source of "now", settable for demos and tests (``XINFANG_CLOCK``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

#: Statutory days are counted on the bureau's local calendar.
CHINA = ZoneInfo("Asia/Shanghai")


class Clock:
    """The real clock, or a fixed moment that tests may move forward."""

    def __init__(self, fixed: datetime | None = None) -> None:
        self._fixed = fixed

    def now(self) -> datetime:
        return self._fixed if self._fixed is not None else datetime.now(UTC)

    def today(self) -> date:
        """Today's date in China, where the statutory days are counted."""
        return self.now().astimezone(CHINA).date()

    def advance(self, delta: timedelta) -> None:
        if self._fixed is None:
            raise RuntimeError("only a fixed clock can be advanced")
        self._fixed += delta


def local_date(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()
