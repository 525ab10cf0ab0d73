from __future__ import annotations

import pytest

from nlp import SimilarityIndex, simhash, simhash_similarity, similarity
from nlp.tokenizer import Tokenizer

NOISE = "我们小区楼下的烧烤店每天晚上营业到凌晨两点，油烟和噪音严重扰民"
NOISE_AGAIN = "小区楼下烧烤店天天营业到凌晨2点，噪声和油烟扰民，请尽快处理"
WAGES = "公司拖欠我们三个月的工资，老板现在联系不上"


def test_similarity_range_and_order(tokenizer: Tokenizer) -> None:
    same = similarity(NOISE, NOISE, tokenizer=tokenizer)
    near = similarity(NOISE, NOISE_AGAIN, tokenizer=tokenizer)
    far = similarity(NOISE, WAGES, tokenizer=tokenizer)
    assert same == pytest.approx(1.0)
    assert 0.5 < near < 1.0
    assert 0.0 <= far < 0.3


def test_similarity_of_segmented_and_raw_text(tokenizer: Tokenizer) -> None:
    assert similarity("公司拖欠员工工资", "公司 拖欠 员工工资", tokenizer=tokenizer) == pytest.approx(1.0)


def test_empty_texts(tokenizer: Tokenizer) -> None:
    assert similarity("", NOISE, tokenizer=tokenizer) == 0.0
    assert similarity("", "", tokenizer=tokenizer) == 0.0


def test_index_finds_the_repeat(tokenizer: Tokenizer) -> None:
    index: SimilarityIndex[str] = SimilarityIndex(tokenizer)
    index.add("XF2026-000001", NOISE)
    index.add("XF2026-000002", WAGES)
    index.add("XF2026-000003", "学校门口没有红绿灯，孩子过马路很危险")
    matches = index.query(NOISE_AGAIN, threshold=0.3)
    assert [match.key for match in matches] == ["XF2026-000001"]
    assert 0.3 <= matches[0].score <= 1.0
    index.discard("XF2026-000001")
    assert "XF2026-000001" not in index
    assert index.query(NOISE_AGAIN, threshold=0.3) == []
    assert len(index) == 2


def test_simhash_is_stable_and_close_for_near_duplicates(tokenizer: Tokenizer) -> None:
    from nlp import normalize

    first = simhash(tokenizer.terms(normalize(NOISE)))
    assert first == simhash(tokenizer.terms(normalize(NOISE)))
    assert 0 <= first < 2**64
    near = simhash_similarity(first, simhash(tokenizer.terms(normalize(NOISE_AGAIN))))
    far = simhash_similarity(first, simhash(tokenizer.terms(normalize(WAGES))))
    assert near > far
