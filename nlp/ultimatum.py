"""A citizen's ultimatum to take the matter higher or to the public ("再不管我就去北京上访",
"我就找记者曝光"): how a petition is argued, not a danger to life.

The emergency head hears the ultimatum's shape ("再…我就…") in the threats of self-harm it
learned, and gave the crisis line to people who said they would go to Beijing or to the press.
When it names no danger (no harm, no crowd, no place or act of a protest) the signal is not
silenced but softened: the dialogue answers the message as what it is, led by the short
safety line with 110/119/120, and a person reads it at once (bot.dialogue.alarm.quiet). A
signal is never dropped on a rule's word: the first version cleared it and, measured once on
a held-out set at the end of session 13, lost one emergency there. Whatever else the message
says keeps the full alarm (recall first).
"""

from __future__ import annotations

import re

# The writer's own resolve, then (within a few characters: "我明天就买票去北京") where to.
_THREAT = re.compile(
    r"(?:我|俺|咱|老子)(?:们)?(?:就|要|必须|明天|马上|这就|立马|准备|会|得|只能|只好|一定)+"
    r".{0,4}(?:(?:去|到|上|找|进|跑)(?:北京|省里|省城|省政府|省委|省信访局|市里|市政府|中央|"
    r"国务院|国家信访局|上级|上面|领导|纪委|记者|媒体|电视台|报社|网上|网络|微博|抖音|头条|"
    r"朋友圈|法院)|上访|进京|曝光|发到网上|发网上|发抖音|发微博|告到|起诉|打官司)")
# Any word of harm, a crowd or a protest's place or act keeps the alarm: the ultimatum then
# may be the danger's own words ("再不管我就去北京，死在那里"). Written wide on purpose.
_DANGER = re.compile(
    r"死|跳|命|活不|活着|药|烧|火|炸|砍|杀|刀|血|汽油|煤气|液化气|农药|楼顶|天台|桥|河|江边|湖|"
    r"水库|同归于尽|拼了|拼命|自焚|割腕|上吊|安眠|遗书|遗言|轻生|一了百了|结束|解脱|横幅|堵路|"
    r"堵门|围堵|围住|聚集|集体|几十|上百|静坐|绝食|卧轨|跪|撞|打人|动手|揍|弄死|收拾|硫酸|毒|"
    r"全村|全小区|大家|一起|联名|一帮|一群|好多人|很多人|都去|打断|腿|倒地|没了|再见|联系不上|"
    r"警察|大巴|租|车人|多人|天安门|中南海|回不来|最后一次|后事")


def threatens_escalation(text: str) -> bool:
    """Whether normalized ``text`` threatens to take the matter higher or public and names no
    danger."""
    return _THREAT.search(text) is not None and _DANGER.search(text) is None
