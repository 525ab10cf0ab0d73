"""Raw letter bytes to a :class:`ParsedLetter`: a pure function that never raises on bad mail.

The stdlib parser runs with the ``compat32`` policy, which never raises on malformed structure;
header text is then decoded here (:mod:`.charsets`) rather than by ``email.header``, because
that module turns GBK-in-gb2312 into U+FFFD and cannot rejoin characters split across encoded
words. The MIME tree is walked iteratively with a depth and part budget, so nested bombs end
in a noted problem, not in a RecursionError. The stdlib parser itself recurses once per nesting
level and builds every part, so a cheap scan of the raw bytes first refuses structures far past
those budgets: such a letter is read for its headers only and left to a human.
"""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from email.utils import getaddresses

from channels.base import IncomingAttachment

from .autoreply import is_auto_generated
from .charsets import decode_bytes, decode_header_value, header_bytes_to_text
from .filenames import sanitize_filename
from .htmltext import html_to_text
from .quoting import strip_quotes_and_signature

__all__ = ["ParseLimits", "ParsedLetter", "message_ids", "parse_letter", "single_message_id"]


@dataclass(frozen=True, slots=True)
class ParseLimits:
    """Bounds on what one letter may make us hold in memory."""

    attachment_max_bytes: int = 20 * 1024 * 1024
    attachments_total_bytes: int = 25 * 1024 * 1024
    max_attachments: int = 100
    max_parts: int = 1000
    max_depth: int = 20
    max_references: int = 50
    #: Nesting the stdlib parser may even be given (it recurses per level; 1,000 levels crash it).
    max_mime_depth: int = 100
    #: Raw address-header text read for To/Cc (``getaddresses`` is slow on megabyte headers).
    max_address_chars: int = 64 * 1024


@dataclass(frozen=True, slots=True)
class ParsedLetter:
    """What a letter says. ``text`` is the author's words; ``full_text`` keeps quotes too."""

    message_id: str = ""
    subject: str = ""
    from_address: str = ""
    from_name: str = ""
    to: tuple[str, ...] = ()
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    text: str = ""
    full_text: str = ""
    content_type: str = "text/plain"
    attachments: tuple[IncomingAttachment, ...] = ()
    auto_generated: bool = False
    #: Short codes for what was wrong or left out (never letter content), e.g. "attachment_too_large".
    problems: tuple[str, ...] = field(default=())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A reply's or a forward's subject: the thread's, not what this letter tells.
_THREAD_SUBJECT = re.compile(r"^\s*(?:re|fw|fwd|aw|wg|sv|回复|回覆|答复|转发|轉寄|轉發)\s*[:：]",
                             re.IGNORECASE)
#: Words (ideographs, letters) a body must have to tell a matter without its subject.
_BODY_MIN_WORDS = 8
_WORD = re.compile(r"[^\W\d_]")


def _with_subject(subject: str, text: str, auto_generated: bool) -> str:
    """The letter's own text, its subject first when the body says next to nothing: a letter
    told in its subject, the body only a signature ("许某 139…") or empty, is read as
    written. A reply's or forward's subject and a machine's are not the writer's words."""
    subject = subject.strip()
    if (not subject or auto_generated or _THREAD_SUBJECT.match(subject)
            or len(_WORD.findall(text)) >= _BODY_MIN_WORDS):
        return text
    return f"{subject}\n\n{text}".strip()


_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_BARE_ADDRESS = re.compile(r"[^\s<>\"'(),;:@]+@[^\s<>\"'(),;:@]+")


def message_ids(value: str) -> tuple[str, ...]:
    """Every ``<id>`` in a header value, in order, without repeats."""
    seen: dict[str, None] = {}
    for found in _MESSAGE_ID.findall(value):
        seen.setdefault(found, None)
    return tuple(seen)


def single_message_id(value: str) -> str:
    """The one ``<id>`` a Message-ID field names; a bare token gets its brackets back."""
    found = _MESSAGE_ID.search(value)
    if found:
        return found.group(0)
    token = re.sub(r"\s+", "", value).strip("<>")
    return f"<{token}>" if token else ""


# A boundary parameter (quoted or not), a delimiter line, or a message/* content type:
# everything the pre-scan needs to bound nesting and part counts without parsing.
_STRUCTURE = re.compile(
    rb'boundary\s*=\s*"?([^"\r\n;]{1,200})|^--([^\r\n]{0,202})\r?$|content-type:\s*(message/)',
    re.IGNORECASE | re.MULTILINE,
)


def _structure_problem(raw: bytes, limits: ParseLimits) -> str:
    """The problem code ("nesting_too_deep", "too_many_parts") of a structure far past the budgets.

    Over-approximates: a boundary counts as open from its declaration to its close delimiter,
    and every message/* type as one more level, so a letter is never parsed deeper than this.
    """
    open_boundaries: list[bytes] = []
    messages = delimiters = 0
    for found in _STRUCTURE.finditer(raw):
        declared, line, message = found.groups()
        if message is not None:
            messages += 1
            if messages > limits.max_mime_depth:
                return "nesting_too_deep"
        elif declared is not None:
            boundary = declared.strip()
            if boundary and boundary not in open_boundaries:
                open_boundaries.append(boundary)
                if len(open_boundaries) + messages > limits.max_mime_depth:
                    return "nesting_too_deep"
        else:
            line = line.rstrip()
            if line.endswith(b"--") and line[:-2] in open_boundaries:
                del open_boundaries[open_boundaries.index(line[:-2]):]
            elif line in open_boundaries:
                delimiters += 1
                if delimiters > limits.max_parts:
                    return "too_many_parts"
    return ""


def _clean_address(value: str) -> str:
    address = value.strip().strip("<>").strip()
    if not _BARE_ADDRESS.fullmatch(address):
        found = _BARE_ADDRESS.search(value)
        address = found.group(0) if found else ""
    return address.lower()


def parse_addresses(value: str, fallback_charset: str | None = None) -> list[tuple[str, str]]:
    """(display name, lower-cased address) pairs; tolerant of groups, junk and 8-bit text."""
    if not value:
        return []
    unfolded = re.sub(r"\r?\n[ \t]*", " ", header_bytes_to_text(value, fallback_charset))
    try:
        pairs = getaddresses([unfolded])
    except Exception:  # noqa: BLE001 - stdlib address parsing has raised on odd input before
        pairs = []
    result = []
    for name, address in pairs:
        cleaned = _clean_address(address)
        if cleaned:
            display = decode_header_value(name, fallback_charset)
            result.append((display.strip().strip('"').strip(), cleaned))
    if not result:
        for found in _BARE_ADDRESS.findall(unfolded):
            cleaned = _clean_address(found)
            if cleaned:
                result.append(("", cleaned))
    return result


class _Headers:
    """Case-insensitive view over the raw header values of one message."""

    def __init__(self, message: Message, fallback_charset: str | None) -> None:
        self.fallback_charset = fallback_charset
        self._values: dict[str, list[str]] = {}
        for name, value in message.raw_items():
            self._values.setdefault(str(name).strip().lower(), []).append(str(value))

    def raw(self, name: str) -> str:
        values = self._values.get(name)
        return values[0] if values else ""

    def all_raw(self, name: str) -> list[str]:
        return self._values.get(name, [])

    def decoded(self, name: str) -> str:
        return decode_header_value(self.raw(name), self.fallback_charset)


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type().lower()
    except Exception:  # noqa: BLE001
        return "application/octet-stream"


def _walk(root: Message, limits: ParseLimits, problems: list[str]) -> Iterator[Message]:
    stack: list[tuple[Message, int]] = [(root, 0)]
    seen = 0
    while stack:
        part, depth = stack.pop()
        seen += 1
        if seen > limits.max_parts:
            problems.append("too_many_parts")
            return
        yield part
        content_type = _content_type(part)
        if content_type.startswith("message/") or not part.is_multipart():
            continue  # forwarded letters are attachments: never read as this letter's text
        if depth >= limits.max_depth:
            problems.append("nesting_too_deep")
            continue
        children = part.get_payload()
        if isinstance(children, list):
            stack.extend((child, depth + 1) for child in reversed(children) if isinstance(child, Message))


def _param(part: Message, name: str, header: str) -> str:
    try:
        value = part.get_param(name, header=header)
    except Exception:  # noqa: BLE001
        return ""
    if value is None or isinstance(value, str):
        return decode_header_value(value or "")
    if isinstance(value, tuple) and len(value) == 3:
        # RFC 2231: (charset, language, %-decoded text held as latin-1 code points)
        charset, _, text = value
        try:
            raw = bytes(str(text), "raw-unicode-escape")
        except UnicodeEncodeError:
            return str(text)
        return decode_header_value(decode_bytes(raw, charset or "utf-8"))
    return ""


def _filename(part: Message) -> str:
    return _param(part, "filename", "content-disposition") or _param(part, "name", "content-type")


def _disposition(part: Message) -> str:
    value = part.get("content-disposition")
    if not value:
        return ""
    return str(value).split(";", 1)[0].strip().lower()


def _payload_bytes(part: Message) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        payload = None
    if isinstance(payload, bytes):
        return payload
    try:
        return part.as_bytes() if part.is_multipart() else b""
    except Exception:  # noqa: BLE001
        return b""


def _unflow(text: str, delsp: bool) -> str:
    """RFC 3676 format=flowed: rejoin soft-broken lines."""
    out: list[str] = []
    buffer = ""
    for line in text.split("\n"):
        line = line.removeprefix(" ")  # space-stuffing
        if line.endswith(" ") and line != "-- ":
            buffer += line[:-1] if delsp else line
            continue
        out.append(buffer + line)
        buffer = ""
    if buffer:
        out.append(buffer)
    return "\n".join(out)


def _part_text(part: Message) -> str:
    try:
        charset = part.get_content_charset(failobj=None)
    except Exception:  # noqa: BLE001
        charset = None
    text = decode_bytes(_payload_bytes(part), charset)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        flowed = str(part.get_param("format") or "").lower() == "flowed"
        delsp = str(part.get_param("delsp") or "").lower() == "yes"
    except Exception:  # noqa: BLE001
        flowed = delsp = False
    return _unflow(text, delsp) if flowed else text


def _declared_charset(message: Message) -> str | None:
    """The first non-ASCII charset the letter declares: the best label for raw 8-bit headers."""
    stack = [message]
    for _ in range(50):
        if not stack:
            break
        part = stack.pop(0)
        try:
            charset = part.get_content_charset(failobj=None)
        except Exception:  # noqa: BLE001
            charset = None
        if charset and charset.lower() not in ("us-ascii", "ascii"):
            return charset
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend(child for child in payload if isinstance(child, Message))
    return None


def _is_body(part: Message, content_type: str) -> bool:
    if content_type not in ("text/plain", "text/html"):
        return False
    if _disposition(part) == "attachment":
        return False
    return not _filename(part)


def parse_letter(raw: bytes, limits: ParseLimits = ParseLimits()) -> ParsedLetter:
    """Everything the bot needs from one letter; bad mail yields problems, never exceptions.

    Only truly unexpected failures (a bug, memory exhaustion) escape; the SMTP intake still
    stores such a letter raw for a human.
    """
    problems: list[str] = []
    structure = _structure_problem(raw, limits)
    message: Message | None = None
    if not structure:
        try:
            message = email.message_from_bytes(raw, policy=compat32)
        except RecursionError:  # a nesting the scan did not see (bare-CR line ends, ...)
            structure = "nesting_too_deep"
    if message is None:
        # Headers only: who wrote, the subject, the Message-ID; the body waits for a person.
        problems.append(structure)
        message = BytesParser(policy=compat32).parsebytes(raw, headersonly=True)
    if message.defects:
        problems.append("mime_defects")
    headers = _Headers(message, _declared_charset(message))
    fallback = headers.fallback_charset
    senders = parse_addresses(headers.raw("from"), fallback) or parse_addresses(
        headers.raw("sender"), fallback
    )
    from_name, from_address = senders[0] if senders else ("", "")
    if not senders:
        problems.append("no_sender")
    address_text = ",".join(headers.all_raw("to") + headers.all_raw("cc"))
    if len(address_text) > limits.max_address_chars:
        problems.append("address_header_too_long")
        address_text = address_text[: limits.max_address_chars]
    recipients = [address for _, address in parse_addresses(address_text, fallback)]

    plain: list[str] = []
    html: list[str] = []
    attachments: list[IncomingAttachment] = []
    total = 0
    for part in () if structure else _walk(message, limits, problems):
        content_type = _content_type(part)
        if part.is_multipart() and not content_type.startswith("message/"):
            continue
        if _is_body(part, content_type):
            (plain if content_type == "text/plain" else html).append(_part_text(part))
            continue
        if part is message and content_type.startswith("text/"):
            # A single-part letter is its own body, whatever its parameters say.
            (html if content_type == "text/html" else plain).append(_part_text(part))
            continue
        data = _payload_bytes(part)
        if not data:
            continue
        if len(attachments) >= limits.max_attachments:
            problems.append("too_many_attachments")
            continue
        if len(data) > limits.attachment_max_bytes or total + len(data) > limits.attachments_total_bytes:
            problems.append("attachment_too_large")
            continue
        total += len(data)
        default_name = "forwarded.eml" if content_type == "message/rfc822" else "attachment"
        attachments.append(
            IncomingAttachment(
                filename=sanitize_filename(_filename(part), fallback=default_name),
                content_type=content_type,
                data=data,
            )
        )

    full_text = "\n\n".join(chunk.strip("\n") for chunk in plain if chunk.strip())
    if not full_text:
        full_text = "\n\n".join(html_to_text(chunk) for chunk in html if chunk.strip())
    full_text = _CONTROL.sub("", full_text).strip().lstrip("\ufeff").strip()
    in_reply_to = message_ids(" ".join(headers.all_raw("in-reply-to")))
    references = message_ids(" ".join(headers.all_raw("references")))
    root_type = _content_type(message)
    subject = headers.decoded("subject")
    auto_generated = is_auto_generated(headers.decoded, root_type, from_address)
    return ParsedLetter(
        message_id=single_message_id(headers.raw("message-id")),
        subject=subject,
        from_address=from_address,
        from_name=from_name,
        to=tuple(dict.fromkeys(recipients)),
        in_reply_to=in_reply_to[: limits.max_references],
        references=references[-limits.max_references :],
        # A body left unread for a person (its structure past the budgets) is no short body:
        # the subject is not read in its place.
        text="" if structure else _with_subject(subject, strip_quotes_and_signature(full_text),
                                                auto_generated),
        full_text=full_text,
        content_type=root_type,
        attachments=tuple(attachments),
        auto_generated=auto_generated,
        problems=tuple(dict.fromkeys(problems)),
    )
