"""What the case and triage pages show, built in one store transaction with the access audit.

The petitioner's identity is shown and audited (``bot.api.audit``) exactly as the API shows it
(``bot.api.personal``), or redacted for a unit handler on a 检举控告 case: then the desk
details, the attachments and the recipients of notices are left out too, since none of them
can be masked reliably.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from bot import access, cases, notices, split, supervision, workflow
from bot.api.accounts import Principal
from bot.api.audit import record_access
from bot.api.personal import identity_of, known_strings, mask_text, redact, without_codes
from bot.api.roles import may_act
from bot.clock import local_date
from bot.console import records, wording
from bot.console.desk import desk_details
from bot.deadlines import DeadlineEngine, days_left
from storage import Attachment, Case, Message, Outbox

#: The answer each state waits for, and the notice template it fills.
ANSWERS = {"accepted": ("answer", "opinion"), "assigned": ("answer", "opinion"),
           "review_requested": ("review_answer", "review_opinion"),
           "rereview_requested": ("rereview_answer", "rereview_opinion")}
#: Actions with a page of their own (triage) or a form of their own (the composer).
_OWN_FORMS = frozenset({"answer", "review_answer", "rereview_answer"})
#: Optional fields worth offering beside the required ones.
_OPTIONAL = {"assign": ("mode",), "reject": ("route",), "answer": ("decision", "facts", "basis"),
             "accept": ("override",)}
_SAFE_TYPES = ("image/", "application/pdf", "text/plain", "audio/")


@dataclass(frozen=True, slots=True)
class ActionForm:
    action: str
    label: str
    fields: tuple[str, ...]


def case_page(session: Session, case: Case, principal: Principal, *, now: datetime,
              deadlines: DeadlineEngine, purpose: str,
              composer: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the case page shows; writes the audit row of this read."""
    view = without_codes(cases.case_view(session, case, with_messages=True))
    shown = access.sees_identity(principal, case)
    known = [] if shown else known_strings(session, case)
    desk: list[dict[str, object]] = []
    if shown:
        view["petitioner"] = identity_of(session, case)
        desk = desk_details(session, case)
        fields = ["name", "contact", "identities", "messages"] + (["desk"] if desk else [])
    else:
        redact(view, known)
        fields = ["messages (identity redacted)"]
    record_access(session, principal, case_number=case.number, fields=fields, purpose=purpose,
                  now=now)
    today = local_date(now)
    page: dict[str, Any] = {
        "case": view, "shown": shown, "desk": desk,
        "instructions": [{"actor": i.actor, "at": i.at, "text": _masked(i.text, known)}
                         for i in records.instructions(session, case)],
        "attachments": _attachments(session, case) if shown else [],
        "notices": _notices(session, case, known, shown),
        "deadlines": _deadlines(case, deadlines, today),
        "actions": _action_forms(case, principal),
        "parts": _parts(session, case, view, principal),
        "composer": _composer(session, case, principal, deadlines, today, known, composer),
    }
    return page


def _masked(text: str, known: list[str]) -> str:
    return mask_text(text, known) if known else text


def attachments_of(case: Case) -> ColumnElement[bool]:
    """Attachments of the case's messages (the row's own ``case_id`` is often left empty)."""
    return or_(col(Attachment.case_id) == case.id, col(Attachment.message_id).in_(
        select(Message.id).where(Message.case_id == case.id)))


def _attachments(session: Session, case: Case) -> list[dict[str, Any]]:
    rows = session.exec(select(Attachment).where(attachments_of(case))
                        .order_by(col(Attachment.id)))
    return [{"id": a.id, "name": a.original_name or f"附件{a.id}", "size": a.size,
             "type": a.content_type} for a in rows]


def safe_type(content_type: str) -> str:
    """Serve only inert types as themselves; anything else (HTML, scripts) as bytes."""
    return content_type if content_type.startswith(_SAFE_TYPES) else "application/octet-stream"


def _notices(session: Session, case: Case, known: list[str], shown: bool) -> list[dict[str, Any]]:
    rows = session.exec(select(Outbox).where(Outbox.case_id == case.id).order_by(col(Outbox.id)))
    return [{
        "kind": wording.label(wording.NOTICES, str(o.payload.get("notice", ""))) or "回复",
        "channel": wording.label(wording.CHANNELS, o.channel),
        "recipient": o.recipient if shown else "＊＊＊",
        "status": wording.label(wording.OUTBOX, o.status),
        "delivery": o.delivery_status, "attempts": o.attempts,
        "error": o.last_error, "created_at": o.created_at, "sent_at": o.sent_at,
        "delivered_at": o.delivered_at, "text": _masked(o.text, known),
    } for o in rows]


def _deadlines(case: Case, deadlines: DeadlineEngine, today: date) -> list[dict[str, Any]]:
    running, paused = supervision.due_of(case, deadlines, today)
    found = []
    for name, due in (("受理告知期限", case.acceptance_due), ("办理答复期限", case.handling_due),
                      ("复查/复核答复期限", case.review_due)):
        if due is not None:
            found.append({"name": name, "due": due, "left": days_left(due, today),
                          "running": due == running, "paused": paused and due == running})
    if running is not None and all(item["due"] != running for item in found):
        found.append({"name": "当前期限", "due": running, "left": days_left(running, today),
                      "running": True, "paused": paused})
    return found


def _parts(session: Session, case: Case, view: dict[str, Any],
           principal: Principal) -> list[dict[str, Any]]:
    """The matters of a message that told several (its ``several_matters`` event), each with
    the case it was split into, or none yet: for the bureau's accounts that may split."""
    if access.unit_of(principal) is not None or not may_act(principal, split.ACTION):
        return []
    told = [e for e in view.get("events", []) if e["action"] == "several_matters"]
    if not told:
        return []
    done = split.splits(session, case)
    return [{"index": index, "text": str(part.get("text", "")),
             "category": str(part.get("category", "")), "accusation": bool(part.get("accusation")),
             "unit": str(part.get("unit", "")),
             "split": str(done[index].details.get("number", "")) if index in done else ""}
            for index, part in enumerate(told[-1]["details"].get("parts", []), start=1)]


def _action_forms(case: Case, principal: Principal) -> list[ActionForm]:
    forms = []
    for action, rule in workflow.TRANSITIONS.items():
        if action in _OWN_FORMS or case.status not in rule.sources:
            continue
        if not may_act(principal, action):
            continue
        fields = tuple(rule.requires) + _OPTIONAL.get(action, ())
        forms.append(ActionForm(action, wording.label(wording.ACTIONS, action), fields))
    return forms


def _composer(session: Session, case: Case, principal: Principal, deadlines: DeadlineEngine,
              today: date, known: list[str],
              given: dict[str, str] | None) -> dict[str, Any] | None:
    """The answer form, prefilled, with the letter the petitioner will get (the template)."""
    wanted = ANSWERS.get(case.status)
    if wanted is None or not may_act(principal, wanted[0]):
        return None
    action, template = wanted
    values = {"decision": "解释说明", "facts": case.facts,
              "basis": case.legal_basis or workflow.DEFAULT_BASIS, "text": ""}
    values.update({k: v for k, v in (given or {}).items() if k in values})
    name = ""
    if not known:
        name = identity_of(session, case)["name"]
    letter = notices.render(
        template, "zh", "full", number=case.number, name=name or "＊＊＊",
        request=_masked(workflow.first_request(session, case), known),
        facts=values["facts"] or values["text"] or "〔事实和理由〕",
        decision=values["decision"], answer=values["text"] or "〔答复正文〕",
        basis=values["basis"],
        review_due=deadlines.due("review_request", today).date.isoformat(),
        today=today.isoformat())
    return {"action": action, "label": wording.label(wording.ACTIONS, action),
            "fields": values, "decisions": workflow.DECISIONS, "letter": letter}
