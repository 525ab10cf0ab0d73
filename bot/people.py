"""Petitioners and their channel identities."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from storage import Identity, Petitioner


def identity_for(session: Session, urn: str, channel: str, display_name: str,
                 now: datetime) -> Identity:
    """The identity behind ``urn``, created with a new petitioner on first contact."""
    identity = session.exec(select(Identity).where(Identity.urn == urn)).first()
    if identity is not None:
        return identity
    petitioner = Petitioner(created_at=now)
    session.add(petitioner)
    session.flush()
    assert petitioner.id is not None  # flushed above
    identity = Identity(urn=urn, channel=channel, petitioner_id=petitioner.id,
                        display_name=display_name[:200], created_at=now)
    session.add(identity)
    session.flush()
    return identity


def petitioner_of(session: Session, identity: Identity) -> Petitioner:
    petitioner = session.get(Petitioner, identity.petitioner_id)
    if petitioner is None:  # the foreign key makes this unreachable
        raise LookupError("identity without petitioner")
    return petitioner
