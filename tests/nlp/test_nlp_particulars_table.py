"""What nlp reads from the particulars table (tests/particulars_table.py): every name and phone,
every address said with a word or on a line beside a name and number; nothing from the
look-alikes' names."""

from __future__ import annotations

import pytest

from nlp.normalize import normalize
from nlp.particulars import extract_particulars
from tests.particulars_table import BARE, LOOK_ALIKES, ONLY_PARTICULARS, SIGNED, Row

#: The rows nlp reads in full: a bare address without a word before it is the dialogue's.
_READ_HERE = [row for row in ONLY_PARTICULARS + SIGNED[3:]
              if row not in BARE or row[0].startswith(("我", "地址", "住址"))]


def _wrong(row: Row) -> list[str]:
    text, name, phone, address = row
    given = extract_particulars(normalize(text))
    wrong = []
    if given.name != name:
        wrong.append(f"name {given.name!r}")
    if given.phone != ("+86" + phone if phone else ""):
        wrong.append(f"phone {given.phone!r}")
    if given.address != address:
        wrong.append(f"address {given.address!r}")
    return wrong


def test_the_table_is_read() -> None:
    assert [f"{row[0]}: {w}" for row in _READ_HERE if (w := _wrong(row))] == []


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_a_look_alike_gives_no_name(text: str) -> None:
    assert extract_particulars(normalize(text)).name == ""
