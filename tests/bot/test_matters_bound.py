"""The collective check stops scoring when the candidates left cannot make up the threshold
(issue 17), and decides as scoring every candidate would: random pages against the rule
written out in full."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from bot import matters

Row = tuple[int, int, str, str, bytes]


def _check(monkeypatch: pytest.MonkeyPatch, pages: list[list[Row]], members: dict[int, str],
           apart: dict[int, bool], same: dict[int, bool]) -> tuple[bool, list[int]]:
    """``_collective_stored`` over ``pages``; a candidate's signature stands for its case id,
    ``apart`` is ``things_apart``'s answer and ``same`` the pair score's."""
    index = matters.MatterIndex.__new__(matters.MatterIndex)
    index.petitioners = matters.COLLECTIVE_PETITIONERS

    def candidate_pages(*_: Any) -> Iterator[tuple[list[Row], bool]]:
        for number, page in enumerate(pages):
            yield page, number == len(pages) - 1

    monkeypatch.setattr(index, "_candidate_pages", candidate_pages)
    scored: list[int] = []
    seen: set[int] = set()
    members = dict(members)

    def consider(case_id: int, petitioner_id: int, number: str, other: Any) -> bool:
        # as MatterIndex._collective's
        seen.add(case_id)
        if petitioner_id in members or apart[other]:
            return False
        scored.append(case_id)
        if not same[case_id]:
            return False
        members[petitioner_id] = number
        return len(members) >= index.petitioners

    rows = [row for page in pages for row in page]
    registered = SimpleNamespace(cases={row[0]: SimpleNamespace(signature=row[0])
                                        for row in rows})
    fresh = SimpleNamespace(case_id=1, signature=SimpleNamespace(collective_keys=lambda: (1,)))
    reached = index._collective_stored(None, fresh, registered,  # type: ignore[arg-type]
                                       datetime(2026, 1, 1), members, seen, consider)
    return reached, scored


def _in_full(members: dict[int, str], rows: list[Row], apart: dict[int, bool],
             same: dict[int, bool]) -> tuple[bool, list[int]]:
    """Every candidate considered in order until the threshold: the rule without the bound."""
    members = dict(members)
    scored = []
    for case_id, petitioner_id, number, _, _ in rows:
        if petitioner_id in members or apart[case_id]:
            continue
        scored.append(case_id)
        if same[case_id]:
            members[petitioner_id] = number
            if len(members) >= matters.COLLECTIVE_PETITIONERS:
                return True, scored
    return False, scored


def test_the_bound_decides_as_scoring_every_candidate(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(17)
    fewer = 0
    for _ in range(3000):
        count = rng.randint(0, 14)
        rows = [(100 + i, rng.randint(1, 8), f"XF{i}", "registered", b"") for i in range(count)]
        cut = sorted(rng.sample(range(1, count), rng.randint(0, 2))) if count > 2 else []
        pages = [rows[a:b] for a, b in zip([0, *cut], [*cut, count], strict=True)]
        apart = {row[0]: rng.random() < 0.3 for row in rows}
        same = {row[0]: rng.random() < rng.choice((0.2, 0.5, 0.9)) for row in rows}
        members = {0: "XF-new"} | {rng.randint(1, 8): "XF-mem" for _ in range(rng.randint(0, 3))}
        with monkeypatch.context() as patch:
            reached, scored = _check(patch, pages, members, apart, same)
        expected, in_full = _in_full(members, rows, apart, same)
        assert reached == expected
        # the same pairs, in the same order, up to where the bound stopped
        assert scored == in_full[:len(scored)]
        if expected:
            assert scored == in_full
        fewer += len(scored) < len(in_full)
    assert fewer > 100  # the bound does stop checks early


def test_four_others_one_unlike_no_more_scored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Four other petitioners, the newest not the same matter: the other three cannot make
    five with the new one, so they are not scored."""
    rows: list[Row] = [(110 - i, 10 + i, f"XF{i}", "registered", b"") for i in range(4)]
    same = {row[0]: row[0] != 110 for row in rows}
    reached, scored = _check(monkeypatch, [rows], {0: "XF-new"},
                             {row[0]: False for row in rows}, same)
    assert not reached and scored == [110]
    # A fifth other petitioner: the three left and the new one can make five.
    rows.append((105, 20, "XF5", "registered", b""))
    same[105] = True
    reached, scored = _check(monkeypatch, [rows], {0: "XF-new"},
                             {row[0]: False for row in rows}, same)
    assert reached and scored == [110, 109, 108, 107, 105]
