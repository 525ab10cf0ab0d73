"""The holidays file watched while serving (issue 16 item 6): deadlines follow the calendar.

The State Council publishes next year's holidays each winter and a bureau drops the new
arrangements into the file named by ``XINFANG_HOLIDAYS_FILE`` without restarting anything.
:class:`CalendarWatch` hashes the file's bytes (a content hash, not a modification time: a
copy that rewrites the same days is no change, and a clock skew on a network disk cannot hide
one); when the hash differs from the one the running calendar was read from, the file is read
again and the shared :class:`~bot.workdays.WorkCalendar` adopts it in place, so every engine,
schedule and request that holds it counts on the new days. The supervision round asks before
it looks for late cases and, on a change, has every running deadline counted again
(bot/deadline_refresh.py), each move recorded on its case.

A file that cannot be read, is malformed, empty or gone leaves the calendar as it was: a typo
or a half-saved file must not move every deadline to weekends-only (a bureau that means to drop
its file restarts). It is logged once per content. A save caught half-written that still
parses is adopted and then, the next round, the whole file: the dates move twice, each move
recorded.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from bot.workdays import HolidayFileError, WorkCalendar

log = logging.getLogger(__name__)

NO_FILE = ""
EMPTY = hashlib.sha256(b"").hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class CalendarChange:
    """The calendar moved from one file content to another (short sha256 prefixes)."""

    before: str
    after: str

    def details(self) -> dict[str, str]:
        return {"calendar_before": self.before, "calendar_after": self.after}


def content_hash(path: Path | None) -> str:
    """The first 16 hex digits of the file's sha256; :data:`NO_FILE` when there is none."""
    if path is None:
        return NO_FILE
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except FileNotFoundError:
        return NO_FILE


class CalendarWatch:
    """Notices a changed holidays file and swaps it into ``calendar``."""

    def __init__(self, path: Path | None, calendar: WorkCalendar) -> None:
        self.path = path
        self.calendar = calendar
        self.current = content_hash(path)  # what the running calendar was read from
        self._refused = ""  # a malformed content already logged

    def check(self) -> CalendarChange | None:
        """Read the file's hash; on a change load it into the calendar and say so."""
        try:
            seen = content_hash(self.path)
        except OSError:
            seen = self._refused or self.current  # unreadable for now: try next round
        if seen in (self.current, self._refused):
            return None
        try:
            if seen in (NO_FILE, EMPTY):
                raise HolidayFileError(f"{self.path}: missing or empty")
            fresh = WorkCalendar.load(self.path)
        except HolidayFileError as exc:
            self._refused = seen
            log.warning("holidays file changed but cannot be used; the calendar is kept: %s",
                        exc)
            return None
        change = CalendarChange(self.current, seen)
        self.calendar.adopt(fresh)
        self.current, self._refused = seen, ""
        log.info("holidays file changed (%s → %s): deadlines are counted again",
                 change.before or "none", change.after or "none")
        return change
