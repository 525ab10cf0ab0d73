"""Matters, not messages: is a new text the same matter as a case already on file?

Three questions the intake asks when a text would otherwise open a new case:

- :meth:`MatterIndex.open_repeat`: the same petitioner's open case about the same matter
  (Art 19: attach it, do not register it again);
- :meth:`MatterIndex.concluded_repeat`: the same petitioner's matter concluded by 复核
  (Art 36: not accepted again);
- :meth:`MatterIndex.on_registered`: the new case is signed and keyed; a possible repeat of a
  concluded matter is flagged (staff accept it only with a recorded override, see
  :func:`art36_flag`); and when enough other petitioners brought the same matter about the same
  place within a window, a collective-petition early warning lists them (群体性信访预警).

Staff see :meth:`MatterIndex.proposals` — other open cases of the same matter, to merge (并单).

"The same matter" is :class:`nlp.matter.MatterJudge`'s judgement on two signatures. A case is
signed once, at registration (``casematter``), with retrieval keys (``matterkey``); candidates
come from one indexed query and are compared by signature, never by re-reading their text.
Everything runs inside the caller's transaction.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from bot import cases
from nlp import Analysis
from nlp.matter import MatterJudge
from nlp.matter_model import Shared
from nlp.matter_signature import MatterSignature
from storage import Case, CaseEvent, CaseMatter, MatterKey, Message

#: This many petitioners with the same matter about one place within the window: an alert.
COLLECTIVE_PETITIONERS = 5
COLLECTIVE_WINDOW = timedelta(days=3)
#: Texts shorter than this (content characters) say too little to be compared.
MIN_MATTER_CHARS = 12
#: A petitioner's latest cases a new text is compared with (Art 19, Art 36).
OWN_CASES = 20
#: Candidates read, newest first, for a collective check or a 并单 list.
CANDIDATES = 200
#: Below the model's threshold but at least this likely the same as a matter concluded by
#: 复核: registered, flagged for a person, and accepted only with an override (Art 36).
SUSPECT = 0.5
#: The event that flags a possible Art 36 repeat, and its details' keys.
FLAG = "art36_flag"
#: States a case can be merged from or into (``workflow.TRANSITIONS["merge"]``).
MERGEABLE = ("registered", "accepted", "assigned")
#: Answered by 复核 (or 终结): the matter is concluded.
CONCLUDED = ("final", "rereview_answered")
_CACHED_SIGNATURES = 256
#: Candidates per query: a burst's check finds its threshold in the first page.
_PAGE = 16


def too_short(text: str) -> bool:
    return len(re.sub(r"\s+", "", text)) < MIN_MATTER_CHARS


@dataclass(frozen=True, slots=True)
class Proposal:
    """Another case that is likely the same matter: a 并单 candidate."""

    number: str
    status: str
    same_petitioner: bool
    probability: float
    shared: Shared
    created_at: datetime


@dataclass(frozen=True, slots=True)
class _Own:
    """One of the petitioner's cases, as the repeat checks need it."""

    case_id: int
    status: str
    signature: MatterSignature | None


class MatterIndex:
    """Same-matter checks over stored signatures; one per process (thread-safe)."""

    def __init__(self, judge: MatterJudge, *, petitioners: int = COLLECTIVE_PETITIONERS,
                 window: timedelta = COLLECTIVE_WINDOW) -> None:
        self.judge = judge
        self.petitioners = petitioners
        self.window = window
        self._lock = threading.Lock()
        # The three checks of one message sign the same text: sign it once.
        self._signed: OrderedDict[str, MatterSignature] = OrderedDict()
        # ...and read the same petitioner's cases: read them once per transaction. Keyed by
        # the session object itself (held, so its id cannot be reused), per thread.
        self._own = threading.local()

    # -- signatures ----------------------------------------------------------------------

    def signature(self, text: str, analysis: Analysis | None = None) -> MatterSignature:
        """The signature of ``text`` (the analyzer's places when given); cached by text."""
        with self._lock:
            found = self._signed.get(text)
            if found is not None:
                self._signed.move_to_end(text)
                return found
        signed = self.judge.sign(text, analysis.places if analysis is not None else None)
        with self._lock:
            self._signed[text] = signed
            while len(self._signed) > _CACHED_SIGNATURES:
                self._signed.popitem(last=False)
        return signed

    def store(self, session: Session, case: Case, signature: MatterSignature) -> None:
        """Keep ``case``'s signature and its retrieval keys (two statements)."""
        case_id = _id(case)
        session.execute(insert(CaseMatter), [{"case_id": case_id,
                                              "signature": signature.to_bytes()}])
        keys = signature.keys()
        if keys:
            session.execute(insert(MatterKey), [{"key": key, "case_id": case_id,
                                                 "at": case.created_at} for key in keys])

    def signature_of(self, session: Session, case: Case) -> MatterSignature | None:
        """The stored signature of ``case``; a case from before signatures is signed now."""
        stored = session.get(CaseMatter, _id(case))
        if stored is not None:
            return MatterSignature.from_bytes(stored.signature)
        return self._backfill(session, case)

    def _backfill(self, session: Session, case: Case) -> MatterSignature | None:
        text = session.exec(select(Message.text).where(Message.case_id == case.id)
                            .order_by(col(Message.id))).first()
        if not text:
            return None
        signature = self.judge.sign(text)
        self.store(session, case, signature)
        return signature

    # -- the same petitioner -------------------------------------------------------------

    def open_repeat(self, session: Session, petitioner_id: int, text: str,
                    analysis: Analysis) -> Case | None:
        """An open case of this petitioner about the same matter, if any (Art 19)."""
        if too_short(text):
            return None
        new = self.signature(text, analysis)
        best = self._best(new, [own for own in self._own_cases(session, petitioner_id)
                                if own.status in cases.OPEN_STATUSES])
        return session.get(Case, best[0].case_id) if best and best[1] >= self.judge.threshold \
            else None

    def concluded_repeat(self, session: Session, petitioner_id: int, text: str,
                         analysis: Analysis) -> Case | None:
        """A case of this petitioner concluded by 复核 (or 终结) about the same matter (Art 36)."""
        if too_short(text):
            return None
        found = self._concluded(session, petitioner_id, self.signature(text, analysis))
        return session.get(Case, found[0]) if found and found[1] >= self.judge.threshold \
            else None

    def _concluded(self, session: Session, petitioner_id: int,
                   new: MatterSignature) -> tuple[int, float] | None:
        candidates = [own for own in self._own_cases(session, petitioner_id)
                      if own.status in CONCLUDED or own.status in ("closed", "rated")]
        ranked = sorted(((own, self.judge.score(new, own.signature))
                         for own in candidates if own.signature is not None),
                        key=lambda pair: -pair[1])
        for own, probability in ranked:
            if probability < SUSPECT:
                break
            # Closed or rated after a first answer is not concluded: only after 复核.
            if own.status in CONCLUDED or _has_event(session, own.case_id, "rereview_answer"):
                return own.case_id, probability
        return None

    def _own_cases(self, session: Session, petitioner_id: int) -> list[_Own]:
        cached = getattr(self._own, "last", None)
        if cached is not None and cached[0] is session and cached[1] == petitioner_id:
            return list(cached[2])
        found = self._read_own_cases(session, petitioner_id)
        self._own.last = (session, petitioner_id, tuple(found))
        return found

    def _forget_own_cases(self) -> None:
        self._own.last = None

    def _read_own_cases(self, session: Session, petitioner_id: int) -> list[_Own]:
        rows = session.exec(
            select(Case.id, Case.status, CaseMatter.signature)
            .join(CaseMatter, col(CaseMatter.case_id) == col(Case.id), isouter=True)
            .where(Case.petitioner_id == petitioner_id)
            .order_by(col(Case.id).desc()).limit(OWN_CASES)
        ).all()
        found = []
        for case_id, status, blob in rows:
            assert case_id is not None  # a primary key read from the table
            signature = MatterSignature.from_bytes(blob) if blob is not None else None
            if signature is None:
                case = session.get(Case, case_id)
                signature = self._backfill(session, case) if case is not None else None
            found.append(_Own(case_id, status, signature))
        return found

    def _best(self, new: MatterSignature,
              candidates: Iterable[_Own]) -> tuple[_Own, float] | None:
        best: tuple[_Own, float] | None = None
        for own in candidates:
            if own.signature is None:
                continue
            probability = self.judge.score(new, own.signature)
            if best is None or probability > best[1]:
                best = (own, probability)
        return best

    # -- a new case ----------------------------------------------------------------------

    def on_registered(self, session: Session, case: Case, text: str, analysis: Analysis,
                      now: datetime) -> None:
        """Sign and key the new case; flag a possible Art 36 repeat; the collective check."""
        signature = self.signature(text, analysis)
        # Stored first: a read of the petitioner's cases below must not sign this one again.
        self.store(session, case, signature)
        if not too_short(text):
            # The petitioner's cases as read before this registration (cached) or now: the new
            # case is registered, so it is never among the concluded ones compared.
            concluded = self._concluded(session, case.petitioner_id, signature)
            if concluded is not None:
                self._flag(session, case, concluded, now)
        self._forget_own_cases()  # the petitioner has one case more now
        if case.place or signature.places or signature.counties:
            self._collective(session, case, signature, now)

    def _flag(self, session: Session, case: Case, concluded: tuple[int, float],
              now: datetime) -> None:
        earlier = session.get(Case, concluded[0])
        if earlier is None:
            return
        case.needs_human = True
        session.add(case)
        cases.record(session, case, "bot", FLAG, now, of=earlier.number,
                     probability=round(concluded[1], 3))

    def _collective(self, session: Session, case: Case, signature: MatterSignature,
                    now: datetime) -> None:
        """Many petitioners, one matter, one place, a short window: tell staff (群体性)."""
        members: dict[int, str] = {case.petitioner_id: case.number}
        matched: list[int] = []
        for row in self._candidates(session, case, signature, now - self.window):
            case_id, petitioner_id, number, _status, blob = row
            if petitioner_id in members:
                continue
            other = MatterSignature.from_bytes(blob)
            if self.judge.score(signature, other) < self.judge.threshold:
                continue
            members[petitioner_id] = number
            matched.append(case_id)
            if len(members) >= self.petitioners:
                break  # enough to warn: the earlier alert, if any, lists the rest
        if len(members) < self.petitioners:
            return
        # One case per petitioner; an earlier alert on a matched case lists those found then.
        numbers = set(members.values()) | _alerted_members(session, matched)
        case.needs_human = True
        session.add(case)
        cases.record(session, case, "bot", "collective_alert", now,
                     members=sorted(numbers), place=case.place or _spot(signature),
                     petitioners=len(numbers))

    def _candidates(self, session: Session, case: Case, signature: MatterSignature,
                    since: datetime | None) -> Iterator[tuple[Any, ...]]:
        """Cases sharing a retrieval key with ``signature``, newest first, read a page at a
        time (one indexed query per page; a check that stops early reads one page)."""
        keys = signature.keys()
        below: int | None = None
        read = 0
        while keys and read < CANDIDATES:
            ids = select(MatterKey.case_id).where(col(MatterKey.key).in_(keys),
                                                  MatterKey.case_id != case.id)
            if since is not None:
                ids = ids.where(MatterKey.at >= since)
            if below is not None:
                ids = ids.where(MatterKey.case_id < below)
            page = (ids.group_by(col(MatterKey.case_id))
                    .order_by(col(MatterKey.case_id).desc()).limit(_PAGE).subquery())
            rows = session.execute(
                select_columns(col(Case.id), col(Case.petitioner_id), col(Case.number),
                               col(Case.status), col(CaseMatter.signature))
                .join(page, page.c.case_id == col(Case.id))
                .join(CaseMatter, col(CaseMatter.case_id) == col(Case.id))
                .order_by(col(Case.id).desc())
            ).all()
            yield from rows
            read += len(rows)
            if len(rows) < _PAGE:
                return
            below = rows[-1][0]

    # -- staff ---------------------------------------------------------------------------

    def proposals(self, session: Session, case: Case, *, limit: int = 10) -> list[Proposal]:
        """Open cases that are likely the same matter as ``case``, best first (并单)."""
        signature = self.signature_of(session, case)
        if signature is None:
            return []
        found = []
        for case_id, petitioner_id, number, status, blob in self._candidates(
                session, case, signature, None):
            if status not in MERGEABLE:
                continue
            other = MatterSignature.from_bytes(blob)
            judgement = self.judge.compare(signature, other)
            if not judgement.same:
                continue
            created = session.exec(select(Case.created_at).where(Case.id == case_id)).one()
            found.append(Proposal(number, status, petitioner_id == case.petitioner_id,
                                  round(judgement.probability, 3), judgement.shared, created))
        found.sort(key=lambda p: (-p.probability, p.number))
        return found[:limit]


def art36_flag(session: Session, case: Case) -> dict[str, Any] | None:
    """The details of the flag marking ``case`` a possible repeat after 复核, if flagged."""
    event = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                 CaseEvent.action == FLAG)
                         .order_by(col(CaseEvent.id).desc())).first()
    return dict(event.details) if event is not None else None


def collective_alerts(session: Session, case: Case) -> list[dict[str, Any]]:
    """The collective-petition warnings raised on ``case``, newest first."""
    events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                  CaseEvent.action == "collective_alert")
                          .order_by(col(CaseEvent.id).desc()))
    return [{"at": event.at, **event.details} for event in events]


def forget(session: Session, case_id: int) -> None:
    """Drop a case's signature and keys (retention: a purged case is compared no more)."""
    for key in session.exec(select(MatterKey).where(MatterKey.case_id == case_id)):
        session.delete(key)
    stored = session.get(CaseMatter, case_id)
    if stored is not None:
        session.delete(stored)


def _alerted_members(session: Session, case_ids: Sequence[int]) -> set[str]:
    """Members listed by the latest alert on any of ``case_ids`` (one query)."""
    if not case_ids:
        return set()
    details = session.exec(select(CaseEvent.details).where(
        col(CaseEvent.case_id).in_(case_ids), CaseEvent.action == "collective_alert")
        .order_by(col(CaseEvent.id).desc()).limit(1)).first()
    return set(details.get("members", [])) if details else set()


def _spot(signature: MatterSignature) -> str:
    names = [name.text for name in signature.places]
    return "、".join(names) or "、".join(signature.counties)


def _has_event(session: Session, case_id: int, action: str) -> bool:
    return session.exec(select(func.count()).select_from(CaseEvent).where(
        CaseEvent.case_id == case_id, CaseEvent.action == action)).one() > 0


def _id(case: Case) -> int:
    if case.id is None:
        raise ValueError("the case has no id yet: flush the session first")
    return case.id
