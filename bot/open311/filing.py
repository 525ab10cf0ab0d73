"""``POST requests``: an Open311 service request becomes a petition on the ``open311`` channel.

It takes the path every channel takes: an :class:`InboundMessage` stored durably through the
intake (group commit), then processed inline, so the case is registered — or attached to the
petitioner's open case about the same matter (Art 19) — before the client gets its answer.
The client gets the case number as ``service_request_id``; if processing could not finish (the
store refused it for now), it gets a ``token`` that ``GET tokens/{token}`` resolves later.

Open311 carries no dialogue, so the Art 19 items (name, contact) come from the request's own
``first_name`` / ``last_name`` / ``phone`` / ``email``; an item still missing is recorded on the
case for staff rather than asked (nobody would read the question).

Identity: ``email``, ``device_id`` and ``account_id`` are whatever the client system says, not
proof of who is asking. So each request is its own petitioner identity, scoped to the client
(``open311:<client id>:<who>:<nonce>``): another client naming the same email, or the same
client naming it again, never reaches an earlier case — not its status, not its case list, not
a supplement. Only the case number with its query code opens a case, as on every channel.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from sqlmodel import Session

from bot.open311.catalogue import Catalogue
from bot.open311.errors import BadRequest, ForbiddenKey
from bot.open311.keys import key_id
from bot.open311.reading import settle
from bot.people import identity_for, petitioner_of
from channels.base import InboundMessage, IntakeUnavailable
from storage.accounts import Open311Request

if TYPE_CHECKING:
    from bot.core import Core

CHANNEL = "open311"
MAX_DESCRIPTION = 4000
_MAX_FIELD = 200
_CJK = re.compile(r"[\u3400-\u9fff]")
#: Request parameters kept in the stored message's meta (never the api_key).
_META_FIELDS = ("service_code", "lat", "long", "address_string", "address_id", "media_url",
                "device_id", "account_id", "jurisdiction_id")


@dataclass(frozen=True, slots=True)
class Filed:
    token: str
    case_number: str  # empty when not registered yet
    notice: str  # what the bot answered (the acknowledgement with the query code)
    account_id: str


async def file_request(core: Core, form: Mapping[str, str], catalogue: Catalogue) -> Filed:
    """Validate an Open311 POST, store it as a petition, and process it inline."""
    api_key = form.get("api_key", "")
    client = await core.store.read(lambda s: key_id(s, api_key))
    if client is None:
        raise ForbiddenKey("api_key is missing or not valid")
    message = _to_message(core, form, catalogue, client)
    name = _person_name(form.get("first_name", ""), form.get("last_name", ""))
    contact = _field(form, "phone") or _field(form, "email")
    if name or contact:
        now = core.clock.now()
        await core.store.write(lambda s: _introduce(s, message.sender, name, contact, now))
    receipt = await core.intake.store(message)
    token = secrets.token_urlsafe(16)
    service_code = form.get("service_code", "")
    now = core.clock.now()
    await core.store.write(lambda s: s.add(Open311Request(
        token=token, message_id=receipt.message_id, key_id=client, service_code=service_code,
        created_at=now)))
    notice = ""
    try:
        replies = await core.intake.process(receipt, inline=True)
        notice = "\n".join(reply.text for reply in replies)
    except IntakeUnavailable:
        pass  # stored: the background processor registers it; the token finds it later
    number = await core.store.write(lambda s: settle(s, token, now))
    return Filed(token, number, notice, form.get("account_id", ""))


def _to_message(core: Core, form: Mapping[str, str], catalogue: Catalogue,
                client: int) -> InboundMessage:
    code = form.get("service_code", "")
    if not code:
        raise BadRequest("service_code is required")
    if code not in catalogue:
        raise BadRequest("service_code is not a known service; see services.json")
    description = form.get("description", "").strip()
    if not description:
        raise BadRequest("description is required: it is the petition")
    if len(description) > MAX_DESCRIPTION:
        raise BadRequest(f"description is longer than {MAX_DESCRIPTION} characters")
    lat, long = form.get("lat", ""), form.get("long", "")
    if lat or long:
        _coordinates(lat, long)
    elif not (form.get("address_string") or form.get("address_id")):
        raise BadRequest("a location is required: lat and long, address_string or address_id")
    for name in ("email", "device_id", "account_id", "first_name", "last_name", "phone",
                 "address_string", "address_id", "media_url"):
        if len(form.get(name, "")) > _MAX_FIELD:
            raise BadRequest(f"{name} is longer than {_MAX_FIELD} characters")
    who = _field(form, "email") or _field(form, "device_id") or _field(form, "account_id")
    # Unverified, so never shared: per client, and per request (see the module docstring).
    sender = f"{CHANNEL}:{client}:{who or 'anonymous'}:{secrets.token_hex(8)}"
    kept = {k: v for k, v in form.items() if k != "api_key"}  # the raw record, minus the key
    return InboundMessage(
        channel=CHANNEL,
        sender=sender,
        text=description,
        external_id=f"o311-{secrets.token_hex(12)}",
        received_at=core.clock.now(),
        raw=urlencode(kept).encode(),
        sender_name=_person_name(form.get("first_name", ""), form.get("last_name", "")),
        meta={k: form[k] for k in _META_FIELDS if form.get(k)},
    )


def _coordinates(lat: str, long: str) -> tuple[float, float]:
    try:
        latitude, longitude = float(lat), float(long)
    except ValueError:
        raise BadRequest("lat and long must both be numbers (WGS84)") from None
    if not (math.isfinite(latitude) and math.isfinite(longitude)
            and -90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise BadRequest("lat must be within ±90 and long within ±180")
    return latitude, longitude


def _field(form: Mapping[str, str], name: str) -> str:
    return form.get(name, "").strip()


def _person_name(first: str, last: str) -> str:
    first, last = first.strip(), last.strip()
    if _CJK.search(first + last):
        return f"{last}{first}"  # 张 + 三 → 张三
    return " ".join(part for part in (first, last) if part)


def _introduce(session: Session, urn: str, name: str, contact: str, now: datetime) -> None:
    """Record the name and contact the request carried (Art 19), unless already known."""
    identity = identity_for(session, urn, CHANNEL, name, now)
    petitioner = petitioner_of(session, identity)
    if name and not petitioner.name:
        petitioner.name = name[:100]
    if contact and not petitioner.contact:
        petitioner.contact = contact[:300]
    session.add(petitioner)
