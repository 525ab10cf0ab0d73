"""The dialogue judgements (issue 15): intent, emergency, accusation and legal route.

The tables are written for these tests, apart from the corpus the model is trained on; they
hold the issue's own examples (which no corpus row copies) and phrasings of each class,
negations included.  A few per class: the held-out figures are the real measure
(``python run.py nlp eval-dialogue``).
"""

from __future__ import annotations

import pytest

from nlp import Analyzer, Intent

INTENTS = [
    # the examples
    ("我的投诉怎么样了", Intent.STATUS_QUERY),
    ("我的投诉进展如何", Intent.STATUS_QUERY),
    ("满意，谢谢", Intent.RATING),
    ("追加材料", Intent.SUPPLEMENT),
    ("我叫孙八，电话13912345678", Intent.PARTICULARS),
    # other wordings of the same classes
    ("我那件事現在咋樣了", Intent.STATUS_QUERY),
    ("my complaint, any news?", Intent.STATUS_QUERY),
    ("上礼拜报的事有人管没", Intent.STATUS_QUERY),
    ("给你们打个五星，处理得很及时", Intent.RATING),
    ("再补一张现场照片给你们", Intent.SUPPLEMENT),
    ("对复查意见不服，我要申请复核", Intent.APPEAL),
    ("事情已经解决了，我的投诉撤回吧", Intent.WITHDRAW),
    ("这个月哪天有领导接访", Intent.BOOKING),
    ("匿名反映问题可以吗", Intent.QUESTION),
    ("好的谢谢你们", Intent.GREETING),
    ("楼下ktv每天半夜还在唱歌，吵得全楼睡不着", Intent.NEW_PETITION),
    ("公司三个月没发工资了", Intent.NEW_PETITION),
]

EMERGENCIES = [
    ("我现在就从公司楼顶跳下去", "self_harm"),
    ("我吃了一整瓶安眠药", "self_harm"),
    ("我老公拿着菜刀说要砍死我", "violence"),
    ("楼下饭店烧起来了，火很大", "fire"),
    ("家里煤气味特别重，头好晕", "gas"),
    ("路口一辆货车把骑电动车的人撞了，人躺在地上不动", "accident"),
    ("我爸突然倒地叫不醒", "medical"),
    ("几百个村民堵在高速路口，快打起来了", "mass_incident"),
]

NOT_EMERGENCIES = [
    "小区消防通道被电动车堵了，希望物业清理",
    "我被公司fired了",
    "楼下噪音扰民",
]


# Negations: the cue word is there, the emergency is not.  (Recall comes first: the threshold keeps
# every dev emergency, so a negation right beside a strong cue — "我不是要跳河，是护栏坏了",
# "没有着火，是邻居家烧菜的油烟太大了" — or a fee for gas may still be flagged, and a clerk looks;
# the precision this costs is measured on held-out phrasings in docs/NLP.md.)
NEGATIONS = [
    # A question about a procedure, the danger denied: a question (LABEL_GUIDE.md, "negation
    # follows meaning").
    ("我不是想自杀，我是想问问低保怎么申请", Intent.QUESTION, "我想自杀"),
    ("不是有人打架，是楼下夫妻吵嘴声音太大", Intent.NEW_PETITION, "楼下有人打架，拿刀砍人了"),
]


@pytest.mark.parametrize(("text", "intent", "affirmed"), NEGATIONS)
def test_a_negated_emergency_is_what_it_says(analyzer: Analyzer, text: str, intent: Intent,
                                             affirmed: str) -> None:
    result = analyzer.analyze(text)
    # The threshold is recall-first (0.03): a denial right beside a strong cue may still just
    # reach it, but stays far below what the emergency itself scores.
    assert result.emergency_confidence < 0.1
    assert analyzer.analyze(affirmed).emergency_confidence > 0.3
    assert result.intent is intent


@pytest.mark.parametrize(("text", "intent"), INTENTS)
def test_intent(analyzer: Analyzer, text: str, intent: Intent) -> None:
    result = analyzer.analyze(text)
    assert result.intent is intent
    assert 0.0 < result.intent_confidence <= 1.0


def test_intent_has_alternatives_and_terms(analyzer: Analyzer) -> None:
    result = analyzer.analyze("我反映的问题现在有结果了吗")
    assert result.intent is Intent.STATUS_QUERY
    assert result.intent_terms
    assert result.intent_alternatives
    assert all(intent is not result.intent for intent, _ in result.intent_alternatives)


@pytest.mark.parametrize("text", ["以后不要再给我发短信了", "STOP", "退订"])
def test_opt_out(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text).intent is Intent.OPT_OUT


@pytest.mark.parametrize("text", ["工地能不能晚上停工，太吵了", "please stop the construction noise at night"])
def test_stop_inside_a_matter_is_not_an_opt_out(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text).intent is not Intent.OPT_OUT


@pytest.mark.parametrize(("text", "kind"), EMERGENCIES)
def test_emergency(analyzer: Analyzer, text: str, kind: str) -> None:
    result = analyzer.analyze(text)
    assert result.emergency
    assert result.emergency_kind == kind
    assert result.emergency_terms
    assert 0.0 < result.emergency_confidence <= 1.0


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_not_an_emergency(analyzer: Analyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert not result.emergency
    assert result.emergency_kind == ""


def test_emergency_is_not_taken_for_a_status_question(analyzer: Analyzer) -> None:
    result = analyzer.analyze("我的事一直没人管，我今天就从这楼上跳下去")
    assert result.emergency_kind == "self_harm"


@pytest.mark.parametrize(("text", "accused"), [
    ("我们镇的副镇长收了开发商的好处，把地便宜批给了他", "副镇长"),
    ("村支书把低保名额都给了自己家亲戚", "村支书"),
    ("举报区城管局执法人员向摊贩收保护费", "区城管局执法人员"),
])
def test_accusation_names_the_accused(analyzer: Analyzer, text: str, accused: str) -> None:
    result = analyzer.analyze(text)
    assert result.accusation
    assert result.statutory_type == "检举控告"
    assert result.legal_route == "纪检监察"
    assert any(accused in span for span in result.accused)
    assert result.accusation_terms


@pytest.mark.parametrize("text", ["举报楼下饭店油烟扰民", "小区物业乱收停车费"])
def test_complaint_about_a_business_is_no_accusation(analyzer: Analyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert not result.accusation
    assert result.accused == ()


@pytest.mark.parametrize(("text", "route"), [
    ("劳动仲裁裁决公司付我两万，到现在一分没给", "仲裁"),
    ("对交警的罚款决定不服，我要申请行政复议", "行政复议"),
    ("判决生效半年了对方还是不还钱", "诉讼"),
    ("申请公开我们村土地征收的补偿标准", "信息公开"),
    ("这件事我去年已经信访过了，一直没结果", "信访程序中"),
])
def test_legal_route(analyzer: Analyzer, text: str, route: str) -> None:
    result = analyzer.analyze(text)
    assert result.legal_route == route
    assert result.legal_route_terms
    assert 0.0 < result.legal_route_confidence <= 1.0


def test_no_route_for_an_everyday_matter(analyzer: Analyzer) -> None:
    result = analyzer.analyze("小区门口的路灯坏了好几天了")
    assert result.legal_route is None
    assert result.legal_route_terms == ()


def test_a_danger_the_model_is_sure_of_is_a_matter_not_a_question() -> None:
    # LABEL_GUIDE.md rule 12: an emergency is a new petition; a question or a thanks would
    # leave it without a case.  A status question keeps its intent (it reaches the open case).
    from nlp.dialogue_model import Judgement
    from nlp.intents import detect_intent

    def intent(label: str, danger: float, flagged: bool = True) -> Intent:
        judgement = Judgement(label, 0.6, (), ((label, 0.6), ("new_petition", 0.3)))
        emergency = Judgement("self_harm" if flagged else "", danger, (), ())
        return detect_intent("药都攒好了，想问问你们几点下班", (), judgement, emergency).intent

    assert intent("question", 0.9) is Intent.NEW_PETITION
    assert intent("greeting", 0.25) is Intent.NEW_PETITION
    assert intent("question", 0.1) is Intent.QUESTION  # flagged, but not that sure
    assert intent("question", 0.9, flagged=False) is Intent.QUESTION
    assert intent("status_query", 0.9) is Intent.STATUS_QUERY
