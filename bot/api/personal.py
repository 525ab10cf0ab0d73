"""A petitioner's personal data in case views: shown with an audit row, or masked.

``identity_of`` is the petitioner block of a case (name, contact, channel addresses). When an
account may not see it (a unit handler on a 检举控告 case), ``redact`` masks every known piece
of the identity wherever it appears in the view (message texts, the answer, event actors) and,
as a second line, anything shaped like a phone number, an email address or an ID number (the
whistleblower firewall's own ``bot.firewall.redact``). Query
codes are masked for everyone: staff never need them and they unlock the case for anyone.
"""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session, select

from bot import firewall
from bot.codeslot import CODE_SLOT
from bot.dialogue.turn import CONTACT_SCHEMES
from nlp.caserefs import CASE_NUMBER_PATTERN
from storage import Case, Identity, Message, Petitioner

MASK = "＊＊＊"
#: The query code printed after "查询码", "query code" or a case number in the ack.
_CODE = re.compile(
    rf"((?:查询码|query code|{CASE_NUMBER_PATTERN})\s*)[A-HJ-NP-Z2-9]{{8}}(?![A-Za-z0-9])"
)
_STAFF_ACTORS = re.compile(r"^(bot|staff:.*|system.*|open311)$")


def identity_of(session: Session, case: Case) -> dict[str, Any]:
    """The petitioner's identity: name, contact, and every channel address they used."""
    petitioner = session.get(Petitioner, case.petitioner_id)
    identities = session.exec(
        select(Identity).where(Identity.petitioner_id == case.petitioner_id)
    )
    return {
        "name": petitioner.name if petitioner else "",
        "contact": petitioner.contact if petitioner else "",
        "identities": [{"urn": i.urn, "channel": i.channel, "display_name": i.display_name}
                       for i in identities],
    }


def known_strings(session: Session, case: Case) -> list[str]:
    """Every string that names or reaches this case's petitioner, longest first."""
    block = identity_of(session, case)
    found = {block["name"], block["contact"]}
    for identity in block["identities"]:
        found.add(identity["urn"])
        found.add(identity["urn"].split(":", 1)[-1])
        found.add(identity["display_name"])
    senders = session.exec(select(Message.sender_name).where(Message.case_id == case.id))
    found.update(senders)
    # Very short strings ("李") would mask half the text; the patterns still catch contacts.
    return sorted((s for s in found if len(s.strip()) >= 2), key=len, reverse=True)


def mask_codes(text: str) -> str:
    # Stored replies hold only the code's slot (bot.codeslot); older rows may hold a code.
    return _CODE.sub(lambda m: m.group(1) + MASK, text).replace(CODE_SLOT, MASK)


def mask_text(text: str, known: list[str]) -> str:
    """The firewall's redaction: known identity strings, phones, e-mails, ID numbers."""
    return firewall.redact(text, known)


def flagged_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of ``bot.staff.flagged_messages`` as the console and the API list it: the sender
    masked as a list masks identity (``mask_text``: phones, e-mails, the display name; an
    opaque chat id stays, it is how the conversation is found), the text as a case view shows
    it (query codes masked). No case holds the message, so no case decides who sees more."""
    shown = {key: value for key, value in row.items() if key != "sender_name"}
    shown["sender"] = mask_text(str(row["sender"]), [str(row.get("sender_name", ""))])
    shown["text"] = mask_codes(str(row["text"]))
    return shown


def flagged_detail(row: dict[str, Any]) -> dict[str, Any]:
    """``bot.staff.flagged_message`` as its audited single view shows it: the sender whole
    (address, display name, and the phone or e-mail to call back when the address is one),
    so a clerk can answer "给我回个电话"; query codes still masked, as everywhere."""
    sender = str(row["sender"])
    shown = dict(row)
    shown["contact"] = sender.split(":", 1)[1] if sender.startswith(CONTACT_SCHEMES) else ""
    shown["subject"] = mask_codes(str(row.get("subject", "")))
    shown["text"] = mask_codes(str(row["text"]))
    return shown


#: What the single view of a flagged message shows of the sender, for its audit row.
FLAGGED_DETAIL_FIELDS = ("sender", "sender_name", "contact", "text")


def without_codes(view: dict[str, Any]) -> dict[str, Any]:
    for message in view.get("messages", []):
        message["text"] = mask_codes(str(message.get("text", "")))
    return view


def redact(view: dict[str, Any], known: list[str]) -> dict[str, Any]:
    """The view with the petitioner's identity masked everywhere it could show."""
    for message in view.get("messages", []):
        for key in ("text", "subject"):
            if isinstance(message.get(key), str):
                message[key] = mask_text(message[key], known)
    if isinstance(view.get("answer"), str):
        view["answer"] = mask_text(view["answer"], known)
    for event in view.get("events", []):
        if not _STAFF_ACTORS.match(str(event.get("actor", ""))):
            event["actor"] = "petitioner"
        event["details"] = _mask_details(event.get("details", {}), known)
    view["petitioner"] = None
    view["identity_redacted"] = True
    return view


def _mask_details(value: Any, known: list[str]) -> Any:
    if isinstance(value, str):
        return mask_text(value, known)
    if isinstance(value, list):
        return [_mask_details(item, known) for item in value]
    if isinstance(value, dict):
        return {key: _mask_details(item, known) for key, item in value.items()}
    return value
