"""An outbound message as the texts one customer-service message each can carry."""

from __future__ import annotations

from channels.base import OutboundMessage


def pieces(message: OutboundMessage, limit: int) -> list[str]:
    """The text with the buttons' labels as a last line, split at line ends (or, for a line
    longer than ``limit``, inside it) into pieces of at most ``limit`` characters."""
    labels = [button.label for row in message.buttons for button in row]
    text = message.text
    if labels:
        text = f"{text}\n回复：{' / '.join(labels)}" if text else " / ".join(labels)
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                out.append(current)
                current = ""
            out.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            current = line
        else:
            current = candidate
    if current.strip() or not out:
        out.append(current)
    return out
