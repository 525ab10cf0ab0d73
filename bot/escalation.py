"""Escalation that reaches a person (督办升级): the staff notices an escalation rule raises.

Three ways in, one way out:

- :func:`escalate_deadline`: the supervision round (bot/supervision.py) found a case on a
  higher rung of the deadline ladder (near-due → overdue → overdue by N days → the level
  above, ``bot/data/escalation.toml``);
- :func:`escalate_side_deadlines`: a side deadline ran out undecided (the receiving unit's
  own notice, the consent to a 退单, a jurisdiction dispute);
- :func:`escalate_events`: emergencies, collective-petition warnings, 批示 and late
  acceptances are already CaseEvents; the round reads the audit trail after its cursor, so
  the code that records them needs to know nothing about escalation.

Either way :func:`queue` writes one :class:`storage.StaffNotice` per recipient, keyed so that
the same rule on the same case and due date is never queued twice (a unique constraint, not a
cache), and records an ``escalate`` CaseEvent on the case. bot/escalation_delivery.py sends
them. A notice names case numbers, stages, dates and units, never petitioner data; a
检举控告 case never goes to an accused unit (Art 30, 46(5)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from bot import cases
from bot.clock import local_date
from bot.escalation_rules import EscalationRule, EscalationRules
from bot.firewall import UnitTree
from storage import Case, CaseEvent, EscalationCursor, StaffNotice

WEBHOOK = "webhook"
#: The CaseEvents that raise an escalation, and the trigger each one is.
EVENT_TRIGGERS = {"emergency": "emergency", "collective_alert": "collective",
                  "instruct": "instruction", "accept": "late_acceptance",
                  "unit_accept": "late_acceptance"}  # the unit's own notice, Art 23 ¶3
STAGE_NAMES = {"acceptance": "受理告知", "handling": "办理答复", "review": "复查答复",
               "rereview": "复核答复"}
_CURSOR = "events"
#: Audit-trail rows read per call: a round reads the trail in small steps too.
EVENTS_PER_STEP = 500


@dataclass(frozen=True, slots=True)
class Recipients:
    """Where escalations go: the settings and the units file, resolved per rule and case."""

    supervisor_mail: str = ""
    webhook: bool = False  # a webhook URL is configured (the URL itself stays in settings)
    units: UnitTree | None = None

    def resolve(self, rule: EscalationRule, case: Case) -> list[str]:
        found: list[str] = []
        for kind in rule.to:
            if kind == "supervisor" and self.supervisor_mail:
                found.append(f"mailto:{self.supervisor_mail}")
            elif kind == "webhook" and self.webhook:
                found.append(WEBHOOK)
            elif kind in ("unit", "above") and self.units is not None and case.unit:
                address = self._unit_address(case, above=kind == "above")
                if address:
                    found.append(address)
        return list(dict.fromkeys(found))

    def _unit_address(self, case: Case, *, above: bool) -> str:
        assert self.units is not None
        chain = [case.unit] if not above else self.units.ancestors(case.unit)
        for unit in chain:
            if case.accused_units and self.units.conflict(unit, case.accused_units):
                return ""  # the firewall: an accused unit hears nothing of the accusation
            address = self.units.contacts.get(self.units.lookup(unit) or unit, "")
            if address:
                return address
        return ""


def queue(session: Session, case: Case, rule: EscalationRule, recipients: Recipients,
          now: datetime, *, text: str, occasion: str) -> list[str]:
    """Queue ``rule``'s notice on ``case`` for each recipient not already sent this
    ``occasion`` (a due date, an event id); record it on the case. Returns the recipients."""
    targets = recipients.resolve(rule, case)
    queued = []
    for target in targets:
        key = f"{case.number}|{rule.name}|{occasion}|{target}"
        if session.exec(select(StaffNotice.id).where(StaffNotice.dedup_key == key)).first():
            continue
        session.add(StaffNotice(dedup_key=key, case_id=case.id, rule=rule.name,
                                recipient=target, title=rule.title, text=text,
                                next_attempt_at=now, created_at=now))
        queued.append(target)
    cases.record(session, case, "bot:督办", "escalate", now, rule=rule.name, title=rule.title,
                 occasion=occasion, to=[_kind(target) for target in targets],
                 queued=len(queued))
    return queued


def escalate_deadline(session: Session, case: Case, rule: EscalationRule,
                      recipients: Recipients, now: datetime, *, stage: str, due: date,
                      days_left: int) -> list[str]:
    """The notice of a case that reached ``rule``'s rung on its ``stage`` deadline."""
    lateness = f"超期 {-days_left} 日" if days_left < 0 else (
        "今日到期" if days_left == 0 else f"剩余 {days_left} 日")
    text = (f"【{rule.title}】事项 {case.number}：{STAGE_NAMES.get(stage, stage)}期限 "
            f"{due.isoformat()}，{lateness}。承办单位：{case.unit or '未分办'}。")
    return queue(session, case, rule, recipients, now, text=text,
                 occasion=f"{stage}:{due.isoformat()}")


def escalate_events(session: Session, rules: EscalationRules, recipients: Recipients,
                    now: datetime, *, limit: int = EVENTS_PER_STEP) -> int:
    """Read up to ``limit`` escalating audit-trail rows after the cursor; queue what they
    raise. Returns the number of rows read (less than ``limit``: the trail is read to its end).
    """
    cursor = session.get(EscalationCursor, _CURSOR) or EscalationCursor(name=_CURSOR)
    newest = session.exec(select(func.max(CaseEvent.id))).one() or 0
    # Only the few actions that escalate are loaded; the cursor still moves past the rest.
    rows = list(session.exec(
        select(CaseEvent).where(col(CaseEvent.id) > cursor.last_event_id,
                                col(CaseEvent.id) <= newest,
                                col(CaseEvent.action).in_(list(EVENT_TRIGGERS)))
        .order_by(col(CaseEvent.id)).limit(limit)))
    for event in rows:
        trigger = EVENT_TRIGGERS.get(event.action)
        if trigger is None or (trigger == "late_acceptance"
                               and not event.details.get("late_days")):
            continue
        if trigger == "collective" and event.details.get("tell") is False:
            continue  # the group grew, but not yet to twice what staff were told (bot/matters.py)
        chosen = rules.on(trigger)
        case = session.get(Case, event.case_id) if chosen else None
        if case is None:
            continue
        for rule in chosen:
            queue(session, case, rule, recipients, now,
                  text=_event_text(rule, case, event.details), occasion=f"event:{event.id}")
    last = int(rows[-1].id or 0) if len(rows) >= limit else int(newest)
    if last != cursor.last_event_id:
        cursor.last_event_id = last
        session.add(cursor)
    return len(rows)


def escalate_side_deadlines(session: Session, rules: EscalationRules, recipients: Recipients,
                            now: datetime, *, limit: int = EVENTS_PER_STEP) -> int:
    """Cases whose side deadline has passed, read by their (status, due date) index: the
    receiving unit's own notice (Art 23 ¶3), the consent to a 退单, a jurisdiction decision
    (Art 24). Each is escalated once, its due date then cleared (the event keeps it).
    Returns how many were read (``limit``: there may be more)."""
    today = local_date(now)
    read = 0
    for side in SIDE_DEADLINES:
        column = getattr(Case, side.column)
        late = list(session.exec(
            select(Case).where(Case.status == side.status, col(column) < today)
            .order_by(col(column)).limit(limit - read)))
        for case in late:
            due = getattr(case, side.column)
            if due is None:
                continue
            for rule in rules.on(side.trigger):
                queue(session, case, rule, recipients, now, occasion=f"{side.trigger}:{due}",
                      text=side.text(rule, case, due, (today - due).days))
            setattr(case, side.column, None)
            session.add(case)
        read += len(late)
        if read >= limit:
            break
    return read


@dataclass(frozen=True, slots=True)
class SideDeadline:
    """A deadline beside the main one, kept in its own column while it runs."""

    trigger: str  # the escalation table's ``on``
    column: str
    status: str  # the case's status while it runs
    template: str  # the notice after its heading: {unit}, {due}, {late}

    def text(self, rule: EscalationRule, case: Case, due: date, late: int) -> str:
        return f"【{rule.title}】事项 {case.number}：" + self.template.format(
            unit=case.unit, due=due.isoformat(), late=late)


SIDE_DEADLINES = (
    SideDeadline("unit_notice", "unit_notice_due", "assigned",
                 "承办单位{unit}应于 {due} 前告知信访人是否受理，已逾期 {late} 日"
                 "（《信访工作条例》第二十三条）。"),
    SideDeadline("objection_consent", "consent_due", "accepted",
                 "承办单位退单后，交办、转送机关应于 {due} 前决定是否同意退单，已逾期 {late} 日。"),
    SideDeadline("jurisdiction_dispute", "dispute_due", "assigned",
                 "承办单位{unit}提出的管辖争议应于 {due} 前由有关单位协商或共同上级机关决定，"
                 "已逾期 {late} 日（《信访工作条例》第二十四条）。"),
)


def _event_text(rule: EscalationRule, case: Case, details: dict[str, Any]) -> str:
    head = f"【{rule.title}】事项 {case.number}"
    if rule.on == "emergency":
        return f"{head}被识别为紧急事项（涉及人身安全或暴力），请立即处置。"
    if rule.on == "collective":
        members = [str(number) for number in details.get("members", [])]
        return (f"{head}：{len(members)} 名信访人反映同一事项，疑似群体性信访，"
                f"相关事项：{'、'.join(members)}。")
    if rule.on == "instruction":
        return f"{head}有新的领导批示，请登录控制台查看并落实。"
    who = f"承办单位{details['unit']}" if details.get("unit") else ""
    return (f"{head}{who}受理告知超过期限 {details.get('due', '')} 共 "
            f"{details.get('late_days')} 日。")


def _kind(target: str) -> str:
    """What the case's audit trail keeps of a recipient: staff addresses are not personal
    data, but the webhook URL may carry a token."""
    return WEBHOOK if target == WEBHOOK else target.removeprefix("mailto:")
