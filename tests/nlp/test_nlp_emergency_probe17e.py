"""Gatherings announced, and danger said only as a feeling (session 17, helper probe17e).

A gathering planned for next week ("下礼拜几十户去区政府静坐") is a mass incident to flag now:
a person has time to act before it happens. The model heard gatherings under way and read a
plan as a calm complaint (0.016), as self-harm ("坐着不走") or too faintly to lead the reply.
The other way, everyday words of a danger that did not happen ("差点撞了", "吓死我了", "急死人
了") raised faint alarms on complaints asking for a fix (nlp.feelings). Tables in other words
than the training rows; recall first, so real dangers told with the same feelings stay flagged.
"""

from __future__ import annotations

import pytest

from nlp import Analyzer
from nlp.feelings import FAINT, only_a_feeling


@pytest.mark.parametrize("text", [
    "下星期三我们二十几户约着一起去区政府门口坐着，不给答复就不回家",
    "我们楼的人准备一块儿去街道办门口坐着不走",
    "周一早上我们厂的人一块去区政府门口",
])
def test_a_gathering_announced_leads_with_the_mass_incident_alarm(analyzer: Analyzer,
                                                                 text: str) -> None:
    judged = analyzer.analyze(text)
    assert judged.emergency_kind == "mass_incident", judged.emergency_kind
    assert judged.emergency_confidence >= FAINT, judged.emergency_confidence


def test_a_gathering_announced_in_few_words_is_flagged(analyzer: Analyzer) -> None:
    judged = analyzer.analyze("月底我们几十户一块去市政府请愿")
    assert judged.emergency_kind == "mass_incident", judged.emergency_confidence


@pytest.mark.parametrize(("text", "flagged"), [
    ("早上开车在那个弯道差点撞上对面来车，弯道太急了要装镜子", False),
    ("吓死我了，楼下的狗突然扑过来，狗主人也不拴绳", False),
    ("急死人了，医院挂号排了三天都挂不上", False),
    ("骑车经过那个井盖差点摔了，井盖是松的", False),
    # The same feelings beside a danger now: heard far above the bar, still an alarm.
    ("吓死人了，隔壁家窗户往外冒黑烟，好像屋里还有人", True),
    ("急死了，我爸从梯子上摔下来头流血了，叫他也不应", True),
    ("气得我浑身发抖，他刚才又拿刀架在我脖子上", True),
])
def test_a_feeling_told_as_danger_is_calm(analyzer: Analyzer, text: str, flagged: bool) -> None:
    judged = analyzer.analyze(text)
    assert judged.emergency == flagged, (judged.emergency_kind, judged.emergency_confidence)


@pytest.mark.parametrize(("text", "kind", "confidence", "feeling"), [
    ("差点被电动车撞了，人行道该管管", "accident", 0.05, True),
    ("差点被电动车撞了，人行道该管管", "accident", 0.4, False),   # not faint: kept
    ("烦死了，活着没意思", "self_harm", 0.05, False),             # despair is never cleared
    ("路灯坏了两周了", "accident", 0.05, False),                  # no feeling's words
    ("他说要打死我", "violence", 0.05, False),                    # 打死 is no feeling
])
def test_only_a_faint_signal_in_a_feelings_words_is_cleared(text: str, kind: str,
                                                            confidence: float,
                                                            feeling: bool) -> None:
    assert only_a_feeling(text, kind, confidence) == feeling
