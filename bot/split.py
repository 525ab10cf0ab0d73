"""拆分: a clerk registers one more case from one part of a message that told several matters.

The dialogue registers a message that tells several matters of different kinds as one case,
flags it for a person and records a ``several_matters`` event listing each part (its text,
category, accusation flag and proposed unit); the citizen is told each will be registered and
handled on its own (一事一单). :meth:`Splitter.split` keeps that promise for one part:

- the new case is the same petitioner's, on the same identity and channel, and **received when
  the original message was** (Art 22, 23: the periods run from receipt), so its acceptance
  deadline is the original's;
- what it is about is the part: the whole part re-read from the original message (the event
  shows a cut), or the text the clerk gives; it is held by a message of its own that carries
  only that text and names the original case and message (``meta["split_from"]``), never a
  copy of the raw message, which stays on the original case;
- it is judged and routed as a new matter is (``bot.routing``: rules of law, category,
  firewall), and signed in the matter index; an accusation part (the event's flag, or the
  reading of the text) takes the accusation path: 检举控告, routed by law to 纪检监察, the
  accused units recorded; and the original case, whose message still holds those words, is
  held as a supplement holding an accusation is (``bot.workflow.hold_for_accusation``);
- ``split_to`` on the original and ``split_from`` on the new case link them, with who and when;
- the petitioner is told on the channel of origin the new number and its own query code (drawn
  when the notice is sent, ``bot.codeslot``).

A part split once is refused the second time (the ``split_to`` events, and the held message's
unique external id behind them for two clerks at once).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from sqlmodel import Session, col, select

from bot import cases, texts, workflow
from bot.codes import CodeHasher
from bot.codeslot import CODE_SLOT
from bot.deadlines import DeadlineEngine
from bot.dialogue.matter import judgements
from bot.firewall import ACCUSATION, UnitTree
from bot.matters import MatterIndex
from bot.notices import as_utc
from bot.people import petitioner_of
from bot.routing import RoutingTable
from bot.staff import CaseNotFound
from nlp import Analyzer
from storage import Case, CaseEvent, Identity, Message, Outbox, Store

if TYPE_CHECKING:
    from bot.core import Core

#: The staff action's name (``bot.api.roles``, the API, the console, the CLI).
ACTION: Final = "split"
#: The longest text a clerk may give the new case (as the 来访 desk's request).
MAX_TEXT: Final = 4000
#: The notice's key (the outbox row's ``payload["notice"]``, ``bot.texts``).
NOTICE: Final = "split_registered"


class SplitRefused(workflow.TransitionRefused):
    """The split cannot be done; the message says why (409 in the API, like a refused step)."""


@dataclass(frozen=True, slots=True)
class Part:
    """Part ``index`` (from 1) of the ``several_matters`` event, as the dialogue recorded it."""

    index: int
    text: str
    category: str
    accusation: bool
    unit: str


@dataclass(frozen=True, slots=True)
class Splitter:
    store: Store
    hasher: CodeHasher
    deadlines: DeadlineEngine
    analyzer: Analyzer
    routing: RoutingTable
    matters: MatterIndex
    units: UnitTree

    @classmethod
    def of(cls, core: Core) -> Splitter:
        return cls(core.store, core.hasher, core.deadlines, core.intake.analyzer,
                   core.intake.conversation.routing, core.matters, core.units)

    def split(self, session: Session, number: str, index: int, *, actor: str, now: datetime,
              text: str = "") -> dict[str, Any]:
        """Register part ``index`` of case ``number`` as a case of its own; its view, with
        ``split_from``, ``part`` and ``told`` (whether a notice was queued)."""
        original = cases.find_case(session, number)
        if original is None:
            raise CaseNotFound(number)
        part = part_of(session, original, index)
        done = split_of(session, original, index)
        if done is not None:
            raise SplitRefused(
                f"split: part {index} of case {original.number} was split already into "
                f"{done.details.get('number', '')} (by {done.actor}, {done.at:%Y-%m-%d})")
        first = _first_message(session, original)
        given = " ".join(text.split())
        if len(given) > MAX_TEXT:
            raise SplitRefused(f"split: the text is longer than {MAX_TEXT} characters")
        matter, source = (given, "staff") if given else self._whole(first, part)
        if not matter:
            raise SplitRefused("split: the new case needs a text")
        analysis = self.analyzer.analyze(matter)
        accusation = part.accusation or analysis.accusation \
            or analysis.statutory_type == ACCUSATION
        if accusation and not analysis.accusation:
            # The part was read as an accusation (or the clerk's words are one): it takes the
            # accusation's path whatever the clerk's wording reads as alone.
            analysis = replace(analysis, accusation=True, statutory_type=ACCUSATION)
        decision = self.routing.decide(analysis)
        identity = session.get(Identity, original.identity_id)
        if identity is None:  # the foreign key makes this unreachable
            raise SplitRefused(f"split: case {original.number} has no identity")
        held = Message(
            direction="in", channel=original.channel,
            # One per part: two clerks splitting the same part at once collide here.
            external_id=f"split:{original.number}:{index}",
            sender=first.sender if first is not None else identity.urn,
            sender_name=first.sender_name if first is not None else identity.display_name,
            text=matter,
            # (not "message_id": on a message that is a mail's Message-ID, replies thread on it)
            meta={"split_from": original.number, "part": index,
                  "from_message": first.id if first is not None else None, "split_by": actor},
            received_at=as_utc(original.received_at), processed_at=now)
        session.add(held)
        session.flush()
        events = cases.Events()
        created = cases.register(
            session, self.store, self.deadlines, identity=identity, message=held,
            category=analysis.category, confidence=analysis.category_confidence, now=now,
            actor=actor, events=events,
            judged={"statutory_type": ACCUSATION if accusation else analysis.statutory_type,
                    "legal_route": analysis.legal_route or "",
                    "emergency": analysis.emergency, "needs_human": analysis.emergency,
                    "place": decision.place, "route_unit": decision.unit,
                    "route_level": decision.level, "route_reasons": list(decision.reasons),
                    "accused_units": sorted(decision.accused) if accusation else []})
        case = created.case
        events.record(case, actor, "split_from", now, number=original.number, part=index,
                      message_id=first.id if first is not None else None, text_from=source)
        events.record(case, "bot", "judged", now, **judgements(analysis))
        events.record(case, "bot", "route_proposed", now, unit=decision.unit,
                      level=decision.level, triage=decision.triage,
                      reasons=list(decision.reasons), statutory_type=case.statutory_type,
                      legal_route=case.legal_route, accused=list(decision.accused))
        self.matters.on_registered(session, case, matter, analysis, now, events)
        events.write(session)
        cases.record(session, original, actor, "split_to", now, number=case.number, part=index,
                     **({"accusation": True} if accusation else {}))
        if accusation:
            # The original's message still holds the accusation's words: never the accused's.
            workflow.hold_for_accusation(
                session, original, decision.accused, self.units, now,
                why=f"信访事项中的检举控告已分出登记为 {case.number}", actor=actor,
                split_to=case.number)
        cases.touch(session, original, now)
        told = _tell(session, identity, original, case, now)
        view = cases.case_view(session, case)
        view.update(split_from=original.number, part=index, told=told)
        return view

    def _whole(self, first: Message | None, part: Part) -> tuple[str, str]:
        """The part's whole text, re-read from the original message when the reading agrees
        with the event's (a cut of it); else the event's text."""
        if first is not None and len(part.text) > 0:
            read = self.analyzer.analyze(first.text).several
            if len(read) >= part.index and read[part.index - 1].text.startswith(part.text):
                return read[part.index - 1].text, "message"
        return part.text, "event"


def part_of(session: Session, case: Case, index: int) -> Part:
    """Part ``index`` (from 1) of the case's ``several_matters`` event; refused when the case
    has no such event or no such part."""
    event = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id,
                                CaseEvent.action == "several_matters")
        .order_by(col(CaseEvent.id).desc())).first()
    if event is None:
        raise SplitRefused(f"split: case {case.number} has no several_matters event: its "
                           f"message was read as one matter")
    parts = event.details.get("parts", [])
    if not 1 <= index <= len(parts):
        raise SplitRefused(f"split: case {case.number} has parts 1 to {len(parts)}, "
                           f"not {index}")
    found = parts[index - 1]
    return Part(index, str(found.get("text", "")).strip(), str(found.get("category", "")),
                bool(found.get("accusation")), str(found.get("unit", "")))


def split_of(session: Session, case: Case, index: int) -> CaseEvent | None:
    """The ``split_to`` event of part ``index`` of ``case``, if it was split."""
    return splits(session, case).get(index)


def splits(session: Session, case: Case) -> dict[int, CaseEvent]:
    """The parts of ``case`` split already: part → its ``split_to`` event."""
    events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                  CaseEvent.action == "split_to")
                          .order_by(col(CaseEvent.id)))
    return {int(e.details.get("part", 0)): e for e in events}


def _first_message(session: Session, case: Case) -> Message | None:
    return session.exec(select(Message).where(Message.case_id == case.id,
                                              Message.direction == "in")
                        .order_by(col(Message.id))).first()


def _tell(session: Session, identity: Identity, original: Case, case: Case,
          now: datetime) -> bool:
    """The petitioner's notice of the new number and code, on the channel of origin; none to
    one who opted out or is blocked (as every staff notice, ``bot.notices``)."""
    if identity.opted_out or identity.blocked:
        return False
    language = petitioner_of(session, identity).locale
    due = case.acceptance_due.isoformat() if case.acceptance_due else ""
    session.add(Outbox(
        channel=identity.channel, recipient=identity.urn,
        text=texts.say(language, NOTICE, original=original.number, number=case.number,
                       code=CODE_SLOT, due=due),
        subject=texts.say(language, "subject", number=case.number), case_id=case.id,
        payload={"case_number": case.number, "notice": NOTICE},
        next_attempt_at=now, created_at=now))
    return True
