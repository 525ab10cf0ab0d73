"""The conversation's old address: the dialogue now lives in :mod:`bot.dialogue`.

Kept so that ``bot.intake``, ``bot.core``, ``bot.outbox`` and ``bot.codecheck`` import what
they always imported.
"""

from bot.dialogue import CASE_GUESS_LIMIT, GUESS_LIMIT, GUESS_WINDOW, Conversation, Draft

__all__ = ["CASE_GUESS_LIMIT", "GUESS_LIMIT", "GUESS_WINDOW", "Conversation", "Draft"]
