"""The conversation evaluation reads what the bot did, and a wrong expectation shows as a miss."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.conversation_eval import Row, evaluate, read_rows
from nlp import Analyzer
from tests.bot.harness import open_core
from tests.conftest import FIXED_NOW

ROWS = [
    Row("我不想活了，药都准备好了，跟家里人说声对不起", "new_petition", "self_harm", False),
    Row("你们几点上班？", "question", "", False),
    Row("我的投诉怎么样了", "status_query", "", False),
    Row("我们小区的电梯坏了两个星期了，八十岁的老人只能爬十几层楼，物业一直不修，请督促维修。",
        "new_petition", "", False),
    Row("副镇长收了开发商二十万，把我们村的集体土地低价卖了，请纪委查一查。",
        "new_petition", "", True),
]


def figures(sqlite_url: str, tmp_path: Path, analyzer: Analyzer,
            rows: list[Row]) -> dict[str, dict[str, object]]:
    core = open_core(sqlite_url, tmp_path / "data", FIXED_NOW, analyzer)
    try:
        result = asyncio.run(evaluate(core, rows))
    finally:
        core.close()
    return result["expectations"]  # type: ignore[return-value]


def test_each_expectation_is_read_from_the_replies_and_the_store(
        sqlite_url: str, tmp_path: Path, analyzer: Analyzer) -> None:
    got = figures(sqlite_url, tmp_path, analyzer, ROWS)
    assert got["emergency_advised"]["hits"] == 2      # without and with an open case
    assert got["calm_not_advised"]["hits"] == 8
    assert got["never_a_case"] == {"rate": 1.0, "hits": 4, "trials": 4, "misses": []}
    assert got["status_answered"]["hits"] == 1
    assert got["new_matter_registered"]["hits"] == 1
    assert got["accusation_registered"]["hits"] == 1


def test_a_wrong_expectation_is_counted_as_a_miss_with_its_text(
        sqlite_url: str, tmp_path: Path, analyzer: Analyzer) -> None:
    # A status question labelled as a new matter: the bot (rightly) opens no case.
    got = figures(sqlite_url, tmp_path, analyzer,
                  [Row("我的投诉怎么样了", "new_petition", "", False)])
    assert got["new_matter_registered"] == {"rate": 0.0, "hits": 0, "trials": 1,
                                            "misses": ["我的投诉怎么样了"]}


def test_rows_are_read_from_the_corpus_format(tmp_path: Path) -> None:
    path = tmp_path / "rows.tsv"
    path.write_text("text\tintent\temergency_kind\taccusation\tlegal_route\n"
                    "煤气味很重\tnew_petition\tgas\t0\t\n", encoding="utf-8")
    assert read_rows(path) == [Row("煤气味很重", "new_petition", "gas", False)]
