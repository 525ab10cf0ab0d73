"""Attachment file names are the sender's words: metadata, never a path.

The store gives every attachment its own generated name; this only makes the original name
safe to show and to offer back on download: no directories, no control or bidi characters,
no Windows device names, bounded length, extension kept.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["sanitize_filename"]

_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$", re.IGNORECASE)
_FORBIDDEN = re.compile(r'[<>:"|?*\\/]')
MAX_FILENAME_BYTES = 200


def _truncate(name: str, limit: int) -> str:
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 16:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    budget = limit - len(suffix.encode("utf-8"))
    encoded = stem.encode("utf-8")[:budget]
    return encoded.decode("utf-8", errors="ignore") + suffix


def sanitize_filename(name: str | None, fallback: str = "attachment") -> str:
    """A display-safe file name: the last path component, cleaned; ``fallback`` if none is left."""
    if not name:
        return fallback
    text = unicodedata.normalize("NFC", str(name))
    # Only the last component of either kind of path.
    text = re.split(r"[\\/]", text)[-1]
    text = "".join(
        " " if unicodedata.category(char) in ("Zl", "Zp") or char in "\t\r\n"
        else "" if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn")
        else char
        for char in text
    )
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if not text:
        return fallback
    stem = text.split(".", 1)[0].strip()
    if _RESERVED.match(stem):
        text = "_" + text
    return _truncate(text, MAX_FILENAME_BYTES)
