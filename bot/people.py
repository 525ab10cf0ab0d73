"""Petitioners and their channel identities."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage import Identity, Petitioner


def identity_for(session: Session, urn: str, channel: str, display_name: str,
                 now: datetime, *, known_absent: bool = False) -> Identity:
    """The identity behind ``urn``, created with a new petitioner on first contact.

    Two processes deciding the first messages of one new sender at once both find no identity;
    the insert says ``ON CONFLICT DO NOTHING`` so the second waits for the first and takes its
    row instead of failing on the unique URN (which would roll back its whole batch).
    ``known_absent``: the caller read this URN's identity in this transaction and found none
    (a batch's lookups), so the first read is skipped; the insert still settles a race.
    """
    if not known_absent:
        identity = session.exec(select(Identity).where(Identity.urn == urn)).first()
        if identity is not None:
            return identity
    petitioner = Petitioner(created_at=now)
    session.add(petitioner)
    session.flush()
    assert petitioner.id is not None  # flushed above
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    inserted = session.execute(
        insert(Identity)
        .values(urn=urn, channel=channel, petitioner_id=petitioner.id,
                display_name=display_name[:200], created_at=now, opted_out=False,
                blocked=False)
        .on_conflict_do_nothing(index_elements=["urn"])
        .returning(col(Identity.id))
    ).first()
    if inserted is None:
        # Another transaction created this sender first: ours was never seen by anyone.
        session.delete(petitioner)
        session.flush()
    identity = session.exec(select(Identity).where(Identity.urn == urn)).one()
    return identity


def petitioner_of(session: Session, identity: Identity) -> Petitioner:
    petitioner = session.get(Petitioner, identity.petitioner_id)
    if petitioner is None:  # the foreign key makes this unreachable
        raise LookupError("identity without petitioner")
    return petitioner
