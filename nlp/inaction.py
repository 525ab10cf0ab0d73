"""An official's words quoted, or their inaction told, with no wrongdoing: no accusation.

"住建局的人说我们这片要拆迁了让我们月底前搬走", "校长不管", "村主任说没钱修路", "社区书记说再
等等", "环保局推给住建局": a unit or an official and what they said or did not do is the shape of
an accusation to the learned head (0.09 to 0.93), and the citizen asking for compensation, a
school meal or a road was told their matter goes to 纪检监察, the unit named barred from it by
the firewall (Art 30). A complaint of inaction is a matter for the unit's superior, not an
accusation of wrongdoing (bribery, abuse, threats, favours). A closed grammar: a unit or an
official immediately followed by saying, telling to, or not dealing with it; and nowhere in the
message a word of wrongdoing, money asked or taken, kin or favour. Measured on the training and
dev phrasings (session 20, docs/NLP.md): 1 of 4,299 labelled accusations passes the gate.
"""

from __future__ import annotations

import re

from nlp.accused import BODIES, TITLES

_OFFICIAL = "(?:" + "|".join(map(re.escape, TITLES + BODIES)) + ")"
#: The official, then what they said or did not do.
_SAYS_OR_LEAVES = re.compile(
    _OFFICIAL + r"(?:的)?(?:人|工作人员|同志|领导)?(?:就是|一直|总是|也|都|还|却|只|就)?"
    r"(?:说|讲|告诉(?:我们?|俺们?)|让(?:我们?|俺们?)|叫(?:我们?|俺们?)|要(?:我们?|俺们?)|通知|答复|回复|"
    r"不管|不理|推给|推到|推脱|推诿|踢皮球|不作为|不处理|不办|不回复|不答复|没人管|没回音)")
#: Wrongdoing, money asked or taken, kin and favours: any of them leaves the judgement alone.
_WRONGDOING = re.compile(
    r"贪|受贿|索贿|行贿|吃拿卡要|好处|回扣|红包|挪用|侵占|侵吞|套取|冒领|虚报|骗|滥用|违规|违法|违纪|"
    r"渎职|失职|乱作为|乱收|乱罚|乱搞|殴打|动手|推搡|骂|辱|威胁|恐吓|报复|刁难|为难|卡我|卡着|态度|"
    r"包庇|纵容|勾结|串通|合伙|入股|分红|股份|亲戚|关系|熟人|朋友|同学|舅|老乡|女儿|儿子|老婆|"
    r"弟|哥|外甥|侄|[收给要交塞拿分送进贪吞扣]钱|钱(?:也)?(?:去|哪|进|被|都|全|没)|块|元|万|千|百|交|"
    r"统筹|意思|差价|账|补偿款|补贴|款|私|逼|强拆|强行|扣|占|卖|租|送|拿|收|礼|烟|酒|吃喝|吃饭|请吃|"
    r"打(?!工)|抓|罚|撤|改|藏|压|假|偷|黑|坑|威|吓|欺|霸|权|费|返点|提成|保护|照顾|故意|暗箱|内定|"
    r"徇私|舞弊|枉法|暴力|非法|作假|造假|篡改|伪造|举报|检举|控告|揭发|告发|纪委|监察|纪检|腐败|"
    r"猫腻|内幕|截留|私吞|公车|公款|空饷|挂名|"
    r"bribe|corrupt|kickback|abuse|bully|threat|beat|extort|embezzl|illegal|favo|relative|paid|money",
    re.IGNORECASE)


def only_words_or_inaction(text: str) -> bool:
    """Whether normalized ``text`` quotes an official or tells their inaction and accuses them
    of nothing."""
    return _SAYS_OR_LEAVES.search(text) is not None and _WRONGDOING.search(text) is None
