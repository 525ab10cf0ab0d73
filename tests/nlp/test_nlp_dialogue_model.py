"""The dialogue model's training, file and evaluation command (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlp.cli import main
from nlp.dialogue_model import HEADS, DialogueModel, shipped_dialogue_model_path
from nlp.dialogue_training import (
    DEV,
    INTENT_TOL,
    TRAIN,
    DialogueConfig,
    features_of,
    nb_scale,
    pick_threshold,
    train,
)
from nlp.errors import ModelError, TrainingDataError
from nlp.phrasings import HEADER, apply_audit, corpus_path, read_phrasings
from nlp.tokenizer import Tokenizer
from tests.corpus_slice import corpus_slice


def _write(path: Path, rows: list[tuple[str, ...]]) -> Path:
    path.write_text("\n".join("\t".join(row) for row in [HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_the_corpus_is_large_enough_and_well_formed() -> None:
    train_rows = read_phrasings(corpus_path(TRAIN))
    dev_rows = read_phrasings(corpus_path(DEV))
    assert len(train_rows) + len(dev_rows) >= 1500
    assert not {row.text for row in train_rows} & {row.text for row in dev_rows}
    assert {row.emergency_kind for row in dev_rows} - {""} == {
        "self_harm", "violence", "fire", "gas", "accident", "medical", "mass_incident"}


def test_training_is_deterministic(tmp_path: Path, tokenizer: Tokenizer) -> None:
    train_path = corpus_slice(TRAIN, tmp_path / "train.tsv", 8)
    dev_path = corpus_slice(DEV, tmp_path / "dev.tsv", 4)
    first = train(tokenizer, train_path=train_path, dev_path=dev_path)
    second = train(tokenizer, train_path=train_path, dev_path=dev_path)
    first.save(tmp_path / "first.npz")
    second.save(tmp_path / "second.npz")
    assert first.features == second.features
    for name in HEADS:
        assert np.array_equal(first.heads[name].weights, second.heads[name].weights)
        assert first.heads[name].threshold == second.heads[name].threshold
    assert (tmp_path / "first.npz").read_bytes() == (tmp_path / "second.npz").read_bytes()


def test_the_log_count_ratio_weighs_a_class_mark_above_a_common_word() -> None:
    from scipy import sparse

    # Columns: a word only questions have, a word every row has, a word spread unevenly.
    matrix = sparse.csr_matrix(np.array([[1, 1, 0], [1, 1, 1], [0, 1, 1], [0, 1, 1]],
                                        dtype=np.float32))
    scale = nb_scale(matrix, ["question", "question", "new_petition", "new_petition"])
    assert scale[0] > scale[2] > scale[1]
    assert np.isclose(np.average(scale, weights=[2, 4, 3]), 1.0)


def test_the_intent_scaling_touches_the_intent_head_alone(tmp_path: Path,
                                                          tokenizer: Tokenizer) -> None:
    train_path = corpus_slice(TRAIN, tmp_path / "train.tsv", 8)
    dev_path = corpus_slice(DEV, tmp_path / "dev.tsv", 4)
    plain = train(tokenizer, train_path=train_path, dev_path=dev_path,
                  config=DialogueConfig(intent_nb=0.0))
    scaled = train(tokenizer, train_path=train_path, dev_path=dev_path,
                   config=DialogueConfig(intent_nb=1.0))
    assert not np.array_equal(plain.heads["intent"].weights, scaled.heads["intent"].weights)
    for name in ("emergency", "accusation", "route"):
        assert np.array_equal(plain.heads[name].weights, scaled.heads[name].weights)
        assert plain.heads[name].threshold == scaled.heads[name].threshold
    # The scale is folded into the weights: the file is read by the same code as before.
    scaled.save(tmp_path / "scaled.npz")
    counts = features_of("两个月了没消息 是不是没人管了", tokenizer)
    assert DialogueModel.load(tmp_path / "scaled.npz").judge(counts) == scaled.judge(counts)


def test_the_intent_tolerance_touches_the_intent_head_alone(tmp_path: Path,
                                                           tokenizer: Tokenizer) -> None:
    train_path = corpus_slice(TRAIN, tmp_path / "train.tsv", 8)
    dev_path = corpus_slice(DEV, tmp_path / "dev.tsv", 4)
    # A tolerance this coarse stops lbfgs within a few iterations: far from the default's fit.
    rough = train(tokenizer, train_path=train_path, dev_path=dev_path,
                  config=DialogueConfig(intent_tol=1e-1))
    converged = train(tokenizer, train_path=train_path, dev_path=dev_path)
    assert converged.meta["intent_tol"] == INTENT_TOL <= 1e-6
    assert rough.meta["intent_tol"] == 1e-1
    assert not np.allclose(rough.heads["intent"].weights, converged.heads["intent"].weights,
                           atol=1e-2)
    for name in ("emergency", "accusation", "route"):
        assert np.array_equal(rough.heads[name].weights, converged.heads[name].weights)
        assert rough.heads[name].threshold == converged.heads[name].threshold


def test_train_dialogue_takes_the_intent_tolerance(tmp_path: Path) -> None:
    train_path = corpus_slice(TRAIN, tmp_path / "train.tsv", 16)
    dev_path = corpus_slice(DEV, tmp_path / "dev.tsv", 8)
    out = tmp_path / "model.npz"
    assert main(["train-dialogue", "--train", str(train_path), "--dev", str(dev_path),
                 "--out", str(out), "--intent-tol", "1e-3", "--quiet"]) == 0
    assert DialogueModel.load(out).meta["intent_tol"] == 1e-3


def test_model_file_round_trip(tmp_path: Path, tokenizer: Tokenizer) -> None:
    model = DialogueModel.load()
    model.save(tmp_path / "copy.npz")
    copy = DialogueModel.load(tmp_path / "copy.npz")
    assert copy.features == model.features
    assert copy.meta == model.meta
    counts = features_of("我家楼下着火了，烟很大", tokenizer)
    assert copy.judge(counts) == model.judge(counts)
    assert copy.judge(counts)["emergency"].label == "fire"


def test_a_file_that_is_no_model_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.npz").write_bytes(b"not a model")
    with pytest.raises(ModelError):
        DialogueModel.load(tmp_path / "bad.npz")
    with pytest.raises(ModelError):
        DialogueModel.load(tmp_path / "missing.npz")


def test_shipped_thresholds_lean_towards_recall() -> None:
    model = DialogueModel.load(shipped_dialogue_model_path())
    assert 0.0 < model.heads["emergency"].threshold <= 0.5
    assert model.meta["recall_targets"]["emergency"] >= 0.98


def test_threshold_is_the_highest_that_keeps_the_recall() -> None:
    probabilities = [0.9, 0.6, 0.3, 0.2, 0.1]
    flagged = [True, True, True, False, False]
    assert pick_threshold(probabilities, flagged, 1.0) == 0.3
    assert pick_threshold(probabilities, flagged, 0.6) == 0.5
    # A ceiling (what authors left out needed) caps what dev alone would allow.
    assert pick_threshold(probabilities, flagged, 0.6, ceiling=0.1) == 0.1
    assert pick_threshold(probabilities, flagged, 1.0, floor=0.05, ceiling=0.2) == 0.2


def test_a_bad_row_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path / "bad.tsv", [("楼下着火了", "new_petition", "flood", "0", "")])
    with pytest.raises(TrainingDataError, match="line 2"):
        read_phrasings(path)


def test_eval_dialogue_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    heldout = _write(tmp_path / "heldout.tsv", [
        ("我的事办到哪一步了", "status_query", "", "0", ""),
        ("我家厨房着火了", "new_petition", "fire", "0", ""),
        ("村支书贪污扶贫款", "new_petition", "", "1", "纪检监察"),
        ("劳动仲裁的钱公司不给", "new_petition", "", "0", "仲裁"),
    ])
    assert main(["eval-dialogue", "--heldout", str(heldout), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 4
    assert result["source"].startswith("held-out")
    assert set(result) >= {"intent", "emergency", "accusation", "legal_route", "targets"}
    assert set(result["intent"]) == {"accuracy", "per_class", "confusions"}
    assert set(result["intent"]["per_class"]["status_query"]) == {"precision", "recall", "support"}
    assert set(result["emergency"]) >= {"recall", "precision", "per_kind"}
    assert result["emergency"]["positives"] == 1
    assert set(result["targets"]) == {"emergency_recall", "intent_accuracy", "accusation_recall",
                                      "legal_route_recall"}
    assert all(isinstance(row["met"], bool) for row in result["targets"].values())


def test_eval_dialogue_says_when_there_is_no_heldout(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval-dialogue", "--heldout", str(tmp_path / "absent.tsv"), "--json"]) == 0
    captured = capsys.readouterr()
    assert "no held-out file" in captured.err
    assert json.loads(captured.out)["source"].startswith("dev")


def test_eval_dialogue_scores_against_an_audits_labels(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    heldout = _write(tmp_path / "heldout.tsv", [
        ("我的事办到哪一步了", "new_petition", "", "0", "信访程序中"),
        ("我家厨房着火了", "new_petition", "fire", "0", ""),
    ])
    audit = tmp_path / "audit.tsv"
    audit.write_text("text\tcolumn\tas_written\tby_guide\trule\n"
                     "我的事办到哪一步了\tintent\tnew_petition\tstatus_query\trule 5\n"
                     "我的事办到哪一步了\tlegal_route\t信访程序中\t\troute section\n",
                     encoding="utf-8")
    assert main(["eval-dialogue", "--heldout", str(heldout), "--json"]) == 0
    as_written = json.loads(capsys.readouterr().out)
    assert main(["eval-dialogue", "--heldout", str(heldout), "--audit", str(audit), "--json"]) == 0
    audited = json.loads(capsys.readouterr().out)
    assert "2 labels as audited" in audited["source"]
    assert as_written["intent"]["per_class"]["new_petition"]["support"] == 2
    assert audited["intent"]["per_class"]["new_petition"]["support"] == 1
    assert audited["intent"]["per_class"]["status_query"]["support"] == 1
    assert audited["legal_route"]["positives"] == 0


def test_an_audit_of_another_file_is_refused(tmp_path: Path) -> None:
    rows = read_phrasings(_write(tmp_path / "heldout.tsv",
                                 [("我家厨房着火了", "new_petition", "fire", "0", "")]))
    audit = tmp_path / "audit.tsv"
    audit.write_text("text\tcolumn\tas_written\tby_guide\trule\n"
                     "我家厨房着火了\tintent\tquestion\tnew_petition\trule 12\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="line 2"):
        apply_audit(rows, audit)
