"""Word clusters from unlabelled text, and the model file that carries them (format 2)."""

from __future__ import annotations

import random
from pathlib import Path

from nlp import clusters, modelfile
from nlp.dataset import Example
from nlp.model import LinearModel, shipped_model_path
from nlp.training import TrainConfig, fit

TOPICS = {
    "ride": ["网约车", "出租车", "司机", "绕路", "车费", "拒载", "打表"],
    "school": ["学校", "老师", "学生", "补课", "作业", "校长", "班主任"],
}


def corpus(rows: int, seed: int) -> list[list[str]]:
    generator = random.Random(seed)
    return [generator.sample(TOPICS[list(TOPICS)[i % 2]], 5) for i in range(rows)]


def test_words_used_alike_share_a_cluster() -> None:
    found = clusters.learn(corpus(400, seed=1), count=2, dimensions=2, min_count=5)
    assert set(found) == {word for words in TOPICS.values() for word in words}
    for words in TOPICS.values():
        assert len({found[word] for word in words}) == 1
    assert found["网约车"] != found["学校"]


def test_too_little_text_gives_no_clusters() -> None:
    assert clusters.learn([["一", "二"]] * 3, count=10, dimensions=5) == {}


def test_a_model_with_clusters_round_trips_and_uses_them(tmp_path: Path) -> None:
    texts = ["".join(words) for words in corpus(120, seed=2)]
    examples = [Example(list(TOPICS)[i % 2], text) for i, text in enumerate(texts)]
    # Unlabelled text teaches that "滴滴" goes with the ride words; no labelled text has it.
    unlabelled = ["".join(random.Random(i).sample(TOPICS["ride"], 4)) + "滴滴" for i in range(60)]
    model = fit(examples, config=TrainConfig(clusters=2, calibration_folds=0, augment=0,
                                             max_features=0),
                unlabelled=unlabelled)
    assert model.clusters and model.clusters.get("滴滴") == model.clusters["网约车"]
    path = tmp_path / "m.npz"
    model.save(path)
    loaded = LinearModel.load(path)
    assert loaded.clusters == model.clusters
    assert any(feature.startswith("k:") for feature in loaded.vectorizer.features)
    # A word only the unlabelled text had is classified through its cluster alone.
    assert loaded.classify("滴滴", ["滴滴"]).label == "ride"


def test_version_1_files_still_load_and_predict_as_before() -> None:
    data = modelfile.read(shipped_model_path())
    assert data.clusters == {}
    assert len(data.block_weights) == len(modelfile.BLOCKS)
    assert data.block_weights[-1] == 0.0  # the family the file predates
    assert not data.spec.strip_letter and not data.spec.mask_places
