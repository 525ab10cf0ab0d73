"""What a batch of messages asks the database about its senders, asked once for the batch.

Deciding one message used to read its sender's identity (twice), petitioner, cases and flood
count with a statement each. A batch reads them for all its senders in four statements before
the first message is decided (issue 17). Identities created while the batch is decided (a new
sender's first message) are added, so a later message of the same sender in the same batch
finds the row the earlier one created.

The flood count is exact when read up front: every message of the batch is already stored,
and deciding never stores an inbound message, so the counts cannot change under the batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, func, select

from storage import Attachment, Case, Identity, Message, Petitioner
from storage.prepared import PreparedQuery, connection_of

_MESSAGES = Message.__table__  # type: ignore[attr-defined]
_EARLIER = _MESSAGES.alias("earlier")
_BEFORE = _MESSAGES.alias("before")
#: Each message's previous one from the same sender (``/new`` before a new matter), for the
#: whole batch in one statement: a correlated look-up on the sender index.
_PREVIOUS = select_columns(_MESSAGES.c.id, _BEFORE.c.id, _BEFORE.c.text).select_from(
    _MESSAGES.join(_BEFORE, _BEFORE.c.id == select_columns(func.max(_EARLIER.c.id)).where(
        _EARLIER.c.sender == _MESSAGES.c.sender, _EARLIER.c.id < _MESSAGES.c.id)
        .scalar_subquery()),
).where(_MESSAGES.c.id.in_(bindparam("ids", expanding=True)))


#: The batch's statements, built once with their lists as expanding parameters: building
#: each per batch cost as much as a third of running it through the ORM (issue 17).
_IDENTITIES = select(Identity).where(col(Identity.urn).in_(bindparam("urns", expanding=True)))
_PETITIONERS = select(Petitioner).where(col(Petitioner.id).in_(bindparam("ids",
                                                                         expanding=True)))
_CASES = (select(Case).where(col(Case.petitioner_id).in_(bindparam("ids", expanding=True)))
          .order_by(col(Case.id).desc()))


def _recent(count: int) -> Any:
    """Messages from each of ``count`` senders received since a time (the flood count)."""
    return (select_columns(_MESSAGES.c.sender, func.count())
            .where(_MESSAGES.c.sender.in_([bindparam(f"senders_{n}") for n in range(count)]),
                   _MESSAGES.c.received_at >= bindparam("since"))
            .group_by(_MESSAGES.c.sender))


#: Plain columns, no ORM object: at driver level (storage.prepared.PreparedQuery), one
#: compiled shape per number of senders.
_RECENT = PreparedQuery(_recent, "senders")

_ATTACHMENTS = Attachment.__table__  # type: ignore[attr-defined]


def _with_files(count: int) -> Any:
    """Which of ``count`` messages have a stored attachment."""
    return (select_columns(_ATTACHMENTS.c.message_id).distinct()
            .where(_ATTACHMENTS.c.message_id.in_([bindparam(f"ids_{n}") for n in range(count)])))


_WITH_FILES = PreparedQuery(_with_files, "ids")


@dataclass(slots=True)
class BatchLookups:
    """Per-sender answers for one decide transaction; never outlives it."""

    identities: dict[str, Identity] = field(default_factory=dict)
    petitioners: dict[int, Petitioner] = field(default_factory=dict)
    #: Messages from each sender received since the flood window's start.
    recent: dict[str, int] = field(default_factory=dict)
    #: Each known petitioner's cases, newest first; a case a message registers is added
    #: when it is decided (:meth:`decided`).
    cases: dict[int, list[Case]] = field(default_factory=dict)
    #: For each message of the batch: the id and stored text of its sender's message before
    #: it (None: none).
    previous: dict[int, tuple[int, str] | None] = field(default_factory=dict)
    #: The batch's messages by id: a previous message among them is read in memory, where a
    #: deferred parse may have completed its text since the batch was read.
    batch: dict[int, Message] = field(default_factory=dict)
    #: The batch's messages a deferred parse was completed into while deciding: what they
    #: carry is asked of the session, not of :meth:`carries_files`' read.
    completed: set[int] = field(default_factory=set)
    #: The batch's messages with a stored attachment, read for the whole batch the first
    #: time one is asked about (None: not read yet).
    _with_files: set[int] | None = None

    @classmethod
    def read(cls, session: Session, messages: Iterable[Message], now: datetime,
             flood_window: timedelta) -> BatchLookups:
        found = cls(batch={m.id: m for m in messages if m.id is not None})
        wanted = sorted({m.sender for m in found.batch.values()})
        if not wanted:
            return found
        for identity in session.exec(_IDENTITIES, params={"urns": wanted}):
            found.identities[identity.urn] = identity
        ids = sorted({identity.petitioner_id for identity in found.identities.values()})
        if ids:
            for petitioner in session.exec(_PETITIONERS, params={"ids": ids}):
                assert petitioner.id is not None  # read from the table
                found.petitioners[petitioner.id] = petitioner
            found.cases = {pid: [] for pid in ids}
            for case in session.exec(_CASES, params={"ids": ids}):
                found.cases[case.petitioner_id].append(case)
        found.recent = {str(sender): int(count) for sender, count in _RECENT.rows(
            connection_of(session), {"senders": wanted, "since": now - flood_window})}
        found.previous = dict.fromkeys(found.batch)
        for message_id, previous_id, text in session.execute(
                _PREVIOUS, {"ids": sorted(found.batch)}):
            if previous_id is not None:
                found.previous[message_id] = (previous_id, text)
        return found

    def knows_files_of(self, message_id: int | None) -> bool:
        """Whether :meth:`carries_files` answers for this message: one of the batch's, not
        completed while deciding (its attachments then wait in the session, unflushed)."""
        return message_id in self.batch and message_id not in self.completed

    def carries_files(self, session: Session, message_id: int) -> bool:
        """The batch's message ``message_id`` has a stored attachment (see
        :meth:`knows_files_of`). One statement for the batch, asked only when a message's
        row asks (a supplement's, a caption's), instead of one per message that asks: the
        attachments of a stored, undecided message are all stored with it (a deferred parse
        aside), and nothing deciding another message adds any."""
        if self._with_files is None:
            self._with_files = {int(row[0]) for row in _WITH_FILES.rows(
                connection_of(session), {"ids": sorted(self.batch)})}
        return message_id in self._with_files

    def previous_text(self, message_id: int) -> str | None:
        """The text of the message before ``message_id`` from the same sender."""
        previous = self.previous.get(message_id)
        if previous is None:
            return None
        held = self.batch.get(previous[0])
        return held.text if held is not None else previous[1]

    def decided(self, petitioner_id: int | None, registered: Iterable[Case]) -> None:
        """A message of this petitioner was decided, registering ``registered``: the newest
        cases now. (Nothing else on the decide path adds a case or moves one to another
        petitioner, and changes to the cases listed are made on these same objects.)"""
        known = self.cases.get(petitioner_id or 0)
        if known is None:
            return
        for case in registered:
            if case.petitioner_id == petitioner_id:
                known.insert(0, case)
        known.sort(key=lambda case: -(case.id or 0))

    def remember(self, identity: Identity, petitioner: Petitioner, *, new: bool = False) -> None:
        """A sender met for the first time in this batch: later messages find it here.
        ``new``: both rows were created just now, so the petitioner has no case yet."""
        self.identities[identity.urn] = identity
        if petitioner.id is not None:
            self.petitioners[petitioner.id] = petitioner
            if new:
                self.cases[petitioner.id] = []
