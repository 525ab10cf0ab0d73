from __future__ import annotations

import pytest

from nlp import Analyzer, CaseRef, Intent

CASES = [
    ("我的案件怎么样了", Intent.STATUS_QUERY),
    ("查询 XF2026-000123 K7P2QX9M", Intent.STATUS_QUERY),
    ("XF2026-000123", Intent.STATUS_QUERY),
    ("where's my case", Intent.STATUS_QUERY),
    ("Where is my case?", Intent.STATUS_QUERY),
    ("进度", Intent.STATUS_QUERY),
    ("我上个月反映的问题处理结果出来了吗", Intent.STATUS_QUERY),
    ("我要投诉小区噪音扰民", Intent.NEW_PETITION),
    ("我要投诉 小区 噪音 扰民", Intent.NEW_PETITION),
    ("公司拖欠我们三个月工资，老板现在联系不上，请政府帮我们讨回血汗钱", Intent.NEW_PETITION),
    ("楼下烧烤店每天晚上营业到凌晨三点，油烟和噪音让全楼的人都睡不好觉", Intent.NEW_PETITION),
    ("追加材料：现场照片三张，已经发到邮箱", Intent.SUPPLEMENT),
    ("补充一下，楼下那家店还占道经营", Intent.SUPPLEMENT),
    ("XF2026-000123 补充：施工时间是每天晚上十点以后", Intent.SUPPLEMENT),
    ("我的案件", Intent.LIST_CASES),
    ("我的投诉列表", Intent.LIST_CASES),
    ("/cases", Intent.LIST_CASES),
    ("帮助", Intent.HELP),
    ("help", Intent.HELP),
    ("HELP", Intent.HELP),
    ("?", Intent.HELP),
    ("/help", Intent.HELP),
    ("你好", Intent.GREETING),
    ("谢谢", Intent.GREETING),
    ("您好！", Intent.GREETING),
    ("好的，谢谢", Intent.GREETING),
    ("START", Intent.OPT_IN),
    ("unstop", Intent.OPT_IN),
    ("", Intent.GREETING),
    ("   ", Intent.GREETING),
]
OPT_OUT = ["STOP", "stop", "Stop", "ＳＴＯＰ", "UNSUBSCRIBE", "END", "QUIT", "CANCEL", "TD", "td", "退订", " stop. "]
RATINGS = [("1", 1), ("5", 5), ("５", 5), ("3分", 3), ("满意", 4), ("非常满意", 5), ("基本满意", 3), ("不满意", 2)]


@pytest.mark.parametrize(("text", "intent"), CASES)
def test_intent(analyzer: Analyzer, text: str, intent: Intent) -> None:
    assert analyzer.analyze(text).intent is intent


@pytest.mark.parametrize("text", OPT_OUT)
def test_opt_out_whole_message(analyzer: Analyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert result.intent is Intent.OPT_OUT
    assert result.intent_confidence >= 0.9


@pytest.mark.parametrize("text", ["please stop the construction noise at night", "工地能不能停工，太吵了"])
def test_opt_out_words_inside_a_message_are_not_opt_out(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text).intent is not Intent.OPT_OUT


@pytest.mark.parametrize(("text", "grade"), RATINGS)
def test_rating(analyzer: Analyzer, text: str, grade: int) -> None:
    result = analyzer.analyze(text)
    assert result.intent is Intent.RATING
    assert result.rating == grade


def test_rating_inside_a_complaint_is_not_a_rating(analyzer: Analyzer) -> None:
    result = analyzer.analyze("我对处理结果不满意，要求重新调查")
    # Asking for the matter to be looked at again is an appeal (复查) or a new request.
    assert result.intent in (Intent.APPEAL, Intent.NEW_PETITION)
    assert result.rating is None


def test_empty_text_is_a_low_confidence_greeting(analyzer: Analyzer) -> None:
    result = analyzer.analyze("")
    assert result.intent is Intent.GREETING
    assert result.intent_confidence < 0.5


def test_case_refs_in_analysis(analyzer: Analyzer) -> None:
    result = analyzer.analyze("查询 xf2026-000123 k7p2qx9m")
    assert result.case_refs == (CaseRef("XF2026-000123", "K7P2QX9M"),)
    assert result.language == "zh"


def test_english_status_query_is_english(analyzer: Analyzer) -> None:
    assert analyzer.analyze("where's my case").language == "en"


@pytest.mark.parametrize(
    "text",
    ["\x00\x01", "😀" * 50, "a" * 100_000, "\ud800", "XF" * 1000, "。" * 10, "\n\n", "🇨🇳投诉"],
)
def test_analyze_never_raises(analyzer: Analyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert isinstance(result.intent, Intent)
