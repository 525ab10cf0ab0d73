"""Clerks' corrections join the dialogue model's training and override the corpus (issue 15),
and the leave-one-author-out evaluation trains on the other authors only."""

from __future__ import annotations

from pathlib import Path

from nlp.dialogue_authors import leave_groups_out, leave_one_author_out, split_for_thresholds
from nlp.dialogue_model import INTENT
from nlp.dialogue_training import Correction, features_of, fit, latest_corrections
from nlp.phrasings import Phrasing, corpus_path, read_phrasings
from nlp.tokenizer import Tokenizer

#: Said by a petitioner about a case he filed; the small corpus below calls it a new matter.
ASKED = "麻烦帮忙瞅一眼我那桩事走到哪个环节了"
#: The same question in other words, in no corpus and no correction.
ASKED_AGAIN = "帮忙瞅一眼我那桩事现在走到哪个环节"


def _corpus() -> tuple[list[Phrasing], list[Phrasing]]:
    """A slice of the shipped corpus: small enough to fit in a second or two."""
    return (read_phrasings(corpus_path("phrasings_train.tsv"))[::6],
            read_phrasings(corpus_path("phrasings_dev.tsv"))[::4])


def test_a_correction_overrides_the_corpus_label_of_its_text_and_reaches_a_paraphrase(
        tokenizer: Tokenizer) -> None:
    train_rows, dev_rows = _corpus()
    # The corpus holds the text with the wrong label: without the clerk, that is what is learned.
    wrong = Phrasing(ASKED, "new_petition", "", False, "")
    before = fit(tokenizer, [*train_rows, wrong, wrong], dev_rows)
    assert before.judge(features_of(ASKED, tokenizer))[INTENT].label == "new_petition"
    assert before.judge(features_of(ASKED_AGAIN, tokenizer))[INTENT].label != "status_query"

    after = fit(tokenizer, [*train_rows, wrong, wrong], dev_rows,
                corrections=[Correction(ASKED, INTENT, "status_query")])
    assert after.meta["corrections"] == {INTENT: 1}
    assert after.judge(features_of(ASKED, tokenizer))[INTENT].label == "status_query"
    assert after.judge(features_of(ASKED_AGAIN, tokenizer))[INTENT].label == "status_query"


def test_the_latest_correction_of_a_text_wins_and_unknown_heads_are_dropped() -> None:
    corrections = [Correction("楼下冒烟", "emergency", ""), Correction("其他", "category", "x"),
                   Correction("楼下冒烟 ", "emergency", "fire"), Correction("  ", "intent", "help")]
    assert latest_corrections(corrections) == [Correction("楼下冒烟 ", "emergency", "fire")]


def test_leave_one_author_out_never_trains_on_the_author_it_scores(tokenizer: Tokenizer) -> None:
    rows = read_phrasings(corpus_path("phrasings_train.tsv"))
    # Only author "c" ever asks to withdraw: trained on the others, no model can say withdraw,
    # so c's intent accuracy is 0 exactly when c was kept out of c's training.
    withdraws = [row for row in rows if row.intent == "withdraw"][:40]
    others = [row for row in rows if row.intent != "withdraw"]
    authors = {"a": others[:600:2], "b": others[1:600:2], "c": withdraws}
    result = leave_one_author_out(tokenizer, authors)
    assert set(result["per_author"]) == {"a", "b", "c"}
    assert result["per_author"]["c"]["n"] == len(withdraws)
    assert result["per_author"]["c"]["intent_accuracy"] == 0.0
    assert result["per_author"]["a"]["intent_accuracy"] > 0.3
    assert set(result["mean"]) >= {"intent_accuracy", "emergency_recall", "route_recall"}
    train_a, dev_a = split_for_thresholds(authors["a"])
    assert len(train_a) + len(dev_a) == 300 and len(dev_a) == 60


def test_leaving_groups_out_never_trains_on_a_group_it_scores(tokenizer: Tokenizer) -> None:
    rows = read_phrasings(corpus_path("phrasings_train.tsv"))
    # Only "c" and "d" ask to withdraw: with both in one group, nothing trained on the rest can
    # say withdraw; "e" is in no group, so it trains every model and is never scored.
    withdraws = [row for row in rows if row.intent == "withdraw"][:40]
    others = [row for row in rows if row.intent != "withdraw"]
    authors = {"a": others[:600:3], "b": others[1:600:3], "c": withdraws[:20],
               "d": withdraws[20:], "e": others[2:600:3]}
    result = leave_groups_out(tokenizer, authors, [["a", "b"], ["c", "d"]])
    assert set(result["per_author"]) == {"a", "b", "c", "d"}
    assert result["per_author"]["c"]["intent_accuracy"] == 0.0
    assert result["per_author"]["d"]["intent_accuracy"] == 0.0
    assert result["per_author"]["a"]["intent_accuracy"] > 0.3


def test_the_mined_phrasings_are_well_formed() -> None:
    rows = read_phrasings(Path(str(corpus_path("phrasings_mined_raw.tsv"))))
    assert len(rows) >= 90
    assert any(row.emergency_kind for row in rows) and any(row.accusation for row in rows)
    assert {row.legal_route for row in rows} >= {"诉讼", "仲裁", "行政复议", "信息公开"}
