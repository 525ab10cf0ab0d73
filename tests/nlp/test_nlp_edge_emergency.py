"""Despair said quietly at an edge of a long complaint is still heard (session 17).

The emergency head reads the whole message, whose hundred n-grams drown a closing "我活着太累了";
the analyzer now reads the first and the last clause alone for self-harm (nlp.analyzer,
``_edge_emergency``). Each despair row below is missed by the whole message's judgement (the
first test says so, so the table keeps testing the edge reading); calm long complaints that
end in an everyday "累死了" or "气死我了" stay calm.
"""

from __future__ import annotations

import pytest

from nlp import Analyzer
from nlp.dialogue_model import EMERGENCY
from nlp.normalize import normalize

QUIET_DESPAIR = [
    "在厂里干了八个月 老板说没钱发工资 房东天天催房租 孩子还在老家等着学费 我活着太累了",
    "我真的活够了 物业断了我家的水电 说我欠费 我明明交了",
]
CALM = [
    "孩子的学校天天补课到晚上九点，周末也不放假，家长都很有意见，累死了",
    "小区停车位被占，物业不管，保安态度差，气死我了",
    "菜市场门口天天堵车，早上送孩子上学要绕一大圈，真是烦死了",
]


@pytest.mark.parametrize("text", QUIET_DESPAIR)
def test_the_whole_message_alone_misses_it(analyzer: Analyzer, text: str) -> None:
    normalized = normalize(text)
    judged = analyzer._dialogue.judge_message(normalized, analyzer._tokenizer.terms(normalized))
    assert not judged[EMERGENCY].label, judged[EMERGENCY]


@pytest.mark.parametrize("text", QUIET_DESPAIR)
def test_despair_at_an_edge_of_a_long_complaint_is_self_harm(analyzer: Analyzer,
                                                             text: str) -> None:
    found = analyzer.analyze(text)
    assert found.emergency and found.emergency_kind == "self_harm", found.emergency_confidence
    assert found.emergency_terms


@pytest.mark.parametrize("text", CALM)
def test_an_everyday_complaint_of_being_tired_stays_calm(analyzer: Analyzer, text: str) -> None:
    assert not analyzer.analyze(text).emergency


@pytest.mark.parametrize("text", [*QUIET_DESPAIR, *CALM, "我不想活了", "有人举报副镇长收钱"])
def test_one_head_alone_judges_as_all_the_heads_do(analyzer: Analyzer, text: str) -> None:
    model = analyzer._dialogue
    normalized = normalize(text)
    words = analyzer._tokenizer.terms(normalized)
    every = model.judge_message(normalized, words)
    for name in every:
        assert model.judge_head(normalized, words, name) == every[name]


@pytest.mark.parametrize("pieces, edges", [
    (["", "老板不发工资", "房租交不起", "活着太累了", ""], ("老板不发工资", "活着太累了")),
    (["老板不发工资", "好", "活着太累了"], None),  # two clauses: read whole
    (["老板不发工资", "好", "房租交不起", "嗯", "活着太累了"], ("老板不发工资", "活着太累了")),
    (["ＡＢＣ", "ab", "ｄｅｆ", "xyz"], ("ABC", "xyz")),  # full width folded
    (["a", "b"], None), ([], None),
])
def test_the_edge_clauses(pieces: list[str], edges: tuple[str, str] | None) -> None:
    from nlp.analyzer import _edge_clauses

    assert _edge_clauses(pieces) == edges
