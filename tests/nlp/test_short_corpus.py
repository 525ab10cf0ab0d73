"""The project's short complaints (nlp/corpus/short_complaints.tsv) and training beside them."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from bot.routing import RoutingTable
from nlp import Analyzer, TrainingDataError
from nlp.cli import main
from nlp.model import LinearModel
from nlp.normalize import normalize
from nlp.short_corpus import read_short, short_corpus_path
from nlp.training import train

SEVEN = {"城乡建设", "环境保护", "商贸旅游", "交通运输", "卫生计生", "劳动和社会保障", "教育文体"}


def test_the_corpus_is_short_complaints_of_the_seven_labels_split_in_two_parts() -> None:
    trained, held = read_short("train"), read_short("heldout")
    assert len(trained) + len(held) >= 600 and len(held) >= 150
    for part in (trained, held):
        counts = Counter(example.label for example in part)
        assert set(counts) == SEVEN and min(counts.values()) >= 20
        assert all(2 <= len(example.text) <= 25 for example in part)
    # The held-out part was written apart: no text of it is a train row.
    assert not {normalize(e.text) for e in trained} & {normalize(e.text) for e in held}
    assert len({normalize(e.text) for e in trained}) == len(trained)


def test_read_short_keeps_the_labels_asked_and_names_a_bad_file(tmp_path: Path) -> None:
    only = read_short("train", labels={"交通运输"})
    assert only and {example.label for example in only} == {"交通运输"}
    with pytest.raises(ValueError, match="part"):
        read_short("dev")
    bad = tmp_path / "short.tsv"
    bad.write_text("# a comment\nlabel\ttext\n城乡建设\t停水\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="part, label, text"):
        read_short("train", bad)
    bad.write_text("part\tlabel\ttext\ntest\t城乡建设\t停水\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="row 2"):
        read_short("train", bad)
    assert short_corpus_path().name == "short_complaints.tsv"


# A base of long posts where 装修 belongs to shops (decoration companies' fees), as in the
# reference data where no row is short: a renovating neighbour then reads as a shop matter.
_HOUSING = ["物业", "房产证", "开发商", "小区", "拆迁", "交房", "楼盘", "产权"]
_SHOPS = ["装修公司", "装修", "商家", "退款", "超市", "消费者", "价格", "定金"]
_FILLERS = ["我们", "反映", "情况", "最近", "一直", "希望", "有关部门", "尽快", "解决", "严重",
            "问题", "已经", "多次", "没有", "处理", "领导"]


def _base(path: Path) -> Path:
    generator = random.Random(7)
    lines = ["id\tlabel\ttext"]
    for index in range(120):
        label, words = (("城乡建设", _HOUSING) if index % 2 else ("商贸旅游", _SHOPS))
        body = generator.sample(words, 3) + generator.sample(_FILLERS, 10)
        generator.shuffle(body)
        lines.append(f"b{index}\t{label}\t{''.join(body)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    directory = tmp_path_factory.mktemp("short")
    data = _base(directory / "base.tsv")
    alone, beside = directory / "alone.npz", directory / "beside.npz"
    assert main(["train", "--data", str(data), "--out", str(alone), "--quiet"]) == 0
    summary = train(data, beside, short_weight=2.0)
    # Only the rows of the labels the data uses: no class the bureau does not have.
    wanted = len(read_short("train", labels={"城乡建设", "商贸旅游"}))
    assert summary["short_rows"] == wanted and summary["short_weight"] == 2.0
    assert LinearModel.load(beside).labels == ("商贸旅游", "城乡建设")
    return alone, beside


def test_without_short_rows_a_renovating_neighbour_hangs_on_one_word(models: tuple[Path, Path]) -> None:
    assert Analyzer.load(models[0]).analyze("楼上邻居装修").category == "商贸旅游"


@pytest.mark.parametrize("text", ["楼上邻居装修", "对面那家装潢吵", "有人占了空地盖房"])
def test_with_short_rows_a_short_complaint_routes_to_its_unit(models: tuple[Path, Path], text: str) -> None:
    analysis = Analyzer.load(models[1]).analyze(text)
    assert analysis.category == "城乡建设"
    decision = RoutingTable.load().by_category(analysis)
    # Routed to housing when the model is sure enough, else a person decides; never to 商务局.
    assert decision.unit in {"市住房和城乡建设委员会", "信访局办信科（人工分办）"}


def test_the_cli_records_the_short_rows_in_the_model(models: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "m.npz"
    data = _base(tmp_path / "base.tsv")
    assert main(["train", "--data", str(data), "--out", str(out), "--short-weight", "1.5", "--quiet"]) == 0
    meta = LinearModel.load(out).meta
    assert meta["short_weight"] == 1.5 and meta["short_corpus"] == "short_complaints.tsv"
    assert "short_rows" not in LinearModel.load(models[0]).meta
