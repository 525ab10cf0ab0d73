"""Bot commands as Telegram writes them: ``/cmd``, ``/cmd args``, ``/cmd@botname args``.

The channel passes command messages through as plain text; the bot's conversation decides
what they mean. :func:`parse_command` is the pure helper it uses for that.
"""

from __future__ import annotations

import re

__all__ = ["parse_command"]

# Telegram command names: 1-32 of [a-z0-9_]; clients also send upper case. A full-width
# slash (／) is what Chinese input methods often produce, so it counts as a slash too.
_COMMAND = re.compile(
    r"^[/／](?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>[A-Za-z0-9_]{1,64}))?(?=\s|$)(?P<rest>.*)\Z",
    re.DOTALL,
)


def parse_command(text: str, bot_username: str = "") -> tuple[str, str] | None:
    """Split ``"/cmd@botname args"`` into ``("cmd", "args")``; ``None`` if it is no command.

    The name comes back in lower case; ``args`` is the rest with surrounding whitespace
    removed ("" when there is none). A command addressed to another bot (``@otherbot``)
    is not ours: ``None``. With an empty ``bot_username`` any addressee is accepted.
    Every name comes back; which commands exist is the bot's business
    (``nlp/commands.py``).
    """
    match = _COMMAND.match(text.lstrip())
    if match is None:
        return None
    addressee = match.group("bot")
    if addressee and bot_username and addressee.lower() != bot_username.lstrip("@").lower():
        return None
    return match.group("name").lower(), match.group("rest").strip()
