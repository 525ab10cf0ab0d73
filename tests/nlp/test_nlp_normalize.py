from __future__ import annotations

from dataclasses import replace

import pytest

from nlp import Analyzer, normalize
from nlp.analyzer import MAX_CHARS
from nlp.normalize import detect_language


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("西地省 乡村 菜园 农产品 有限公司 拖欠 员工工资", "西地省乡村菜园农产品有限公司拖欠员工工资"),
        ("我們的國家", "我们的国家"),
        ("ＸＦ２０２６－０００１２３", "XF2026-000123"),
        ("  多个   空格\t和\n换行  ", "多个空格和换行"),
        ("投诉\u200b噪音", "投诉噪音"),
        ("A3 区 噪音", "A3 区噪音"),
        ("where’s my case", "where's my case"),
        ("", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("where's my case", "en"),
        ("STOP", "zh"),  # a keyword, not prose: the dialogue keeps the language
        ("bu manyi, yao fucha", "zh"),
        ("ok", "zh"),
        ("我的案件怎么样了", "zh"),
        ("XF2026-000123 K7P2QX9M", "zh"),
        ("5", "zh"),
        ("", "zh"),
        ("A市A3区噪音扰民", "zh"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(normalize(text)) == language


def test_segmented_and_raw_text_tokenize_alike(analyzer: object) -> None:
    from nlp import Analyzer

    assert isinstance(analyzer, Analyzer)
    raw = "公司拖欠员工工资，老板不发"
    segmented = "公司 拖欠 员工工资 老板 不发"
    assert analyzer.terms(segmented) == analyzer.terms(raw)


@pytest.mark.parametrize("raw", ["我們的國家 滿意！", "ＸＦ２０２６－０００１２３ 进展如何", "", "  噪音\u200b扰民  "])
def test_an_analysis_gives_the_normalized_text_of_what_it_read_only(
        analyzer: Analyzer, raw: str) -> None:
    """``Analysis.normalized`` spares the dialogue a second normalization (issue 17): it is
    ``normalize`` of the very text analyzed, and nothing for any other text."""
    analysis = analyzer.analyze(raw)
    assert analysis.normalized(raw) == normalize(raw)
    assert analysis.normalized(raw + "。") is None
    assert replace(analysis, category="x").normalized(raw) == normalize(raw)


def test_a_text_analyzed_in_part_gives_no_normalized_text(analyzer: Analyzer) -> None:
    long = "噪音扰民" * (MAX_CHARS // 4 + 1)  # analyzed up to MAX_CHARS only
    assert analyzer.analyze(long).normalized(long) is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("🆘", "救命"), ("🔥🔥🏠", "着火着火房子"), ("🚑！", "救护车!"),
    # Among words an emoji is left alone: the words say what it means ("给力了🔥" is praise).
    ("太给力了🔥", "太给力了🔥"), ("😡", "😡"), ("👍", "👍"),
])
def test_danger_emoji_alone_are_read_as_words(raw: str, expected: str) -> None:
    assert normalize(raw) == expected
