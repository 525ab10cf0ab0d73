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

from sqlmodel import Session, col, func, select

from storage import Case, Identity, Message, Petitioner


@dataclass(slots=True)
class BatchLookups:
    """Per-sender answers for one decide transaction; never outlives it."""

    identities: dict[str, Identity] = field(default_factory=dict)
    petitioners: dict[int, Petitioner] = field(default_factory=dict)
    #: Messages from each sender received since the flood window's start.
    recent: dict[str, int] = field(default_factory=dict)
    #: Each known petitioner's cases, newest first, until a message of theirs is decided:
    #: then it may have opened one, and the next turn reads them again (:meth:`decided`).
    cases: dict[int, list[Case]] = field(default_factory=dict)

    @classmethod
    def read(cls, session: Session, senders: Iterable[str], now: datetime,
             flood_window: timedelta) -> BatchLookups:
        wanted = sorted(set(senders))
        found = cls()
        if not wanted:
            return found
        for identity in session.exec(select(Identity).where(col(Identity.urn).in_(wanted))):
            found.identities[identity.urn] = identity
        ids = sorted({identity.petitioner_id for identity in found.identities.values()})
        if ids:
            for petitioner in session.exec(select(Petitioner)
                                           .where(col(Petitioner.id).in_(ids))):
                assert petitioner.id is not None  # read from the table
                found.petitioners[petitioner.id] = petitioner
            found.cases = {pid: [] for pid in ids}
            for case in session.exec(select(Case).where(col(Case.petitioner_id).in_(ids))
                                     .order_by(col(Case.id).desc())):
                found.cases[case.petitioner_id].append(case)
        found.recent = {str(sender): int(count) for sender, count in session.exec(
            select(Message.sender, func.count())
            .where(col(Message.sender).in_(wanted),
                   col(Message.received_at) >= now - flood_window)
            .group_by(col(Message.sender))
        )}
        return found

    def decided(self, petitioner_id: int | None) -> None:
        """A message of this petitioner was decided: their cases are read afresh next time."""
        self.cases.pop(petitioner_id or 0, None)

    def remember(self, identity: Identity, petitioner: Petitioner) -> None:
        """A sender met for the first time in this batch: later messages find it here."""
        self.identities[identity.urn] = identity
        if petitioner.id is not None:
            self.petitioners[petitioner.id] = petitioner
