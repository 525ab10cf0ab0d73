"""The statutory case workflow (《信访工作条例》2022) as a guarded transitions table.

::

    registered ─accept─► accepted ─assign─► assigned ─(report, 交办)─answer─► answered ─rate─► rated
        │                  │ extend            │ extend                       │            │
        └─reject─► not_accepted                                              review ◄──────┘ (also from closed)
                                                                               ▼
                  review_requested ─review_answer─► review_answered ─rereview─► rereview_requested
                                                                               │ hearing_start/_end
                  final ◄─final─ rereview_answered ◄─rereview_answer───────────┘
    any open state ─merge─► merged, ─withdraw─► withdrawn; answered-like ─close─► closed

A transition whose target is ``None`` records on the case without moving it (report, extend,
accuse, hearings, delivered). Every applied transition writes one :class:`CaseEvent` with the
actor, the time, the reason and what changed; a refused one raises :class:`TransitionRefused`
with the reason and writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import bindparam
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from bot import cases, dispatch, matters, notices
from bot.clock import local_date
from bot.deadlines import DeadlineEngine, Due, Pause
from bot.firewall import ACCUSATION, UnitTree, UnknownUnit
from bot.lawroutes import accused_units
from nlp import Analysis
from storage import Case, CaseEvent, Message
from storage.prepared import Prepared, connection_of

ASSIGN_MODES: Final = ("转送", "交办")
DECISIONS: Final = ("支持", "解释说明", "不予支持")
#: Answer-like states: the petitioner holds a written opinion.
ANSWERED: Final = ("answered", "rated", "review_answered", "rereview_answered")
#: No further handling: only the audit trail and the Art 36 check look at these.
TERMINAL: Final = ("not_accepted", "merged", "withdrawn", "final")
HANDLING: Final = ("accepted", "assigned")
#: An answer names its own legal basis (Art 32); there is no default to fall back on.
DEFAULT_BASIS = ""


class TransitionRefused(ValueError):
    """An action that the case's state or the input does not allow; the message says why.

    ``citizen`` is the same reason in Chinese for the petitioner, when the refusal can reach
    one (a 复查 / 复核 request made in a channel); :func:`citizen_reason` always gives one."""

    def __init__(self, reason: str, *, citizen: str = "") -> None:
        super().__init__(reason)
        self.citizen = citizen


def citizen_reason(refused: TransitionRefused) -> str:
    """What the petitioner is told: never the staff wording, which may be English."""
    return refused.citizen or "该请求暂不能办理，工作人员将与您联系。"


@dataclass(frozen=True, slots=True)
class Transition:
    sources: tuple[str, ...]
    target: str | None  # None: a record on the case, the state does not change
    requires: tuple[str, ...] = ()  # input fields that must be given
    notice: str = ""  # the notice to the petitioner, if any
    help: str = ""


#: action → the states it may start from, the state it leads to, what it needs.
TRANSITIONS: Final[dict[str, Transition]] = {
    "accept": Transition(("registered",), "accepted", (), "accepted", "受理"),
    "reject": Transition(("registered",), "not_accepted", ("reason",), "not_accepted",
                         "不予受理, with the reason and the legal route"),
    "accuse": Transition(("registered", *HANDLING, "review_requested", "rereview_requested"),
                         None, ("accused",), "", "record the accused unit(s) of a 检举控告"),
    "assign": Transition(HANDLING, "assigned", ("unit",), "assigned", "转送 / 交办 to a unit"),
    "object": Transition(("assigned",), "accepted", ("reason",), "",
                         "退单: the unit objects to a mis-routed item (5 working days, Art 23)"),
    "consent": Transition(("accepted",), None, ("agree",), "",
                          "退单: the sending office agrees (the item is routed again) or "
                          "refuses (it goes back to the unit), Art 23"),
    "unit_accept": Transition(("assigned",), None, (), "unit_accepted",
                              "the receiving unit tells the petitioner it accepted a 转送 / 交办 "
                              "item (15 days, Art 23)"),
    "dispute": Transition(("assigned",), None, ("other", "reason"), "dispute",
                          "jurisdiction dispute with another unit (Art 24)"),
    "settle": Transition(("assigned",), "assigned", ("unit",), "assigned",
                         "a jurisdiction dispute settled: the units agreed or their common "
                         "superior decided (Art 24)"),
    "report": Transition(("assigned",), None, ("text",), "",
                         "交办: the unit's report of its result (办结报告)"),
    "extend": Transition(HANDLING, None, ("reason", "approver", "days"), "extended",
                         "延期 ≤30 days, approved, reason told"),
    "answer": Transition(HANDLING, "answered", ("text",), "opinion", "答复: 信访处理意见书"),
    "rate": Transition(ANSWERED, None, ("score",), "", "satisfaction 1-5"),
    "delivered": Transition(ANSWERED + ("closed",), None, ("on",), "",
                            "record delivery of the opinion by other means"),
    "close": Transition(("not_accepted", *ANSWERED), "closed", (), "closed", "办结"),
    "review": Transition(("answered", "rated", "closed"), "review_requested", (),
                         "review_received", "复查 requested (30 days from delivery)"),
    "review_answer": Transition(("review_requested",), "review_answered", ("text",),
                                "review_opinion", "复查意见"),
    "rereview": Transition(("review_answered", "rated", "closed"), "rereview_requested", (),
                           "rereview_received", "复核 requested (30 days from delivery)"),
    "hearing_start": Transition(("rereview_requested",), None, (), "",
                                "a 复核 hearing starts: the clock pauses"),
    "hearing_end": Transition(("rereview_requested",), None, (), "",
                              "the hearing ends: the clock runs again"),
    "rereview_answer": Transition(("rereview_requested",), "rereview_answered", ("text",),
                                  "rereview_opinion", "复核意见 (final)"),
    "final": Transition((*ANSWERED, "closed"), "final", (), "final", "终结"),
    "merge": Transition(("registered", *HANDLING), "merged", ("into",), "merged",
                        "并单 into another case"),
    "withdraw": Transition(("registered", *HANDLING, "review_requested", "rereview_requested"),
                           "withdrawn", ("reason",), "withdrawn", "withdrawn by the petitioner"),
}


@dataclass(slots=True)
class Outcome:
    """What a transition did: the notice to send (key and fields) and the event details."""

    case: Case
    action: str
    notice: str
    notice_fields: dict[str, object] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)


def apply(session: Session, case: Case, action: str, *, actor: str, now: datetime,
          deadlines: DeadlineEngine, units: UnitTree | None = None,
          fields: Mapping[str, Any] | None = None) -> Outcome:
    """Apply ``action`` to ``case`` if the table and the guards allow it; audit it."""
    if action not in TRANSITIONS:
        raise TransitionRefused(f"unknown action {action!r}; known: {', '.join(TRANSITIONS)}")
    rule = TRANSITIONS[action]
    given = {key: value for key, value in (fields or {}).items()
             if value not in (None, "", [], ())}
    if case.status not in rule.sources:
        raise TransitionRefused(
            f"cannot {action} case {case.number}: it is {case.status}, "
            f"and {action} needs {' or '.join(rule.sources)}"
        )
    missing = [name for name in rule.requires if name not in given]
    if missing:
        raise TransitionRefused(f"{action} needs {', '.join(missing)}")
    reason = str(given.get("reason", "")).strip()
    outcome = Outcome(case, action, rule.notice,
                      details={"from": case.status, "to": rule.target or case.status})
    today = local_date(now)
    handler = _HANDLERS.get(action)
    if handler is not None:
        handler(_Step(session, case, now, today, deadlines, units or UnitTree(), given, outcome))
    if reason:
        outcome.details["reason"] = reason
        outcome.notice_fields.setdefault("reason", reason)
    if rule.target is not None:
        case.status = rule.target
    case.updated_at = now
    session.add(case)
    cases.record(session, case, actor, action, now, **outcome.details)
    if rule.target is not None and case.supervision:
        case.supervision = ""  # a new stage: supervision starts afresh
        case.supervision_due = case.supervision_next = None
    outcome.notice_fields.setdefault("due", _iso(cases.next_deadline(case)))
    return outcome


@dataclass(frozen=True, slots=True)
class _Step:
    session: Session
    case: Case
    now: datetime
    today: date
    deadlines: DeadlineEngine
    units: UnitTree
    fields: Mapping[str, Any]
    outcome: Outcome

    def text(self, name: str) -> str:
        return str(self.fields.get(name, "")).strip()


def _accept(step: _Step) -> None:
    flag = matters.art36_flag(step.session, step.case)
    if flag is not None:
        override = step.text("override")
        if not override:
            raise TransitionRefused(
                f"case {step.case.number} may repeat {flag.get('of')}, concluded by 复核: the "
                f"same facts and reasons are not accepted again (Art 36); accept it only with "
                f"an override reason")
        step.outcome.details.update(override=override, repeat_of=flag.get("of"))
    handling = step.deadlines.due("handling", step.today)
    step.case.handling_due = handling.date
    step.outcome.details["deadline"] = deadline_details(handling)
    due = step.case.acceptance_due
    if due is not None and step.today > due:
        # Accepted after the 15 days (Art 22, 23): allowed, but a warning staff must see; the
        # escalation round turns it into a notice (bot/escalation.py).
        step.outcome.details.update(late_days=(step.today - due).days, due=due.isoformat(),
                                    accepted_on=step.today.isoformat())


def _reject(step: _Step) -> None:
    route = step.text("route") or step.case.legal_route
    step.outcome.details["route"] = route
    step.outcome.notice_fields.update(
        route_line=f"您可通过{route}途径依法解决。\n" if route else "",
        route_short=f"可通过{route}途径解决。" if route else "")


def _accuse(step: _Step) -> None:
    """Record the accused unit(s); a case held by one of them (or a unit under one) leaves it
    at once, back to the bureau's triage, and whatever was queued for that unit is withheld:
    the accused unit is told nothing (Art 30, 46(5))."""
    named = step.fields["accused"]
    names = [named] if isinstance(named, str) else list(named)
    accused = sorted({_unit(step.units, str(u)) for u in names if str(u).strip()})
    if not accused:
        raise TransitionRefused("accuse needs accused")
    case = step.case
    case.accused_units = sorted(set(case.accused_units) | set(accused))
    step.outcome.details["accused_units"] = case.accused_units
    if case.unit and step.units.conflict(case.unit, case.accused_units):
        reason = (f"承办单位{case.unit}是被检举单位或其下级单位：依《信访工作条例》第三十条、"
                  f"第四十六条立即收回，转人工分办")
        step.outcome.details.update(_take_back(step.session, case, step.units, reason))
    if case.route_unit and step.units.conflict(case.route_unit, case.accused_units):
        organ = step.units.accusation_destination(case.accused_units)
        step.outcome.details["route_unit"] = {"from": case.route_unit, "to": organ or ""}
        case.route_unit = organ or ""
        case.route_level = "law" if organ else "triage"


def _take_back(session: Session, case: Case, units: UnitTree, reason: str) -> dict[str, Any]:
    """The case leaves its unit for the bureau's triage; what waited for the unit is withheld."""
    previous = case.unit
    withheld = dispatch.withhold(session, case, previous, units)
    case.unit, case.assign_mode, case.unit_report = "", "", ""
    case.needs_human = True
    details: dict[str, Any] = {"firewall_conflict": previous, "moved_from": previous,
                               "withheld_sheets": withheld, "firewall_reason": reason}
    if case.status == "assigned":
        case.status = "accepted"
        details["to"] = "accepted"
    return details


def hold_accusation(session: Session, message: Message, analysis: Analysis, units: UnitTree,
                    now: datetime) -> None:
    """Whatever the dialogue did with it: an accusation it attached to an existing case (as a
    supplement, an answer, a repeat) makes that case an accusation too, and the case never
    stays with the unit the accusation names; when the accused cannot be told from the text,
    a person decides (the case goes back to triage). A new accusation is routed by law
    (``bot.lawroutes``) and needs none of this."""
    if message.case_id is None or not (analysis.accusation
                                       or analysis.statutory_type == ACCUSATION):
        return
    case = session.get(Case, message.case_id)
    # A statement built once, at driver level (storage.prepared): building the ORM expression
    # per message cost more than running it, and so did Core's execution of it (issue 17).
    # The caller holds autoflush off either way.
    found = _FIRST_OF_CASE.execute(connection_of(session), {"case": message.case_id})
    first = found[0][0] if found else None
    if case is None or first is None or first == message.id:
        return
    hold_for_accusation(session, case, sorted(accused_units(analysis, units)), units, now,
                        why="信访人补充的内容含检举控告", message_id=message.id)


def hold_for_accusation(session: Session, case: Case, accused: Sequence[str], units: UnitTree,
                        now: datetime, *, why: str, actor: str = "bot",
                        action: str = "accusation_attached", **details: Any) -> bool:
    """``case`` holds the words of an accusation (``accused``: the units it names, resolved):
    it becomes an accusation too and never stays with an accused unit or one under it; when
    nobody is named, a unit holding it may be the one accused, so it goes back to triage and
    the matter is an accusation from now on (no unit sees who wrote it). ``why`` starts the
    reason recorded. Whether anything changed (more words about an accusation the case
    already is change nothing)."""
    accused = sorted(accused)
    already = case.statutory_type == ACCUSATION or bool(case.accused_units)
    if already and set(accused) <= set(case.accused_units):
        return False
    details["accused_units"] = accused
    if accused:
        case.accused_units = sorted(set(case.accused_units) | set(accused))
    # Nobody named, on a case an ordinary unit holds: that unit may be the one accused.
    barred = bool(case.unit) and (units.conflict(case.unit, case.accused_units) is not None
                                  if accused else not already)
    if barred and case.status in HANDLING:
        reason = (why + (f"，被检举单位为{'、'.join(accused)}" if accused else "，被检举单位未能识别") +
                  "：依《信访工作条例》第三十条收回，转人工分办")
        details.update(_take_back(session, case, units, reason))
    else:
        case.needs_human = True
    if not accused and case.statutory_type != ACCUSATION:
        # Nobody named: the matter is an accusation from now on, so no unit sees who wrote it.
        details["statutory_type_from"] = case.statutory_type
        case.statutory_type = ACCUSATION
    case.updated_at = now
    session.add(case)
    cases.record(session, case, actor, action, now, **details)
    return True


def _unit(units: UnitTree, name: str) -> str:
    """``name`` resolved to the bureau's unit; an unknown or ambiguous name is refused."""
    try:
        return units.resolve(name)
    except UnknownUnit as exc:
        raise TransitionRefused(str(exc)) from None


def _assign(step: _Step) -> None:
    case = step.case
    unit = _unit(step.units, step.text("unit"))
    mode = step.text("mode") or "转送"
    if mode not in ASSIGN_MODES:
        raise TransitionRefused(f"assign mode must be one of {', '.join(ASSIGN_MODES)}")
    if case.statutory_type == ACCUSATION and not case.accused_units:
        raise TransitionRefused(
            f"case {case.number} is a 检举控告: record the accused unit(s) first "
            f"(cases accuse {case.number} --accused …), so the firewall can check the assignment"
        )
    blocked = step.units.conflict(unit, case.accused_units)
    if blocked is not None:
        raise TransitionRefused(
            f"firewall: {unit} is {'the accused unit' if blocked == unit else 'under ' + blocked}"
            f", accused in case {case.number}; a 检举控告 is never sent to the accused or a unit "
            f"under it (Art 30, 46(5))"
        )
    if case.unit and case.unit != unit:
        step.outcome.details["previous_unit"] = case.unit
    case.unit, case.assign_mode, case.unit_report = unit, mode, ""
    # Art 23 ¶3: the receiving unit tells the petitioner within 15 days whether it accepts.
    notice = step.deadlines.due("unit_acceptance_notice", step.today)
    case.unit_notice_due = notice.date
    # Routed (again): a 退单 waiting for consent or a jurisdiction dispute is decided by this.
    case.consent_due = case.dispute_due = None
    step.outcome.details.update(unit=unit, mode=mode,
                                unit_notice=deadline_details(notice))
    step.outcome.notice_fields.update(
        unit=unit, mode=mode,
        mode_note="，并由其报告办理结果" if mode == "交办" else "")


def _object(step: _Step) -> None:
    """The assigned unit sends a mis-routed item back, within 5 working days (Art 23)."""
    case = step.case
    assigned = step.session.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == "assign")
        .order_by(col(CaseEvent.id).desc())
    ).first()
    if assigned is not None:
        window = step.deadlines.due("misrouting_objection", local_date(assigned.at))
        step.outcome.details["objection_due"] = window.date.isoformat()
        if step.today > window.date:
            raise TransitionRefused(
                f"an objection to the routing of {case.number} was due by {window.date} "
                f"({window.days} working days from the assignment, {window.rule.article})")
    step.outcome.details["previous_unit"] = case.unit
    case.unit, case.assign_mode, case.unit_report = "", "", ""
    case.unit_notice_due = case.dispute_due = None
    case.needs_human = True  # back to the bureau: a person routes it again
    # The sending office decides on the 退单 within the local period; escalated if it does not.
    consent = step.deadlines.due("objection_consent", step.today)
    case.consent_due = consent.date
    step.outcome.details["consent"] = deadline_details(consent)


def _last(step: _Step, *actions: str) -> CaseEvent | None:
    return step.session.exec(
        select(CaseEvent).where(CaseEvent.case_id == step.case.id,
                                col(CaseEvent.action).in_(actions))
        .order_by(col(CaseEvent.id).desc())).first()


def _consent(step: _Step) -> None:
    """The sending office's decision on a 退单: agreed, the bureau routes it again; refused,
    the item goes back to the unit that objected, which must handle it."""
    objection = _last(step, "object", "consent", "assign")
    if objection is None or objection.action != "object":
        raise TransitionRefused(f"case {step.case.number} has no 退单 waiting for consent")
    agree = step.text("agree").lower() in ("yes", "true", "1", "同意")
    window = step.deadlines.due("objection_consent", local_date(objection.at))
    step.outcome.details.update(agree=agree, consent_due=window.date.isoformat(),
                                late=step.today > window.date,
                                unit=objection.details.get("previous_unit", ""))
    step.case.consent_due = None
    if not agree:
        previous = str(objection.details.get("previous_unit", ""))
        if not previous:
            raise TransitionRefused("the 退单 names no unit to send the item back to")
        step.case.unit, step.case.assign_mode = previous, "交办"
        step.case.status = "assigned"
        step.case.needs_human = False
        step.outcome.details["to"] = "assigned"
        step.outcome.details["reason"] = step.text("reason")


def _unit_accept(step: _Step) -> None:
    """Art 23 ¶3: the unit that received a 转送 / 交办 item tells the petitioner it accepted
    it, within 15 days of receiving it; late is allowed but recorded."""
    assigned = _last(step, "assign", "settle")
    if assigned is None:
        raise TransitionRefused(f"case {step.case.number} was not assigned")
    if _last(step, "unit_accept", "assign", "settle") is not assigned:
        raise TransitionRefused(f"{step.case.unit} already told the petitioner it accepted "
                                f"{step.case.number}")
    due = step.deadlines.due("unit_acceptance_notice", local_date(assigned.at))
    step.outcome.details.update(unit=step.case.unit, due=due.date.isoformat())
    step.case.unit_notice_due = None
    if step.today > due.date:
        step.outcome.details["late_days"] = (step.today - due.date).days
    step.outcome.notice_fields.update(unit=step.case.unit,
                                      due=_iso(step.case.handling_due))


def _dispute(step: _Step) -> None:
    """Art 24: the unit disputes jurisdiction with another; the units agree, else their
    common superior decides (``settle``). The case stays with the unit meanwhile."""
    other = _unit(step.units, step.text("other"))
    if step.units.same(other, step.case.unit):
        raise TransitionRefused("a jurisdiction dispute is between two different units")
    above = step.units.ancestors(step.case.unit)
    common = next((unit for unit in above if unit in step.units.ancestors(other)), "")
    due = step.deadlines.due("jurisdiction_decision", step.today)
    step.case.dispute_due = due.date  # escalated to the common superior when it passes
    step.outcome.details.update(unit=step.case.unit, other=other, reason=step.text("reason"),
                                superior=common, deadline=deadline_details(due))
    step.outcome.notice_fields.update(due=_iso(due.date))


def _settle(step: _Step) -> None:
    dispute = _last(step, "dispute", "settle", "assign")
    if dispute is None or dispute.action != "dispute":
        raise TransitionRefused(f"case {step.case.number} has no open jurisdiction dispute")
    decided_by = step.text("decided_by") or str(dispute.details.get("superior", "")) or "协商一致"
    step.outcome.details.update(decided_by=decided_by, dispute_due=dispute.details.get(
        "deadline", {}).get("due", ""))
    _assign(step)


def _report(step: _Step) -> None:
    if step.case.assign_mode != "交办":
        raise TransitionRefused(f"report is for 交办 cases; {step.case.number} was "
                                f"{step.case.assign_mode or 'not'} assigned")
    step.case.unit_report = step.text("text")
    step.outcome.details.update(unit=step.case.unit, length=len(step.case.unit_report))


def _extend(step: _Step) -> None:
    case = step.case
    try:
        days = int(step.fields["days"])
    except (TypeError, ValueError):
        raise TransitionRefused("extend: days must be a whole number") from None
    if case.handling_due is None:
        raise TransitionRefused(f"case {case.number} has no handling deadline to extend")
    if step.today > case.handling_due:
        raise TransitionRefused(
            f"extend: the handling period ended on {case.handling_due}; an extension must be "
            f"approved before it ends (Art 34)"
        )
    limit = step.deadlines.rules["extension"].days
    if days < 1 or case.extended_days + days > limit:
        raise TransitionRefused(
            f"extend: at most {limit} days in all (Art 34); {case.extended_days} already granted"
        )
    original = _original_handling_due(step.session, case, case.handling_due)
    due = step.deadlines.due("extension", original, days=case.extended_days + days)
    case.extended_days += days
    case.handling_due = due.date
    approver = step.text("approver")
    step.outcome.details.update(days=days, total_days=case.extended_days, approver=approver,
                                original_due=original.isoformat(),
                                deadline=deadline_details(due))
    step.outcome.notice_fields.update(days=days)


def _answer(step: _Step) -> None:
    case = step.case
    if case.assign_mode == "交办" and not case.unit_report:
        raise TransitionRefused(
            f"case {case.number} was 交办 to {case.unit}: record the unit's report of its result "
            f"first (cases report {case.number} --text …)"
        )
    _record_answer(step)
    case.answered_at = step.now
    case.delivered_on = None
    step.outcome.notice_fields["review_due"] = _iso(
        step.deadlines.due("review_request", step.today).date)


def _record_answer(step: _Step) -> None:
    """The 信访处理意见书 (Art 32): the decision, the facts and reasons found and the legal
    basis are each required; an opinion missing one is refused, naming it, and writes nothing.
    Facts and basis already on the case (a 复查 keeping the first answer's) count."""
    case = step.case
    decision = step.text("decision")
    if decision not in DECISIONS:
        raise TransitionRefused(f"decision must be one of {', '.join(DECISIONS)} (Art 32)")
    facts = step.text("facts") or (case.facts if step.outcome.action == "answer" else "")
    basis = step.text("basis") or (case.legal_basis if step.outcome.action == "answer" else "")
    missing = [name for name, value in (("facts", facts), ("basis", basis)) if not value]
    if missing:
        raise TransitionRefused(
            f"an opinion needs the facts and reasons found and its legal basis (Art 32): "
            f"{' and '.join(missing)} missing")
    case.answer, case.decision = step.text("text"), decision
    case.facts, case.legal_basis = facts, basis
    step.outcome.details.update(decision=decision, basis=case.legal_basis)
    step.outcome.notice_fields.update(
        decision=decision, answer=case.answer, basis=case.legal_basis,
        facts=case.facts, request=first_request(step.session, case))


def _reviewing_body(step: _Step, level: int) -> str:
    """The body that reviews (复查: the handling unit's superior, Art 35) or re-reviews (复核:
    the reviewer's superior, Art 36): staff may name it, else the units file says."""
    named = step.text("reviewer")
    if named:
        return named
    above = step.units.ancestors(step.case.unit) if step.case.unit else []
    if len(above) >= level:
        return above[level - 1]
    raise TransitionRefused(f"name the {'复查' if level == 1 else '复核'} body (reviewer): the "
                            f"units file has no unit {level} level(s) above "
                            f"{step.case.unit or 'an unassigned case'}")


def _rate(step: _Step) -> None:
    score = int(step.fields["score"])
    if not 1 <= score <= 5:
        raise TransitionRefused("a rating is 1 to 5")
    step.case.rating = score
    step.outcome.details["score"] = score
    if step.case.status == "answered":
        step.case.status = "rated"
        step.outcome.details["to"] = "rated"


def _delivered(step: _Step) -> None:
    on = _day(step.fields["on"], "on")
    if on > step.today:
        raise TransitionRefused("delivered: the date is in the future")
    step.case.delivered_on = on
    step.outcome.details["on"] = on.isoformat()


def _review(step: _Step) -> None:
    case = step.case
    if case.answered_at is None or has_event(step.session, case, "review_answer"):
        raise TransitionRefused(
            f"review (复查) is of a first answer; case {case.number} has "
            f"{'a review opinion: request rereview (复核)' if case.answered_at else 'no answer'}",
            citizen=("该事项已有复查意见；如不服，请申请复核。" if case.answered_at
                     else "该事项尚未答复，暂不能申请复查。"))
    _check_window(step, "review_request", "opinion", "复查")
    due = step.deadlines.due("review_answer", step.today)
    case.review_started_on, case.review_due, case.hearing_pauses = step.today, due.date, []
    step.outcome.details["deadline"] = deadline_details(due)


def _review_answer(step: _Step) -> None:
    reviewer = _reviewing_body(step, 1)
    _record_answer(step)
    step.outcome.details["reviewer"] = reviewer
    step.outcome.notice_fields["reviewer"] = reviewer
    step.case.delivered_on = None
    step.outcome.notice_fields["review_due"] = _iso(
        step.deadlines.due("rereview_request", step.today).date)


def _rereview(step: _Step) -> None:
    case = step.case
    if not has_event(step.session, case, "review_answer"):
        raise TransitionRefused(f"rereview (复核) follows a review opinion; case {case.number} "
                                f"has none: request review (复查) first",
                                citizen="复核须在复查意见作出后提出，请先申请复查。")
    if has_event(step.session, case, "rereview_answer"):
        raise TransitionRefused(f"case {case.number} already has a 复核 opinion: it is final",
                                citizen="该事项已作出复核意见，复核意见为终结意见。")
    _check_window(step, "rereview_request", "review_opinion", "复核")
    due = step.deadlines.due("rereview_answer", step.today)
    case.review_started_on, case.review_due, case.hearing_pauses = step.today, due.date, []
    step.outcome.details["deadline"] = deadline_details(due)


def _hearing_start(step: _Step) -> None:
    case = step.case
    if case.hearing_pauses and not case.hearing_pauses[-1][1]:
        raise TransitionRefused(f"a hearing of {case.number} is already open since "
                                f"{case.hearing_pauses[-1][0]}")
    on = _day(step.fields.get("on", step.today.isoformat()), "on")
    case.hearing_pauses = [*case.hearing_pauses, [on.isoformat(), ""]]
    step.outcome.details["on"] = on.isoformat()


def _hearing_end(step: _Step) -> None:
    case = step.case
    if not case.hearing_pauses or case.hearing_pauses[-1][1]:
        raise TransitionRefused(f"no hearing of {case.number} is open")
    on = _day(step.fields.get("on", step.today.isoformat()), "on")
    start = date.fromisoformat(case.hearing_pauses[-1][0])
    if on < start:
        raise TransitionRefused(f"the hearing cannot end ({on}) before it started ({start})")
    case.hearing_pauses = [*case.hearing_pauses[:-1], [start.isoformat(), on.isoformat()]]
    due = rereview_due(step.deadlines, case, step.today)
    case.review_due = due.date
    step.outcome.details.update(on=on.isoformat(), deadline=deadline_details(due))


def _rereview_answer(step: _Step) -> None:
    if step.case.hearing_pauses and not step.case.hearing_pauses[-1][1]:
        raise TransitionRefused("a hearing is still open: end it first (cases hearing --end)")
    reviewer = _reviewing_body(step, 2)
    _record_answer(step)
    step.outcome.details["reviewer"] = reviewer
    step.outcome.notice_fields["reviewer"] = reviewer
    step.case.delivered_on = None


def _final(step: _Step) -> None:
    case = step.case
    if case.status == "rereview_answered" or has_event(step.session, case, "rereview_answer"):
        return
    if case.answered_at is None:
        raise TransitionRefused(f"case {case.number} was never answered")
    reviewed = has_event(step.session, case, "review_answer")
    rule, key, name = (("rereview_request", "review_opinion", "复核") if reviewed
                       else ("review_request", "opinion", "复查"))
    delivered = notices.delivered_on(step.session, case, (key,))
    if delivered is None:
        raise TransitionRefused(f"final: delivery of the opinion is not proven, so the {name} "
                                f"period has not started (record it: cases delivered)")
    window = step.deadlines.due(rule, delivered)
    if step.today <= window.date:
        raise TransitionRefused(f"final: the petitioner may request {name} until {window.date}")
    step.outcome.details["after"] = {"rule": rule, "due": window.date.isoformat()}


def _merge(step: _Step) -> None:
    case = step.case
    target = cases.find_case(step.session, step.text("into"))
    if target is None:
        raise TransitionRefused(f"merge: no case {step.text('into')}")
    if target.id == case.id:
        raise TransitionRefused("merge: a case cannot be merged into itself")
    if target.status in TERMINAL:
        raise TransitionRefused(f"merge: {target.number} is {target.status}")
    case.merged_into = target.number
    step.outcome.details["into"] = target.number
    step.outcome.notice_fields["target"] = target.number
    cases.record(step.session, target, "bot", "merged_in", step.now, source=case.number)


_MESSAGES = Message.__table__  # type: ignore[attr-defined]
#: The first message filed under a case.
_FIRST_OF_CASE = Prepared(select_columns(_MESSAGES.c.id)
                          .where(_MESSAGES.c.case_id == bindparam("case"))
                          .order_by(_MESSAGES.c.id).limit(1))

_HANDLERS = {
    "accept": _accept, "reject": _reject, "accuse": _accuse, "assign": _assign,
    "object": _object, "consent": _consent, "unit_accept": _unit_accept,
    "dispute": _dispute, "settle": _settle, "report": _report, "extend": _extend, "answer": _answer, "rate": _rate,
    "delivered": _delivered, "review": _review, "review_answer": _review_answer,
    "rereview": _rereview, "hearing_start": _hearing_start, "hearing_end": _hearing_end,
    "rereview_answer": _rereview_answer, "final": _final, "merge": _merge,
}


def _check_window(step: _Step, rule: str, opinion: str, name: str) -> None:
    """Refuse a 复查 / 复核 request made after its 30 days from proven delivery."""
    delivered = notices.delivered_on(step.session, step.case, (opinion,))
    if delivered is None:
        # Not proven yet; the petitioner evidently holds it. Accept, and say so in the audit.
        step.outcome.details["window"] = "delivery not proven"
        return
    window = step.deadlines.due(rule, delivered)
    step.outcome.details["window"] = {"delivered_on": delivered.isoformat(),
                                      "due": window.date.isoformat()}
    if step.today > window.date:
        raise TransitionRefused(
            f"{name} must be requested within {window.days} days of receiving the opinion: "
            f"delivered {delivered}, the period ended {window.date} ({window.rule.article})",
            citizen=f"已超过申请{name}的期限：应自收到意见书之日起 {window.days} 日内提出，"
                    f"期限已于 {window.date} 届满（《信访工作条例》第三十五条、第三十六条）。")


def rereview_due(deadlines: DeadlineEngine, case: Case, today: date) -> Due:
    """The 复核 answer date, hearings not counted; an open hearing counts as paused to today."""
    start = case.review_started_on or today
    pauses: list[Pause] = [
        (date.fromisoformat(first), date.fromisoformat(last) if last else max(today, date.fromisoformat(first)))
        for first, last in case.hearing_pauses
    ]
    return deadlines.due("rereview_answer", start, pauses)


def first_request(session: Session, case: Case) -> str:
    """The petitioner's own request: the first message of the case, shortened."""
    text = session.exec(
        select(Message.text).where(Message.case_id == case.id).order_by(col(Message.id))
    ).first() or case.subject
    return text if len(text) <= 300 else text[:300] + "…"


def has_event(session: Session, case: Case, action: str) -> bool:
    return session.exec(
        select(CaseEvent.id).where(CaseEvent.case_id == case.id, CaseEvent.action == action)
    ).first() is not None


def deadline_details(due: Due) -> dict[str, Any]:
    details: dict[str, Any] = {"rule": due.rule.key, "due": due.date.isoformat()}
    if due.paused_days:
        details["paused_days"] = due.paused_days
    if due.warnings:
        # Staff must see when a date was counted without holiday data (weekends only).
        details["calendar_warnings"] = list(due.warnings)
    return details


def _original_handling_due(session: Session, case: Case, current: date) -> date:
    if case.extended_days == 0:
        return current
    first = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == "extend")
        .order_by(col(CaseEvent.id))
    ).first()
    return date.fromisoformat(first.details["original_due"]) if first else current


def _day(value: Any, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise TransitionRefused(f"{name}: expected a date YYYY-MM-DD, not {value!r}") from None


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
