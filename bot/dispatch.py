"""What a handling unit receives (转送 / 交办): the dispatch sheet, without the petitioner.

Art 30 and 46(5): the material goes to the competent unit, but who complained does not. The
sheet carries the matter (number, category, place, deadlines, the petition text with every
identity string, phone number, e-mail address and ID number taken out) and nothing that
names or reaches the petitioner. Staff export it with ``cases dispatch`` (and read it at ``/api/cases/{number}/dispatch`` and
the console's dispatch page); when the unit table gives the unit a ``mailto:`` contact,
assigning queues it to the unit through the outbox. A sheet is never made for, nor sent to, a
unit the firewall bars (an accused unit or one under it, ``bot.access.may_receive``); a sheet
queued to a unit that becomes accused before it went out is withheld (:func:`withhold`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot import access
from bot.clock import local_date
from bot.firewall import UnitTree, redact
from bot.notices import as_utc
from storage import Case, Identity, Message, Outbox, Petitioner

#: Outbox status of a sheet that must not go out any more (its unit became accused).
WITHHELD = "withheld"


class DispatchRefused(ValueError):
    """The case's unit may not receive its sheet (the firewall); the message says why."""


def identity_strings(session: Session, case: Case) -> list[str]:
    """Everything that names or reaches the petitioner, to take out of unit-bound text."""
    values: list[str] = []
    petitioner = session.get(Petitioner, case.petitioner_id)
    if petitioner is not None:
        values += [petitioner.name, petitioner.contact, petitioner.id_number]
    for identity in session.exec(
        select(Identity).where(Identity.petitioner_id == case.petitioner_id)
    ):
        values += [identity.urn, identity.urn.split(":", 1)[-1], identity.display_name]
    for name in session.exec(select(Message.sender_name).where(Message.case_id == case.id)):
        values.append(name)
    return [value for value in values if value]


def dispatch_sheet(session: Session, case: Case, units: UnitTree | None = None) -> dict[str, Any]:
    """The handling unit's view of a case: the matter, never the petitioner.

    Raises :class:`DispatchRefused` when the handling unit is barred by the firewall.
    """
    if case.unit and not access.may_receive(units or UnitTree(), case, case.unit):
        raise DispatchRefused(f"firewall: {case.unit} may not receive case {case.number}: it "
                              f"is, or is under, an accused unit (Art 30, 46(5))")
    hidden = identity_strings(session, case)
    texts = session.exec(
        select(Message.text).where(Message.case_id == case.id, Message.direction == "in")
        .order_by(col(Message.id))
    )
    return {
        "number": case.number,
        "status": case.status,
        "unit": case.unit,
        "mode": case.assign_mode,
        "category": case.category,
        "statutory_type": case.statutory_type,
        "place": case.place,
        "received_on": local_date(as_utc(case.received_at)).isoformat(),
        "handling_due": case.handling_due.isoformat() if case.handling_due else None,
        "report_required": case.assign_mode == "交办",
        "petition": [redact(text, hidden) for text in texts],
        "petitioner": "［信访人身份信息依法保密，不随件转送］",
    }


def sheet_text(sheet: dict[str, Any]) -> str:
    lines = [
        f"信访事项{sheet['mode'] or '转送'}单 {sheet['number']}",
        f"承办单位：{sheet['unit']}",
        f"类别：{sheet['category']}　性质：{sheet['statutory_type'] or '-'}　地点：{sheet['place'] or '-'}",
        f"收到日期：{sheet['received_on']}　办理期限：{sheet['handling_due'] or '-'}",
        f"信访人：{sheet['petitioner']}",
        "反映内容：",
        *sheet["petition"],
    ]
    if sheet["report_required"]:
        lines.append("本件为交办件，请于办理期限内报告办理结果（办结报告）。")
    return "\n".join(lines)


def queue_to_unit(session: Session, case: Case, units: UnitTree, now: datetime) -> Outbox | None:
    """Send the dispatch sheet to the unit's configured mailbox, if it has one."""
    address = units.contact(case.unit)
    if not address or not access.may_receive(units, case, case.unit):
        return None
    sheet = dispatch_sheet(session, case, units)
    row = Outbox(channel="mail", recipient=address, text=sheet_text(sheet),
                 subject=f"信访事项{case.assign_mode or '转送'} {case.number}", case_id=case.id,
                 payload={"case_number": case.number, "notice": "dispatch", "form": "unit",
                          "ignore_opt_out": True},
                 next_attempt_at=now, created_at=now)
    session.add(row)
    return row


def withhold(session: Session, case: Case, unit: str, units: UnitTree) -> int:
    """Stop the sheets of ``case`` still waiting to go to ``unit`` (it became accused): the
    accused unit is told nothing. Returns how many were stopped."""
    address = units.contact(unit)
    stopped = 0
    for row in session.exec(select(Outbox).where(
            Outbox.case_id == case.id, col(Outbox.status).in_(["pending", "sending"]))):
        if row.payload.get("notice") == "dispatch" and (not address or row.recipient == address):
            row.status = WITHHELD
            row.last_error = "withheld: the unit is accused in this case (Art 30)"
            session.add(row)
            stopped += 1
    return stopped
