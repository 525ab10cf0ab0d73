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


#: Abuse of the bureau and its officials as a body, and the idioms of idleness: "狗官", "一群废物",
#: "收了钱不办事" (paid and does nothing: the salary, said of all of them), "吃干饭的".
_ABUSE = re.compile(
    r"狗官|贪官|昏官|狗东西|废物|饭桶|蛀虫|败类|人渣|垃圾|混蛋|王八蛋|畜生|官僚|衙门|老爷|"
    r"吃(?:干|闲)饭(?:的)?|尸位素餐|不办人事|不干人事|"
    r"(?:光|只|白|就)?(?:收了?|拿了?|拿着|领着?|吃着)(?:钱|工资|俸禄|纳税人的钱|老百姓的钱|国家的钱)"
    r"(?:不办事|不干活|不干事|不做事|不作为|不管事|不管)|(?:收|拿)钱不办事|"
    r"就知道|只会|只知道|(?:不办事|不干活|不干事|不作为|不管事|混日子|推诿|踢皮球)")
#: Around the abuse: who it is said of (the bureau as a body), particles, intensifiers.
_ABUSE_FILLER = re.compile(
    r"你们|您们|他们|这些|这帮|这群|那帮|那些|一群|一帮|一伙|一个个|个个|都是|全是|就是|真是|"
    r"简直|根本|真|都|全|也|还|就|是|的|了|啊|呀|吧|呢|嘛|哼|呸|么|群|帮|伙|些|当官的|官|人|"
    r"政府|信访局|部门|干部|领导")
_ANY = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")


def only_abuse(text: str) -> bool:
    """Whether normalized ``text`` is abuse of the bureau as a body and the idioms of idleness,
    and nothing else ("你们这些狗官 收了钱不办事", "一群废物 吃干饭的"): an insult, not an
    accusation of bribery — no official named, no one who paid, no sum, no act. A closed
    grammar: "王科长收了老板五万块钱" leaves a name, a payer and a sum, and stays one."""
    if _ABUSE.search(text) is None:
        return False
    return _ANY.search(_ABUSE_FILLER.sub("", _ABUSE.sub("", text))) is None
