"""来访 / 来电: staff register a walk-in visit or a phone call as a petition on its own channel.

It takes the path every channel takes (as Open311 does): the Art 19 items staff took down
become an :class:`InboundMessage` on channel ``visit`` or ``phone``, stored durably through the
intake and processed inline, so the bot's own case-opening code registers it (or attaches it to
the petitioner's open case about the same matter) and answers with the number and query code
for staff to hand over. The name and contact are recorded on the petitioner first, so the
conversation does not ask for them. A collective visit names its representatives, at most five
(Art 20).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from sqlmodel import Session, col, select

from bot import cases
from bot.api.accounts import Principal
from bot.people import identity_for, petitioner_of
from channels.base import InboundMessage
from storage import Case, Message

if TYPE_CHECKING:
    from bot.core import Core

DESK_CHANNELS = {"visit": "来访", "phone": "来电"}
MAX_REPRESENTATIVES = 5  # Art 20
_MAX_FIELD = 200
_MAX_TEXT = 4000
_SPACES = re.compile(r"\s+")


class DeskError(ValueError):
    """The form is incomplete or wrong; the message says what to fix, in Chinese."""


@dataclass(frozen=True, slots=True)
class DeskForm:
    channel: str
    name: str
    contact: str
    id_number: str
    address: str
    request: str
    facts: str
    collective: bool
    representatives: tuple[str, ...] = field(default=())

    @classmethod
    def parse(cls, form: Mapping[str, str]) -> DeskForm:
        def text(name: str, limit: int = _MAX_FIELD) -> str:
            value = form.get(name, "").strip()
            if len(value) > limit:
                raise DeskError(f"「{_LABELS[name]}」不超过 {limit} 字。")
            return value

        channel = form.get("channel", "")
        if channel not in DESK_CHANNELS:
            raise DeskError("请选择来访或来电。")
        collective = form.get("collective", "") == "yes"
        representatives = tuple(
            line.strip() for line in form.get("representatives", "").splitlines() if line.strip()
        )
        parsed = cls(channel, text("name"), text("contact"), text("id_number"),
                     text("address"), text("request", _MAX_TEXT), text("facts", _MAX_TEXT),
                     collective, representatives)
        parsed.check()
        return parsed

    def check(self) -> None:
        """Art 19: name, address or contact, the request, the facts and reasons."""
        if not self.name:
            raise DeskError("请填写信访人姓名（《信访工作条例》第十九条）。")
        if not (self.contact or self.address):
            raise DeskError("请填写联系电话或住址（第十九条）。")
        if not self.request:
            raise DeskError("请填写信访请求。")
        if not self.facts:
            raise DeskError("请填写事实和理由。")
        if self.channel == "phone" and not self.contact:
            raise DeskError("来电请记录来电号码。")
        if self.representatives and not self.collective:
            raise DeskError("只有集体访需要登记代表；请勾选“集体访”。")
        if self.collective:
            if self.channel != "visit":
                raise DeskError("集体访只适用于来访。")
            if not self.representatives:
                raise DeskError("集体访请登记代表（每行一人）。")
            if len(self.representatives) > MAX_REPRESENTATIVES:
                raise DeskError(
                    f"集体访推选的代表不超过 {MAX_REPRESENTATIVES} 人（《信访工作条例》第二十条），"
                    f"现登记了 {len(self.representatives)} 人。")
            if any(len(r) > _MAX_FIELD for r in self.representatives):
                raise DeskError(f"每位代表一行，不超过 {_MAX_FIELD} 字。")

    @property
    def urn(self) -> str:
        """The petitioner's address on this channel: the number that called, or the ID / phone
        given at the window (the same person visiting again is the same petitioner)."""
        key = _SPACES.sub("", self.contact if self.channel == "phone"
                          else self.id_number or self.contact)
        return f"{self.channel}:{key or 'anonymous-' + secrets.token_hex(8)}"

    def text(self) -> str:
        return f"信访请求：{self.request}\n事实和理由：{self.facts}"


_LABELS = {"name": "姓名", "contact": "联系电话", "id_number": "身份证件号码", "address": "住址",
           "request": "信访请求", "facts": "事实和理由"}


@dataclass(frozen=True, slots=True)
class Registered:
    number: str  # empty when the bot did not open or attach a case (e.g. the sender is blocked)
    replies: tuple[str, ...]


async def register(core: Core, principal: Principal, form: DeskForm) -> Registered:
    """Store and process the visit or call as an inbound message; raises IntakeUnavailable."""
    now = core.clock.now()
    meta = {"registered_by": principal.actor, "address": form.address,
            "id_number": form.id_number, "desk": form.channel}
    if form.collective:
        meta["collective"] = "yes"
        meta["representatives"] = json.dumps(list(form.representatives), ensure_ascii=False)
    message = InboundMessage(
        channel=form.channel, sender=form.urn, text=form.text(),
        external_id=f"{form.channel}-{secrets.token_hex(12)}", received_at=now,
        raw=urlencode({"name": form.name, "contact": form.contact, "id_number": form.id_number,
                       "address": form.address, "request": form.request,
                       "facts": form.facts, "representatives": "\n".join(form.representatives),
                       "registered_by": principal.actor}).encode(),
        sender_name=form.name, meta={k: v for k, v in meta.items() if v},
    )
    await core.store.write(lambda s: _introduce(s, form, now))
    receipt = await core.intake.store(message)
    replies = await core.intake.process(receipt, inline=True)

    def settle(session: Session) -> str:
        stored = session.get(Message, receipt.message_id)
        case = session.get(Case, stored.case_id) if stored and stored.case_id else None
        if case is None:
            return ""
        cases.record(session, case, principal.actor, "desk_registered", core.clock.now(),
                     channel=form.channel, collective=form.collective,
                     representatives=len(form.representatives), message_id=receipt.message_id)
        return case.number

    number = await core.store.write(settle)
    return Registered(number, tuple(reply.text for reply in replies))


def _introduce(session: Session, form: DeskForm, now: datetime) -> None:
    """Record the name and contact given (Art 19) before the conversation looks for them."""
    identity = identity_for(session, form.urn, form.channel, form.name, now)
    petitioner = petitioner_of(session, identity)
    petitioner.name = petitioner.name or form.name[:100]
    petitioner.contact = petitioner.contact or (form.contact or form.address)[:300]
    session.add(petitioner)


def desk_details(session: Session, case: Case) -> list[dict[str, object]]:
    """What the window took down for each visit or call of the case (personal data)."""
    found = []
    for message in session.exec(
        select(Message).where(Message.case_id == case.id,
                              col(Message.channel).in_(list(DESK_CHANNELS)))
    ):
        meta = message.meta
        found.append({
            "channel": DESK_CHANNELS.get(message.channel, message.channel),
            "address": meta.get("address", ""), "id_number": meta.get("id_number", ""),
            "collective": meta.get("collective") == "yes",
            "representatives": json.loads(meta.get("representatives", "[]")),
            "registered_by": meta.get("registered_by", ""),
        })
    return found
