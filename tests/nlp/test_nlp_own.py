"""A bureau's own cases weigh more than a base file, and their label wins on the same text."""

from __future__ import annotations

import pytest

from bench.nlp_learning_curve import MAX_OWN_WEIGHT, own_case_weight
from nlp.dataset import Example
from nlp.training import TrainConfig, fit


@pytest.mark.parametrize(
    ("own", "base", "weight"),
    [(0, 1000, 1.0), (10, 0, 1.0), (25, 5000, MAX_OWN_WEIGHT), (200, 5000, 6.25),
     (2000, 5000, 1.0)],
)
def test_own_case_weight(own: int, base: int, weight: float) -> None:
    assert own_case_weight(own, base) == pytest.approx(weight)


def test_own_labels_win_and_own_cases_count_more() -> None:
    base = [Example("water", f"小区停水第{i}天了没人管") for i in range(30)]
    base += [Example("wage", f"老板拖欠工资第{i}个月") for i in range(30)]
    # The bureau files water-pressure complaints under its own label; a base text is relabelled.
    own = [Example("pressure", f"楼上水压太低第{i}层没水") for i in range(3)]
    own.append(Example("pressure", base[0].text))
    config = TrainConfig(calibration_folds=0, max_features=0)
    weighted = fit(base, own=own, own_weight=MAX_OWN_WEIGHT, config=config)
    assert weighted.labels == ("pressure", "wage", "water")
    assert weighted.meta["examples"] == len(base) + len(own) - 1
    from nlp.tokenizer import Tokenizer

    tokenizer = Tokenizer()
    text = "楼上水压太低没水"
    assert weighted.classify(text, tokenizer.terms(text)).label == "pressure"
