"""Satisfaction replies ("5", "五星", "满意", "不满意") read as a 1..5 grade.

Only a message that *is* a rating counts: "我对处理结果不满意，要求复查" is a new request, not a
grade, so callers pass the message with punctuation stripped and we match it whole.
"""

from __future__ import annotations

import re

# Graded words as the 12345 hotlines use them (非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意).
# A bare "满意" / "不满意" answers a "satisfied or not?" prompt, so they take the two ends.
_WORDS: dict[str, int] = {
    "非常满意": 5,
    "很满意": 5,
    "十分满意": 5,
    "特别满意": 5,
    "满意": 5,
    "比较满意": 4,
    "还算满意": 4,
    "基本满意": 3,
    "一般": 3,
    "还行": 3,
    "不太满意": 2,
    "不大满意": 2,
    "不满意": 1,
    "很不满意": 1,
    "非常不满意": 1,
    "十分不满意": 1,
    "极不满意": 1,
    "特别不满意": 1,
}
_NUMERALS = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_GRADE = re.compile(r"(?:评价|评分|打分|打|给)?([1-5一二两三四五])(?:分|星|颗星|星级)?")


def parse_rating(bare: str) -> int | None:
    """The grade 1..5 when ``bare`` (lower-cased, punctuation removed) is a rating reply, else None."""
    if bare in _WORDS:
        return _WORDS[bare]
    match = _GRADE.fullmatch(bare)
    if match is None:
        return None
    # "一" alone or "三" alone are too ambiguous to be grades; require a unit for numerals.
    if not match.group(1).isdigit() and match.group(0) == match.group(1):
        return None
    return _NUMERALS[match.group(1)]
