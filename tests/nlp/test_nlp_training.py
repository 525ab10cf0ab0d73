"""Training on a small generated sample, the model file format, and the eval/CLI contract."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from nlp import Analyzer, ModelError, ModelVersionError, TrainingDataError, modelfile
from nlp.cli import main
from nlp.dataset import read_examples
from nlp.model import LinearModel
from nlp.tokenizer import Tokenizer
from nlp.training import cross_validate, dedupe, evaluate, fit, train

TOPICS = {
    "water": ["停水", "自来水", "水压", "水管", "漏水"],
    "wage": ["工资", "欠薪", "老板", "工地", "加班费"],
    "school": ["学校", "老师", "学生", "作业", "补课"],
}
EVAL_KEYS = {"n", "accuracy", "macro_f1", "per_label", "msgs_per_s", "top2_accuracy",
             "top3_accuracy", "ece", "coverage_at_precision", "at_model_thresholds"}
FILLERS = ["我们", "小区", "最近", "一直", "问题", "严重", "希望", "尽快", "解决", "反映"]


def sample(rows: int, seed: int) -> list[tuple[str, str]]:
    generator = random.Random(seed)
    result = []
    for index in range(rows):
        label = list(TOPICS)[index % len(TOPICS)]
        words = generator.sample(TOPICS[label], 2) + generator.sample(FILLERS, 4)
        generator.shuffle(words)
        result.append((label, "".join(words) + f"第{index}次"))
    return result


def write_tsv(path: Path, rows: list[tuple[str, str]], header: str = "id\tlabel\ttext") -> Path:
    lines = [header] + [f"r{index}\t{label}\t{text}" for index, (label, text) in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    directory = tmp_path_factory.mktemp("model")
    data = write_tsv(directory / "train.tsv", sample(90, seed=1))
    out = directory / "model.npz"
    summary = train(data, out, progress=False)
    assert summary["examples"] == 90
    return out, write_tsv(directory / "test.tsv", sample(30, seed=2))


def test_train_writes_a_loadable_model(trained: tuple[Path, Path]) -> None:
    model = LinearModel.load(trained[0])
    assert model.labels == ("school", "wage", "water")
    analyzer = Analyzer.load(trained[0])
    result = analyzer.analyze("学校老师布置的作业太多了")
    assert result.category == "school"
    assert 0.0 < result.category_confidence <= 1.0
    assert set(result.category_terms) & {"学校", "老师", "作业"}


def test_eval_json_shape(trained: tuple[Path, Path], tmp_path: Path) -> None:
    result = evaluate(trained[0], trained[1], report_dir=tmp_path / "report")
    assert set(result) == EVAL_KEYS
    assert result["n"] == 30
    assert result["macro_f1"] >= 0.9
    assert set(result["per_label"]) == {"school", "wage", "water"}
    assert set(result["per_label"]["wage"]) == {"precision", "recall", "f1", "support"}
    assert result["msgs_per_s"] > 0
    assert (tmp_path / "report" / "confusion.png").stat().st_size > 0
    assert (tmp_path / "report" / "per_label.tsv").read_text(encoding="utf-8").startswith("label\t")
    for picture in ("reliability.png", "precision_coverage.png"):
        assert (tmp_path / "report" / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_eval_json(trained: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--model", str(trained[0]), "--data", str(trained[1]), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == EVAL_KEYS
    # The selective-routing keys (issue 18), their shape and ranges.
    assert set(printed["coverage_at_precision"]) == {"0.95", "0.97"}
    assert all(0.0 <= value <= 1.0 for value in printed["coverage_at_precision"].values())
    assert printed["accuracy"] <= printed["top2_accuracy"] <= printed["top3_accuracy"] <= 1.0
    assert 0.0 <= printed["ece"] <= 1.0
    assert set(printed["at_model_thresholds"]) == {"0.95", "0.97"}
    for routed in printed["at_model_thresholds"].values():
        assert set(routed) == {"threshold", "coverage", "precision"}


def test_cli_train(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_tsv(tmp_path / "train.tsv", sample(60, seed=3))
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "m.npz"), "--quiet"]) == 0
    assert (tmp_path / "m.npz").exists()
    assert "model written" in capsys.readouterr().err


def test_cli_reports_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.tsv").write_text("foo\tbar\n1\t2\n", encoding="utf-8")
    assert main(["train", "--data", str(tmp_path / "bad.tsv"), "--quiet"]) == 1
    assert "no label column" in capsys.readouterr().err


def test_csv_with_title_and_body(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('类别,留言主题,详情\n城乡建设,"小区停水","已经三天, 没人管"\n', encoding="utf-8")
    [example] = read_examples(path)
    assert example.label == "城乡建设"
    assert example.text == "小区停水 已经三天, 没人管"


def test_dedupe_keeps_one_copy_with_the_majority_label() -> None:
    from nlp.dataset import Example

    examples = [Example("a", "同一 句话"), Example("b", "同一句话"), Example("b", "同一句话"), Example("a", "另一句")]
    assert dedupe(examples) == [Example("b", "同一句话"), Example("a", "另一句")]


def test_cross_validation_figures() -> None:
    from nlp.dataset import Example

    examples = [Example(label, text) for label, text in sample(60, seed=4)]
    result = cross_validate(examples, folds=3, tokenizer=Tokenizer())
    assert result["n"] == 60 and result["folds"] == 3
    assert len(result["fold_macro_f1"]) == 3
    assert result["macro_f1"] > 0.8


def test_training_needs_two_labels() -> None:
    from nlp.dataset import Example

    with pytest.raises(TrainingDataError):
        fit([Example("a", "只有一个类别"), Example("a", "还是这个类别")])


def test_wrong_format_version_fails_clearly(trained: tuple[Path, Path], tmp_path: Path) -> None:
    with np.load(trained[0], allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    header = json.loads(arrays["header"].tobytes())
    header["format_version"] = modelfile.FORMAT_VERSION + 1
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    np.savez(tmp_path / "future.npz", **arrays)
    with pytest.raises(ModelVersionError, match="format version") as caught:
        Analyzer.load(tmp_path / "future.npz")
    assert caught.value.found == modelfile.FORMAT_VERSION + 1


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_garbage_model_files_fail_clearly(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "garbage.npz"
    path.write_bytes(content)
    with pytest.raises(ModelError):
        LinearModel.load(path)


def test_an_npz_that_is_not_a_model(tmp_path: Path) -> None:
    np.savez(tmp_path / "other.npz", x=np.zeros(3))
    with pytest.raises(ModelError, match="not a model file"):
        LinearModel.load(tmp_path / "other.npz")


def test_missing_model_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        Analyzer.load(tmp_path / "absent.npz")


def test_model_file_holds_no_pickle(trained: tuple[Path, Path]) -> None:
    # allow_pickle=False refuses object arrays: every member must load without it.
    with np.load(trained[0], allow_pickle=False) as archive:
        assert all(archive[name].dtype != object for name in archive.files)


def test_max_features_keeps_the_strongest_features_and_refits() -> None:
    from nlp.dataset import Example
    from nlp.training import TrainConfig

    examples = [Example(label, text) for label, text in sample(90, seed=5)]
    full = fit(examples, config=TrainConfig(max_features=0, calibration_folds=0))
    pruned = fit(examples, config=TrainConfig(max_features=40, calibration_folds=0))
    assert full.vectorizer.size > 40
    assert pruned.vectorizer.size == 40
    assert pruned.meta["max_features"] == 40
    # The kept features are among the heaviest of the unpruned model's, topic words included.
    kept = set(pruned.vectorizer.features)
    assert kept <= set(full.vectorizer.features)
    assert {"w:工资", "w:学校", "w:漏水"} & kept
    tokenizer = Tokenizer()
    for text, label in (("工地老板拖欠工资", "wage"), ("学校作业太多", "school"), ("家里水管漏水停水", "water")):
        assert pruned.classify(text, tokenizer.terms(text)).label == label
