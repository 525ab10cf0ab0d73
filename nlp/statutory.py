"""Statutory type of a petition under 《信访工作条例》 Art 29–31.

建议意见 (suggestions), 检举控告 (accusations: never shown to the accused, Art 30) and 申诉求决
(complaints and requests, the residual type).  Misfiling an accusation as a complaint could route
it to the accused unit, so accusation cues weigh the most.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlp.cues import CueSet

SUGGESTION = "建议意见"
ACCUSATION = "检举控告"
COMPLAINT = "申诉求决"

#: All statutory types, residual last.
STATUTORY_TYPES: tuple[str, ...] = (ACCUSATION, SUGGESTION, COMPLAINT)

_CUES = CueSet(
    {
        ACCUSATION: {
            "举报": 3.0, "检举": 4.0, "控告": 4.0, "实名举报": 5.0, "贪污": 4.0, "受贿": 4.0,
            "索贿": 4.0, "行贿": 3.0, "腐败": 4.0, "挪用": 3.0, "侵吞": 3.0, "私分": 3.0,
            "截留": 2.5, "虚报冒领": 3.0, "滥用职权": 4.0, "玩忽职守": 4.0, "以权谋私": 4.0,
            "徇私舞弊": 4.0, "吃拿卡要": 3.0, "违纪": 3.0, "作风问题": 2.0, "公款吃喝": 3.5,
            "充当保护伞": 4.0, "保护伞": 3.0, "黑恶势力": 3.0, "违法乱纪": 3.0, "骗取": 2.0,
            "冒领": 2.5, "优亲厚友": 3.0, "权钱交易": 4.0, "report corruption": 4.0, "bribe": 4.0,
        },
        SUGGESTION: {
            "建议": 2.0, "提议": 2.0, "倡议": 2.0, "意见": 1.0, "提个建议": 3.0, "建言": 2.5,
            "献策": 2.5, "呼吁": 1.5, "希望增设": 2.0, "希望增加": 1.5, "可否": 1.0, "能否考虑": 1.5,
            "是否可以考虑": 2.0, "恳请考虑": 1.5, "合理化建议": 3.0, "suggest": 2.0,
            "suggestion": 2.0, "proposal": 2.0,
        },
        COMPLAINT: {
            "投诉": 2.0, "申诉": 2.5, "要求": 1.0, "请求": 1.0, "诉求": 1.0, "解决": 1.0,
            "赔偿": 1.5, "补偿": 1.5, "退还": 1.5, "拖欠": 1.5, "讨要": 1.5, "维权": 1.5,
            "不公": 1.0, "帮忙": 1.0, "帮帮": 1.0, "求助": 1.0, "反映": 0.5, "咨询": 0.5,
            "complain": 2.0, "complaint": 2.0, "refund": 1.5,
        },
    },
    # "意见" inside these is the answer the citizen got, not a suggestion being made.
    exclusions=("处理意见", "答复意见", "意见书", "不予支持", "征求意见稿", "举报电话"),
)


@dataclass(frozen=True, slots=True)
class StatutoryResult:
    """The statutory type, a confidence in [0, 1] and the phrases that decided it."""

    kind: str
    confidence: float
    terms: tuple[str, ...]


def statutory_type(text: str) -> StatutoryResult:
    """Decide the statutory type of normalized ``text``; 申诉求决 when nothing points elsewhere."""
    score = _CUES.score(text)
    if score.label is None:
        # Most petitions are requests to fix something; say so, without much conviction.
        return StatutoryResult(COMPLAINT, 0.5, ())
    # Confidence grows with the evidence (weight) and with agreement between cues (share).
    confidence = round(min(0.99, 0.5 + 0.5 * score.share * min(1.0, score.weight / 4.0)), 3)
    return StatutoryResult(score.label, max(confidence, 0.5), score.terms)
