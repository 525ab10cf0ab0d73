"""Remove quoted earlier messages and machine footers from the text the bot reads.

The stored raw letter keeps everything; this only decides what the bot reads. When stripping
would leave nothing (a letter written entirely below a quote), the unstripped text is
returned: losing the petition's words is worse than reading a quote.

Two things that look like quotes are the citizen's own words and are kept: a short signature
under "-- " (a letter's closing: the name and phone the intake would otherwise ask for again),
and a letter forwarded inline (a son forwarding his mother's letter: the petition *is* the
forwarded part; only its header lines go). A long signature (a firm's disclaimer) is dropped.
"""

from __future__ import annotations

import re

__all__ = ["strip_quotes_and_signature"]

# A line that starts the quoted earlier message; everything from it on is dropped.
_REPLY_HEADERS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^-{2,}\s*(original message|原始邮件|原邮件|邮件原文)\s*-{2,}",
        r"^(发件人|寄件者|發件人)\s*[:：]",
    )
]
# An attribution ("On … X wrote:", "在 … 写道：") above a ">" quote: dropped with the quote,
# but the text goes on (bottom-posted and inline answers follow the quote).
_WROTE = re.compile(r"(wrote|writes|a écrit|schrieb|写道|寫道)\s*[:：]?\s*$", re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"^(on|am|le|在)\s", re.IGNORECASE)
# Outlook's English header block: "From: ..." directly followed by "Sent:" / "Date:" / "To:".
_OUTLOOK_FROM = re.compile(r"^\*?from\s*:\*?\s*\S", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\*?(sent|date|to|subject)\s*:", re.IGNORECASE)
# A short line that starts a signature or a mobile footer; everything from it on is dropped.
_SIGNATURE_DELIMITER = re.compile(r"^-- ?$")  # RFC 3676 (often trimmed to "--")
#: A signature kept as the writer's closing: a name, a phone, a place; a longer one is a firm's.
_OWN_SIGNATURE_MAX_LINES = 6
_OWN_SIGNATURE_MAX_CHARS = 60
# An inline forward: what follows is a letter, headed by its sender, date and subject.
_FORWARD = re.compile(r"^-{2,}\s*(forwarded message|转发邮件|轉寄郵件|转发的邮件)\s*-{2,}$|"
                      r"^-{2,}\s*(begin forwarded message)\s*:?\s*-*$|^begin forwarded message\s*:",
                      re.IGNORECASE)
_FORWARD_HEADER = re.compile(r"^\*?(from|sent|date|to|cc|subject|发件人|寄件者|發件人|日期|时间|發送時間|"
                             r"发送时间|收件人|抄送|主题|主旨|主題)\s*[:：]", re.IGNORECASE)
_SIGNATURE_STARTS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^sent from (my|mail for|outlook|yahoo)",
        r"^get outlook for",
        r"^(发自|來自|来自)(我的)?\s*(iphone|ipad|android|华为|小米|荣耀|vivo|oppo|手机|.{0,12}(邮箱|郵箱|客户端|mail))",
    )
]
_RULE = re.compile(r"^[-_=*]{5,}$")


def _is_quote(line: str) -> bool:
    return line.lstrip().startswith((">", "＞"))


def _starts_quoted_part(lines: list[str], index: int) -> bool:
    stripped = lines[index].strip()
    if any(pattern.search(stripped) for pattern in _REPLY_HEADERS):
        return True
    if _OUTLOOK_FROM.match(stripped):
        following = [line.strip() for line in lines[index + 1 : index + 3]]
        return any(_OUTLOOK_NEXT.match(line) for line in following)
    return False


def _own_signature(lines: list[str], index: int) -> bool:
    """Whether the signature under the delimiter at ``index`` is short: a person's closing."""
    block: list[str] = []
    for following in range(index + 1, len(lines)):
        stripped = lines[following].strip()
        if _starts_quoted_part(lines, following) or _is_quote(stripped) or _WROTE.search(stripped):
            break
        if stripped:
            block.append(stripped)
    return len(block) <= _OWN_SIGNATURE_MAX_LINES and all(
        len(line) <= _OWN_SIGNATURE_MAX_CHARS for line in block)


def strip_quotes_and_signature(text: str) -> str:
    """The author's own words: no ``>`` quotes, reply headers, long signatures or mobile footers."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    in_forward_header = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if _FORWARD.match(stripped):
            in_forward_header = True
            continue
        if in_forward_header:
            # The forwarded letter's header lines, up to the blank line before its text.
            if not stripped:
                in_forward_header = False
            elif _FORWARD_HEADER.match(stripped):
                continue
            else:
                in_forward_header = False
        if _starts_quoted_part(lines, index):
            break
        if _SIGNATURE_DELIMITER.match(stripped):
            if _own_signature(lines, index):
                continue
            break
        if _WROTE.search(stripped) and len(stripped) <= 200:
            next_line = next((line for line in lines[index + 1 :] if line.strip()), "")
            if _is_quote(next_line):
                # Gmail wraps long attributions: "On …, X <x@y>" / "wrote:".
                if kept and _ATTRIBUTION_START.match(kept[-1].strip()) and len(stripped) < 20:
                    kept.pop()
                continue
        if len(stripped) <= 60 and any(pattern.search(stripped) for pattern in _SIGNATURE_STARTS):
            break
        if _is_quote(line):
            continue
        kept.append(line.rstrip())
    while kept and (not kept[-1].strip() or _RULE.match(kept[-1].strip())):
        kept.pop()
    result = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return result if result else text.strip()
