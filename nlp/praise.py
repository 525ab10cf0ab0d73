"""Praise of an official or a unit: no accusation, however like one it reads.

"表扬一下我们社区的王书记 帮我们解决了漏水的问题" names an official and what they did, which
is the shape of an accusation to the learned head (0.21, over its recall-first threshold): the
praise was told it would go to 纪检监察, and the praised unit was barred from its own case by the
firewall. Praise said in so many words, with no word of wrongdoing beside it, is a rule.
Thanks alone ("谢谢") is not praise here: it closes many a complaint.
"""

from __future__ import annotations

import re

_PRAISE = re.compile(r"表扬|点赞|点个赞|赞一个|称赞|赞扬|锦旗|好评|夸奖|夸一夸|夸夸|感谢信|致谢|"
                     r"为[他她]们?点赞|值得学习|学习的榜样")
#: Any word of wrongdoing or complaint beside the praise leaves the judgement to the model.
_WRONGDOING = re.compile(
    r"贪|受贿|索贿|行贿|吃拿卡要|好处|回扣|红包|挪用|侵占|套取|冒领|滥用|违规|违法|违纪|渎职|失职|"
    r"不作为|乱作为|乱收|乱罚|打人|殴打|骂|威胁|报复|推诿|刁难|态度(?:差|恶劣|蛮横|不好)|包庇|"
    r"举报|检举|控告|投诉|反映|欺负|霸占|克扣|拖欠|但是|可是|却|反而")


def praises(text: str) -> bool:
    """Whether normalized ``text`` praises someone and accuses no one."""
    return _PRAISE.search(text) is not None and _WRONGDOING.search(text) is None
