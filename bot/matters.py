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

The decide path is hot (issue 17, issue 21): its statements are Core statements built once,
a signature read back is decoded once per process (:class:`_Decoded`), and the cases this
transaction registered are remembered with their keys and signatures (:class:`_Registered`):
in a burst about one place they are the newest candidates, so a collective check usually finds
its threshold among them and reads nothing, and the members of an alert raised in this
transaction are known without reading it back.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import BigInteger, Select, bindparam, func, text
from sqlalchemy import select as select_columns
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from bot import cases, queue_rank
from nlp import Analysis
from nlp.matter import MatterJudge
from nlp.matter_model import Shared
from nlp.matter_parts import thing_kin
from nlp.matter_signature import MatterSignature
from nlp.matter_view import as_stored
from storage import Case, CaseEvent, CaseMatter, MatterKey, Message
from storage.prepared import Prepared, PreparedQuery, connection_of

#: This many petitioners with the same matter about one place within the window: an alert.
COLLECTIVE_PETITIONERS = 5
COLLECTIVE_WINDOW = timedelta(days=3)
#: Texts shorter than this (content characters) say too little to be compared.
MIN_MATTER_CHARS = 12
#: A petitioner's latest cases a new text is compared with (Art 19, Art 36).
OWN_CASES = 20
#: Candidates read, newest first, for a collective check or a 并单 list.
CANDIDATES = 200
#: A petitioner's open case at least this likely the same matter is joined without asking (Art
#: 19); between the model's threshold and this, the petitioner is asked "是对 XF… 的补充吗？".
#: Chosen on the pairs of the two authors the model was never fitted on (matter_pairs_author5 and
#: 6), of the kinds one petitioner writes (one matter told again, long and short; another
#: problem, demand or matter of theirs at the same place): precision 0.64 at the threshold, 0.90
#: here, where 71 % of the same matters are still joined at once (docs/NLP.md).
ATTACH_SURE = 0.97
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
#: Stored signatures kept decoded (by their bytes): a burst compares with the same few cases.
_DECODED_SIGNATURES = 2048
#: Pair scores kept (:class:`_Scores`).
_KEPT_SCORES = 4096
#: Candidates per query: a burst's check finds its threshold in the first page.
_PAGE = 16
#: ``session.info`` key of what this transaction registered (:class:`_Registered`).
_REGISTERED = "bot.matters.registered"
#: The newest registrations of a transaction kept in memory (a batch is 32; a bulk import in
#: one transaction must not grow without bound): older ones are read back like any other.
_REMEMBERED = 256

_CASES = Case.__table__  # type: ignore[attr-defined]
_EVENTS = CaseEvent.__table__  # type: ignore[attr-defined]
_KEYS = MatterKey.__table__  # type: ignore[attr-defined]
_MATTERS = CaseMatter.__table__  # type: ignore[attr-defined]
_INSERT_MATTER = Prepared(_MATTERS.insert())
_INSERT_KEYS = Prepared(_KEYS.insert())
#: PostgreSQL: the signature and its keys in one statement (one round trip, not two; issue
#: 17), the keys inserted in the order given, as the two statements insert them.
_INSERT_MATTER_AND_KEYS = Prepared(text(
    "WITH matter AS (INSERT INTO casematter (case_id, signature) "
    "VALUES (:case_id, :signature)) "
    "INSERT INTO matterkey (key, case_id, at) "
    "SELECT given.key, :case_id, :at FROM unnest(:keys) WITH ORDINALITY AS given(key, n) "
    "ORDER BY given.n").bindparams(
        bindparam("case_id", type_=_KEYS.c.case_id.type),
        bindparam("signature", type_=_MATTERS.c.signature.type),
        bindparam("at", type_=_KEYS.c.at.type),
        bindparam("keys", type_=ARRAY(BigInteger))))
#: A petitioner's latest cases with their signatures (the repeat checks).
_OWN_CASES = (select_columns(_CASES.c.id, _CASES.c.status, _MATTERS.c.signature)
              .select_from(_CASES.outerjoin(_MATTERS, _MATTERS.c.case_id == _CASES.c.id))
              .where(_CASES.c.petitioner_id == bindparam("petitioner"))
              .order_by(_CASES.c.id.desc()).limit(OWN_CASES))


def _latest_alert(count: int) -> Select[Any]:
    """The latest alert on any of ``count`` cases (its members are what a new alert
    extends)."""
    return (select_columns(_EVENTS.c.details)
            .where(_EVENTS.c.case_id.in_(_listed("cases", count)),
                   _EVENTS.c.action == "collective_alert")
            .order_by(_EVENTS.c.id.desc()).limit(1))


def _listed(name: str, count: int) -> list[Any]:
    """The bound values of a :class:`PreparedQuery`'s list."""
    return [bindparam(f"{name}_{index}") for index in range(count)]


#: Driver level, one compiled shape per number of cases (storage.prepared.PreparedQuery).
_LATEST_ALERT = PreparedQuery(_latest_alert, "cases")


_SPACES = re.compile(r"\s+")


def too_short(text: str) -> bool:
    return len(_SPACES.sub("", text)) < MIN_MATTER_CHARS


@dataclass(frozen=True, slots=True)
class Proposal:
    """Another case that is likely the same matter: a 并单 candidate."""

    number: str
    status: str
    same_petitioner: bool
    probability: float
    shared: Shared
    created_at: datetime


@dataclass(slots=True)
class _Fresh:
    """A case registered in this transaction, as a collective check needs it."""

    case_id: int
    petitioner_id: int
    number: str
    at: datetime
    keys: frozenset[int]
    signature: MatterSignature
    #: The alert raised on it, if one was: its order in the transaction, its members, and how
    #: many members staff have been told of.
    alert: tuple[int, frozenset[str], int] | None = None


@dataclass(slots=True)
class _Registered:
    """The cases one transaction registered, in order (kept in ``session.info``).

    Valid for one transaction only: the cases of a rolled-back one do not exist, so the record
    names the transaction it belongs to and is dropped when another one runs."""

    transaction: object
    cases: dict[int, _Fresh]
    alerts: int = 0

    def add(self, fresh: _Fresh) -> None:
        # Only the oldest are dropped: what stays is still the newest candidates, in order,
        # and an alert on a dropped case is older than any alert on a kept one.
        self.cases[fresh.case_id] = fresh
        if len(self.cases) > _REMEMBERED:
            del self.cases[next(iter(self.cases))]

    @classmethod
    def of(cls, session: Session) -> _Registered:
        transaction = session.get_transaction()
        found = session.info.get(_REGISTERED)
        if found is None or found.transaction is not transaction:
            found = session.info[_REGISTERED] = cls(transaction, {})
        return found


class _Decoded:
    """Stored signatures decoded once, by their bytes (a burst reads the same cases again).

    A signature this process stored is not decoded at all: :meth:`keep` remembers it by its
    bytes, and the first read of those bytes makes its stored form from it
    (:func:`nlp.matter_view.as_stored`, what decoding gives, at a sixth of the cost: most
    stored candidates of a collective check were registered by this process minutes before).
    """

    def __init__(self, size: int = _DECODED_SIGNATURES) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._found: OrderedDict[bytes, MatterSignature] = OrderedDict()
        #: Signatures stored by this process, by their bytes, not read back yet.
        self._kept: OrderedDict[bytes, MatterSignature] = OrderedDict()

    def keep(self, blob: bytes, signature: MatterSignature) -> None:
        """``blob`` is ``signature.to_bytes()``, just stored."""
        with self._lock:
            if blob in self._found:
                return
            self._kept[blob] = signature
            self._kept.move_to_end(blob)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)

    def __call__(self, blob: bytes) -> MatterSignature:
        with self._lock:
            found = self._found.get(blob)
            if found is not None:
                self._found.move_to_end(blob)
                return found
            kept = self._kept.pop(blob, None)
        decoded = as_stored(kept) if kept is not None else MatterSignature.from_bytes(blob)
        with self._lock:
            self._found[blob] = decoded
            while len(self._found) > self._size:
                self._found.popitem(last=False)
        return decoded


class _Scores:
    """Pair scores kept by the two signature objects: texts alike word for word (a collective
    petition its signers copy, a petitioner sending a text again) are one signature object
    (:meth:`MatterIndex.signature` caches by text), compared with the same candidates again.

    A score is a function of the two signatures and the model alone. Entries hold the
    signatures weakly (no cached score keeps a signature alive) and are valid only while both
    are the objects scored: an id is reused only after its object is gone."""

    def __init__(self, judge: MatterJudge, size: int = _KEPT_SCORES) -> None:
        self._judge = judge
        self._size = size
        self._lock = threading.Lock()
        self._found: OrderedDict[tuple[int, int], tuple[weakref.ref[MatterSignature],
                                                         weakref.ref[MatterSignature], float]] \
            = OrderedDict()

    def __call__(self, new: MatterSignature, other: MatterSignature) -> float:
        key = (id(new), id(other))
        with self._lock:
            found = self._found.get(key)
            if found is not None and found[0]() is new and found[1]() is other:
                self._found.move_to_end(key)
                return found[2]
        score = self._judge.score(new, other)
        with self._lock:
            self._found[key] = (weakref.ref(new), weakref.ref(other), score)
            self._found.move_to_end(key)
            while len(self._found) > self._size:
                self._found.popitem(last=False)
        return score


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
        self._decoded = _Decoded()
        self._score = _Scores(judge)

    # -- signatures ----------------------------------------------------------------------

    def signature(self, text: str, analysis: Analysis | None = None) -> MatterSignature:
        """The signature of ``text`` (the analyzer's places when given); cached by text."""
        with self._lock:
            found = self._signed.get(text)
            if found is not None:
                self._signed.move_to_end(text)
                return found
        signed = self.judge.sign(text, analysis.places, normalized=analysis.normalized(text)) \
            if analysis is not None else self.judge.sign(text)
        with self._lock:
            self._signed[text] = signed
            while len(self._signed) > _CACHED_SIGNATURES:
                self._signed.popitem(last=False)
        return signed

    def store(self, session: Session, case: Case, signature: MatterSignature,
              keys: Sequence[int] | None = None) -> None:
        """Keep ``case``'s signature and its retrieval keys (two Core statements, one on
        PostgreSQL: no ORM unit of work, and no autoflush of the caller's pending changes)."""
        case_id = _id(case)
        connection = connection_of(session)
        blob = signature.to_bytes()
        self._decoded.keep(blob, signature)
        keys = signature.keys() if keys is None else keys
        if connection.dialect.name == "postgresql":
            _INSERT_MATTER_AND_KEYS.execute(connection, {
                "case_id": case_id, "signature": blob, "at": case.created_at,
                "keys": list(keys)})
            return
        _INSERT_MATTER.execute(connection, {"case_id": case_id, "signature": blob})
        if keys:
            _INSERT_KEYS.execute(connection, [{"key": key, "case_id": case_id,
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
                    analysis: Analysis) -> Repeat | None:
        """An open case of this petitioner about the same matter, if any (Art 19), and how
        likely: joined at once when :attr:`Repeat.sure`, else the petitioner is asked."""
        if too_short(text):
            return None
        new = self.signature(text, analysis)
        best = self._best(new, [own for own in self._own_cases(session, petitioner_id)
                                if own.status in cases.OPEN_STATUSES])
        if best is None or best[1] < self.judge.threshold:
            return None
        case = session.get(Case, best[0].case_id)
        return Repeat(case, best[1]) if case is not None else None

    def same_as(self, session: Session, case: Case, text: str, analysis: Analysis) -> bool:
        """Whether ``text`` is about ``case``'s matter, as the repeat checks judge one."""
        if too_short(text):
            return False
        signed = self.signature_of(session, case)
        return signed is not None and \
            self._score(self.signature(text, analysis), signed) >= self.judge.threshold

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
        ranked = sorted(((own, self._score(new, own.signature))
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
        session.flush()  # a status changed earlier in this transaction counts (Core read)
        rows = session.connection().execute(_OWN_CASES, {"petitioner": petitioner_id}).all()
        found = []
        for case_id, status, blob in rows:
            assert case_id is not None  # a primary key read from the table
            signature = self._decoded(blob) if blob is not None else None
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
            probability = self._score(new, own.signature)
            if best is None or probability > best[1]:
                best = (own, probability)
        return best

    # -- a new case ----------------------------------------------------------------------

    def on_registered(self, session: Session, case: Case, text: str, analysis: Analysis,
                      now: datetime, events: cases.Events | None = None) -> None:
        """Sign and key the new case; flag a possible Art 36 repeat; the collective check.

        ``events``: the registration's held events (:class:`bot.cases.Events`); the flag and
        the alert join them, to be written by the caller in one statement (nothing here reads
        the new case's own events). Without it they are written at once."""
        held = events if events is not None else cases.Events()
        signature = self.signature(text, analysis)
        keys = signature.keys()
        # Stored first: a read of the petitioner's cases below must not sign this one again.
        self.store(session, case, signature, keys)
        flagged = False
        if not too_short(text):
            # The petitioner's cases as read before this registration (cached) or now: the new
            # case is registered, so it is never among the concluded ones compared.
            concluded = self._concluded(session, case.petitioner_id, signature)
            if concluded is not None:
                flagged = self._flag(session, case, concluded, now, held)
        self._forget_own_cases()  # the petitioner has one case more now
        registered = _Registered.of(session)
        fresh = _Fresh(_id(case), case.petitioner_id, case.number, case.created_at,
                       frozenset(keys), signature)
        # No place, no collective petition: a text that names none costs no query here. A
        # party named is a place for it: twelve workers owed wages by one firm, the stalls of
        # one market, often name no street or county (helper matterprobe30).
        if keys and (case.place or signature.parts.names or signature.counties):
            flagged = self._collective(session, case, fresh, registered, now, held) or flagged
        registered.add(fresh)
        if flagged:
            _for_a_person(session, case)
        if events is None:
            held.write(session)

    def no_cases(self, session: Session, petitioner_id: int) -> None:
        """The caller knows this petitioner has no case yet (a sender new in this batch, or
        read with none): the repeat checks need not read them."""
        self._own.last = (session, petitioner_id, ())

    def _flag(self, session: Session, case: Case, concluded: tuple[int, float],
              now: datetime, events: cases.Events) -> bool:
        """Whether the case was flagged (the earlier case still exists)."""
        earlier = session.get(Case, concluded[0])
        if earlier is None:
            return False
        events.record(case, "bot", FLAG, now, of=earlier.number,
                      probability=round(concluded[1], 3))
        return True

    def _collective(self, session: Session, case: Case, fresh: _Fresh,
                    registered: _Registered, now: datetime, events: cases.Events) -> bool:
        """Many petitioners, one matter, one place, a short window: tell staff (群体性).

        The candidates are the cases sharing a key within the window, newest first, up to
        :data:`CANDIDATES`; the check stops at :attr:`petitioners`. The cases this transaction
        registered are the newest of them (SQLite has one writer; on PostgreSQL another
        process's may interleave, an order that is a race anyway), so they are looked at
        first, from memory: when they already hold the threshold no query is needed. Returns
        whether an alert was raised (its event held in ``events``)."""
        since = now - self.window
        members: dict[int, str] = {fresh.petitioner_id: fresh.number}
        matched: list[int] = []
        seen: set[int] = set()

        def consider(case_id: int, petitioner_id: int, number: str,
                     other: MatterSignature) -> bool:
            """Whether the threshold is reached with this candidate."""
            seen.add(case_id)
            if petitioner_id in members or things_apart(fresh.signature, other):
                return False
            if self._score(fresh.signature, other) < self.judge.threshold:
                return False
            members[petitioner_id] = number
            matched.append(case_id)
            return len(members) >= self.petitioners

        # Newest first, like the query; compared only if they can reach the threshold alone.
        recent = [other for other in reversed(registered.cases.values())
                  if other.at >= since and not other.keys.isdisjoint(fresh.keys)]
        reached = False
        if len({other.petitioner_id for other in recent} | {fresh.petitioner_id}) \
                >= self.petitioners:
            reached = any(consider(other.case_id, other.petitioner_id, other.number,
                                   other.signature) for other in recent)
        if not reached:
            reached = self._collective_stored(session, fresh, registered, since, members, seen,
                                              consider)
        if not reached:
            return False
        # One case per petitioner; the latest alert on a matched case lists those found then.
        known, told = self._alerted_members(session, matched, registered)
        numbers = set(members.values()) | known
        # Every member's case records the alert, but staff are told only when the group first
        # forms and each time it doubles (5, 10, 20…): a burst of a hundred is a handful of
        # notices, not a hundred (bot/escalation.py reads ``tell``).
        tell = not told or len(numbers) >= 2 * told
        told = len(numbers) if tell else told
        events.record(case, "bot", "collective_alert", now,
                      members=sorted(numbers), place=case.place or _spot(fresh.signature),
                      petitioners=len(numbers), tell=tell, told=told)
        registered.alerts += 1
        fresh.alert = (registered.alerts, frozenset(numbers), told)
        return True

    def _collective_stored(self, session: Session, fresh: _Fresh, registered: _Registered,
                           since: datetime, members: dict[int, str], seen: set[int],
                           consider: Callable[[int, int, str, MatterSignature], bool]) -> bool:
        """The collective check over the stored candidates (the ones ``seen`` already
        skipped); stops as soon as the candidates left cannot make up the threshold."""
        # By the keys that find only cases ``consider`` does not drop as about other things
        # (MatterSignature.collective_keys): those are never read or decoded.
        keys = fresh.signature.collective_keys()
        for page, last in self._candidate_pages(session, fresh.case_id, keys, since):
            rows = [row for row in page if row[0] not in seen]
            # On the last page the whole remainder is in hand: the other petitioners it still
            # holds, counted by their rows not yet considered. When they and the members found
            # cannot make up the threshold, nothing left is scored: whatever it scored, no
            # alert (issue 17: most of a check that raises none was scoring). Counted by the
            # rows' petitioners alone: nothing is decoded for it.
            left = Counter(row[1] for row in rows if row[1] not in members) if last else None
            if left is not None and len(members) + len(left) < self.petitioners:
                return False
            for row in rows:
                case_id, petitioner_id = row[0], row[1]
                if consider(case_id, petitioner_id, row[2], self._signature_of(row, registered)):
                    return True
                if left is not None and petitioner_id in left:
                    # a member now (its other rows are passed by), or one row fewer
                    if petitioner_id in members or left[petitioner_id] == 1:
                        del left[petitioner_id]
                    else:
                        left[petitioner_id] -= 1
                    if len(members) + len(left) < self.petitioners:
                        return False
        return False

    def _signature_of(self, row: Sequence[Any], registered: _Registered) -> MatterSignature:
        """A candidate row's signature: this transaction's own registration's, else decoded."""
        ours = registered.cases.get(row[0])
        return ours.signature if ours is not None else self._decoded(row[4])

    def _alerted_members(self, session: Session, matched: Sequence[int],
                         registered: _Registered) -> tuple[set[str], int]:
        """Members listed by the latest alert on any of ``matched`` (by event order), and how
        many members staff were last told of (0: no alert yet).

        An alert raised in this transaction is later than any stored one, and a case this
        transaction registered has no alert but the one raised here: read from memory."""
        ours = [fresh.alert for case_id in matched
                if (fresh := registered.cases.get(case_id)) is not None and fresh.alert]
        if ours:
            _, listed, told = max(ours)
            return set(listed), told
        stored = [case_id for case_id in matched if case_id not in registered.cases]
        if not stored:
            return set(), 0
        found = _LATEST_ALERT.rows(connection_of(session), {"cases": stored})
        details = found[0][0] if found else None
        if not details:
            return set(), 0
        stored_members = set(details.get("members", []))
        # an alert stored before ``told`` was recorded told staff of all its members
        return stored_members, int(details.get("told", len(stored_members)))

    def _candidate_pages(self, session: Session, case_id: int | None, keys: Iterable[int],
                         since: datetime | None) -> Iterator[tuple[list[Any], bool]]:
        """Cases sharing a retrieval key with ``keys``, newest first, a page at a time (one
        indexed query per page; a check that stops early reads one page), each with whether
        it is the last: (id, petitioner, number, status, signature bytes) rows."""
        keys = list(keys)
        below: int | None = None
        read = 0
        connection = connection_of(session)
        while keys and read < CANDIDATES:
            query = _CANDIDATE_QUERIES[(since is not None, below is not None)]
            params: dict[str, Any] = {"keys": keys,
                                      "me": case_id if case_id is not None else -1}
            if since is not None:
                params["since"] = since
            if below is not None:
                params["below"] = below
            rows = query.rows(connection, params)
            read += len(rows)
            last = len(rows) < _PAGE or read >= CANDIDATES
            yield rows, last
            if last:
                return
            below = rows[-1][0]

    # -- staff ---------------------------------------------------------------------------

    def proposals(self, session: Session, case: Case, *, limit: int = 10) -> list[Proposal]:
        """Open cases that are likely the same matter as ``case``, best first (并单)."""
        signature = self.signature_of(session, case)
        if signature is None:
            return []
        session.flush()  # the statuses below are read past the unit of work (Core)
        rows = [row for page, _ in self._candidate_pages(session, case.id, signature.keys(),
                                                         None) for row in page]
        found = []
        for case_id, petitioner_id, number, status, blob in rows:
            if status not in MERGEABLE:
                continue
            other = self._decoded(blob)
            judgement = self.judge.compare(signature, other)
            if not judgement.same:
                continue
            created = session.exec(select(Case.created_at).where(Case.id == case_id)).one()
            found.append(Proposal(number, status, petitioner_id == case.petitioner_id,
                                  round(judgement.probability, 3), judgement.shared, created))
        found.sort(key=lambda p: (-p.probability, p.number))
        return found[:limit]


@dataclass(frozen=True, slots=True)
class Repeat:
    """A petitioner's open case judged the same matter as a new text."""

    case: Case
    probability: float

    @property
    def sure(self) -> bool:
        """Sure enough to join it without asking the petitioner."""
        return self.probability >= ATTACH_SURE


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


def _candidates(windowed: bool, paged: bool, count: int) -> Select[Any]:
    """One page of candidates: the newest cases sharing one of ``count`` keys."""
    ids = select_columns(_KEYS.c.case_id).where(
        _KEYS.c.key.in_(_listed("keys", count)), _KEYS.c.case_id != bindparam("me"))
    if windowed:
        ids = ids.where(_KEYS.c.at >= bindparam("since"))
    if paged:
        ids = ids.where(_KEYS.c.case_id < bindparam("below"))
    page = (ids.group_by(_KEYS.c.case_id).order_by(_KEYS.c.case_id.desc()).limit(_PAGE)
            .subquery())
    return (select_columns(_CASES.c.id, _CASES.c.petitioner_id, _CASES.c.number,
                           _CASES.c.status, _MATTERS.c.signature)
            .join(page, page.c.case_id == _CASES.c.id)
            .join(_MATTERS, _MATTERS.c.case_id == _CASES.c.id)
            .order_by(_CASES.c.id.desc()))


#: By (windowed, paged), at driver level: one compiled shape per number of keys
#: (storage.prepared.PreparedQuery; Core expanded the keys and built its context around the
#: read on every page, which cost several times SQLite's own work for it).
_CANDIDATE_QUERIES: dict[tuple[bool, bool], PreparedQuery] = {
    (windowed, paged): PreparedQuery(partial(_candidates, windowed, paged), "keys")
    for windowed in (False, True) for paged in (False, True)}


def things_apart(a: MatterSignature, b: MatterSignature) -> bool:
    """Both name the things they are about and none is the same ("路灯" and "油烟" at one
    小区): not one matter, decided without the pair model. The collective check asks it first:
    a burst about a few places brings every case at the place as a candidate, most of them
    about something else, and a pair score costs a hundred times this. On the labelled pairs
    of the training authors (969 such pairs) the model itself calls 12 of them the same (8
    rightly), so the check changes almost no outcome (docs/BENCHMARKS.md, "decide")."""
    mine, theirs = thing_kin(a.parts.things), thing_kin(b.parts.things)  # kin as one thing
    return bool(mine) and bool(theirs) and mine.isdisjoint(theirs)


def _for_a_person(session: Session, case: Case) -> None:
    """Flag the just-registered ``case`` for a person with one Core UPDATE (its queue ranks
    with it): through the unit of work the same row cost about five times the statement
    (issue 17). The adopted object is told the values as written, so nothing is left dirty."""
    if case.needs_human:
        return
    queue, triage = queue_rank.ranks({**_rank_columns(case), "needs_human": True})
    _FLAG_CASE.execute(connection_of(session), {"row_id": _id(case), "needs_human": True,
                                              "queue_rank": queue, "triage_rank": triage})
    for name, value in (("needs_human", True), ("queue_rank", queue), ("triage_rank", triage)):
        set_committed_value(case, name, value)


def _rank_columns(case: Case) -> dict[str, Any]:
    return {name: getattr(case, name) for name in
            ("status", "unit", "instructed", "emergency", "route_level")}


_FLAG_CASE = Prepared(_CASES.update().where(_CASES.c.id == bindparam("row_id"))
                      .values({name: bindparam(name)
                               for name in ("needs_human", "queue_rank", "triage_rank")}))


def _spot(signature: MatterSignature) -> str:
    """Where the alert is about: the places named, else the parties, else the counties."""
    names = [name.text for name in signature.places] or \
        [name.text for name in signature.parts.names]
    return "、".join(names) or "、".join(signature.counties)


def _has_event(session: Session, case_id: int, action: str) -> bool:
    return session.exec(select(func.count()).select_from(CaseEvent).where(
        CaseEvent.case_id == case_id, CaseEvent.action == action)).one() > 0


def _id(case: Case) -> int:
    if case.id is None:
        raise ValueError("the case has no id yet: flush the session first")
    return case.id
