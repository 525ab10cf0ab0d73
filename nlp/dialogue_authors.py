"""Leave-one-author-out evaluation of the dialogue model: how it does on a writer it never saw.

The phrasing corpus has several authors, each writing in his own words.  A model scored on its own
author's dev split flatters itself (the same turns of phrase sit on both sides); the real test is
a stranger's words.  So for each author in turn the model is trained on all the others (every
fifth of their rows setting the thresholds, as in shipping) and scored on every row of the one
left out.  Feature and regularization choices are made on the mean over authors (docs/NLP.md).

Scoring here is the model's own judgement, without the analyzer's rules (commands, bare grades,
case numbers): the rules do not change between the variants compared, and leaving them out
keeps a full round to a few model fits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from nlp.dialogue_model import ACCUSATION, EMERGENCY, INTENT, NONE, ROUTE, DialogueModel
from nlp.dialogue_pinyin import PinyinTable
from nlp.dialogue_training import DialogueConfig, fit, target_of
from nlp.phrasings import Phrasing
from nlp.tokenizer import Tokenizer

#: Flag thresholds whose recall and precision are reported besides the model's own.
FLAG_THRESHOLDS: tuple[float, ...] = (0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
#: The row of each author that goes to the thresholds' dev part (as ``compose.py`` splits).
DEV_EVERY = 5
DEV_OFFSET = 2


def split_for_thresholds(rows: Sequence[Phrasing]) -> tuple[list[Phrasing], list[Phrasing]]:
    """Training rows and the threshold rows (every fifth), in the corpus's own way."""
    train = [row for index, row in enumerate(rows) if index % DEV_EVERY != DEV_OFFSET]
    dev = [row for index, row in enumerate(rows) if index % DEV_EVERY == DEV_OFFSET]
    return train, dev


def score(model: DialogueModel, rows: Sequence[Phrasing],
          featurize: Callable[[str], Counter[str]]) -> dict[str, Any]:
    """Intent accuracy, emergency recall/precision, accusation and route recall/precision."""
    judged = [model.judge(featurize(row.text)) for row in rows]
    intent_right = sum(result[INTENT].label == row.intent for row, result in zip(rows, judged))

    def flags(head: str, none: str) -> dict[str, float | int | None]:
        gold = [target_of(head, row) for row in rows]
        guess = [result[head].label for result in judged]
        positives = sum(label != none for label in gold)
        flagged = sum(label != none for label in guess)
        hits = sum(g != none and p != none for g, p in zip(gold, guess))
        exact = sum(g != none and p == g for g, p in zip(gold, guess))
        return {"positives": positives, "flagged": flagged,
                "recall": round(hits / positives, 4) if positives else None,
                "class_recall": round(exact / positives, 4) if positives else None,
                "precision": round(hits / flagged, 4) if flagged else None}

    # Recall and precision had a flag's threshold been another: the dev-picked thresholds come
    # from authors the model trained on, and these say what a stranger's words would need.
    at: dict[str, dict[str, dict[str, float | None]]] = {}
    for head, none in ((EMERGENCY, NONE), (ACCUSATION, "0"), (ROUTE, NONE)):
        gold_flags = [target_of(head, row) != none for row in rows]
        at[head] = {}
        for threshold in FLAG_THRESHOLDS:
            raised = [result[head].confidence >= threshold for result in judged]
            hits = sum(g and r for g, r in zip(gold_flags, raised))
            at[head][f"{threshold:.2f}"] = {
                "recall": round(hits / sum(gold_flags), 4) if any(gold_flags) else None,
                "precision": round(hits / sum(raised), 4) if any(raised) else None}
    confusions = Counter((row.intent, result[INTENT].label) for row, result in zip(rows, judged)
                         if row.intent != result[INTENT].label)
    return {"n": len(rows), "intent_accuracy": round(intent_right / len(rows), 4) if rows else None,
            "emergency": flags(EMERGENCY, NONE), "accusation": flags(ACCUSATION, "0"),
            "route": flags(ROUTE, NONE), "at_thresholds": at,
            "intent_confusions": [f"{gold}->{guess}: {count}"
                                  for (gold, guess), count in confusions.most_common(8)],
            # The training authors' own misses, to read when choosing features (never a
            # held-out set's: this module is only run on the training sources).
            "intent_misses": [(row.intent, result[INTENT].label, row.text)
                              for row, result in zip(rows, judged)
                              if row.intent != result[INTENT].label],
            # Per row, what a rule on top of the model would read: the gold intent, the
            # model's ranked intents, P(an emergency) and the emergency head's threshold.
            "judged": [(row.intent, result[INTENT].ranked, round(result[EMERGENCY].confidence, 4))
                       for row, result in zip(rows, judged)],
            "emergency_threshold": model.heads[EMERGENCY].threshold}


def leave_one_author_out(tokenizer: Tokenizer, authors: Mapping[str, Sequence[Phrasing]], *,
                         config: DialogueConfig | None = None,
                         featurize: Callable[[str], Counter[str]] | None = None,
                         pinyin: PinyinTable | None = None,
                         progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Per author left out, the figures of a model trained on the others; and their mean.

    ``featurize`` may be a cached :func:`nlp.dialogue_training.features_of` for the config's
    spec (several configs compared on the same texts tokenize once).
    """
    say = progress or (lambda _message: None)
    per_author: dict[str, Any] = {}
    for left_out, test_rows in authors.items():
        train_rows: list[Phrasing] = []
        dev_rows: list[Phrasing] = []
        for name, rows in authors.items():
            if name != left_out:
                part_train, part_dev = split_for_thresholds(rows)
                train_rows += part_train
                dev_rows += part_dev
        say(f"left out {left_out}: train {len(train_rows)}, thresholds {len(dev_rows)}, "
            f"test {len(test_rows)}")
        model = fit(tokenizer, train_rows, dev_rows, config=config, featurize=featurize,
                    pinyin=pinyin)
        per_author[left_out] = score(model, test_rows, featurize or _plain(tokenizer, model))
    return {"per_author": per_author, "mean": _mean(per_author.values())}


def leave_groups_out(tokenizer: Tokenizer, authors: Mapping[str, Sequence[Phrasing]],
                     groups: Sequence[Sequence[str]], *, config: DialogueConfig | None = None,
                     featurize: Callable[[str], Counter[str]] | None = None,
                     pinyin: PinyinTable | None = None,
                     progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """As :func:`leave_one_author_out`, a group of authors out at a time: each author of a
    group is scored by a model trained on every author outside the group (authors in no group
    only ever train). Fewer fits than authors: a quicker test of whether new authors help the
    others, when the others are put in the same groups both times."""
    say = progress or (lambda _message: None)
    per_author: dict[str, Any] = {}
    for group in groups:
        train_rows: list[Phrasing] = []
        dev_rows: list[Phrasing] = []
        for name, rows in authors.items():
            if name not in group:
                part_train, part_dev = split_for_thresholds(rows)
                train_rows += part_train
                dev_rows += part_dev
        say(f"left out {', '.join(group)}: train {len(train_rows)}, thresholds {len(dev_rows)}")
        model = fit(tokenizer, train_rows, dev_rows, config=config, featurize=featurize,
                    pinyin=pinyin)
        for name in group:
            per_author[name] = score(model, authors[name], featurize or _plain(tokenizer, model))
    return {"per_author": per_author, "mean": _mean(per_author.values())}


def _plain(tokenizer: Tokenizer, model: DialogueModel) -> Callable[[str], Counter[str]]:
    from nlp.dialogue_training import features_of

    return lambda text: features_of(text, tokenizer, model.spec, model.pinyin)


def _mean(results: Any) -> dict[str, float | None]:
    """The unweighted mean over authors of the headline figures (each author counts once)."""
    rows = list(results)
    picks: dict[str, Callable[[dict[str, Any]], float | None]] = {
        "intent_accuracy": lambda r: r["intent_accuracy"],
        "emergency_recall": lambda r: r["emergency"]["recall"],
        "emergency_precision": lambda r: r["emergency"]["precision"],
        "accusation_recall": lambda r: r["accusation"]["recall"],
        "accusation_precision": lambda r: r["accusation"]["precision"],
        "route_recall": lambda r: r["route"]["class_recall"],
        "route_precision": lambda r: r["route"]["precision"],
    }
    mean: dict[str, float | None] = {}
    for name, pick in picks.items():
        values = [value for value in (pick(row) for row in rows) if value is not None]
        mean[name] = round(sum(values) / len(values), 4) if values else None
    return mean
