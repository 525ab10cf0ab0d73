"""Several matters marked apart in one message (nlp.several): one case each, so the analysis
reads each part alone; one matter told in points is one matter."""

from __future__ import annotations

import pytest

from nlp import Analyzer, normalize
from nlp.several import split_matters

SEVERAL = [
    ("我反映两件事。第一，我村的低保名额被村干部亲属占了；第二，村里的自来水管冻裂了到现在还没修好。", 2),
    ("我反映两个问题：一是小区门口的路灯坏了一个月没人修，二是楼下烧烤店油烟扰民", 2),
    ("楼上漏水到我家已经两个月了物业不管。另外还有一件事，楼上装修噪音很大天天砸墙", 2),
    ("（1）学校门口的黑车天天拉客很危险（2）公交站的候车亭被风刮倒了没人修（3）菜市场门口的下水道堵了", 3),
]
ONE = [
    "我有三点要求：1、尽快修好电梯，2、赔偿损失，3、追究责任",  # demands of one matter
    "这件事我反映过很多次了，第一次是去年三月，第二次是今年五月，都没有结果",
    "我家住3楼，楼上邻居每天半夜12点以后还在跺脚",
    "工地晚上施工太吵了，另外灰尘也很大",  # aspects of one matter, no marker of another
]


@pytest.mark.parametrize(("text", "count"), SEVERAL)
def test_marked_matters_are_split(text: str, count: int) -> None:
    assert len(split_matters(normalize(text))) == count


@pytest.mark.parametrize("text", ONE)
def test_one_matter_is_not_split(text: str) -> None:
    assert split_matters(normalize(text)) == ()


def test_the_analysis_reads_each_matter_of_a_different_kind(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(SEVERAL[0][0])
    assert [part.accusation for part in analysis.several] == [True, False]
    assert len({part.category for part in analysis.several}) == 2
    # The same kind told in two marked points is one matter.
    same = analyzer.analyze("我反映两件事：一是楼上邻居装修天天砸墙噪音很大，二是楼上邻居装修半夜还在电钻打孔")
    assert same.several == ()
