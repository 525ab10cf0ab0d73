"""The shape of a dialogue step: "is this message mine?" apart from "answer it".

Modelled on python-telegram-bot's ``Handler.check_update`` / ``handle_update``: the
conversation walks an ordered table and the first handler whose :meth:`Handler.check` says
yes answers the message. ``check`` only looks (no writes); ``handle`` decides and writes.
"""

from __future__ import annotations

from typing import Protocol

from bot.dialogue.draft import Draft
from bot.dialogue.turn import Turn


class Handler(Protocol):
    """One row of the dialogue table."""

    #: A short name for the table and the tests ("status", "slots", ...).
    name: str

    def check(self, turn: Turn) -> bool:
        """True when this handler answers the message; must not write anything."""
        ...

    def handle(self, turn: Turn) -> list[Draft]:
        """The replies; records what the message did to the cases."""
        ...
