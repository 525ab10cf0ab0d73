from __future__ import annotations

import pytest

from nlp import CaseRef, normalize
from nlp.caserefs import find_case_refs, strip_case_refs


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("查询 XF2026-000123 K7P2QX9M", (CaseRef("XF2026-000123", "K7P2QX9M"),)),
        ("xf2026-000123，查询码：k7p2qx9m", (CaseRef("XF2026-000123", "K7P2QX9M"),)),
        ("案件号ＸＦ２０２６－０００１２３", (CaseRef("XF2026-000123", None),)),
        ("XF2026000123", (CaseRef("XF2026-000123", None),)),
        ("XF2026-000123 和 XF2025-000009", (CaseRef("XF2026-000123", None), CaseRef("XF2025-000009", None))),
        # "O" and "1" are not in the code alphabet: not a code.
        ("XF2026-000123 ODDO1111", (CaseRef("XF2026-000123", None),)),
        ("XF2026-0001234", ()),
        ("ABXF2026-000123", ()),
        ("没有编号", ()),
    ],
)
def test_find_case_refs(text: str, refs: tuple[CaseRef, ...]) -> None:
    assert find_case_refs(normalize(text)) == refs


def test_strip_case_refs() -> None:
    assert strip_case_refs("查询 XF2026-000123 K7P2QX9M 谢谢") == "查询 谢谢"
