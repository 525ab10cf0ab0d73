"""Work that one process of many should do at a time: PostgreSQL advisory locks.

Several ``serve`` processes share one PostgreSQL database (docs/SCALING.md). Periodic rounds
that decide from a read and then write (督办 supervision, schema migration) must not overlap
between processes, or both would act on the same reading. A transaction-scoped advisory lock
is released by the commit, or by the server when the holder dies: nothing to clean up.
SQLite has one writer at a time already, so there the lock is always granted.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, Engine, text
from sqlmodel import Session


def _key(name: str) -> int:
    return zlib.crc32(f"xinfang:{name}".encode())  # stable across processes and versions


def try_round_lock(session: Session, name: str) -> bool:
    """Take the lock ``name`` until this transaction ends; False when another holds it."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    taken = session.execute(text("SELECT pg_try_advisory_xact_lock(:key)"),
                            {"key": _key(name)}).scalar()
    return bool(taken)


def wait_round_lock(connection: Connection, name: str) -> None:
    """Wait for the lock ``name`` and hold it until this transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _key(name)})


#: The advisory-lock namespace of senders (two-integer keys: apart from the rounds' one-key
#: locks above).
_SENDER_SPACE = 0x5846  # "XF"


def try_sender_locks(session: Session, senders: Iterable[str]) -> set[str]:
    """Claim ``senders`` until this transaction ends, without waiting; returns those taken.

    Processors on several machines decide disjoint sets of senders: a sender another holds is
    skipped and decided on a later pass, after the holder committed — so one sender's messages
    are decided in arrival order, and nobody waits on a lock on the decide path. One statement
    for the whole batch. A hash collision between two senders only delays one of them.
    """
    wanted = sorted(set(senders))
    if session.get_bind().dialect.name != "postgresql" or not wanted:
        return set(wanted)
    rows = session.execute(
        text("SELECT sender FROM unnest(CAST(:senders AS text[])) AS sender "
             "WHERE pg_try_advisory_xact_lock(:space, hashtext(sender))"),
        {"senders": wanted, "space": _SENDER_SPACE},
    )
    return {str(sender) for (sender,) in rows}


_CLAIM_SPACE = 0x5843  # "XC": a processor's claim on senders, held across classification


#: The chunk's undecided messages, each with its sender and whether to decide it now: NULL
#: when another processor holds the sender, false when an earlier undecided message of the
#: sender is outside the chunk (deciding this one first would answer out of order). Each
#: distinct sender is tried once (the materialized CTE), in a stable order.
_NEXT_IN_LINE = text("""
WITH chunk AS MATERIALIZED (
    SELECT id, sender FROM message
    WHERE id = ANY(CAST(:ids AS bigint[])) AND processed_at IS NULL AND direction = 'in'
), claimed AS MATERIALIZED (
    SELECT sender FROM (SELECT DISTINCT sender FROM chunk ORDER BY sender) AS wanted
    WHERE pg_try_advisory_lock(:space, hashtext(sender))
)
SELECT chunk.id, chunk.sender,
       CASE WHEN claimed.sender IS NULL THEN NULL ELSE NOT EXISTS (
           SELECT 1 FROM message AS earlier
           WHERE earlier.sender = chunk.sender AND earlier.processed_at IS NULL
             AND earlier.direction = 'in' AND earlier.id < chunk.id
             AND earlier.id <> ALL(CAST(:ids AS bigint[]))) END
FROM chunk LEFT JOIN claimed ON claimed.sender = chunk.sender
ORDER BY chunk.id
""")

_UNLOCK = text("SELECT pg_advisory_unlock(:space, hashtext(sender)) "
               "FROM unnest(CAST(:senders AS text[])) AS sender")


class SenderClaim:
    """Senders a processor claims BEFORE classifying their messages (PostgreSQL).

    The decide transaction's sender locks (:func:`try_sender_locks`) come after the
    classification, so N processes used to classify the same chunk and all but one throw the
    work away (measured: 2.0 texts classified per message with two processes). This claim is
    a session-level advisory lock in its own space, on a connection of its own, taken without
    waiting and held until :meth:`release`; a process that dies loses its connection and with
    it the claim. It only avoids waste: order and exactly-once stay with the decide's locks.
    """

    def __init__(self, connection: Connection | None, senders: set[str],
                 messages: Sequence[int] = (), passed: int = 0) -> None:
        self._connection = connection
        self.senders = senders
        #: :meth:`take_next`: the messages to decide now, in arrival order, and how many
        #: undecided ones of the window were passed (sender held, or not next in line).
        self.messages = list(messages)
        self.passed = passed

    @staticmethod
    def locks(engine: Engine) -> bool:
        """Whether claims on ``engine`` take locks; elsewhere (SQLite: one writer, one
        process) every sender is claimed and neither :meth:`take` nor :meth:`release` touches
        the database."""
        return engine.dialect.name == "postgresql"

    @classmethod
    def take(cls, engine: Engine, senders: Iterable[str]) -> SenderClaim:
        wanted = sorted(set(senders))
        if not cls.locks(engine) or not wanted:
            return cls(None, set(wanted))
        connection = engine.connect()
        try:
            rows = connection.execute(
                text("SELECT sender FROM unnest(CAST(:senders AS text[])) AS sender "
                     "WHERE pg_try_advisory_lock(:space, hashtext(sender))"),
                {"senders": wanted, "space": _CLAIM_SPACE},
            )
            taken = {str(sender) for (sender,) in rows}
            connection.commit()  # session-level locks outlive the transaction
        except BaseException:
            connection.close()
            raise
        return cls(connection, taken)

    @classmethod
    def take_next(cls, engine: Engine, message_ids: Iterable[int],
                  at_most: int | None = None) -> SenderClaim:
        """Claim the senders of a window of stored messages and say which to decide now: the
        window's undecided messages whose sender this claim got and whose earlier undecided
        messages (if any) are in the window too — the first ``at_most`` of them, in arrival
        order. Senders left with nothing to decide are freed at once. PostgreSQL only (see
        :meth:`locks`).

        One statement, before anything is read in full: N processors walk the same queue in
        the same order, and each used to load every chunk's rows and then learn that another
        held its senders (the batch's rows loaded 2.0–2.3 times a message with two processes,
        4.6–6.0 with four), or classify a sender's later message that the decide then refused
        as out of order (up to 1.08 texts classified a message). A window wider than
        ``at_most`` lets a processor whose first chunk another holds fill its batch from the
        next one, instead of deciding the leftovers in small batches. The decide's own checks
        stay (:func:`try_sender_locks`, ``bot.intake._next_in_line``): this only avoids waste.
        """
        ids = sorted(set(message_ids))
        connection = engine.connect()
        try:
            rows = connection.execute(_NEXT_IN_LINE, {"ids": ids, "space": _CLAIM_SPACE}).all()
            ready = [(int(row_id), str(sender)) for row_id, sender, now in rows if now]
            taken = ready[:at_most] if at_most is not None else ready
            wanted = {sender for _, sender in taken}
            claimed = {str(sender) for _, sender, now in rows if now is not None}
            idle = sorted(claimed - wanted)
            if idle:  # claimed for nothing: free at once for the processor whose turn it is
                connection.execute(_UNLOCK, {"senders": idle, "space": _CLAIM_SPACE})
            connection.commit()  # session-level locks outlive the transaction
        except BaseException:
            connection.close()
            raise
        return cls(connection, wanted, [row_id for row_id, _ in taken], len(rows) - len(ready))

    def release(self) -> None:
        if self._connection is None:
            return
        try:
            self._connection.execute(text("SELECT pg_advisory_unlock_all()"))
            self._connection.commit()
        finally:
            self._connection.close()
            self._connection = None
