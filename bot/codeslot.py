"""The query code reaches the petitioner without ever being stored in clear.

A reply that carries a query code (the acknowledgement) is stored with :data:`CODE_SLOT` where
the code goes. The code is drawn from ``secrets`` only when the reply is handed to its channel
— by the outbox worker in the transaction that claims the row, or by the inline path in the
transaction that decided it — its HMAC replaces the case's ``code_hash`` in that same
transaction, and the clear code lives only in the :class:`~channels.base.OutboundMessage` in
memory. The row keeps the slot: after sending, no row holds the code.

A reply claimed again after an uncertain send (a crash, a lease that ran out) gets a fresh code,
which replaces the first: the petitioner may hold two codes, and the later one counts.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from bot.codes import CodeHasher, new_query_code
from storage import Case, Outbox

#: Stands for the query code in a stored reply. Never a valid code (not in the alphabet).
CODE_SLOT = "〔查询码〕"


def needs_code(row: Outbox) -> bool:
    return row.case_id is not None and CODE_SLOT in row.text


def issue_codes(session: Session, rows: Iterable[Outbox], hasher: CodeHasher) -> dict[int, str]:
    """A fresh code for each case whose reply in ``rows`` is about to be sent, by case id.

    Writes the codes' HMACs in the caller's transaction, which must commit before any of the
    replies is handed to a channel, so a code the petitioner reads always checks out.
    """
    codes: dict[int, str] = {}
    for row in rows:
        if not needs_code(row) or row.case_id in codes:
            continue
        assert row.case_id is not None  # needs_code checked it
        case = session.get(Case, row.case_id)
        if case is None:  # the foreign key makes this unreachable
            continue
        code = new_query_code()
        case.code_hash = hasher.hash(case.number, code)
        session.add(case)
        codes[row.case_id] = code
    return codes


def fill(text: str, code: str | None) -> str:
    """``text`` with its slot filled: what the channel sends, never what is stored."""
    if code is None or CODE_SLOT not in text:
        return text
    return text.replace(CODE_SLOT, code)
