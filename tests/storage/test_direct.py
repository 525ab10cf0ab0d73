"""Statements handed to the driver (storage.direct) write exactly what Core's execute writes:
the same values read back, on SQLite and PostgreSQL, one row or several."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, select
from sqlmodel import Session

from storage import Outbox, Store
from storage.direct import Direct
from storage.rows import full_row

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
OUTBOX = Outbox.__table__  # type: ignore[attr-defined]


@pytest.fixture
def store(database_url: str, tmp_path: Path):
    opened = Store.open(database_url, tmp_path / "data")
    yield opened
    opened.close()


def _reply(n: int, payload: Any) -> dict[str, Any]:
    return full_row(Outbox, {"channel": "sms", "recipient": f"tel:{n}", "text": "您的诉求已登记",
                             "created_at": NOW, "next_attempt_at": NOW, "payload": payload})


def _replies(session: Session) -> list[tuple[Any, ...]]:
    rows = session.connection().execute(select(OUTBOX).order_by(OUTBOX.c.id))
    return [tuple(row)[1:] for row in rows]  # all but the id


@pytest.mark.parametrize("rows", [1, 3])
def test_an_insert_writes_what_execute_writes(store: Store, rows: int) -> None:
    payloads: list[Any] = [{"terms": ["油烟", "噪音"], "confidence": 0.5, "nested": {"a": [1]}},
                           {}, None][:rows]
    direct = Direct.insert(OUTBOX)
    with Session(store.engine) as session:
        session.connection().execute(OUTBOX.insert(),
                                     [_reply(n, p) for n, p in enumerate(payloads)])
        by_core = _replies(session)
        session.connection().execute(OUTBOX.delete())
        direct.run(session.connection(), [_reply(n, p) for n, p in enumerate(payloads)])
        assert _replies(session) == by_core
        session.rollback()


def test_a_returned_id_and_an_update(store: Store) -> None:
    insert = Direct.insert(OUTBOX, returning=True)
    change = Direct(OUTBOX.update().where(OUTBOX.c.id == bindparam("row_id"))
                    .values(status=bindparam("status"), sent_at=bindparam("sent_at")))
    with Session(store.engine) as session:
        first = insert.run(session.connection(), [_reply(1, {"k": ["v"]})]).scalar_one()
        second = insert.run(session.connection(), [_reply(2, None)]).scalar_one()
        assert second > first
        change.run(session.connection(), [{"row_id": first, "status": "sent", "sent_at": NOW}])
        found = session.connection().execute(
            select(OUTBOX.c.status, OUTBOX.c.sent_at, OUTBOX.c.payload)
            .where(OUTBOX.c.id == first)).one()
        assert tuple(found) == ("sent", NOW, {"k": ["v"]})
        session.rollback()
