"""Shared hypothesis settings and strategies for the fuzz tests.

Derandomized and without an example database: CI sees the same examples on every run, and a
failure reproduces on any machine. ``max_examples`` is set per test so the whole folder runs in
well under a minute on two shared cores.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Characters petition text is made of, and the ones that trip normalizers: full-width forms,
#: traditional characters, invisible and bidi controls, NFKC expanders, CJK punctuation.
_PETITION_CHARS = (
    "信访投诉噪音小区物业拖欠工资楼道路灯坏了三个月請幫忙處理謝謝查询进度复查复核我要"
    "ＸＦ２０２６－０００１２３ＡＢＣａｂｃ０１２３４５６７８９，。！？：；“”‘’（）《》【】"
    "XF2026-000123 abc ABC 0123456789 .,!?:;-_/@#\t\n\r "
    "\u3000\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2060\ufeff\u00ad"
    "\ufdfa\u3300\u2474\ufb03\u00bd\u2163\u0301\u0308"
)

petition_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=_PETITION_CHARS, max_size=200),
    st.lists(st.sampled_from(["查询", "XF2026-000123", "ＸＦ２０２６－０００１２３", "查询码",
                              "ABCD2345", " ", "/status", "进度", "STOP", "5"]), max_size=8)
    .map("".join),
)
