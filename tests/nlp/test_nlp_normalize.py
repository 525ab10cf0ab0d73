from __future__ import annotations

import pytest

from nlp import normalize
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
