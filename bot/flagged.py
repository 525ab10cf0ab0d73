"""Why a message was flagged for a person, kept on the message itself.

A message no case holds is flagged (``Message.needs_human``) by the row that decided a person
must read it; the staff list (``bot.staff.flagged_messages``: the ``cases flagged`` CLI, the
console, the API) shows the reason beside it, so a clerk reads an alarm before a flood. The
reason goes in ``Message.meta`` (no column, no migration); a message flagged by its channel on
arrival (an unreadable SMS or mail) or before reasons were kept has none.
"""

from __future__ import annotations

from typing import Final

from storage import Message

#: The ``Message.meta`` key holding the reason.
REASON: Final = "flagged_for"
PERSON: Final = "person"  # asked for a person (转人工) with no case to flag
EMERGENCY: Final = "emergency"  # an alarm with no case to flag (a quiet one inside a question)
FLOOD: Final = "flood"  # too many messages in a short time: the bot stopped answering
FAILED: Final = "failed"  # the bot could not process it
UNREADABLE: Final = "unreadable"  # a deferred parse (a mail) failed
REASONS: Final = (PERSON, EMERGENCY, FLOOD, FAILED, UNREADABLE)


def flag(message: Message, reason: str) -> None:
    """Flag ``message`` for a person, with why; the first reason stays (it decided first)."""
    message.needs_human = True
    if REASON not in message.meta:
        # A new dict: the JSON column does not see changes made inside the old one.
        message.meta = {**message.meta, REASON: reason}


def reason_of(message: Message) -> str:
    return str(message.meta.get(REASON, ""))
