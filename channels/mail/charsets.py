"""Decoding bytes and header text the way real mail needs, never raising.

Mail labelled ``gb2312`` routinely carries GBK-only characters (镕, 喆); Python's ``gb2312``
codec turns those into U+FFFD or fails. Every GB-family label is therefore decoded as GB18030,
a strict superset. Unknown, empty or lying labels fall back through UTF-8 and GB18030, and
only then to replacement characters: a letter is never lost to a bad label.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re

__all__ = ["codec_for", "decode_bytes", "decode_header_value", "header_bytes_to_text"]

_GB_FAMILY = frozenset(
    {
        "gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "x-euc-cn",
        "euccn", "csgb2312", "gb_2312-80", "gb2312-80", "chinese", "csgbk", "gb18030",
        "gb-18030", "x-gb18030", "936", "hz-gb-2312",
    }
)
_BIG5_FAMILY = frozenset({"big5", "x-big5", "cn-big5", "csbig5", "big-5", "big5-hkscs", "cp950"})
_UNKNOWN = frozenset({"", "unknown", "unknown-8bit", "x-unknown", "default", "x-user-defined"})
_ASCII = frozenset({"us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "7bit", "8bit"})


def codec_for(label: str | None) -> str | None:
    """The Python codec to use for a MIME charset label, or None when the label is unusable."""
    name = (label or "").strip().strip("\"'").lower()
    if name in _UNKNOWN:
        return None
    if name == "hz-gb-2312":
        return "hz"
    if name in _GB_FAMILY:
        return "gb18030"
    if name in _BIG5_FAMILY:
        return "big5hkscs"
    if name in _ASCII:
        return "ascii"
    if name in ("utf8", "utf-8", "x-utf8", "utf-8-sig"):
        return "utf-8-sig"
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError):
        return None
    if codec == "gb2312" or codec == "gbk":
        return "gb18030"
    return codec


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


_FALLBACKS: dict[str, tuple[str, ...]] = {
    "big5hkscs": ("cp950",),
    "iso2022_jp": ("iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_3"),
    "ascii": (),
}


def _clearly_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 if it is valid UTF-8 holding 3-byte characters (CJK and the like).

    Legacy-encoded text is almost never valid UTF-8 with such sequences, while UTF-8 sent
    under a ``gb2312`` or ``iso-8859-1`` label is common: the bytes win over the label.
    """
    if data.isascii():
        return None
    text = _try(data, "utf-8-sig")
    if text is None or not any(ord(char) >= 0x800 for char in text):
        return None
    return text


def decode_bytes(data: bytes, label: str | None = None) -> str:
    """Decode ``data`` labelled ``label``; unusable labels fall back, never raising."""
    codec = codec_for(label)
    if codec is not None and not codec.startswith("utf") and codec != "ascii":
        utf8 = _clearly_utf8(data)
        if utf8 is not None:
            return utf8
    if codec is not None:
        text = _try(data, codec)
        if text is not None:
            return text
        for alternative in _FALLBACKS.get(codec, ()):
            text = _try(data, alternative)
            if text is not None:
                return text
    for guess in ("utf-8-sig", "gb18030"):
        text = _try(data, guess)
        if text is not None:
            return text
    if codec is not None and codec != "ascii":
        try:
            return data.decode(codec, errors="replace")
        except LookupError:
            pass
    return data.decode("utf-8", errors="replace")


def header_bytes_to_text(value: str, fallback: str | None = None) -> str:
    """Turn a header value read with surrogateescape (raw 8-bit bytes) into real text.

    Raw 8-bit headers carry no label; ``fallback`` (the letter's body charset) is the best guess.
    """
    try:
        raw = value.encode("ascii", errors="surrogateescape")
    except UnicodeEncodeError:
        return value  # already real text (non-ASCII code points, not escaped bytes)
    if raw.isascii():
        return value
    return decode_bytes(raw, fallback)


# =?charset[*lang]?B|Q?payload?=  -- lenient: lower-case b/q, empty payloads, odd charsets.
_ENCODED_WORD = re.compile(r"=\?([^?\s]*)\?([bBqQ])\?([^?]*)\?=")
_FOLDING = re.compile(r"\r?\n[ \t]")


def _word_bytes(encoding: str, payload: str) -> bytes:
    if encoding in "bB":
        cleaned = re.sub(r"[^A-Za-z0-9+/]", "", payload)
        cleaned += "=" * (-len(cleaned) % 4)
        try:
            return base64.b64decode(cleaned)
        except (binascii.Error, ValueError):
            return payload.encode("ascii", errors="replace")
    text = payload.replace("_", " ")

    def _unhex(match: re.Match[str]) -> str:
        return chr(int(match.group(1), 16))

    return re.sub(r"=([0-9A-Fa-f]{2})", _unhex, text).encode("latin-1", errors="replace")


def decode_header_value(value: str | None, fallback: str | None = None) -> str:
    """Unfold and decode a header value: RFC 2047 words, raw 8-bit bytes, split characters.

    Adjacent encoded words in the same charset are joined before decoding, because senders
    split multi-byte characters across words. Whitespace between encoded words is dropped
    (RFC 2047 section 6.2); everything else is kept.
    """
    if not value:
        return ""
    text = header_bytes_to_text(_FOLDING.sub(" ", str(value)), fallback).replace("\r", "").replace("\n", "")
    pieces: list[str] = []
    pending_label: str | None = None
    pending: bytearray = bytearray()
    position = 0

    def flush() -> None:
        nonlocal pending_label
        if pending_label is not None:
            pieces.append(decode_bytes(bytes(pending), pending_label.split("*", 1)[0]))
            pending.clear()
            pending_label = None

    for match in _ENCODED_WORD.finditer(text):
        between = text[position : match.start()]
        if between and not (between.isspace() and pending_label is not None):
            flush()
            pieces.append(between)
        label = match.group(1).lower()
        if pending_label is not None and pending_label != label:
            flush()
        pending_label = label
        pending.extend(_word_bytes(match.group(2), match.group(3)))
        position = match.end()
    flush()
    pieces.append(text[position:])
    return "".join(pieces).strip()
