"""The dialogue: an ordered table of check/handle pairs deciding what each message is.

``Conversation.respond(session, message, analysis, now)`` is what the intake calls; see
``conversation.py`` for the table and ``handler.py`` for the shape of one row.
"""

from bot.dialogue.conversation import Conversation, table
from bot.dialogue.draft import Draft
from bot.dialogue.handler import Handler
from bot.dialogue.status import CASE_GUESS_LIMIT, GUESS_LIMIT, GUESS_WINDOW
from bot.dialogue.turn import Turn

__all__ = ["CASE_GUESS_LIMIT", "GUESS_LIMIT", "GUESS_WINDOW", "Conversation", "Draft",
           "Handler", "Turn", "table"]
