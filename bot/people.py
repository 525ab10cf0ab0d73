"""Petitioners and their channel identities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from storage import Identity, Petitioner
from storage.rows import adopt, insert_alike, insert_row

# Built once: constructing a statement per call cost more than running it (issue 17).
_BY_URN = select(Identity).where(Identity.urn == bindparam("urn"))
_IDENTITY_TABLE = Identity.__table__  # type: ignore[attr-defined]
_INSERT_IDENTITY: dict[str, Any] = {
    name: dialect.insert(_IDENTITY_TABLE).on_conflict_do_nothing(index_elements=["urn"])
    .returning(_IDENTITY_TABLE.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}

#: Several at once: which URNs were inserted (the others met a conflict).
_INSERT_IDENTITIES: dict[str, Any] = {
    name: dialect.insert(_IDENTITY_TABLE).on_conflict_do_nothing(index_elements=["urn"])
    .returning(_IDENTITY_TABLE.c.urn, _IDENTITY_TABLE.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_PETITIONER_TABLE = Petitioner.__table__  # type: ignore[attr-defined]
_DELETE_PETITIONER = _PETITIONER_TABLE.delete().where(
    _PETITIONER_TABLE.c.id == bindparam("row_id"))


@dataclass(frozen=True, slots=True)
class Sender:
    """Who sent a message: the identity, its petitioner, and whether this is first contact
    (both rows created now, so the petitioner has no case yet)."""

    identity: Identity
    petitioner: Petitioner
    new: bool


def sender_of(session: Session, urn: str, channel: str, display_name: str, now: datetime,
              *, known_absent: bool = False) -> Sender:
    """The identity behind ``urn`` and its petitioner, both created on first contact.

    Two processes deciding the first messages of one new sender at once both find no identity;
    the insert says ``ON CONFLICT DO NOTHING`` so the second waits for the first and takes its
    row instead of failing on the unique URN (which would roll back its whole batch).
    ``known_absent``: the caller read this URN's identity in this transaction and found none
    (a batch's lookups), so the first read is skipped; the insert still settles a race.
    The new rows are written with Core statements and adopted (``storage.rows``): no flush,
    no read back.
    """
    if not known_absent:
        found = session.exec(_BY_URN, params={"urn": urn}).first()
        if found is not None:
            return Sender(found, petitioner_of(session, found), new=False)
    petitioner = insert_row(session, Petitioner, {"created_at": now})
    row = {"urn": urn, "channel": channel, "petitioner_id": petitioner.id,
           "display_name": display_name[:200], "created_at": now, "opted_out": False,
           "blocked": False}
    inserted = session.execute(_INSERT_IDENTITY[session.get_bind().dialect.name], row).first()
    if inserted is None:
        # Another transaction created this sender first: ours was never seen by anyone.
        session.delete(petitioner)
        session.flush()
        identity = session.exec(_BY_URN, params={"urn": urn}).one()
        return Sender(identity, petitioner_of(session, identity), new=False)
    return Sender(adopt(session, Identity, row | {"id": inserted[0]}), petitioner, new=True)


def first_contacts(session: Session, senders: Sequence[tuple[str, str, str]],
                   now: datetime) -> list[Sender]:
    """Several senders met for the first time, each ``(urn, channel, display name)``: their
    petitioners in one statement and their identities in another, in the order given (the
    ids one :func:`sender_of` per sender would have given them). A URN another transaction
    created meanwhile (PostgreSQL) is left out, its petitioner row removed: its first message
    finds the winner's row through :func:`sender_of`."""
    if not senders:
        return []
    petitioners = insert_alike(session, Petitioner, {"created_at": now}, len(senders))
    rows = [{"urn": urn, "channel": channel, "petitioner_id": petitioner.id,
             "display_name": display_name[:200], "created_at": now, "opted_out": False,
             "blocked": False}
            for (urn, channel, display_name), petitioner in zip(senders, petitioners,
                                                                  strict=True)]
    connection = session.connection()
    inserted = {urn: identity_id for urn, identity_id in connection.execute(
        _INSERT_IDENTITIES[session.get_bind().dialect.name], rows)}
    found = []
    for row, petitioner in zip(rows, petitioners, strict=True):
        identity_id = inserted.get(row["urn"])
        if identity_id is None:  # lost a race: ours was never seen by anyone
            session.expunge(petitioner)
            connection.execute(_DELETE_PETITIONER, {"row_id": petitioner.id})
            continue
        found.append(Sender(adopt(session, Identity, row | {"id": identity_id}), petitioner,
                            new=True))
    return found


def identity_for(session: Session, urn: str, channel: str, display_name: str,
                 now: datetime, *, known_absent: bool = False) -> Identity:
    """The identity behind ``urn``, created with a new petitioner on first contact
    (:func:`sender_of`)."""
    return sender_of(session, urn, channel, display_name, now,
                     known_absent=known_absent).identity


def petitioner_of(session: Session, identity: Identity) -> Petitioner:
    petitioner = session.get(Petitioner, identity.petitioner_id)
    if petitioner is None:  # the foreign key makes this unreachable
        raise LookupError("identity without petitioner")
    return petitioner
