"""The Message-ID of a raw letter, found without parsing the letter.

The SMTP intake needs the Message-ID before it answers ``250`` (it is half the dedupe key) but
must not pay for a full MIME parse there. This scan reads only the header block and follows
the stdlib ``compat32`` feed parser's rules line for line (bytes as ASCII with
``surrogateescape``; lines end at CR, LF or CRLF; the header block ends at the first line that
is not a header or continuation; a leading ``From `` line is the Unix envelope; the first
``Message-ID`` field wins), so it returns exactly what :func:`.parser.parse_letter` reports.
"""

from __future__ import annotations

import re

from .parser import single_message_id

__all__ = ["scan_message_id"]

# A blank line under any line-end convention: every header lies before it.
_BLANK_LINE = re.compile(rb"\n[\r\n]|\r\r")
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")
# email.feedparser.headerRE: what may start a header or continuation line.
_HEADER_LINE = re.compile(r"From |[\041-\071\073-\176]*:|[\t ]")


def _header_lines(raw: bytes) -> list[str]:
    blank = _BLANK_LINE.search(raw)
    head = raw[: blank.end()] if blank else raw
    lines = []
    for found in _LINE.finditer(head.decode("ascii", "surrogateescape")):
        line = found.group()
        if not _HEADER_LINE.match(line):
            break
        lines.append(line)
    return lines


def scan_message_id(raw: bytes) -> str:
    """The letter's ``<Message-ID>`` as the full parser extracts it; "" when it has none."""
    lines = _header_lines(raw)
    value: list[str] | None = None  # the Message-ID field being read, line by line
    for number, line in enumerate(lines):
        if line[0] in " \t":
            if value is not None:
                value.append(line)
            continue
        if value is not None:
            break  # the first Message-ID field is complete
        if line.startswith("From "):
            if number == len(lines) - 1:
                break  # feedparser: a last "From " line is the body's first line
            continue  # the Unix envelope line, or a misplaced one: not a header
        name, _, rest = line.partition(":")
        if name and name.strip().lower() == "message-id":
            value = [rest]
    if value is None:
        return ""
    # compat32's header_source_parse: first line left-stripped, continuations kept as sent.
    joined = value[0].lstrip(" \t") + "".join(value[1:])
    return single_message_id(joined.rstrip("\r\n"))
