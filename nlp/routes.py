"""Legal routes: matters that belong to a court, arbitration, administrative review, discipline
inspection or information disclosure, or that are already in the petition procedure.

The bot points the citizen to the route (《信访工作条例》 Art 28, 31; 12345 practice: explain,
do not duplicate).  This is a flag with its reasons, never a refusal by itself: staff decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.cues import CueSet

LITIGATION = "诉讼"
ARBITRATION = "仲裁"
ADMINISTRATIVE_REVIEW = "行政复议"
DISCIPLINE = "纪检监察"
INFORMATION_DISCLOSURE = "信息公开"
IN_PETITION_PROCESS = "信访程序中"

#: Every route, in the order ties are decided (the more formal procedure first).
LEGAL_ROUTES: tuple[str, ...] = (
    LITIGATION,
    ARBITRATION,
    ADMINISTRATIVE_REVIEW,
    DISCIPLINE,
    INFORMATION_DISCLOSURE,
    IN_PETITION_PROCESS,
)

_CUES = CueSet(
    {
        LITIGATION: {
            "起诉": 3.0, "诉讼": 3.0, "打官司": 3.0, "法院": 2.0, "判决": 3.0, "判决书": 3.0,
            "裁定书": 3.0, "调解书": 2.0, "立案": 1.5, "上诉": 3.0, "再审": 3.0, "申请执行": 3.0,
            "强制执行": 1.5, "执行庭": 3.0, "执行局": 3.0, "老赖": 2.0, "律师": 1.0, "开庭": 3.0,
            "lawsuit": 3.0, "court": 2.0, "sue": 2.0,
        },
        ARBITRATION: {
            "仲裁": 3.0, "劳动仲裁": 4.0, "仲裁委": 4.0, "仲裁裁决": 4.0, "劳动争议": 2.0,
            "arbitration": 3.0,
        },
        ADMINISTRATIVE_REVIEW: {
            "行政复议": 4.0, "复议": 2.5, "行政处罚决定": 2.0, "处罚决定书": 2.0, "行政诉讼": 3.0,
        },
        DISCIPLINE: {
            "纪委": 4.0, "监委": 4.0, "纪检": 4.0, "监察委": 4.0, "纪检监察": 4.0, "中纪委": 4.0,
            "贪污": 2.5, "受贿": 2.5, "索贿": 2.5, "腐败": 2.5, "违纪": 2.5, "公款吃喝": 2.5,
            "以权谋私": 2.5, "党员干部": 1.5, "村干部": 1.0, "滥用职权": 2.0, "玩忽职守": 2.0,
        },
        INFORMATION_DISCLOSURE: {
            "信息公开": 4.0, "政府信息公开": 4.0, "依申请公开": 4.0, "公开申请": 2.0,
            "公开信息": 2.0, "申请公开": 3.0,
        },
        IN_PETITION_PROCESS: {
            "复查": 3.0, "复核": 3.0, "复查申请": 4.0, "复核申请": 4.0, "信访事项": 2.0,
            "已经信访": 3.0, "已信访": 3.0, "多次信访": 3.0, "多次上访": 3.0, "上访": 1.5,
            "信访处理意见书": 4.0, "处理意见书": 3.0, "答复意见": 2.0, "已经受理": 2.0,
            "已受理": 2.0, "正在办理": 2.0, "还在办理": 2.0, "已经反映过": 1.5, "重复反映": 2.0,
            "终结": 2.0,
        },
    },
    # Phrases that contain a cue but are something else: a "法院街" is a street, "复核"
    # inside "核酸" cannot happen but "审核" and "复核率" style words are admin jargon.
    exclusions=("法院街", "法院路", "立案侦查", "复检"),
)

# Below this summed weight a lone weak cue ("律师", "上访") is not enough to flag a route.
_MIN_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class RouteResult:
    """The route (or None) and the phrases that point to it."""

    route: str | None
    terms: tuple[str, ...]
    #: The summed weight of the cues found (0 when none).
    weight: float = 0.0


def legal_route(text: str) -> RouteResult:
    """The legal route normalized ``text`` points to, if any."""
    score = _CUES.score(text)
    if score.label is None or score.weight < _MIN_WEIGHT:
        return RouteResult(None, ())
    return RouteResult(score.label, score.terms, score.weight)


#: The stage a route is told to have reached, where the next step differs from the route's
#: start: a review decided (复议维持, 复议决定书, 复议被驳回) goes to court (行政诉讼, 15 days),
#: not to review again; a labour award disagreed with, or a case the committee refused, goes to
#: court too (15 days) — "复议机关维持了原决定" was told to apply for 行政复议 (issue 15).
DECIDED = "decided"

_REVIEW_DECIDED = re.compile(
    r"复议[^。！？!?]{0,12}?(?:维持|驳回|不予受理|决定书|决定下来|结果出来|没(?:有)?支持|没(?:有)?撤销|败了|输了)"
    r"|(?:维持|驳回)[^。！？!?]{0,8}?复议|复议决定|复议机关[^。！？!?]{0,6}?(?:维持|驳回|决定)"
    r"|复议(?:过|了)[^。！？!?]{0,8}?(?:还是|也)")
_AWARD_DECIDED = re.compile(
    r"(?:仲裁|裁决)[^。！？!?]{0,12}?(?:不服|不满意|不认可|不公|不合理|有异议)"
    r"|(?:不服|不满意|不认可)[^。！？!?]{0,8}?(?:仲裁|裁决)"
    r"|仲裁[^。！？!?]{0,8}?不(?:予)?受理|不予受理通知书")


#: An award or a judgment in force that the other side does not carry out ("劳动仲裁已经裁决了
#: 但是公司不执行", "法院判了 老板就是不给钱", "调解书下来半年了他一分没还"): the next step is
#: the people's court's enforcement (申请强制执行, within two years), not arbitration or a suit
#: again — "那我该找谁" after it was told to arbitrate.
UNENFORCED = "unenforced"

_DECISION = (r"(?:仲裁(?:已经|赢了|胜了|裁决|结果|下来|书|判)|裁决(?:书|了|下来|生效)|已经裁决|判决(?:书|了|下来|生效)|"
             r"已经判|判了|判下来|宣判|胜诉|(?:官司|仲裁)(?:也)?(?:赢了|打赢了)|打赢|调解书|调解协议|生效|执行书|裁定书)")
_NOT_CARRIED_OUT = (r"(?:不执行|不履行|没执行|没履行|拒不|拒绝(?:执行|履行|支付|赔)|不给|没给|不付|没付|不赔|"
                    r"没赔|不还|没还|赖账|耍赖|拖着|还是不|一分(?:钱)?(?:都|也)?没|一直没|迟迟不|找不到人|跑了|跑路)")
#: ...unless the decision itself is disputed ("判下来了 兄弟几个还是不服"): an appeal's matter.
_DISPUTED = re.compile(r"不服|上诉|再审|申诉|判错|判得不公")
_UNENFORCED = re.compile(_DECISION + r"[^。！？!?]{0,16}?" + _NOT_CARRIED_OUT)


def route_stage(text: str, route: str | None) -> str:
    """The stage normalized ``text`` tells ``route`` has reached ("" for none or the start)."""
    if route in (ARBITRATION, LITIGATION) and _UNENFORCED.search(text) \
            and not _AWARD_DECIDED.search(text) and not _DISPUTED.search(text):
        return UNENFORCED
    if route == ADMINISTRATIVE_REVIEW and _REVIEW_DECIDED.search(text):
        return DECIDED
    if route == ARBITRATION and _AWARD_DECIDED.search(text):
        return DECIDED
    return ""


#: A private loan the writer lent and cannot get back ("朋友借了我五万 写了借条 现在不还",
#: "借给表哥二十万 他不认账了", "借条在手上 他就是不还"): a civil dispute for the people's
#: court, told as 诉讼 even though no court word is written (issue 15, probe27). Not wages, a
#: project's or a supplier's money, nor a bank's, a platform's or a collector's loan: those are
#: labour, contract or finance matters with their own units. Over the labelled corpus (dev
#: aside) it fires on 38 texts: 诉讼 28, none 6 (most asking "我能告他吗"), 纪检监察 2 and
#: 信访程序中 2 (routes the model already gives; this is read only when it gives none).
_PRIVATE_LOAN = re.compile(
    r"(?:借条|欠条|借(?:了|给)?(?:我|他|她|朋友|亲戚|同学|表哥|表姐|表弟|表妹|邻居)?[^，。！？,!?]{0,6}"
    r"(?:钱|块|元|万)|欠(?:了)?我[^，。！？,!?]{0,6}(?:钱|块|元|万))"
    r"[^。！？!?]{0,24}?(?:不还|没还|不认账|赖账|要不回|拉黑|不接|不回|不给|没给|找不到|联系不上|失联)")
_NOT_A_PRIVATE_LOAN = re.compile(
    r"工资|工钱|薪|工程款|劳务费|货款|银行|贷款|网贷|平台|利息|高利贷|催收"
    # ...nor a debt told inside a petition already made: that petition's (信访程序中).
    r"|信访|上访|答复|回复|反映过|上次")


def private_loan(text: str) -> bool:
    """Normalized ``text`` tells of money lent privately and not paid back (see _PRIVATE_LOAN)."""
    return _PRIVATE_LOAN.search(text) is not None and _NOT_A_PRIVATE_LOAN.search(text) is None
