"""The mail channel: citizens' letters (来信) over SMTP, replies through a relay.

Public surface::

    MailChannel        the Channel: SMTP intake on the service loop + replies via a relay
    complete           (raw, meta) -> InboundMessage: the bot's completer for letters stored
                       with a deferred parse; ``completer(...)`` / ``MailChannel.complete``
                       bind the configured limits
    deferred_message   the minimal message stored before 250; scan_message_id its dedupe id
    parse_letter       raw bytes -> ParsedLetter (pure; never raises on bad mail)
    ParsedLetter, ParseLimits
    decode_bytes, decode_header_value   charset handling (GB family decoded as GB18030)
    html_to_text, strip_quotes_and_signature, sanitize_filename
    SMTPLimits, TRY_AGAIN

Errors: this package raises only the contract's :class:`channels.base.SendError` (from
``send``); intake failures become SMTP ``451 4.3.0`` replies, never exceptions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from channels.lazy import lazy_exports

from .kind import CAPABILITIES, KIND

# The kind (capabilities and construction) is all run.py needs at start; the protocol modules,
# with their heavy libraries, load on first use of one of their names (PEP 562).
if TYPE_CHECKING:
    from .channel import MailChannel
    from .charsets import decode_bytes, decode_header_value
    from .deferred import NULL_SENDER, complete, completer, deferred_message
    from .filenames import sanitize_filename
    from .headscan import scan_message_id
    from .htmltext import html_to_text
    from .parser import ParsedLetter, ParseLimits, parse_letter
    from .quoting import strip_quotes_and_signature
    from .references import DEFAULT_CASE_NUMBER_PATTERN, case_numbers
    from .server import TRY_AGAIN, SMTPLimits

_LAZY = {
    "MailChannel": ".channel",
    "decode_bytes": ".charsets",
    "decode_header_value": ".charsets",
    "NULL_SENDER": ".deferred",
    "complete": ".deferred",
    "completer": ".deferred",
    "deferred_message": ".deferred",
    "sanitize_filename": ".filenames",
    "scan_message_id": ".headscan",
    "html_to_text": ".htmltext",
    "ParsedLetter": ".parser",
    "ParseLimits": ".parser",
    "parse_letter": ".parser",
    "strip_quotes_and_signature": ".quoting",
    "DEFAULT_CASE_NUMBER_PATTERN": ".references",
    "case_numbers": ".references",
    "TRY_AGAIN": ".server",
    "SMTPLimits": ".server",
}


__getattr__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "CAPABILITIES",
    "DEFAULT_CASE_NUMBER_PATTERN",
    "KIND",
    "NULL_SENDER",
    "TRY_AGAIN",
    "MailChannel",
    "ParseLimits",
    "ParsedLetter",
    "SMTPLimits",
    "case_numbers",
    "complete",
    "completer",
    "decode_bytes",
    "decode_header_value",
    "deferred_message",
    "html_to_text",
    "parse_letter",
    "sanitize_filename",
    "scan_message_id",
    "strip_quotes_and_signature",
]
