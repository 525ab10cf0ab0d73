"""Is this letter written by a machine? Auto-replies, bounces and DSNs are stored, never answered.

Answering an out-of-office reply with an acknowledgement that itself triggers another
out-of-office reply is a mail loop; RFC 3834 names the signals, and real mail adds a few more.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["is_auto_generated"]

_PRECEDENCE = frozenset({"bulk", "auto_reply", "auto-reply", "list", "junk"})
_ROBOT_LOCAL_PARTS = frozenset({"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"})
# The subject an autoresponder writes when the mail system sets none of the headers above
# (webmail vacation replies often do not): its own fixed prefix, never a person's words.
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:out of (?:the )?office|automatic reply|auto[- ]?reply|autoreply|auto response|"
    r"vacation reply|abwesenheitsnotiz|réponse automatique|自动回复|自動回覆|自動回復|休假自动回复)"
    r"\s*[:：\]]", re.IGNORECASE)
_REPORT_TYPES = frozenset({"multipart/report", "message/delivery-status", "message/disposition-notification"})


def is_auto_generated(
    header: Callable[[str], str], content_type: str, from_address: str
) -> bool:
    """True for RFC 3834 auto-submitted mail, bulk/list/junk, autoresponders and DSNs.

    ``header(name)`` returns a header's decoded value or "" when absent.
    """
    auto_submitted = header("auto-submitted").strip().lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return True
    if header("precedence").strip().lower() in _PRECEDENCE:
        return True
    for name in ("x-autoreply", "x-autorespond", "x-auto-reply", "x-failed-recipients"):
        if header(name).strip():
            return True
    if _AUTO_SUBJECT.match(header("subject")):
        return True
    if content_type.lower() in _REPORT_TYPES:
        return True
    local_part = from_address.rpartition("@")[0] if "@" in from_address else from_address
    return local_part.lower() in _ROBOT_LOCAL_PARTS
