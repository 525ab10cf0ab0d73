"""网上信访: a petition filed on the web page takes the path every channel takes.

The form becomes an :class:`InboundMessage` on channel ``web``, stored durably through the
intake (group commit, fsync'd) and then processed inline, so the bot's own case-opening code
registers it — or attaches it to the petitioner's open case about the same matter (Art 19) —
before the confirmation page is drawn. The form's own random token is the message's external
id: a double submit, or a submit repeated after a lost response, is the same stored message and
gets the same answer. The name and phone are recorded on the petitioner first (as the 来访 desk
does), so the conversation does not ask for them.

The petitioner's web identity is a keyed hash of the resident ID number: the same person filing
again is the same petitioner, and the URN carries no ID number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from sqlmodel import Session

from bot.citizen.forms import Petition
from bot.citizen.guard import Keys
from bot.people import identity_for, petitioner_of
from channels.base import InboundMessage, IncomingAttachment
from storage import Case, Message

if TYPE_CHECKING:
    from bot.core import Core

CHANNEL = "web"
_CANDIDATE = re.compile(r"(?<![A-Z0-9])[A-Z2-9]{8}(?![A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Filed:
    number: str  # "" when no case was opened or attached (e.g. the sender is blocked)
    code: str  # the query code in clear, shown once; "" when attached to an earlier case
    replies: tuple[str, ...]
    duplicate: bool  # the same form was submitted before

    @property
    def notes(self) -> tuple[str, ...]:
        """The replies besides the acknowledgement the receipt already shows (emergency
        advice, another legal route, a question)."""
        return tuple(r for r in self.replies if not (self.code and self.code in r))


def message_of(petition: Petition, *, urn: str, form_token: str, client: str,
               now: datetime) -> InboundMessage:
    raw = urlencode({"name": petition.name, "id_number": petition.id_number,
                     "phone": petition.phone, "address": petition.address,
                     "kind": petition.kind, "request": petition.request,
                     "facts": petition.facts, "consent": "yes",
                     "files": "\n".join(f.filename for f in petition.files)}).encode()
    return InboundMessage(
        channel=CHANNEL, sender=urn, text=petition.text(),
        external_id=f"web-{form_token}", received_at=now, raw=raw,
        sender_name=petition.name,
        attachments=tuple(IncomingAttachment(f.filename, f.content_type, f.data)
                          for f in petition.files),
        meta={"address": petition.address, "id_number": petition.id_number,
              "phone": petition.phone, "kind": petition.kind, "consent": "web-form-v1",
              "client": client},
    )


async def file_petition(core: Core, keys: Keys, petition: Petition, *, form_token: str,
                        client: str) -> Filed:
    """Store, then process; raises ``IntakeUnavailable`` (nothing stored, or not processed
    yet: submitting the same form again finishes it)."""
    now = core.clock.now()
    urn = keys.petitioner(petition.id_number)
    message = message_of(petition, urn=urn, form_token=form_token, client=client, now=now)
    await core.store.write(lambda s: _introduce(s, urn, petition, now))
    receipt = await core.intake.store(message)
    replies = [reply.text for reply in await core.intake.process(receipt, inline=True)]

    def settle(session: Session) -> tuple[str, str]:
        stored = session.get(Message, receipt.message_id)
        case = session.get(Case, stored.case_id) if stored and stored.case_id else None
        if case is None:
            return "", ""
        return case.number, _code_in(replies, case, core)

    number, code = await core.store.read(settle)
    return Filed(number, code, tuple(replies), receipt.duplicate)


def _introduce(session: Session, urn: str, petition: Petition, now: datetime) -> None:
    """Record the name and phone given (Art 19) before the conversation looks for them."""
    identity = identity_for(session, urn, CHANNEL, petition.name, now)
    petitioner = petitioner_of(session, identity)
    petitioner.name = petitioner.name or petition.name[:100]
    petitioner.contact = petitioner.contact or petition.phone
    session.add(petitioner)


def _code_in(replies: list[str], case: Case, core: Core) -> str:
    """The query code the acknowledgement carries, proven by the case's own code hash.

    The bot's wording may change; a candidate that verifies against the stored HMAC cannot be
    anything but the code. None verifies when the petition joined an earlier case.
    """
    for reply in replies:
        for candidate in _CANDIDATE.findall(reply):
            if core.hasher.verify(case.number, str(candidate), case.code_hash):
                return str(candidate)
    return ""
