"""Two processes meet one new sender at once: one identity, no conflict, no lost batch.

Each side has its own engine (a second ``serve`` process has its own pool). The steps are
ordered by hand with open transactions: the second insert waits for the first transaction, so
it is started in a thread and finishes once the first commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bot.people import first_contacts, identity_for
from storage import Identity, Petitioner, Store
from tests.conftest import FIXED_NOW, POSTGRES_URL, private_schema

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="a race between connections needs PostgreSQL: set XINFANG_TEST_POSTGRES_URL",
)
URN = "tel:+8613800000001"


@pytest.fixture
def schema_url() -> Iterator[str]:
    with private_schema("identity_") as url:
        yield url


def test_the_second_of_two_racing_transactions_takes_the_first_ones_identity(
    schema_url: str, tmp_path: Path,
) -> None:
    first = Store.open(schema_url, tmp_path / "a")
    second = Store.open(schema_url, tmp_path / "b")
    try:
        with Session(first.engine) as one, ThreadPoolExecutor(1) as pool:
            mine = identity_for(one, URN, "sms", "", FIXED_NOW)  # inserted, not committed
            expected = (mine.id, mine.petitioner_id)

            def race() -> tuple[int, int]:
                with Session(second.engine) as two:
                    theirs = identity_for(two, URN, "sms", "", FIXED_NOW)
                    two.commit()
                    assert theirs.id is not None
                    return theirs.id, theirs.petitioner_id

            racing = pool.submit(race)
            one.commit()
            theirs_id, theirs_petitioner = racing.result(timeout=30)
        assert (theirs_id, theirs_petitioner) == expected

        def count(session: Session) -> tuple[int, int]:
            identities = session.exec(select(func.count()).select_from(Identity)).one()
            petitioners = session.exec(select(func.count()).select_from(Petitioner)).one()
            return int(identities), int(petitioners)

        # The loser's petitioner row went with its insert: no orphan is left behind.
        assert first.read_sync(count) == (1, 1)
    finally:
        first.close()
        second.close()


def test_a_batch_that_loses_one_sender_of_several_to_a_racing_transaction(
    schema_url: str, tmp_path: Path,
) -> None:
    """A batch creates its new senders in two statements (bot.people.first_contacts): the
    URN another transaction took first is left out of what it returns (its first message
    then meets the winner's row), its petitioner row is removed, the others are created."""
    first = Store.open(schema_url, tmp_path / "a")
    second = Store.open(schema_url, tmp_path / "b")
    other = "tel:+8613800000002"
    try:
        with Session(first.engine) as one, ThreadPoolExecutor(1) as pool:
            winner = identity_for(one, URN, "sms", "", FIXED_NOW).petitioner_id  # uncommitted

            def race() -> list[str]:
                with Session(second.engine) as two:
                    met = first_contacts(two, [(URN, "sms", ""), (other, "sms", "")],
                                         FIXED_NOW)
                    two.commit()
                    return [sender.identity.urn for sender in met]

            racing = pool.submit(race)
            one.commit()
            assert racing.result(timeout=30) == [other]

        def rows(session: Session) -> tuple[dict[str, int], int]:
            owners = {identity.urn: identity.petitioner_id
                      for identity in session.exec(select(Identity))}
            petitioners = session.exec(select(func.count()).select_from(Petitioner)).one()
            return owners, int(petitioners)

        owners, petitioners = first.read_sync(rows)
        assert owners[URN] == winner
        assert set(owners) == {URN, other}
        assert petitioners == 2  # the loser's petitioner row went: no orphan
    finally:
        first.close()
        second.close()
