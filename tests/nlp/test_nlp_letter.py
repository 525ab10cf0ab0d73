"""Serve-time cleaning of letters, place masking and train-time roughening."""

from __future__ import annotations

import random

import pytest

from nlp import normalize
from nlp.augment import roughen
from nlp.masking import PLACE, mask_places
from nlp.normalize import strip_letter


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("尊敬的王书记：您好！小区门口的路灯坏了一个月。此致敬礼！市民 张三 2024年5月1日",
         "小区门口的路灯坏了一个月。"),
        ("领导您好，工地老板拖欠我们工资三个月了，恳请帮助。谢谢！联系电话：13800138000",
         "工地老板拖欠我们工资三个月了，恳请帮助。"),
        ("学校周末补课收费太高了，请教育局管一管\n\n-----原始邮件-----\n发件人：xinfang@example.cn\n您的来信已收到",
         "学校周末补课收费太高了，请教育局管一管"),
        # A quote header at the very start is not cut (nothing would be left); quoted lines are.
        ("在2024年5月1日 上午10:00，信访局 写道：已转办。\n> 旧内容", "在2024年5月1日 上午10:00，信访局 写道：已转办。"),
        ("公交车太少了", "公交车太少了"),
        ("你好", "你好"),  # nothing but a greeting: kept, never emptied
        ("A1 区 火星 镇 社区 环境 脏乱差 _x000D_ 您好 _x000D_ 冒昧 打扰", "A1 区 火星 镇 社区 环境 脏乱差   您好   冒昧 打扰"),
    ],
)
def test_strip_letter(raw: str, expected: str) -> None:
    assert strip_letter(raw) == expected


def test_strip_letter_works_on_normalized_text() -> None:
    text = normalize("尊敬的领导：您好！噪音扰民严重。谢谢！")
    assert strip_letter(text) == "噪音扰民严重。"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["a", "市", "a3", "区", "联丰路", "噪音"], [PLACE, "联丰路", "噪音"]),
        (["长春市", "南关区", "物业", "收费"], [PLACE, "物业", "收费"]),
        (["成都", "武侯区", "小区", "停水"], [PLACE, "小区", "停水"]),
        (["市", "开发区", "城中村", "改造"], [PLACE, "开发区", "城中村", "改造"]),
        (["d12", "市", "体育运动", "中心"], [PLACE, "体育运动", "中心"]),
        (["金鼎村", "水泥路"], [PLACE, "水泥路"]),
        (["超市", "全市", "小区"], ["超市", "全市", "小区"]),
    ],
)
def test_mask_places(words: list[str], expected: list[str]) -> None:
    assert mask_places(words) == expected


def test_segmented_and_raw_place_codes_mask_alike(analyzer: object) -> None:
    from nlp import Analyzer

    assert isinstance(analyzer, Analyzer)
    segmented = mask_places(analyzer.terms("A3 区 联丰路 噪音 扰民"))
    raw = mask_places(analyzer.terms("A市A3区联丰路噪音扰民"))
    assert segmented[0] == raw[0] == PLACE
    assert segmented[1:] == raw[1:]


def test_roughen_is_repeatable_and_keeps_every_word() -> None:
    text = "小区 物业 乱 收费 停车费 上涨"
    first = roughen(text, random.Random(3))
    assert first == roughen(text, random.Random(3))
    position = 0
    for word in text.split():
        position = first.index(word, position) + len(word)
    assert first != text.replace(" ", "")


def test_roughened_text_cleans_back_to_the_matter(analyzer: object) -> None:
    from nlp import Analyzer

    assert isinstance(analyzer, Analyzer)
    text = "公司 拖欠 员工 工资 三个月 老板 不发"
    generator = random.Random(0)
    matter = analyzer.terms(text)
    for _ in range(20):
        rough = normalize(roughen(text, generator, rate=0.0))
        # The salutation is gone and the matter comes first; a request such as "望尽快解决" is
        # part of what the citizen asks and may stay.
        assert analyzer.terms(strip_letter(rough))[: len(matter)] == matter
