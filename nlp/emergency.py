"""Emergencies: threats to life, violence, fire and explosions, mass incidents.

A flagged message goes to a human at once and the citizen is told to call 110/119/120.  A miss
costs far more than a false alarm, so the list is generous; the exclusions remove the common
phrases that merely contain a cue ("防火门", "消防通道被占" is a safety complaint, not a fire).
"""

from __future__ import annotations

from dataclasses import dataclass

from nlp.cues import CueSet

#: Kinds of emergency, each with its own advice (110 / 119 / 120 / 122, a hotline).
EMERGENCY_KINDS: tuple[str, ...] = (
    "self_harm", "violence", "fire", "gas", "accident", "medical", "mass_incident",
)

_CUES = CueSet(
    {
        "life": {
            "自杀": 1.0, "轻生": 1.0, "跳楼": 1.0, "跳河": 1.0, "跳江": 1.0, "跳桥": 1.0,
            "喝农药": 1.0, "服毒": 1.0, "割腕": 1.0, "上吊": 1.0, "不想活": 1.0, "活不下去": 1.0,
            "寻死": 1.0, "自焚": 1.0, "同归于尽": 1.0, "命悬一线": 1.0, "生命危险": 1.0,
            "有人晕倒": 1.0, "昏迷": 1.0, "溺水": 1.0, "被困": 1.0, "坍塌": 1.0, "倒塌": 1.0,
            "suicide": 1.0, "kill myself": 1.0, "end my life": 1.0,
        },
        "violence": {
            "砍人": 1.0, "持刀": 1.0, "行凶": 1.0, "杀人": 1.0, "要杀": 1.0, "打死": 1.0,
            "殴打": 1.0, "打人": 1.0, "被打": 1.0, "绑架": 1.0, "劫持": 1.0, "报复社会": 1.0,
            "泼汽油": 1.0, "枪": 1.0, "家暴": 1.0, "强奸": 1.0, "抢劫": 1.0,
            "stabbing": 1.0, "shooting": 1.0, "gun": 1.0,
        },
        "fire": {
            "火灾": 1.0, "着火": 1.0, "失火": 1.0, "起火": 1.0, "大火": 1.0, "爆炸": 1.0,
            "燃气泄漏": 1.0, "煤气泄漏": 1.0, "天然气泄漏": 1.0, "闻到煤气": 1.0, "有毒气体": 1.0,
            "fire": 1.0, "explosion": 1.0, "gas leak": 1.0,
        },
        "mass": {
            "群体聚集": 1.0, "聚集": 1.0, "围堵": 1.0, "堵路": 1.0, "堵门": 1.0, "冲突": 1.0,
            "群体性事件": 1.0, "打砸": 1.0, "械斗": 1.0, "踩踏": 1.0, "集体上访": 1.0,
            "拉横幅": 1.0, "静坐": 1.0, "riot": 1.0,
        },
    },
    exclusions=(
        "防火", "消防通道", "火灾隐患", "爆炸性", "信息爆炸", "枪手", "水枪", "枪支管理",
        "烟花爆竹", "聚集区", "人员聚集场所", "打人民", "冲突的", "被打折", "打折",
        "fireworks", "ceasefire", "firewall",
    ),
)


@dataclass(frozen=True, slots=True)
class EmergencyResult:
    """Whether the text describes an emergency, and the phrases that say so."""

    emergency: bool
    terms: tuple[str, ...]
    kinds: tuple[str, ...]


def detect_emergency(text: str) -> EmergencyResult:
    """Flag normalized ``text`` when it names a threat to life, violence, fire or a mass incident."""
    found = _CUES.matches(text)
    terms = tuple(term for phrases in found.values() for term in phrases)
    return EmergencyResult(bool(terms), terms, tuple(found))
